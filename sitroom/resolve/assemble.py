"""One Event out of a group of mentions: fields chosen by stated rules, every report and claim kept."""
from __future__ import annotations

import hashlib
from collections import Counter

from ..records import Claim, Event, Location, Mention, Report, event_flags
from .associates import associate
from .compat import PRECISION_RANK, TERRITORIAL
from .reconcile import reconcile
from .tags import event_tags


def event_id(mentions: list[Mention]) -> str:
    """Derived from content: the smallest mention id (itself a hash of document and offsets).

    The same reports give the same id on every run and in any order, and an event keeps its id
    when a later report joins it unless that report sorts first."""
    return "ev-" + hashlib.sha1(min(m.mention_id for m in mentions).encode()).hexdigest()[:14]


def _subtype(mentions: list[Mention]) -> tuple[str, str]:
    """The majority sub-type; a tie goes to the territorial (more specific) one."""
    votes = Counter((m.event_type, m.sub_event_type) for m in mentions)
    return max(votes, key=lambda k: (votes[k], k[1] in TERRITORIAL, k[1]))


def _dates(mentions: list[Mention]) -> tuple[str | None, str | None, str | None, bool]:
    """(start, end, precision, inferred): a date a report states outranks one inferred from publication,
    however many reports were undated; among stated days, the one most reports give."""
    stated = [m for m in mentions if m.date_start and not m.date_inferred]
    pool = stated or [m for m in mentions if m.date_start]
    if not pool:
        return None, None, None, False
    days = [m.date_start for m in pool if m.date_start == m.date_end and (m.time_precision == "day" or m.date_inferred)]
    if days:  # the day most reports give; ties go to the earliest (news reports the day after)
        votes = Counter(days)
        day = min(votes, key=lambda d: (-votes[d], d))
        return day, day, ("day" if stated else pool[0].time_precision), not stated
    order = ["day", "week", "month", "year"]
    finest = min(pool, key=lambda m: (order.index(m.time_precision or "year"), m.date_start))
    return finest.date_start, finest.date_end, finest.time_precision, not stated


def _location(mentions: list[Mention]) -> Location | None:
    located = [m.location for m in mentions if m.location and m.location.lat is not None]
    if not located:
        return None
    names = Counter(loc.name for loc in located)
    return min(located, key=lambda l: (PRECISION_RANK.get(l.geo_precision, 9), -names[l.name], l.sub_location is None,
                                       l.name))


def _actors(mentions: list[Mention]) -> tuple[str, str]:
    """Each side by vote over the reports, a side a report states outweighing one taken from its story;
    a report naming only one side does not outvote the others' second side."""
    a1 = _vote(mentions, "actor1")
    return a1, _vote(mentions, "actor2", exclude=a1)


def _vote(mentions: list[Mention], field: str, exclude: str = "") -> str:
    votes: Counter = Counter()
    for m in mentions:
        name = getattr(m, field)
        if name and name != exclude:
            votes[name] += 2 if m.evidence.get(field) else 1
    return max(votes, key=lambda n: (votes[n], n)) if votes else ""


def _claims(mentions: list[Mention]) -> list[Claim]:
    """Every claim of every report; the same figure by the same claimant in one document once."""
    seen, out = set(), []
    for m in mentions:
        for c in m.claims:
            key = (c.doc, c.claimant, c.kind, c.count, c.victims)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def build_event(mentions: list[Mention], reasons: list[str]) -> Event:
    mentions = sorted(mentions, key=lambda m: (m.doc, m.char_start, m.mention_id))
    etype, sub = _subtype(mentions)
    d0, d1, prec, inferred = _dates(mentions)
    a1, a2 = _actors(mentions)
    claims = _claims(mentions)
    reports = [Report(m.doc, m.quote, m.char_start, m.char_end, m.outlet, m.published, m.mention_id, dict(m.evidence),
                      m.doc_id) for m in mentions]
    ev = Event(event_id(mentions), etype, sub, d0, d1, prec, _location(mentions), a1, a2, reconcile(claims),
               claims, reports, reasons or ["single report"], sorted(m.mention_id for m in mentions), inferred)
    ev.assoc_actor1 = associate(a1, reports, claims, "assoc_actor_1")
    ev.assoc_actor2 = associate(a2, reports, claims, "assoc_actor_2")
    ev.tags = event_tags(etype, reports)
    ev.flags = event_flags(ev)
    return ev
