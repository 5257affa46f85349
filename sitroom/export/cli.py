"""``sitroom export`` (every stored event) and ``sitroom events list`` (the events a filter selects).

Both read an existing database only (E303 otherwise) and never replace a non-empty file with an
empty export unless ``--force`` (E203); both exit with status 2, as every usage error does.
``events list`` takes the web API's filters, so a view on the page and a command select the same events.
"""
from __future__ import annotations

import click

from ..errors import printable
from ..store import DEFAULT_DB
from . import export, formats



def _iso_date(ctx, param, value: str | None) -> str | None:
    """A day, month or year (2016-04-30, 2016-04, 2016), checked to be real; kept as text, since a
    month as an upper bound means its last day (the filter compares ISO prefixes)."""
    if value is None:
        return None
    import datetime as dt
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(value, fmt)
            return value
        except ValueError:
            continue
    raise click.BadParameter(f"{value!r} is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)")


@click.command("export")
@click.option("--format", "fmt", default="json", show_default=True, help=f"One of: {', '.join(formats())}")
@click.option("--db", default=None, help="SQLite file or postgresql:// URL [default: sitroom.db]")
@click.option("--out", "out", default=None, help="Output path [default: events.FORMAT]")
@click.option("--force", is_flag=True, help="Replace a non-empty file even when there are no events to write.")
def export_cmd(fmt, db, out, force):
    """Write the stored events as JSON (exchange format), CSV (ACLED columns), GeoJSON or Parquet."""
    from ..api import open_db
    with open_db(db) as database:
        events = database.events()
    path = export(events, fmt, out or f"events.{fmt}", force=force)
    click.echo(printable(f"{len(events)} events -> {path}"))


@click.group("events")
def events_group():
    """List and filter the stored events."""


@events_group.command("list")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--from", "date_from", callback=_iso_date, default=None, help="Events that end on or after this day.")
@click.option("--to", "date_to", callback=_iso_date, default=None, help="Events that start on or before this day.")
@click.option("--type", "types", multiple=True, help="ACLED event or sub-event type; repeatable (OR).")
@click.option("--actor", default=None, help="Actor name (substring).")
@click.option("--place", default=None, help="Place or admin1 name (substring).")
@click.option("--bbox", default=None, help="Map box west,south,east,north.")
@click.option("--q", "q", default=None, help="Words of a report's or claim's quote.")
@click.option("--format", "fmt", default="table", show_default=True,
              help="table (terminal), csv, geojson or json (to stdout, or --out), or any export format with --out "
                   "(parquet...). csv and geojson are what the page's /api/events.csv and .geojson return.")
@click.option("--out", default=None, help="Write to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Replace a non-empty file even when no event matches.")
def events_list(db, date_from, date_to, types, actor, place, bbox, q, fmt, out, force):
    """The events a filter selects (the web API's filters: /api/events takes the same ones)."""
    from ..api import open_db
    from ..web.queries import parse_bbox
    with open_db(db) as database:
        events = database.events(date_from=date_from, date_to=date_to, type=types,
                                 actor=actor, place=place, bbox=parse_bbox(bbox), q=q)
    if fmt == "table":
        if out:
            raise click.BadParameter("a table is for the terminal; give --format csv|geojson|json with --out",
                                     param_hint="--out")
        _table(events)
    elif out:
        path = export(events, fmt, out, force=force)
        click.echo(printable(f"{len(events)} events -> {path}"), err=True)
    else:
        _stdout(events, fmt)


def _stdout(events, fmt: str) -> None:
    """A text format on stdout, written by the same function as the file export and the API."""
    import sys

    from .writers import STREAMS
    if fmt not in STREAMS:
        raise click.BadParameter(f"{fmt} needs --out (stdout takes: table, {', '.join(STREAMS)})", param_hint="--format")
    STREAMS[fmt](events, sys.stdout)
    if fmt != "csv":
        sys.stdout.write("\n")
    click.echo(f"{len(events)} events", err=True)


def _table(events) -> None:
    for e in events:
        place_name = e.location.name if e.location else "-"
        deaths = (e.fatalities or {}).get("best") or 0
        click.echo(printable(f"{e.event_id}\t{e.date_start or '-'}\t{e.sub_event_type}\t{place_name}\t"
                             f"{e.actor1 or '-'} / {e.actor2 or '-'}\t{deaths} killed\t{len(e.reports)} reports"))
    click.echo(f"{len(events)} events", err=True)


commands = [export_cmd, events_group]
