"""Read-side queries for the web app and the briefing: filters -> parameterised SQL -> records.

Every value a user types goes into ``params``, never into the SQL text; only fixed column names and
placeholders are concatenated. The store's ``events(where, params)`` does the rest.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError
from ..records import Document, Event, to_dict

from .territory import TERRITORY_TYPES, control, holder_at  # noqa: F401  (part of this module's interface)


@dataclass
class EventFilter:
    """What the user asked for; every field optional. Dates are ISO (YYYY-MM-DD, or a prefix)."""

    date_from: str | None = None
    date_to: str | None = None
    types: list[str] = field(default_factory=list)  # event_type or sub_event_type names
    actor: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    q: str | None = None  # free text over report and claim quotes

    def to_sql(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        for clause, values in (self._dates(), self._types(), self._actor(), self._place(), self._bbox(), self._text()):
            if clause:
                parts.append(clause)
                params.extend(values)
        return " AND ".join(parts), params

    def _dates(self) -> tuple[str, list]:
        # Overlap, not containment: a week-long event that ends inside the range is in it.
        parts, params = [], []
        if self.date_from:
            parts.append("COALESCE(date_end, date_start) >= ?")
            params.append(self.date_from)
        if self.date_to:
            parts.append("date_start <= ?")
            params.append(_end_of(self.date_to))
        return " AND ".join(parts), params

    def _types(self) -> tuple[str, list]:
        if not self.types:
            return "", []
        marks = ", ".join("?" * len(self.types))
        return f"(event_type IN ({marks}) OR sub_event_type IN ({marks}))", [*self.types, *self.types]

    def _actor(self) -> tuple[str, list]:
        if not self.actor:
            return "", []
        pat = like_pattern(self.actor)
        return "(LOWER(actor1) LIKE ? ESCAPE '\\' OR LOWER(actor2) LIKE ? ESCAPE '\\')", [pat, pat]

    def _place(self) -> tuple[str, list]:
        if not self.place:
            return "", []
        pat = like_pattern(self.place)
        return "(LOWER(place) LIKE ? ESCAPE '\\' OR LOWER(admin1) LIKE ? ESCAPE '\\')", [pat, pat]

    def _bbox(self) -> tuple[str, list]:
        if not self.bbox:
            return "", []
        w, s, e, n = self.bbox
        if w <= e:
            return "(lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)", [s, n, w, e]
        # A box across the antimeridian: west > east.
        return "(lat BETWEEN ? AND ? AND (lon >= ? OR lon <= ?))", [s, n, w, e]

    def _text(self) -> tuple[str, list]:
        # A cheap pre-filter on the JSON body; matches() then checks the quotes themselves.
        # Skipped where JSON escaping or SQLite's ASCII-only LOWER would make the body differ from the quote.
        if not self.q or not self.q.isascii() or any(ch in self.q for ch in '"\\') or not self.q.isprintable():
            return "", []
        return "LOWER(body) LIKE ? ESCAPE '\\'", [like_pattern(self.q)]

    def matches(self, ev: Event) -> bool:
        """The part SQL cannot say exactly: the free text must be in a quote, not in some other field."""
        if not self.q:
            return True
        needle = self.q.casefold()
        quotes = [r.quote for r in ev.reports] + [c.quote for c in ev.claims]
        return any(needle in (qt or "").casefold() for qt in quotes)


def like_pattern(text: str) -> str:
    """``%text%``, lower-cased (compared with LOWER(column): SQLite and PostgreSQL agree), with LIKE's
    wildcards taken literally (a user searching for '100%' means it)."""
    esc = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


def _end_of(date: str) -> str:
    # "2016-04" as an upper bound must include "2016-04-30".
    return date if len(date) >= 10 else date + "\uffff"


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        w, s, e, n = (float(x) for x in text.split(","))
    except ValueError as err:
        raise ConfigError("E202", f"bbox must be w,s,e,n numbers, got {text!r}") from err
    if not (-90 <= s <= n <= 90 and -180 <= w <= 180 and -180 <= e <= 180):
        raise ConfigError("E202", f"bbox out of range: {text!r}")
    return w, s, e, n


def find_events(store, flt: EventFilter) -> list[Event]:
    where, params = flt.to_sql()
    return [ev for ev in store.events(where, params) if flt.matches(ev)]


# -- summaries -------------------------------------------------------------------------------

def event_summary(ev: Event) -> dict:
    """The fields the map, the timeline and the list need (the full record is one request away)."""
    loc = to_dict(ev.location) if ev.location else None
    return {
        "event_id": ev.event_id, "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
        "date_start": ev.date_start, "date_end": ev.date_end, "time_precision": ev.time_precision,
        "location": loc, "actor1": ev.actor1, "actor2": ev.actor2,
        # The toll only: the reasoning is long and belongs to the event page.
        "fatalities": {k: v for k, v in (ev.fatalities or {}).items() if k in ("low", "best", "high")},
        "n_reports": len(ev.reports), "n_claims": len(ev.claims),
        "outlets": sorted({r.outlet for r in ev.reports if r.outlet}),
    }


def claims_table(ev: Event) -> list[dict]:
    """Claims side by side: one row per kind of figure, one cell per claimant, highest first."""
    rows: dict[str, list[dict]] = {}
    for c in ev.claims:
        rows.setdefault(c.kind, []).append({
            "claimant": c.claimant, "claimant_kind": c.claimant_kind, "count": c.count,
            "qualifier": c.qualifier, "victims": c.victims, "outlet": c.outlet, "doc": c.doc,
            "quote": c.quote, "about_enemy": c.about_enemy, "period": c.period, "said_as": said_as(c),
        })
    return [{"kind": k, "claims": sorted(v, key=lambda x: -x["count"]),
             "spread": [min(x["count"] for x in v), max(x["count"] for x in v)]}
            for k, v in rows.items()]


def event_detail(store, ev: Event) -> dict:
    """Everything the event panel shows: the record, its claims table and its documents' ids; each claim
    with the words its figure was said in (``said_as``) and each merge reason in words (``merge_explained``)."""
    from ..resolve.explain import explain_all
    data = to_dict(ev)
    data["claims_table"] = claims_table(ev)
    for claim, c in zip(data["claims"], ev.claims):
        claim["said_as"] = said_as(c)
    data["merge_explained"] = explain_all(ev)  # merge_reasons stay beside, as recorded
    data["documents"] = _doc_ids(store, {r.doc for r in ev.reports})
    return data


def _doc_ids(store, names: set[str]) -> dict[str, str]:
    """Report ``doc`` names -> stored doc_ids, so the page can open the article."""
    out = {}
    for row in store.documents(with_text=False):
        if row["name"] in names or row["doc_id"] in names:
            out[row["name"]] = row["doc_id"]
    return out


def places(events: list[Event]) -> list[dict]:
    by: dict[tuple, dict] = {}
    for ev in events:
        if not ev.location:
            continue
        loc = ev.location
        key = (loc.name, loc.admin1, loc.country)
        p = by.setdefault(key, {"name": loc.name, "admin1": loc.admin1, "country": loc.country, "lat": loc.lat,
                                "lon": loc.lon, "events": 0, "fatalities_best": 0, "first": None, "last": None})
        p["events"] += 1
        p["fatalities_best"] += int((ev.fatalities or {}).get("best") or 0)
        p["first"] = min(filter(None, [p["first"], ev.date_start]), default=None)
        p["last"] = max(filter(None, [p["last"], ev.date_end or ev.date_start]), default=None)
    return sorted(by.values(), key=lambda p: (-p["events"], p["name"] or ""))


def actors(events: list[Event]) -> list[dict]:
    by: dict[str, dict] = {}
    for ev in events:
        for role, name in (("actor1", ev.actor1), ("actor2", ev.actor2)):
            if name:
                a = by.setdefault(name, {"name": name, "events": 0, "as_actor1": 0, "as_actor2": 0})
                a["events"] += 1
                a["as_" + role] += 1
    return sorted(by.values(), key=lambda a: (-a["events"], a["name"]))


# -- documents --------------------------------------------------------------------------------

def to_clean(doc: Document, orig: int) -> int:
    """Inverse of OffsetMap.to_original: the clean offset of an original offset (clamped)."""
    om = doc.offsets
    k = max(0, bisect.bisect_right(om.orig, orig) - 1)
    nxt = om.clean[k + 1] if k + 1 < len(om.clean) else len(doc.text)
    return max(0, min(om.clean[k] + (orig - om.orig[k]), nxt, len(doc.text)))


def events_of_document(store, doc_id: str) -> list[Event]:
    """The events that one document reports, through the mention links (not a scan of every event)."""
    return store.events("event_id IN (SELECT em.event_id FROM event_mentions em JOIN mentions m "
                        "ON m.mention_id = em.mention_id WHERE m.doc_id = ?)", [doc_id])


def document_view(doc: Document, events: list[Event]) -> dict:
    """The clean text cut into plain and event-sentence segments, with the cut spans apart.

    Segments carry text, never markup: the page puts them in the DOM with textContent.
    """
    spans = []
    for ev in events:
        for r in ev.reports:
            if r.doc in (doc.name, doc.doc_id):
                spans.append((to_clean(doc, r.char_start), to_clean(doc, max(r.char_start, r.char_end - 1)) + 1,
                              ev.event_id))
    return {
        "doc_id": doc.doc_id, "name": doc.name, "title": doc.title, "outlet": doc.outlet, "url": doc.url,
        "published": doc.published, "published_source": doc.published_source, "language": doc.language,
        "near_dup_of": doc.near_dup_of, "text": doc.text, "segments": segments(doc.text, spans),
        "cuts": [to_dict(c) for c in doc.cuts],
        "events": sorted({s[2] for s in spans}),
    }


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[dict]:
    """Split ``text`` at every span boundary; each piece lists the events whose sentence covers it."""
    cuts = sorted({0, len(text), *(max(0, min(len(text), x)) for s in spans for x in s[:2])})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a == b:
            continue
        ids = sorted({eid for s, e, eid in spans if s <= a and b <= e})
        out.append({"start": a, "end": b, "text": text[a:b], "event_ids": ids})
    return out


# -- figures as said -------------------------------------------------------------------------------

def said_as(claim) -> dict | None:
    """The words of the claim's quote that gave its figure ("hundreds", "at least 26"), and whether
    they were vague: "hundreds" is stored as 200 (at least), and a reader must see that it was a word."""
    from ..normalize.numbers import find_counts
    counts = [c for c in find_counts(claim.quote or "") if c.value == claim.count]
    if not counts:
        return None
    best = next((c for c in counts if c.vague), counts[0])  # a vague word is what needs showing
    return {"words": best.text, "vague": best.vague}
