"""Grouping mentions into events: blocking, then a deterministic greedy merge.

Reads: mentions, analyst overrides.  Writes: groups of mention ids, with the reason of every merge.
Candidates come from blocks (event type x week x one-degree cell, looked up with the neighbouring
weeks and cells), so the work grows with the number of mentions, not its square. Pairs are merged
best first; a group only absorbs another when *every* cross pair is compatible (no chaining of
"A like B like C" into an A-C merge). Sorting by ids makes the result independent of input order.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from ..records import Mention
from .compat import Verdict, compatible, interval

MAX_WEEKS = 6  # a mention spanning more weeks is indexed in its first and last week only


def _weeks(m: Mention) -> list[int]:
    iv = interval(m)
    if iv is None:
        return [-1]
    a, b = (d.toordinal() // 7 for d in iv)
    return list(range(a, b + 1)) if b - a <= MAX_WEEKS else [a, b]


def _cells(m: Mention) -> tuple[int, int] | None:
    loc = m.location
    if loc is None or loc.lat is None:
        return None
    return int(loc.lat // 1), int(loc.lon // 1)


def _keys(m: Mention) -> list[tuple]:
    cell = _cells(m)
    return [(m.event_type, w, cell) for w in _weeks(m)]


def candidate_pairs(mentions: list[Mention]) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share a block or neighbouring blocks."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for key in _keys(m):
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, m in enumerate(mentions):
        for etype, week, cell in _keys(m):
            for key in _neighbours(etype, week, cell):
                pairs.update((min(i, j), max(i, j)) for j in blocks.get(key, ()) if j != i)
    return pairs


def _neighbours(etype: str, week: int, cell) -> list[tuple]:
    cells = [None] if cell is None else [(cell[0] + dx, cell[1] + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    if cell is not None:
        cells.append(None)  # a mention without coordinates may still belong (same document)
    return [(etype, week + dw, c) for dw in (-1, 0, 1) for c in cells]


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
