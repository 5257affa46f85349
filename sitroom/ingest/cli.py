"""``sitroom ingest`` and ``sitroom docs list|show``: thin commands over the ingest library.

``ingest`` exits 0 (all read), 1 (some rejected) or 3 (nothing read); ``docs`` reads an existing
database only. Everything printed that came from an input is passed through ``printable``.
"""
from __future__ import annotations

import sys

import click

from ..errors import printable
from ..store import DEFAULT_DB, open_store
from .runner import ingest

DB_OPTION = click.option("--db", default=DEFAULT_DB, show_default=True, help="Database file or URL.")


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--manifest", type=click.Path(), default=None, help="CSV with file,outlet,published,url.")
@click.option("--max-bytes", type=int, default=5_000_000, show_default=True, help="Reject larger files (E103).")
@DB_OPTION
def ingest_cmd(paths: tuple[str, ...], manifest: str | None, max_bytes: int, db: str) -> None:
    """Read articles (folders, .txt, .html, .jsonl, .warc[.gz]) into the database."""
    store = open_store(db)
    try:
        report = ingest(list(paths), store, manifest=manifest, progress=sys.stderr.isatty(), max_bytes=max_bytes,
                        on_wait=lambda m: click.echo(f"sitroom: {safe(m)}", err=True))
    finally:
        store.close()
    for rej in report.rejected:
        click.echo(safe(f"rejected {rej.source}: {rej.reason}"), err=True)
    click.echo(report.summary())
    sys.exit(report.exit_status)


@click.group("docs")
def docs() -> None:
    """Look at stored documents."""


@docs.command("list")
@DB_OPTION
def docs_list(db: str) -> None:
    """One line per stored document."""
    store = open_store(db, create=False)
    try:
        rows = store.documents(with_text=False)
    finally:
        store.close()
    for r in rows:
        dup = f" dup-of:{r['near_dup_of'][:12]}" if r["near_dup_of"] else ""
        click.echo(safe(f"{r['doc_id'][:12]}  {r['name']}  {r['outlet'] or '-'}  {r['published'] or '-'}  "
                        f"{r['language'] or '-'}  {r['chars']} chars{dup}"))
    click.echo(f"{len(rows)} documents")


@docs.command("show")
@click.argument("key")
@DB_OPTION
def docs_show(key: str, db: str) -> None:
    """Metadata, clean text and cut spans of one document (by id, id prefix or name)."""
    store = open_store(db, create=False)
    try:
        doc = store.get_document(key)
    finally:
        store.close()
    for label in ("doc_id", "name", "source", "title", "outlet", "url", "published", "published_source",
                  "language", "near_dup_of"):
        click.echo(f"{label}: {safe(str(getattr(doc, label) or '-'))}")
    click.echo("\n" + safe(doc.text) + "\n")
    for c in doc.cuts:
        click.echo(f"--- cut [{c.start}:{c.end}] {c.reason} ({len(c.text)} chars): {_preview(c.text)}")


def _preview(text: str, n: int = 100) -> str:
    flat = " ".join(text.split())
    return safe(flat[:n] + ("…" if len(flat) > n else ""))


def safe(text: str) -> str:
    """Article text is untrusted: control characters (terminal escapes) are shown escaped, never sent."""
    return printable(text)


commands = [ingest_cmd, docs]
