"""``sitroom export``: the stored events in one of the registered formats.

Reads an existing database only (E303 otherwise) and never replaces a non-empty file with an
empty export unless ``--force`` (E203); both exit with status 2, as every usage error does.
"""
from __future__ import annotations

import click

from ..errors import printable
from ..store import open_store
from . import export, formats


@click.command("export")
@click.option("--format", "fmt", default="json", show_default=True, help=f"One of: {', '.join(formats())}")
@click.option("--db", default=None, help="SQLite file or postgresql:// URL [default: sitroom.db]")
@click.option("--out", "out", default=None, help="Output path [default: events.FORMAT]")
@click.option("--force", is_flag=True, help="Replace a non-empty file even when there are no events to write.")
def export_cmd(fmt, db, out, force):
    """Write the stored events as JSON (exchange format), CSV (ACLED columns), GeoJSON or Parquet."""
    store = open_store(db, create=False)
    try:
        events = store.events()
    finally:
        store.close()
    path = export(events, fmt, out or f"events.{fmt}", force=force)
    click.echo(printable(f"{len(events)} events -> {path}"))


commands = [export_cmd]
