"""The built-in writers: JSON (exchange format), CSV (ACLED columns), GeoJSON, Parquet.

CSV is opened by spreadsheets, which run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (``=HYPERLINK(...)`` in an outlet name). As OWASP recommends, such text
cells get a leading ``'`` (shown by the spreadsheet, so the value stays readable and honest); the
numeric columns stay numbers, since a negative longitude is data, not a formula.
"""
from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path
from typing import IO, Iterable

from ..records import Event, to_dict
from . import register
from .columns import COLUMNS, NAMES, event_row, to_arrow

# Columns that hold numbers or flags sitroom computed (never article text): written as they are.
NUMERIC_COLUMNS = frozenset(c.name for c in COLUMNS if c.kind in ("int", "float", "bool"))
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PARQUET_ROWS = 5000  # events per Parquet row group


def to_exchange(e: Event) -> dict:
    """The EVENTS.md exchange record: a plain dict, quotes verbatim."""
    d = to_dict(e)
    d.pop("mention_ids", None)
    return d


@register("json")
def write_json(events: Iterable[Event], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        json_to(events, f)
    return path


def json_to(events: Iterable[Event], f: IO[str]) -> None:
    """A JSON array, one record at a time (laid out as ``json.dumps(records, indent=1)`` would)."""
    sep = "[\n"
    for e in events:
        item = json.dumps(to_exchange(e), ensure_ascii=False, indent=1)
        f.write(sep + "\n".join(" " + line for line in item.split("\n")))  # JSON strings hold no raw newline
        sep = ",\n"
    f.write("[]" if sep == "[\n" else "\n]")


@register("csv")
def write_csv(events: Iterable[Event], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv_to(events, f)
    return path


def csv_to(events: Iterable[Event], f: IO[str]) -> None:
    """The CSV rows on an open text stream (a file, stdout, an HTTP response's buffer): one writer for all."""
    w = csv.DictWriter(f, fieldnames=NAMES)
    w.writeheader()
    for e in events:
        w.writerow(neutralise(event_row(e)))


def neutralise(row: dict) -> dict:
    """The row with every text cell that a spreadsheet would run as a formula made inert."""
    return {k: ("" if v is None else v) if k in NUMERIC_COLUMNS and not isinstance(v, str) else csv_cell(v)
            for k, v in row.items()}


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@register("geojson")
def write_geojson(events: Iterable[Event], path: Path) -> Path:
    """RFC 7946: one Feature per event, its properties the columns of the CSV; a Point [lon, lat], or a
    null geometry for an event with no resolved place (kept, so every format holds the same events).
    Written a feature at a time."""
    with path.open("w", encoding="utf-8") as f:
        geojson_to(events, f)
    return path


def geojson_to(events: Iterable[Event], f: IO[str]) -> None:
    f.write('{"type": "FeatureCollection", "features": [')
    for i, e in enumerate(events):
        f.write((", " if i else "") + json.dumps(_feature(e), ensure_ascii=False))
    f.write("]}")


# The text formats, each writable to an open stream (``sitroom events list`` to stdout, the API's
# /api/events.csv and .geojson): the very functions the file exports use.
STREAMS = {"csv": csv_to, "geojson": geojson_to, "json": json_to}


def _feature(e: Event) -> dict:
    loc = e.location
    geometry = ({"type": "Point", "coordinates": [loc.lon, loc.lat]}
                if loc and loc.lat is not None and loc.lon is not None else None)
    return {"type": "Feature", "id": e.event_id, "geometry": geometry, "properties": event_row(e)}


@register("parquet")
def write_parquet(events: Iterable[Event], path: Path) -> Path:
    """The columns of the CSV, typed (nested claims and reports as JSON text, portable to any reader);
    one row group per ``PARQUET_ROWS`` events, so memory holds one group."""
    import pyarrow.parquet as pq
    it, writer = iter(events), None
    try:
        while True:
            table = to_arrow(itertools.islice(it, PARQUET_ROWS))
            if writer is not None and table.num_rows == 0:
                break
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
            if table.num_rows < PARQUET_ROWS:
                break
    finally:
        if writer is not None:
            writer.close()
    return path
