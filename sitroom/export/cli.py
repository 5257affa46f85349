"""``sitroom export``: the stored events in one of the registered formats."""
from __future__ import annotations

import click

from ..store import open_store
from . import export, formats


@click.command("export")
@click.option("--format", "fmt", default="json", show_default=True, help=f"One of: {', '.join(formats())}")
@click.option("--db", default=None, help="SQLite file or postgresql:// URL [default: sitroom.db]")
@click.option("--out", "out", default=None, help="Output path [default: events.FORMAT]")
def export_cmd(fmt, db, out):
    """Write the stored events as JSON (exchange format), CSV (ACLED columns), GeoJSON or Parquet."""
    events = open_store(db).events()
    path = export(events, fmt, out or f"events.{fmt}")
    click.echo(f"{len(events)} events -> {path}")


commands = [export_cmd]
