"""manifest.csv: per-file outlet, publication date and URL supplied by whoever gathered the articles.

Columns ``file,outlet,published,url`` (``title`` too if present); any other column is ignored.
Rows are keyed by file name, so a manifest beside the files needs no paths. A cell that cannot be
used (a date that is not a date, or lies outside the sane window) is dropped with a recorded E112
warning on its row, and the row's other cells still apply: one typo must not cost the outlet and URL.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, path_text
from ..records import Rejection
from .metadata import published_problem

MANIFEST_NAME = "manifest.csv"
MAX_CELL = 10_000  # a longer cell is not metadata (and csv's own field limit would raise mid-file)


@dataclass(frozen=True)
class Entry:
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    warnings: tuple[Rejection, ...] = ()  # the row's refused cells, recorded when its file is read


def read_manifest(path: str | Path) -> dict[str, Entry]:
    """File name -> Entry. Raises InputError E100 (missing), E108 (no file column), E104 (not text)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("E100", f"manifest {path_text(path)}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return _rows(csv.DictReader(fh), path_text(path))
    except UnicodeDecodeError as e:
        raise InputError("E104", f"manifest {path_text(path)}: not UTF-8 ({e.reason} at byte {e.start})") from e
    except csv.Error as e:
        raise InputError("E108", f"manifest {path_text(path)}: not a readable CSV ({e})") from e


def _rows(reader: csv.DictReader, source: str) -> dict[str, Entry]:
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise InputError("E108", f"manifest {source} has no 'file' column")
    out: dict[str, Entry] = {}
    for row in reader:
        name = row.get("file")
        if isinstance(name, str) and name.strip():
            out[Path(name.strip()).name] = _entry(row, f"{source}#L{reader.line_num}")
    return out


def _entry(row: dict, where: str) -> Entry:
    warnings: list[Rejection] = []

    def get(key: str) -> str | None:
        value = row.get(key)
        value = value.strip().replace("\x00", "") if isinstance(value, str) else ""  # extra cells are a list
        if len(value) > MAX_CELL:
            warnings.append(_warn(where, key, f"{len(value)} characters"))
            return None
        return value or None

    published, problem = published_problem(get("published"))
    if problem:
        warnings.append(_warn(where, "published", problem))
    return Entry(get("outlet"), published, get("url"), get("title"), tuple(warnings))


def _warn(where: str, column: str, problem: str) -> Rejection:
    err = InputError("E112", f"{where} column {column!r}: {problem}")
    return Rejection(f"{where}:{column}", err.code, str(err))
