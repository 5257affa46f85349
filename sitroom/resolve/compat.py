"""Can two mentions report the same event? Type, time, place, actors and wording, each explained.

Reads: two ``Mention`` records.  Writes: a ``Verdict`` (ok, score, reasons).
Every test is conservative: a merge needs positive evidence on each axis, because an over-merge
silently destroys an event while a missed merge only leaves a duplicate an analyst can join.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from ..records import Location, Mention

TERRITORIAL = {"Non-state actor overtakes territory", "Government regains territory"}
PRECISION_RANK = {"exact": 0, "near": 1, "admin2": 2, "admin1": 3, "country": 4}
SAME_TOWN_KM = 12  # districts and bases of one town lie within this of its centre
_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset("the and that with from said says were was have has had for its their this into over after "
                  "about been also which they them than more least near city town province".split())


@dataclass(frozen=True)
class Verdict:
    ok: bool
    score: float
    reasons: tuple[str, ...]


def km(a: Location, b: Location) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def interval(m: Mention) -> tuple[dt.date, dt.date] | None:
    """The days the mention may refer to."""
    if not m.date_start:
        return None
    return dt.date.fromisoformat(m.date_start), dt.date.fromisoformat(m.date_end or m.date_start)


def _types(a: Mention, b: Mention) -> tuple[bool, str]:
    if a.event_type != b.event_type:
        return False, f"types differ ({a.event_type} / {b.event_type})"
    subs = {a.sub_event_type, b.sub_event_type}
    if len(subs) == 1 or subs <= TERRITORIAL | {"Armed clash"}:
        return True, f"same type {a.event_type}: {' / '.join(sorted(subs))}"
    return False, f"sub-types differ ({' / '.join(sorted(subs))})"


def _dates(a: Mention, b: Mention) -> tuple[bool, str]:
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return a.doc_id == b.doc_id, "undated, same document" if a.doc_id == b.doc_id else "undated"
    # a date inferred from publication is no coarse date of the text: it compares as the day it stands on
    coarse = {m.time_precision for m in (a, b) if not m.date_inferred} - {None, "day"}
    if coarse and not (a.doc_id == b.doc_id or _same_day_range(a, b)):
        return False, f"{'/'.join(sorted(coarse))}-precision date across documents"
    day = dt.timedelta(days=1)  # reports of one event often differ by a day ("late Wednesday" / "Thursday")
    ok = ia[0] <= ib[1] + day and ib[0] <= ia[1] + day
    return ok, f"dates {a.date_start}..{a.date_end} and {b.date_start}..{b.date_end} {'overlap' if ok else 'apart'}"


def _same_day_range(a: Mention, b: Mention) -> bool:
    return (a.date_start, a.date_end) == (b.date_start, b.date_end)


def _places(a: Mention, b: Mention) -> tuple[bool, str]:
    la, lb = a.location, b.location
    if la is None or lb is None or la.lat is None or lb.lat is None:
        return a.doc_id == b.doc_id, "no place on one side"
    d = km(la, lb)
    coarse = max(PRECISION_RANK.get(la.geo_precision, 4), PRECISION_RANK.get(lb.geo_precision, 4))
    if not (stated(a, "location") and stated(b, "location")):
        coarse = max(coarse, 3)  # a place taken from context only says "somewhere around here"
    if coarse >= 3:  # a province or country contains the town the other names
        inside = (la.admin1 == lb.admin1 or coarse == 4) and la.country == lb.country
        return inside, f"{la.name} ({la.geo_precision}) / {lb.name} ({lb.geo_precision}) {'contain' if inside else 'differ'}"
    same = la.name == lb.name and d <= SAME_TOWN_KM
    if same and la.sub_location and lb.sub_location and la.sub_location != lb.sub_location:
        return False, f"{la.name}: {la.sub_location} / {lb.sub_location} are different parts of it"
    return same, f"{la.name} / {lb.name}, {d:.1f} km apart"


def stated(m: Mention, field: str) -> bool:
    """Did the mention's own sentence name this field (rather than inherit it from context)?"""
    return bool(m.evidence.get(field))


def _stated_actors(m: Mention) -> set[str]:
    """Named sides; civilians are victims in a battle, not a side that tells two battles apart."""
    named = {name for name, f in ((m.actor1, "actor1"), (m.actor2, "actor2")) if name and stated(m, f)}
    return {n for n in named | set(m.parties) if not n.startswith("Civilians")}


def _actors(a: Mention, b: Mention) -> tuple[bool, str]:
    """Only actors the sentences name can keep two mentions apart; context-filled ones cannot."""
    sa, sb = _stated_actors(a), _stated_actors(b)
    if not sa or not sb:
        return True, "actors unknown on one side"
    if a.event_type != "Battles":
        # a strike or an attack is one-sided: who fired matters (Russia's missiles / IS's mortars);
        # its target is often unnamed or described ("terrorists"), so only the attackers are compared
        ok = not (stated(a, "actor1") and stated(b, "actor1") and a.actor1 != b.actor1)
        return ok, "attackers " + ("compatible" if ok else f"differ ({a.actor1} / {b.actor1})")
    # one side named on each ("pro-Assad forces advance" / "IS defences collapsed") can be one battle;
    # a named pair that the other mention's actor is not part of cannot
    ok = bool(sa & sb) or max(len(sa), len(sb)) < 2
    return ok, f"actors {'share ' + ', '.join(sorted(sa & sb)) if sa & sb else ('one side each' if ok else 'differ')}"


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def wording(a: Mention, b: Mention) -> float:
    wa, wb = words(a.quote), words(b.quote)
    return len(wa & wb) / math.sqrt(len(wa) * len(wb)) if wa and wb else 0.0


def compatible(a: Mention, b: Mention) -> Verdict:
    """All axes must agree; the score (wording plus proximity) orders the merges."""
    reasons = []
    for test in (_types, _dates, _places, _actors):
        ok, why = test(a, b)
        reasons.append(why)
        if not ok:
            return Verdict(False, 0.0, tuple(reasons))
    sim = wording(a, b)
    reasons.append(f"wording {sim:.2f}")
    same_doc = a.doc_id == b.doc_id
    return Verdict(True, sim + (0.5 if same_doc else 0.0) + (0.2 if a.date_start == b.date_start else 0.0),
                   tuple(reasons))
