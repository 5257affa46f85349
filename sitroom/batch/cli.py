"""Commands of the batch package: ``sitroom watch``."""
from __future__ import annotations

import click

from ..config import load_config
from ..store import DEFAULT_DB
from .watch import Watcher, watch


@click.command("watch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default=None, help=f"SQLite file or postgresql:// URL [default: OUT/sitroom.db, else {DEFAULT_DB}]")
@click.option("--out", type=click.Path(file_okay=False), help="Folder for events.json and events.csv, rewritten as events change.")
@click.option("--interval", type=click.FloatRange(min=0.05), default=2.0, show_default=True, help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Take what is in the folder now (after one settling interval) and stop.")
@click.option("--cycles", type=click.IntRange(min=1), default=None, help="Stop after this many polls.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="TOML overriding default.toml.")
def watch_cmd(folder, db, out, interval, once, cycles, config_path):
    """Ingest articles as they arrive in FOLDER (Ctrl-C stops)."""
    db = db or (f"{out}/sitroom.db" if out else DEFAULT_DB)
    if not once:
        click.echo(f"watching {folder} every {interval:g}s -> {db} (Ctrl-C stops)", err=True)
    report = watch(folder, db, out, interval, once, cycles, load_config(config_path), on_cycle=_echo)
    for rej in report.rejected:
        click.echo(f"rejected {rej.source}: [{rej.code}] {rej.reason}", err=True)
    events = "" if report.events is None else f", {report.events} events"
    click.echo(f"{report.files} files, {report.documents} new documents ({report.skipped} already stored, "
               f"{len(report.rejected)} rejected), {report.mentions} mentions{events} -> {db}")


def _echo(w: Watcher, taken) -> None:
    for p in taken:
        click.echo(f"took {p}", err=True)


commands = [watch_cmd]
