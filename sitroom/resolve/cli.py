"""``sitroom resolve`` and ``sitroom event show|merge|split``: thin commands over sitroom.resolve."""
from __future__ import annotations

import json

import click

from ..records import to_dict
from ..store import open_store
from . import record_merge, record_split, resolve

DB = click.option("--db", default=None, help="SQLite file or postgresql:// URL [default: sitroom.db]")


def _rebuild(store) -> int:
    events = resolve(store.mentions(), store.overrides())
    store.replace_events(events)
    return len(events)


def _now_in(store, mention_ids: list[str]) -> list[str]:
    """Ids of the events now holding these mentions: an override can change an event's id (ids follow content)."""
    wanted = set(mention_ids)
    return sorted(e.event_id for e in store.events() if wanted & set(e.mention_ids))


@click.command("resolve")
@DB
def resolve_cmd(db):
    """Re-resolve every stored mention into events (analyst overrides respected)."""
    store = open_store(db)
    click.echo(f"{_rebuild(store)} events")


@click.group("event")
def event():
    """Look at one event; merge two events or split one, as a recorded analyst decision."""


@event.command("show")
@click.argument("event_id")
@DB
def show(event_id, db):
    """An event with its reports, claims, reconciliation and merge reasons (JSON)."""
    click.echo(json.dumps(to_dict(open_store(db).get_event(event_id)), ensure_ascii=False, indent=1))


@event.command("merge")
@click.argument("a")
@click.argument("b")
@click.option("--note", default=None)
@DB
def merge(a, b, note, db):
    """Record that events A and B are one event, then re-resolve."""
    store = open_store(db)
    members = store.get_event(a).mention_ids + store.get_event(b).mention_ids
    record_merge(store, a, b, note)
    n = _rebuild(store)
    click.echo(f"merged {a} + {b} -> {', '.join(_now_in(store, members))}; {n} events")


@event.command("split")
@click.argument("event_id")
@click.option("--note", default=None)
@DB
def split(event_id, note, db):
    """Record that an event's reports are separate events, then re-resolve."""
    store = open_store(db)
    members = store.get_event(event_id).mention_ids
    record_split(store, event_id, note)
    n = _rebuild(store)
    click.echo(f"split {event_id} -> {', '.join(_now_in(store, members))}; {n} events")


commands = [resolve_cmd, event]
