"""The resolve stage: mentions in, one Event per real event out.

``resolve(mentions, overrides)`` is pure and order-independent: twin reports (twins.py) are folded into
one representative, the representatives are grouped (cluster.py), each group with its twins becomes an
Event (assemble.py). ``resolve_store(store)`` gives the same events for everything a database holds in
bounded memory: one pass over the stored documents' mentions keeps their twin digests and hashed blocking keys, the
representatives are cut into connected parts (partition.py) and resolved a chunk at a time, and events
are built a few at a time from the full records. ``attach(new, store)`` adds the mentions of newly
ingested articles without a rebuild: only the parts a new mention joins are re-resolved, every other
event (and its id) stays as it is.
"""
from __future__ import annotations

import dataclasses
import gc
from contextlib import contextmanager
from typing import Iterator

from ..records import Event, Mention
from .assemble import build_event
from .cluster import cluster
from .overrides import constraints, record, record_merge, record_split
from .partition import CHUNK, KeyIndex, chunks, parts
from .twins import Twins, pinned

BUILD = 2000  # full mentions loaded at once to build events from a chunk's groups
_STATED = ("location", "actor1", "actor2")  # the evidence the merge reads (compat.stated)


@contextmanager
def _no_gc() -> Iterator[None]:
    # The cyclic garbage collector would rescan every live mention at each pass over the many small
    # objects clustering creates (none of them cyclic); pausing it keeps the cost linear.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def resolve(mentions: list[Mention], overrides: list[dict] = ()) -> list[Event]:
    with _no_gc():
        mentions = sorted({m.mention_id: m for m in mentions}.values(), key=lambda m: m.mention_id)
        twins, by_doc = Twins(pinned(overrides)), {}
        for m in mentions:
            by_doc.setdefault(m.doc_id, []).append(m)
        reps = [r for doc in sorted(by_doc) for r in twins.add_doc(by_doc[doc])]
        by_id = {m.mention_id: m for m in mentions}
        events = [build_event([by_id[x] for x in twins.expand(ids)], why + twins.reasons(ids))
                  for ids, why in group(reps, overrides)]
        return sorted(events, key=lambda e: (e.date_start or "", e.event_id))


def group(mentions: list[Mention], overrides, full: set[int] | None = None) -> list[tuple[list[str], list[str]]]:
    """The merge: (mention ids, merge reasons) of each group of these (representative) mentions;
    ``full``: the crowded blocks of the whole database, when these are only a chunk of it."""
    mentions = sorted(mentions, key=lambda m: m.mention_id)
    must, cannot = constraints(mentions, list(overrides))
    groups = cluster(mentions, must, cannot, full)
    return [([mentions[i].mention_id for i in members], groups.reasons.get(root, []))
            for root, members in groups.members.items()]


def _light(m: Mention) -> Mention:
    """What the merge reads of a mention: its claims and unread evidence left behind (they are most of
    its weight; the events are built from the full records)."""
    return dataclasses.replace(m, claims=[], evidence={k: m.evidence[k] for k in _STATED if m.evidence.get(k)})


def _scan(store, overrides) -> tuple[KeyIndex, Twins]:
    """One pass over the stored mentions: twins folded, representatives' blocking keys indexed."""
    index, twins = KeyIndex(), Twins(pinned(overrides))
    for doc in store.iter_document_mentions():
        for m in twins.add_doc(doc):
            index.add(m)
    return index, twins


def _events_of(store, ids: list[str], twins: Twins, overrides, full: set[int]) -> Iterator[Event]:
    """The events of a closed set of representatives: grouped on light records, then built from the
    full records of about ``BUILD`` mentions at a time."""
    with _no_gc():
        groups = group([_light(m) for m in store.mentions_by_ids(ids)], overrides, full)
    batch, size = [], 0
    for g, why in groups:
        batch.append((g, why))
        size += len(twins.expand(g))
        if size >= BUILD:
            yield from _build(store, batch, twins)
            batch, size = [], 0
    yield from _build(store, batch, twins)


def _build(store, batch: list[tuple[list[str], list[str]]], twins: Twins) -> Iterator[Event]:
    full = {m.mention_id: m for m in store.mentions_by_ids([x for g, _ in batch for x in twins.expand(g)])}
    for g, why in batch:
        yield build_event([full[x] for x in twins.expand(g)], why + twins.reasons(g))


def resolve_store(store, size: int = CHUNK) -> Iterator[Event]:
    """The events of every stored mention under the overrides in force, as ``resolve`` of them all
    gives them, one chunk of connected mentions at a time (in no particular order)."""
    overrides = store.overrides()
    index, twins = _scan(store, overrides)
    groups, full = parts(index, overrides), index.crowded()
    del index
    for ids in chunks(groups, size):
        yield from _events_of(store, ids, twins, overrides, full)


def rebuild(store) -> int:
    """Re-resolve every stored mention under the overrides in force, replacing the events; their number."""
    return store.replace_events(resolve_store(store))


def attach(new: list[Mention], store) -> list[Event]:
    """Resolve newly stored mentions against the stored events; returns the events that changed.

    Only the connected parts (partition.py) that hold a new mention (or its representative) are
    re-resolved, and they resolve as a full rebuild would: every other event, and its id, stays as it is."""
    overrides = store.overrides()
    index, twins = _scan(store, overrides)
    fresh = {m.mention_id for m in new}
    touched = [g for g in parts(index, overrides) if not fresh.isdisjoint(twins.expand(g))]
    ids = [mid for g in touched for mid in g]
    changed = list(_events_of(store, ids, twins, overrides, index.crowded()))
    store.swap_events(store.events_of_mentions(twins.expand(ids)), changed)
    return changed


__all__ = ["resolve", "resolve_store", "group", "rebuild", "attach", "record", "record_merge", "record_split"]
