"""One schema for every tabular export: ACLED's 31 columns in ACLED's order, then sitroom's own.

CSV and Parquet write exactly these columns, and GeoJSON has them as each feature's properties, so a
frame read from any of them has the same names and values. ``event_row`` turns an Event into one row
of typed values (None where sitroom does not know); each writer only encodes it. What each column
means and its ACLED counterpart: ``docs/exports.md`` (a test checks it against ``COLUMNS``).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Iterable
from urllib.parse import urlsplit

from ..normalize.actors import actor_inter, interaction
from ..records import Event, to_dict


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # str | int | float | bool | json (a JSON text)


def _cols(kind_by_name: str) -> tuple[Column, ...]:
    return tuple(Column(*item.split(":")) for item in kind_by_name.split())


ACLED = _cols("""event_id_cnty:str event_date:str year:int time_precision:int disorder_type:str event_type:str
    sub_event_type:str actor1:str assoc_actor_1:str inter1:int actor2:str assoc_actor_2:str inter2:int
    interaction:int civilian_targeting:str iso:int region:str country:str admin1:str admin2:str admin3:str
    location:str latitude:float longitude:float geo_precision:int source:str source_scale:str notes:str
    fatalities:int tags:str timestamp:int""")
SITROOM = _cols("""event_id:str date_end:str time_precision_text:str geo_precision_text:str date_inferred:bool
    fatalities_low:int fatalities_high:int fatalities_method:str n_reports:int n_claims:int claims:json
    reports:json doc_ids:json merge_reasons:json flags:str sub_location:str gazetteer_id:str""")
COLUMNS = ACLED + SITROOM
NAMES = [c.name for c in COLUMNS]
ACLED_COLUMNS = [c.name for c in ACLED]

_TIME_CODE = {"day": 1, "week": 2, "month": 3, "year": 3}  # ACLED: 1 day, 2 week or range, 3 month
_GEO_CODE = {"exact": 1, "near": 2, "admin2": 2, "admin1": 3, "country": 3}  # 1 town, 2 near/part, 3 region
_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Protests": "Demonstrations",
             "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
# Force against a demonstration is both (ACLED's codebook)
_DISORDER_SUB = {"Excessive force against protesters": "Political violence; Demonstrations"}
_SCALES = ("Local", "Subnational", "National", "Regional", "International")  # ACLED's order in a combined scale


@functools.lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """Country name -> iso2, iso3, isonumeric, region (``data/regions.tsv``)."""
    text = resources.files("sitroom.data").joinpath("regions.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {r[3]: {"iso2": r[0], "iso3": r[1], "iso": int(r[2]), "region": r[4]} for r in rows}


def iso_numeric(country: str | None) -> int | None:
    """ACLED's ``iso``: the ISO 3166 numeric code of the event's country."""
    return countries().get(country or "", {}).get("iso")


def event_row(e: Event) -> dict:
    """The event as one row of ``COLUMNS``, typed; None where sitroom does not know the value."""
    return {**_acled_part(e), **_sitroom_part(e)}


def _acled_part(e: Event) -> dict:
    loc, country = e.location, e.location.country if e.location else None
    inter1, inter2 = actor_inter(e.actor1, country), actor_inter(e.actor2, country)
    return {"event_id_cnty": e.event_id, "event_date": e.date_start, "year": _year(e.date_start),
            "time_precision": _TIME_CODE.get(e.time_precision or ""), "disorder_type": _disorder(e),
            "event_type": e.event_type, "sub_event_type": e.sub_event_type, "actor1": e.actor1 or None,
            "assoc_actor_1": e.assoc_actor1 or None, "inter1": inter1, "actor2": e.actor2 or None,
            "assoc_actor_2": e.assoc_actor2 or None, "inter2": inter2, "interaction": interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if (e.actor2 or "").startswith("Civilians") else None,
            "iso": iso_numeric(country), "region": countries().get(country or "", {}).get("region"),
            "country": country, "admin1": loc.admin1 if loc else None, "admin2": None, "admin3": None,
            "location": loc.name if loc else None, "latitude": loc.lat if loc else None,
            "longitude": loc.lon if loc else None, "geo_precision": _GEO_CODE.get(loc.geo_precision) if loc else None,
            "source": "; ".join(sorted({r.outlet or r.doc for r in e.reports})) or None,
            "source_scale": source_scale(e), "notes": " | ".join(r.quote for r in e.reports[:3]) or None,
            "fatalities": int(e.fatalities.get("best") or 0), "tags": "; ".join(e.tags) or None,
            "timestamp": e.timestamp}


def _sitroom_part(e: Event) -> dict:
    loc, fat = e.location, e.fatalities or {}
    return {"event_id": e.event_id, "date_end": e.date_end, "time_precision_text": e.time_precision,
            "geo_precision_text": loc.geo_precision if loc else None, "date_inferred": bool(e.date_inferred),
            "fatalities_low": fat.get("low"), "fatalities_high": fat.get("high"), "fatalities_method": fat.get("method"),
            "n_reports": len(e.reports), "n_claims": len(e.claims), "claims": _json([to_dict(c) for c in e.claims]),
            "reports": _json([to_dict(r) for r in e.reports]),
            "doc_ids": _json(sorted({r.doc_id for r in e.reports if r.doc_id})),
            "merge_reasons": _json(e.merge_reasons), "flags": "; ".join(e.flags) or None,
            "sub_location": loc.sub_location if loc else None, "gazetteer_id": loc.gazetteer_id if loc else None}


_ARROW = {"str": "string", "json": "string", "int": "int64", "float": "float64", "bool": "bool_"}


def to_arrow(events: Iterable[Event]):
    """The events as a ``pyarrow.Table`` of ``COLUMNS``, typed (what the Parquet export writes)."""
    import pyarrow as pa
    schema = pa.schema([(c.name, getattr(pa, _ARROW[c.kind])()) for c in COLUMNS])
    return pa.Table.from_pylist([event_row(e) for e in events], schema=schema)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _disorder(e: Event) -> str | None:
    return _DISORDER_SUB.get(e.sub_event_type) or _DISORDER.get(e.event_type)


# -- source scale ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _outlets() -> tuple[frozenset[str], tuple[str, ...]]:
    data = json.loads(resources.files("sitroom.data").joinpath("outlets.json").read_text("utf-8"))
    return frozenset(n.casefold() for n in data["international_names"]), tuple(data["international_domains"])


@functools.lru_cache(maxsize=1)
def _by_iso2() -> dict[str, dict]:
    return {v["iso2"].lower(): {**v, "name": k} for k, v in countries().items()}


def report_scale(outlet: str | None, url: str | None, country: str | None) -> str | None:
    """One report's reach, as ACLED's source_scale words it; None when not known."""
    names, domains = _outlets()
    host = (urlsplit(url).hostname or "") if url and "://" in url else ""
    if (outlet or "").casefold() in names or any(host == d or host.endswith("." + d) for d in domains):
        return "International"
    home = _by_iso2().get(host.rsplit(".", 1)[-1]) if "." in host else None
    if not home or not country:
        return None
    if home["name"] == country:
        return "National"
    return "Regional" if home["region"] == countries().get(country, {}).get("region") else "International"


def source_scale(e: Event) -> str | None:
    """The scales of the event's sources, ACLED's way: "National-International" when both report it."""
    country = e.location.country if e.location else None
    found = {report_scale(r.outlet, r.doc if "://" in (r.doc or "") else None, country) for r in e.reports}
    return "-".join(s for s in _SCALES if s in found) or None
