"""``sitroom geoparse PATH... --out FILE.jsonl``: every place name of every article, located."""
from __future__ import annotations

import json
import sys

import click


def geoparse_items(paths: list[str], country_hint: str | None = None):
    """One result per input: ``{"doc", "toponyms"}`` or ``{"doc", "rejected", "reason"}``.

    Plain text is parsed as read, so offsets index the file's own text; HTML, JSONL and WARC
    articles are cleaned first and offsets index their clean text (as ``sitroom docs show`` prints it).
    """
    from ..ingest.cleaner import clean
    from ..ingest.readers import iter_raw
    from ..records import Rejection
    from .geoparser import geoparse
    for raw in iter_raw(paths):
        if isinstance(raw, Rejection):
            yield {"doc": raw.source, "rejected": raw.code, "reason": raw.reason}
            continue
        doc = raw if raw.fmt == "text" else clean(raw)
        if isinstance(doc, Rejection):
            yield {"doc": raw.name, "rejected": doc.code, "reason": doc.reason}
            continue
        text = doc.body if raw.fmt == "text" else doc.text
        yield {"doc": raw.name, "toponyms": [t.to_dict() for t in geoparse(text, country_hint=country_hint)]}


@click.command("geoparse")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(dir_okay=False), default="-", help="JSONL file (default: stdout).")
@click.option("--country", "country", default=None, help="ISO code of the outlets' country, a focus hint.")
def geoparse_cmd(paths: tuple[str, ...], out: str, country: str | None) -> None:
    """Every place name in the articles under PATHS, with its span and coordinates (one JSON line each)."""
    from ..errors import exit_status, printable
    stream = sys.stdout if out == "-" else open(out, "w", encoding="utf-8")
    read = rejected = 0
    try:
        for item in geoparse_items(list(paths), country):
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
            if "rejected" in item:
                rejected += 1
                click.echo(f"rejected {printable(item['doc'])}: {printable(item['reason'])}", err=True)
            else:
                read += 1
    finally:
        if stream is not sys.stdout:
            stream.close()
    sys.exit(exit_status(read, rejected))  # docs/safety.md: 0 all read, 1 some rejected, 3 nothing read


commands = [geoparse_cmd]
