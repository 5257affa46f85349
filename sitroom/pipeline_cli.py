"""``sitroom run``: the main job, over the library function ``sitroom.pipeline.run_corpus``.

Exit status (docs/safety.md): 0 every input read, 1 some rejected (the rest stored), 3 nothing read,
2 a usage error (from click or a coded E2xx/E3xx error).
"""
from __future__ import annotations

import re
import sys

import click

from .config import load_config
from .errors import printable
from .pipeline import READ_LANGUAGES, run_corpus
from .store import DEFAULT_DB


@click.command("run")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(file_okay=False), help="Folder for events.json and events.csv.")
@click.option("--db", default=None, help=f"SQLite file or postgresql:// URL [default: OUT/sitroom.db, else {DEFAULT_DB}]")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False), help="CSV: file,outlet,published,url.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", default=None, help="Dask scheduler address (a local cluster when omitted).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="TOML overriding default.toml.")
def run_cmd(paths, out, db, manifest, engine, scheduler, config_path):
    """Ingest PATHS, extract events, resolve them, and write OUT/events.json and OUT/events.csv."""
    db = db or (f"{out}/sitroom.db" if out else DEFAULT_DB)
    report = run_corpus(list(paths), db, out, manifest, engine, scheduler, load_config(config_path),
                        progress=sys.stderr.isatty(), on_wait=lambda m: click.echo(f"sitroom: {printable(m)}", err=True))
    for rej in report.rejected:
        click.echo(printable(f"rejected {rej.source}: {rej.reason}"), err=True)  # the reason carries its code
    for rej in report.not_extracted:
        click.echo(printable(f"not extracted {rej.source}: {rej.reason}"), err=True)
    click.echo(printable(f"{report.documents} documents ({report.skipped} already done, {len(report.rejected)} rejected, "
                         f"{len(report.not_extracted)} not extracted, {report.near_dups} near-duplicates), "
                         f"{report.mentions} mentions, {report.events} events -> {db}"))
    if len(report.languages) > 1 or set(report.languages) - {"en"}:
        click.echo(printable("by language: " + ", ".join(
            f"{lang} {t['documents']} documents, {t['mentions']} mentions, {t['events']} events"
            + ("" if lang in READ_LANGUAGES else " (not read)") for lang, t in sorted(report.languages.items()))))
    if report.unplaced or report.undated or report.not_extracted:
        # out of reach: say it, so a map with no dots for Arabic news is not read as no news
        langs = sorted({m.group(1) for r in report.not_extracted if (m := re.search(r"language '([^']*)'", r.reason))})
        click.echo(printable(f"out of reach: {len(report.not_extracted)} documents in languages not read"
                             f"{' (' + ', '.join(langs) + ')' if langs else ''}, {report.unplaced} events with no "
                             f"resolved place, {report.undated} events dated only by publication (flags on each event)"))
    for p in report.outputs:
        click.echo(printable(f"wrote {p}"))
    sys.exit(report.exit_status)


commands = [run_cmd]
