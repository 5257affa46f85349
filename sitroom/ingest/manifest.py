"""manifest.csv: per-file outlet, publication date and URL supplied by whoever gathered the articles.

Columns ``file,outlet,published,url`` (``title`` too if present); any other column is ignored.
Rows are keyed by file name, so a manifest beside the files needs no paths.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .metadata import iso_date

MANIFEST_NAME = "manifest.csv"


@dataclass(frozen=True)
class Entry:
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None


def read_manifest(path: str | Path) -> dict[str, Entry]:
    """File name -> Entry. Raises InputError E100 (missing) or E108 (no file column)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("E100", f"manifest {path}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise InputError("E108", f"manifest {path} has no 'file' column")
        return {Path(row["file"]).name: _entry(row) for row in reader if row.get("file")}


def _entry(row: dict) -> Entry:
    def get(key: str) -> str | None:
        value = (row.get(key) or "").strip()
        return value or None
    published = get("published")
    return Entry(get("outlet"), iso_date(published) or published, get("url"), get("title"))
