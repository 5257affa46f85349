"""``sitroom serve`` and ``sitroom brief``: thin commands over ``create_app`` and ``briefing``.

Both read an existing database only: a missing one is E303 (exit status 2), never a new empty file.
"""
from __future__ import annotations

from pathlib import Path

import click

from ..store import DEFAULT_DB
from .queries import EventFilter

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite file or postgresql:// URL built by `sitroom run`.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind; keep 127.0.0.1 unless behind a proxy.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--writable", is_flag=True, help="Allow analysts to POST merge/split overrides.")
@click.option("--tile-url", default=None, help="Optional online tile URL, e.g. https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
@click.option("--allowed-host", "allowed", multiple=True,
              help="A Host name the server answers besides the loopback ones and --host (repeatable; e.g. the proxy's name).")
def serve(db: str, host: str, port: int, writable: bool, tile_url: str | None, allowed: tuple[str, ...]) -> None:
    """Serve the situation room (map, timeline, events, briefings) over a sitroom database."""
    import uvicorn

    from .app import create_app
    if not Path(db).exists() and "://" not in db:
        raise click.BadParameter(f"{db} does not exist; build it with `sitroom run DIR --db {db}`", param_hint="--db")
    hosts = [*allowed, *([host] if host not in ("0.0.0.0", "::", "") else [])]  # a wildcard bind names no host
    app = create_app(db, writable=writable, tile_url=tile_url, hosts=hosts)
    click.echo(f"sitroom: serving {db} on http://{host}:{port}/ ({'writable' if writable else 'read-only'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--from", "date_from", type=DATE, default=None, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, default=None, help="Last day (YYYY-MM-DD).")
@click.option("--place", default=None, help="Place or governorate name (substring).")
@click.option("--actor", default=None, help="Actor name (substring).")
@click.option("--type", "types", multiple=True, help="Event or sub-event type; repeatable.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None, help="Write here instead of stdout.")
def brief(db: str, date_from, date_to, place: str | None, actor: str | None, types: tuple[str, ...],
          out: str | None) -> None:
    """Write a Markdown briefing: a dated chronology where every sentence cites outlet and date."""
    from ..store import open_store
    from .brief import briefing
    flt = EventFilter(date_from=date_from.date().isoformat() if date_from else None,
                      date_to=date_to.date().isoformat() if date_to else None,
                      place=place, actor=actor, types=list(types))
    store = open_store(db, create=False)
    try:
        text = briefing(store, flt)
    finally:
        store.close()
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"sitroom: briefing written to {out}", err=True)
    else:
        click.echo(text, nl=False)


commands = [serve, brief]
