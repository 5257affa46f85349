"""Grouping mentions into events: blocking, then a deterministic greedy merge.

Reads: mentions, analyst overrides.  Writes: groups of mention ids, with the reason of every merge.
Candidates come from blocks (event type x day x place name, or x governorate for coarse places,
looked up a day either side; a crowded governorate block is not looked up, COARSE_CAP), so the work
grows with the number of mentions, not its square. Pairs are merged
best first; a group only absorbs another when *every* cross pair is compatible (no chaining of
"A like B like C" into an A-C merge). Sorting by ids makes the result independent of input order.
"""
from __future__ import annotations

import itertools
from collections import defaultdict

from ..records import Mention
from .compat import PRECISION_RANK, compatible, interval, stated

MAX_DAYS = 31  # a mention spanning more days is indexed on its first and last day only
# A province-level (coarse) report is compared across documents only while its province holds at most
# this many reports of the type on the day: among more it cannot be told which one it repeats, and a
# wrong merge destroys an event. It also keeps the work linear in a dense war (the blocks' sizes
# squared would be the cost). The 2,000-article corpus of bench/corpus.py peaks at 36.
COARSE_CAP = 40


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


def area(key: tuple) -> tuple | None:
    """The governorate-day block ("a": every report of the type there that day) that a coarse key
    ("a", or "c": the coarse ones) belongs to; None for a place-name or document key."""
    return (key[0], key[1], "a", key[3], key[4]) if key[0] != "doc" and key[2] in ("a", "c") else None


def crowded(sizes: dict[int, int]) -> set[int]:
    """Hashes of the governorate-day blocks filed by more than COARSE_CAP mentions (``sizes``: filers
    by hash of the "a" key): no coarse probe looks into them."""
    return {k for k, n in sizes.items() if n > COARSE_CAP}


def candidate_pairs(mentions: list[Mention], full: set[int] | None = None) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share a block, crowded governorate-days left out (``full``: their
    hashes, when the caller knows them for a whole database); linear in the mentions."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for key in _keys(m):
            blocks[key].append(i)
    if full is None:
        full = crowded({hash(k): len(v) for k, v in blocks.items() if area(k) == k})
    pairs: set[tuple[int, int]] = set()
    for i, m in enumerate(mentions):
        for key in _probes(m):
            a = area(key)
            if a is None or hash(a) not in full:
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


def cluster(mentions: list[Mention], must: list[tuple[int, int]], cannot: set[frozenset[int]],
            full: set[int] | None = None) -> Groups:
    """Mentions must be sorted by id; returns the groups with their merge reasons."""
    groups = Groups(len(mentions), cannot)
    for a, b in must:
        groups.join(a, b, f"analyst merge: {mentions[a].mention_id} + {mentions[b].mention_id}")
    scored = []
    for i, j in sorted(candidate_pairs(mentions, full)):
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
