"""Analyst overrides: merges and splits recorded as mention ids, so every later run respects them.

An event id can change when its membership changes; mention ids never do (they hash a document and
an offset). ``sitroom event merge A B`` therefore stores all mentions of A and B as must-link, and
``sitroom event split ID`` stores the event's mentions as pairwise cannot-link.
"""
from __future__ import annotations

import itertools
import json

from ..errors import StoreError
from ..records import Mention


def _members(store, event_id: str) -> list[str]:
    return store.get_event(event_id).mention_ids


def record_merge(store, a: str, b: str, note: str | None = None) -> None:
    ma, mb = _members(store, a), _members(store, b)
    store.add_override("merge", json.dumps(ma), json.dumps(mb), note or f"merge {a} + {b}")


def record_split(store, event_id: str, note: str | None = None) -> None:
    members = _members(store, event_id)
    if len(members) < 2:
        raise StoreError("E302", f"event {event_id} has a single report: nothing to split")
    store.add_override("split", json.dumps(members), None, note or f"split {event_id}")


def constraints(mentions: list[Mention], overrides: list[dict]) -> tuple[list[tuple[int, int]], set[frozenset[int]]]:
    """Index pairs that must be joined, and pairs that must stay apart; later overrides win."""
    index = {m.mention_id: i for i, m in enumerate(mentions)}
    must: list[tuple[int, int]] = []
    cannot: set[frozenset[int]] = set()
    for o in sorted(overrides, key=lambda o: o["seq"]):
        a = [index[x] for x in json.loads(o["a"]) if x in index]
        if o["action"] == "merge":
            b = [index[x] for x in json.loads(o["b"] or "[]") if x in index]
            ids = a + b
            must += [(ids[0], x) for x in ids[1:]]
            cannot -= {frozenset(p) for p in itertools.combinations(ids, 2)}
        elif o["action"] == "split":
            pairs = {frozenset(p) for p in itertools.combinations(a, 2)}
            cannot |= pairs
            must = [p for p in must if frozenset(p) not in pairs]
    return must, cannot
