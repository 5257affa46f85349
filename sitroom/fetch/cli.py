"""``sitroom fetch URL... --out DIR``: save feeds and pages for ``sitroom run DIR`` or ``sitroom watch DIR``."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import printable


@click.command("fetch")
@click.argument("urls", nargs=-1)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to save into.")
@click.option("--list", "url_list", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A file of addresses, one per line (# comments).")
@click.option("--pages", is_flag=True, help="For a feed, save the pages its items link to instead of the feed.")
@click.option("--delay", default=1.0, show_default=True, help="Seconds between two requests to one host.")
@click.option("--timeout", default=20.0, show_default=True, help="Seconds before a request is given up.")
def fetch_cmd(urls, out, url_list, pages, delay, timeout):
    """Save RSS/Atom feeds and web pages into a folder (robots.txt obeyed, one host at a polite rate)."""
    from . import Fetcher, fetch
    todo = list(urls) + (_read_list(Path(url_list)) if url_list else [])
    if not todo:
        raise click.UsageError("give at least one URL or --list FILE")
    report = fetch(todo, out, pages=pages, fetcher=Fetcher(delay=delay, timeout=timeout))
    for rej in report.rejected:
        click.echo(printable(f"rejected [{rej.code}] {rej.reason}"), err=True)
    click.echo(printable(f"{len(report.saved)} saved into {out}, {len(report.rejected)} rejected"))
    sys.exit(report.exit_status)


def _read_list(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


commands = [fetch_cmd]
