"""``sitroom gazetteer``: import a GeoNames dump, look a place name up."""
from __future__ import annotations

import json

import click

from ..records import to_dict
from ..store import open_store


@click.group("gazetteer")
def gazetteer() -> None:
    """The place gazetteer: curated conflict places, GeoNames imports, lookups."""


@gazetteer.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", default=None, help="Store URL or SQLite path (default: sitroom.db).")
@click.option("--admin1", "admin1", type=click.Path(exists=True, dir_okay=False), default=None,
              help="GeoNames admin1CodesASCII.txt (default: built-in Syria/Iraq governorates).")
def import_cmd(file: str, db: str | None, admin1: str | None) -> None:
    """Import a GeoNames dump (allCountries.txt, SY.txt, or the same zipped) into the store."""
    from .gazetteer_import import import_geonames
    store = open_store(db)
    try:
        n = import_geonames(file, store, admin1)
    finally:
        store.close()
    click.echo(f"imported {n} places from {file}")


@gazetteer.command("lookup")
@click.argument("name")
@click.option("--db", default=None, help="Store URL or SQLite path; its imported places are searched too.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per place.")
def lookup_cmd(name: str, db: str | None, as_json: bool) -> None:
    """Places a NAME may refer to, best first."""
    from .places import Gazetteer
    store = open_store(db) if db else None
    try:
        found = Gazetteer.default(store).lookup(name)
        for p in found:
            if as_json:
                click.echo(json.dumps(to_dict(p), ensure_ascii=False))
            else:
                where = ", ".join(x for x in (p.admin1, p.country) if x)
                click.echo(f"{p.id}\t{p.name}\t{p.kind}\t{p.lat:.4f},{p.lon:.4f}\t{where}\t{p.source}")
        if not found:
            click.echo(f"no place named {name!r}", err=True)
            raise SystemExit(1)
    finally:
        if store:
            store.close()


commands = [gazetteer]
