"""Territorial control that the text supports: the place actually taken, at its own precision.

A report that "IS seized the Sheikh Maqsoud district of Aleppo" supports a claim about Sheikh Maqsoud,
never about Aleppo; one that says only "rebels took Aleppo" is marked as a city-level report, so a map
can draw it as such. Each place keeps its changes of hands in date order, the words of its latest
evidence, how sure that evidence is, and whether it has gone stale.

How sure (``confidence``), for the latest change of a place, in this order:
  - ``contested``: another change at the same place within ``CONTEST_DAYS`` days names another taker
    (the reports disagree on who took it), or a later battle there involves the side that lost it;
  - ``high``: not contested, and at least two outlets report the change;
  - ``low``: one outlet, and the place is a province, a region or the area near a town;
  - ``medium``: otherwise (one outlet, a named town or a part of one).
"""
from __future__ import annotations

import bisect
import datetime as dt
from functools import lru_cache

from ..records import Event, Location

# Sub-event types through which a place changes hands (ACLED codebook).
TERRITORY_TYPES = ("Non-state actor overtakes territory", "Government regains territory",
                   "Non-violent transfer of territory")
CONTEST_DAYS = 3  # two reports of one capture often differ by a day or two; beyond that it is a new change
COARSE = ("near town", "region", "province", "country")


@lru_cache(maxsize=1)
def _gazetteer_kinds() -> dict[str, str]:
    """Curated gazetteer id -> its kind (city, town, village, district, base, facility, road...)."""
    from ..normalize.places import curated_places
    return {p.id: p.kind for p in curated_places()}


def precision_of(loc: Location) -> str:
    """The level a report's place is stated at, in words a map legend can use."""
    if loc.sub_location:
        kind = _gazetteer_kinds().get(loc.gazetteer_id or "")
        # A named district or base has its own gazetteer row; other sub-locations are the report's words.
        return kind if kind in ("district", "base", "facility", "road", "village") else "part of town"
    if loc.geo_precision == "near":
        return "near town"
    if loc.geo_precision in ("admin1", "country"):
        return "province" if loc.geo_precision == "admin1" else "country"
    if loc.geo_precision == "admin2":
        return "region"
    kind = _gazetteer_kinds().get(loc.gazetteer_id or "")
    return kind if kind in ("city", "town", "village", "base", "facility", "road", "region") else "town"


def place_label(loc: Location, precision: str) -> str:
    """The name of what was taken: the district (not its city), or the city marked as a whole."""
    if loc.sub_location:
        return loc.sub_location
    if precision == "near town":
        return f"near {loc.name}"
    if precision == "province":
        return f"{loc.admin1 or loc.name} province"
    return loc.name


def _key(loc: Location, precision: str) -> tuple:
    return (loc.country, loc.admin1, loc.name, loc.sub_location, precision)


def control(events: list[Event], at: str | None = None, stale_days: int | None = None) -> list[dict]:
    """Places that changed hands, each with its changes in date order and who held it at ``at``.

    The taker is actor1 of a territory event (ACLED codes the side that gains as actor1); before a
    place's first change we report the loser of that change as the holder, since that is what the
    first report implies. ``events`` may hold other events too: later battles at a place make its
    latest change contested, and the latest date among them is what ``stale`` is measured from.
    """
    by: dict[tuple, dict] = {}
    for ev in sorted(events, key=lambda e: (e.date_start or "", e.event_id)):
        if ev.sub_event_type in TERRITORY_TYPES and ev.location and ev.date_start:
            _add_change(by, ev)
    latest = latest_date(events)
    stale_days = default_stale_days() if stale_days is None else stale_days
    battles = _battles_by_place(events)
    for key, p in by.items():
        p["holder_at"] = holder_at(p["changes"], at) if at else p["changes"][-1]["holder"]
        p["confidence"] = confidence(p, battles.get(key, []))
        p["stale"] = bool(latest and days_between(p["last_evidence"]["date"], latest) > stale_days)
    return sorted(by.values(), key=lambda p: (p["place"] or "", p["town"] or "", p["precision"]))


def _add_change(by: dict, ev: Event) -> None:
    loc = ev.location
    prec = precision_of(loc)
    p = by.setdefault(_key(loc, prec), {
        "place": place_label(loc, prec), "town": loc.name, "admin1": loc.admin1, "country": loc.country,
        "lat": loc.lat, "lon": loc.lon, "precision": prec, "geo_precision": loc.geo_precision, "changes": []})
    p["changes"].append({"date": ev.date_start, "holder": ev.actor1, "from": ev.actor2,
                         "sub_event_type": ev.sub_event_type, "event_id": ev.event_id,
                         "sub_location": loc.sub_location, "outlets": sorted({r.outlet or r.doc for r in ev.reports}),
                         "evidence": last_evidence(ev)})
    p["last_evidence"] = p["changes"][-1]["evidence"]


def last_evidence(ev: Event) -> dict:
    """The words a change rests on: the report that names the place, else the first report."""
    loc = ev.location
    named = [r for r in ev.reports if loc and loc.quote and loc.quote in r.quote] or ev.reports
    r = min(named, key=lambda r: (r.published or "9999", r.doc)) if named else None
    return {"date": ev.date_start, "event_id": ev.event_id, "quote": r.quote if r else None,
            "place_words": loc.quote if loc else None, "outlet": (r.outlet or r.doc) if r else None,
            "published": r.published if r else None, "doc": r.doc if r else None}


def confidence(p: dict, battles: list[Event]) -> dict:
    """How sure the latest change is (the rule is in the module's docstring); ``battles``: the
    battles that are no change of hands at the same place."""
    last = p["changes"][-1]
    rivals = [c["event_id"] for c in p["changes"][:-1]
              if c["holder"] != last["holder"] and days_between(c["date"], last["date"]) <= CONTEST_DAYS]
    # A later battle with the side that lost the place: the change may not have held.
    fights = [e.event_id for e in battles if e.date_start > last["date"] and last["from"]
              and last["from"] in (e.actor1, e.actor2)]
    n = len(last["outlets"])
    if rivals or fights:
        level = "contested"
    else:
        level = "high" if n >= 2 else "low" if p["precision"] in COARSE else "medium"
    return {"level": level, "outlets": n, "contradicted_by": rivals + fights}


def _battles_by_place(events: list[Event]) -> dict[tuple, list[Event]]:
    out: dict[tuple, list[Event]] = {}
    for e in events:
        if e.event_type == "Battles" and e.sub_event_type not in TERRITORY_TYPES and e.location and e.date_start:
            out.setdefault(_key(e.location, precision_of(e.location)), []).append(e)
    return out


def latest_date(events: list[Event]) -> str | None:
    """The last day any of these events reaches: what ``stale`` is measured from."""
    return max((e.date_end or e.date_start for e in events if e.date_start), default=None)


def holder_at(changes: list[dict], at: str) -> str | None:
    dates = [c["date"] for c in changes]
    k = bisect.bisect_right(dates, at if len(at) >= 10 else at + "\uffff") - 1
    if k < 0:
        return changes[0]["from"] or None
    return changes[k]["holder"]


def days_between(a: str, b: str) -> int:
    """Whole days from ISO date ``a`` to ``b`` (absolute); a month or year prefix counts as its first day."""
    def day(s: str) -> dt.date:
        parts = [int(x) for x in s[:10].split("-")] + [1, 1]
        return dt.date(*parts[:3])
    return abs((day(b) - day(a)).days)


@lru_cache(maxsize=1)
def default_stale_days() -> int:
    from ..config import default_config
    return int(default_config().get("web", {}).get("stale_days", 90))
