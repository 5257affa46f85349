"""Grouping mentions into events: blocking, then a deterministic greedy merge.

Reads: mentions, analyst overrides.  Writes: groups of mention ids, with the reason of every merge.
Candidates come from blocks (event type x day x place name, or x governorate for coarse places,
looked up a day either side), so the work grows with the number of mentions, not its square. Pairs are merged
best first; a group only absorbs another when *every* cross pair is compatible (no chaining of
"A like B like C" into an A-C merge). Sorting by ids makes the result independent of input order.
"""
from __future__ import annotations

import itertools
from collections import defaultdict

from ..records import Mention
from .compat import PRECISION_RANK, compatible, interval, stated

MAX_DAYS = 31  # a mention spanning more days is indexed on its first and last day only


def _days(m: Mention) -> list[int]:
    iv = interval(m)
    if iv is None:
        return []
    a, b = (d.toordinal() for d in iv)
    return list(range(a, b + 1)) if b - a <= MAX_DAYS else [a, b]


def _coarse(m: Mention) -> bool:
    loc = m.location
    return loc is None or PRECISION_RANK.get(loc.geo_precision, 4) >= 3 or not stated(m, "location")


def _keys(m: Mention) -> list[tuple]:
    """Where a mention is filed: by type and day, under its place name (what a precise report must share)
    and under its governorate (where coarse or inherited places look)."""
    loc = m.location
    keys = [("doc", m.doc_id)]  # mentions of one document are always compared
    for d in _days(m):
        if loc is not None:
            keys.append((m.event_type, d, "a", loc.country, loc.admin1))
            keys.append((m.event_type, d, "c" if _coarse(m) else "n", loc.country, loc.admin1 if _coarse(m) else loc.name))
    return keys


def _probes(m: Mention) -> list[tuple]:
    """The keys to look up: the same place a day either side, or anything in the governorate if coarse."""
    loc = m.location
    probes = [("doc", m.doc_id)]
    for d in {x + dd for x in _days(m) for dd in (-1, 0, 1)}:
        if loc is None:
            continue
        if _coarse(m):
            probes.append((m.event_type, d, "a", loc.country, loc.admin1))
        else:
            probes.append((m.event_type, d, "n", loc.country, loc.name))
            probes.append((m.event_type, d, "c", loc.country, loc.admin1))
    return probes


def candidate_pairs(mentions: list[Mention]) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share a block: linear in the mentions for a given density of events."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for key in _keys(m):
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, m in enumerate(mentions):
        for key in _probes(m):
            pairs.update((min(i, j), max(i, j)) for j in blocks.get(key, ()) if j != i)
    return pairs


class Groups:
    """Union of mention indices with must-link / cannot-link constraints from analyst overrides."""

    def __init__(self, n: int, cannot: set[frozenset[int]]):
        self.of = list(range(n))
        self.members = {i: [i] for i in range(n)}
        self.cannot = cannot
        self.reasons: dict[int, list[str]] = defaultdict(list)

    def join(self, a: int, b: int, why: str) -> None:
        ga, gb = sorted((self.of[a], self.of[b]))
        if ga == gb:
            return
        for i in self.members[gb]:
            self.of[i] = ga
        self.members[ga] += self.members.pop(gb)
        self.reasons[ga] += self.reasons.pop(gb, []) + [why]

    def allowed(self, a: int, b: int) -> bool:
        return not any(frozenset((x, y)) in self.cannot
                       for x in self.members[self.of[a]] for y in self.members[self.of[b]])


def cluster(mentions: list[Mention], must: list[tuple[int, int]], cannot: set[frozenset[int]]) -> Groups:
    """Mentions must be sorted by id; returns the groups with their merge reasons."""
    groups = Groups(len(mentions), cannot)
    for a, b in must:
        groups.join(a, b, f"analyst merge: {mentions[a].mention_id} + {mentions[b].mention_id}")
    scored = []
    for i, j in sorted(candidate_pairs(mentions)):
        v = compatible(mentions[i], mentions[j])
        if v.ok:
            scored.append((-v.score, i, j, v))
    verdicts = {(i, j): v for _, i, j, v in scored}
    for _, i, j, v in sorted(scored, key=lambda t: t[:3]):
        if groups.of[i] != groups.of[j] and groups.allowed(i, j) and _all_pairs(groups, i, j, verdicts, mentions):
            groups.join(i, j, f"{mentions[i].mention_id} + {mentions[j].mention_id}: " + "; ".join(v.reasons))
    return groups


def _all_pairs(groups: Groups, i: int, j: int, verdicts: dict, mentions: list[Mention]) -> bool:
    """Complete linkage: every member of one group must be compatible with every member of the other."""
    for x, y in itertools.product(groups.members[groups.of[i]], groups.members[groups.of[j]]):
        key = (min(x, y), max(x, y))
        v = verdicts.get(key)
        if v is None:
            v = compatible(mentions[key[0]], mentions[key[1]])
        if not v.ok:
            return False
    return True
