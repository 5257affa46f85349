"""The resolve stage: mentions in, one Event per real event out.

``resolve(mentions, overrides)`` is pure and order-independent. ``attach(new, store)`` adds the
mentions of newly ingested articles to the stored events without a rebuild: only the events whose
blocks the new mentions touch are re-resolved, every other event (and its id) stays as it is.
"""
from __future__ import annotations

import gc

from ..records import Event, Mention
from .assemble import build_event
from .cluster import _keys, _probes, cluster
from .overrides import constraints, record, record_merge, record_split


def resolve(mentions: list[Mention], overrides: list[dict] = ()) -> list[Event]:
    # The cyclic garbage collector would rescan every live mention at each pass over the many small
    # objects clustering creates (none of them cyclic); pausing it keeps the cost linear.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _resolve(mentions, overrides)
    finally:
        if enabled:
            gc.enable()


def _resolve(mentions: list[Mention], overrides: list[dict]) -> list[Event]:
    mentions = sorted({m.mention_id: m for m in mentions}.values(), key=lambda m: m.mention_id)
    must, cannot = constraints(mentions, list(overrides))
    groups = cluster(mentions, must, cannot)
    events = [build_event([mentions[i] for i in members], groups.reasons.get(root, []))
              for root, members in groups.members.items()]
    return sorted(events, key=lambda e: (e.date_start or "", e.event_id))


def rebuild(store) -> int:
    """Re-resolve every stored mention under the overrides in force, replacing the events; their number."""
    events = resolve(store.mentions(), store.overrides())
    store.replace_events(events)
    return len(events)


def _touched(events: list[Event], by_id: dict[str, Mention], new: list[Mention]) -> list[Event]:
    """Stored events that share a block (or a neighbouring one) with a new mention."""
    near = {k for m in new for k in _probes(m)}
    return [e for e in events if any(k in near for mid in e.mention_ids if mid in by_id for k in _keys(by_id[mid]))]


def attach(new: list[Mention], store) -> list[Event]:
    """Resolve new mentions against the stored events; returns the events that changed."""
    events = store.events()
    by_id = {m.mention_id: m for m in store.mentions()}
    touched = _touched(events, by_id, new)
    pool = [by_id[mid] for e in touched for mid in e.mention_ids if mid in by_id] + list(new)
    changed = resolve(pool, store.overrides())
    store.swap_events([e.event_id for e in touched], changed)
    return changed


__all__ = ["resolve", "rebuild", "attach", "record", "record_merge", "record_split"]
