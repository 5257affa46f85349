"""The FA-KES importer: real Syrian-war casualty articles with a gold event date and governorate.

The CSV's ``date`` is the date of the *event*, not of publication, so it goes into the gold
dict and never into ``RawDoc.published``.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from ..errors import InputError
from ..records import RawDoc


def _gold_date(value: str) -> str | None:
    """FA-KES dates are m/d/yyyy."""
    try:
        return dt.datetime.strptime(value.strip(), "%m/%d/%Y").date().isoformat()
    except ValueError:
        return None


def load_fakes(csv_path: str | Path) -> list[tuple[RawDoc, dict]]:
    """(RawDoc, gold) for every row: gold holds ``date`` (ISO), ``governorate``, ``label``."""
    path = Path(csv_path)
    if not path.exists():
        raise InputError("E100", str(path))
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            raw = RawDoc(source=f"{path}#{row['unit_id']}", name=f"fakes-{row['unit_id']}",
                         body=row["article_content"], fmt="text", title=row.get("article_title") or None,
                         outlet=row.get("source") or None)
            gold = {"date": _gold_date(row.get("date", "")), "governorate": (row.get("location") or "").strip() or None,
                    "label": row.get("labels")}
            out.append((raw, gold))
    return out
