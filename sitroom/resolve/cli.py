"""``sitroom resolve`` and ``sitroom event show|merge|split|overrides``: thin commands over sitroom.resolve.

Every command here opens an existing database only (E303 otherwise); the writing ones hold the
database's writer lock, so they never interleave with a ``sitroom run``.
"""
from __future__ import annotations

import json

import click

from ..errors import printable
from ..records import to_dict
from ..store import open_store
from . import rebuild
from .overrides import record, stored_ids

DB = click.option("--db", default=None, help="SQLite file or postgresql:// URL [default: sitroom.db]")


def _now_in(store, mention_ids: list[str]) -> list[str]:
    """Ids of the events now holding these mentions: an override can change an event's id (ids follow content)."""
    return store.events_of_mentions(list(mention_ids))


def _waiting(message: str) -> None:
    click.echo(f"sitroom: {printable(message)}", err=True)


@click.command("resolve")
@DB
def resolve_cmd(db):
    """Re-resolve every stored mention into events (analyst overrides respected)."""
    store = open_store(db, create=False)
    try:
        with store.writer(on_wait=_waiting):
            click.echo(f"{rebuild(store)} events")
    finally:
        store.close()


@click.group("event")
def event():
    """Look at one event; merge two events or split one, as a recorded (and undoable) analyst decision."""


@event.command("show")
@click.argument("event_id")
@DB
def show(event_id, db):
    """An event with its reports, claims, reconciliation and merge reasons (JSON)."""
    store = open_store(db, create=False)
    try:
        click.echo(json.dumps(to_dict(store.get_event(event_id)), ensure_ascii=False, indent=1))
    finally:
        store.close()


def _apply(db: str | None, action: str, a: str, b: str | None, note: str | None) -> str:
    store = open_store(db, create=False)
    try:
        with store.writer(on_wait=_waiting):
            rec = record(store, action, a, b, note)
            n = rebuild(store)
            now = _now_in(store, stored_ids(rec["a"]) + stored_ids(rec["b"]))
    finally:
        store.close()
    return f"override {rec['seq']}: {action} -> {', '.join(now)}; {n} events (undo: sitroom event overrides undo {rec['seq']})"


@event.command("merge")
@click.argument("a")
@click.argument("b")
@click.option("--note", default=None)
@DB
def merge(a, b, note, db):
    """Record that events (or mentions) A and B are one event, then re-resolve."""
    click.echo(_apply(db, "merge", a, b, note))


@event.command("split")
@click.argument("event_id")
@click.option("--note", default=None)
@DB
def split(event_id, note, db):
    """Record that an event's reports are separate events, then re-resolve."""
    click.echo(_apply(db, "split", event_id, None, note))


@event.group("overrides", invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="Include overrides that were undone.")
@DB
@click.pass_context
def overrides(ctx, show_all, db):
    """List the analyst overrides in force (``undo SEQ`` takes one back)."""
    if ctx.invoked_subcommand:
        ctx.obj = db
        return
    store = open_store(db, create=False)
    try:
        rows = store.overrides(include_undone=show_all)
    finally:
        store.close()
    for o in rows:
        ids = stored_ids(o["a"]) + stored_ids(o["b"])
        state = f"  undone {o['undone_at']}" if o["undone_at"] else ""
        click.echo(printable(f"{o['seq']}\t{o['action']}\t{len(ids)} mentions\t{o['at']}\t{o['note'] or '-'}{state}"))
    click.echo(f"{len(rows)} overrides")


@overrides.command("undo")
@click.argument("seq", type=click.IntRange(min=1))
@DB
@click.pass_context
def undo(ctx, seq, db):
    """Take override SEQ back (it stays in the history, marked undone), then re-resolve."""
    store = open_store(db or ctx.obj, create=False)
    try:
        with store.writer(on_wait=_waiting):
            store.undo_override(seq)
            n = rebuild(store)
    finally:
        store.close()
    click.echo(f"override {seq} undone; {n} events")


commands = [resolve_cmd, event]
