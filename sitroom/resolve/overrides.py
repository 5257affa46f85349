"""Analyst overrides: merges and splits recorded as mention ids, so every later run respects them.

An event id can change when its membership changes; mention ids never do (they hash a document and
an offset). An override is stored in one format, whoever makes it (CLI or web page; docs/safety.md):
``a`` (and for a merge ``b``) is a JSON array of mention ids. Merging events A and B stores all
mentions of A and of B as must-link; splitting an event stores its mentions as pairwise
cannot-link. Ids are checked on the way in (an unknown one is E302), so a stored override always
names mentions that existed; ``constraints`` still reads older rows (a bare id) tolerantly.
"""
from __future__ import annotations

import itertools
import json

from ..errors import ConfigError, StoreError
from ..records import Mention


def mentions_of(store, key: str) -> list[str]:
    """The mention ids an event id or a mention id stands for; E302 when it is neither."""
    try:
        return list(store.get_event(key).mention_ids)
    except StoreError:
        if store.query("SELECT 1 AS x FROM mentions WHERE mention_id = ?", (key,)):
            return [key]
        raise StoreError("E302", f"no event or mention with id {key!r}") from None


def record(store, action: str, a: str, b: str | None = None, note: str | None = None) -> dict:
    """Validate and store one override given event or mention ids; returns the stored row."""
    if action not in ("merge", "split"):
        raise ConfigError("E204", f"action must be merge or split, not {action!r}")
    if action == "merge" and not b:
        raise ConfigError("E204", "a merge needs two ids (a and b)")
    if action == "split" and b:
        raise ConfigError("E204", "a split takes one id (a), not b")
    ma = mentions_of(store, a)
    if action == "split":
        if len(set(ma)) < 2:
            raise ConfigError("E204", f"{a} has a single report: nothing to split")
        return store.add_override("split", ma, None, note or f"split {a}")
    mb = mentions_of(store, b)
    if set(ma) == set(mb):
        raise ConfigError("E204", f"{a} and {b} are already one event")
    return store.add_override("merge", ma, mb, note or f"merge {a} + {b}")


def record_merge(store, a: str, b: str, note: str | None = None) -> dict:
    return record(store, "merge", a, b, note)


def record_split(store, event_id: str, note: str | None = None) -> dict:
    return record(store, "split", event_id, None, note)


def stored_ids(value) -> list[str]:
    """A stored ``a``/``b`` cell as a list: the JSON array of today, or an older bare mention id."""
    if value is None or value == "":
        return []
    try:
        ids = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    if isinstance(ids, list):
        return [x for x in ids if isinstance(x, str)]
    return [ids] if isinstance(ids, str) else [str(value)]


def constraints(mentions: list[Mention], overrides: list[dict]) -> tuple[list[tuple[int, int]], set[frozenset[int]]]:
    """Index pairs that must be joined, and pairs that must stay apart; later overrides win."""
    index = {m.mention_id: i for i, m in enumerate(mentions)}
    must: list[tuple[int, int]] = []
    cannot: set[frozenset[int]] = set()
    for o in sorted(overrides, key=lambda o: o["seq"]):
        if o.get("undone_at"):
            continue
        a = [index[x] for x in stored_ids(o["a"]) if x in index]
        if o["action"] == "merge":
            ids = a + [index[x] for x in stored_ids(o.get("b")) if x in index]
            must += [(ids[0], x) for x in ids[1:]]
            cannot -= {frozenset(p) for p in itertools.combinations(ids, 2)}
        elif o["action"] == "split":
            pairs = {frozenset(p) for p in itertools.combinations(a, 2)}
            cannot |= pairs
            must = [p for p in must if frozenset(p) not in pairs]
    return must, cannot
