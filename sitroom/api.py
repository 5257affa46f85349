"""The Python API for notebooks and scripts: open a database, filter its events, get them as records or
tables, look one up with its reports and claims, run the pipeline on texts in memory, geoparse a text.

Everything here is re-exported by ``sitroom/__init__.py``; examples that run are in ``docs/python.md``.
Filters are the web API's (``sitroom.web.queries.EventFilter``): the same arguments select the same
events in ``/api/events``, ``sitroom events`` and here.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable

from .errors import InputError
from .records import Document, Event, RawDoc, Rejection


class Database:
    """A sitroom database (an SQLite file or a ``postgresql://`` URL), opened for reading."""

    def __init__(self, url: str | Path | None = None):
        from .store import open_store
        self._store = open_store(str(url) if url is not None else None, create=False)

    def events(self, *, date_from: str | None = None, date_to: str | None = None, type: str | Iterable[str] = (),
               actor: str | None = None, place: str | None = None,
               bbox: tuple[float, float, float, float] | None = None, q: str | None = None) -> list[Event]:
        """The events that pass every filter given: dates by overlap (ISO day or prefix), ACLED type or
        sub-type (one or several), actor or place substring, map box (west, south, east, north), or words
        of a quote."""
        from .web.queries import EventFilter, find_events
        types = [type] if isinstance(type, str) else list(type)
        flt = EventFilter(date_from, date_to, types, actor, place, tuple(bbox) if bbox else None, q)
        return find_events(self._store, flt)

    def records(self, **filters) -> list[dict]:
        """The filtered events as rows of the export schema (``docs/exports.md``): ACLED's columns, then sitroom's."""
        from .export.columns import event_row
        return [event_row(e) for e in self.events(**filters)]

    def to_arrow(self, **filters):
        """The filtered events as a ``pyarrow.Table`` with the Parquet export's schema."""
        from .export.columns import to_arrow
        return to_arrow(self.events(**filters))

    def to_pandas(self, **filters):
        """The filtered events as a ``pandas.DataFrame`` (needs pandas: ``pip install sitroom[pandas]``)."""
        return self.to_arrow(**filters).to_pandas()

    def event(self, event_id: str) -> dict:
        """One event in full: the exchange record with its reports (verbatim quotes, offsets), claims, the
        claims side by side (``claims_table``) and the stored documents' ids. E302 if unknown."""
        from .web.queries import event_detail
        return event_detail(self._store, self._store.get_event(event_id))

    def document(self, key: str) -> Document:
        """A stored article by doc_id, doc_id prefix or name, with its original and clean text."""
        return self._store.get_document(key)

    def documents(self) -> list[dict]:
        return self._store.documents(with_text=False)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_db(url: str | Path | None = None) -> Database:
    """An existing database (read commands never create one: E303 for a missing file)."""
    return Database(url)


@functools.lru_cache(maxsize=1)
def _pipeline():
    from .pipeline import Pipeline
    return Pipeline.from_config()


def extract(text: str, *, published: str | None = None, outlet: str | None = None, title: str | None = None,
            url: str | None = None, html: bool = False) -> list[Event]:
    """The events one article reports, resolved as ``sitroom run`` would, without a database.

    ``published`` (ISO date) anchors relative dates ("on Sunday"); ``outlet`` and ``url`` name the source
    (and settle day-month order); ``html=True`` reads ``text`` as a web page. Bad input is an InputError."""
    return extract_many([dict(text=text, published=published, outlet=outlet, title=title, url=url, html=html)])


def extract_many(articles: Iterable[dict]) -> list[Event]:
    """Events of several articles at once (dicts of ``extract``'s arguments): reports of one event in
    different articles are merged, their claims kept side by side."""
    from .resolve import resolve
    pipe, mentions = _pipeline(), []
    raws = [_raw(i, a) for i, a in enumerate(articles)]
    for doc, found in pipe.process_many(raws):
        if isinstance(doc, Rejection):
            raise InputError(doc.code, doc.reason)
        mentions.extend(found or [])
    return resolve(mentions)


def _raw(i: int, a: dict) -> RawDoc:
    text = a.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("E101", f"article {i}: no text")
    name = a.get("url") or f"article-{i}"
    return RawDoc(f"<memory>#{i}", name, text, "html" if a.get("html") else "text", title=a.get("title"),
                  outlet=a.get("outlet"), url=a.get("url"), published=a.get("published"))


def geoparse(text: str, *, country: str | None = None) -> list[dict]:
    """Every place name in ``text``: ``start``, ``end``, ``text``, ``lat``, ``lon``, ``country``,
    ``feature``, ``gazetteer_id`` (the format ``sitroom geoparse`` writes). ``country``: the outlet's
    ISO code, when known, as a hint to the story's focus."""
    from .geo.geoparser import geoparse as _geoparse
    return [t.to_dict() for t in _geoparse(text, country_hint=country)]


def run(paths: list[str | Path], *, db: str | Path | None = None, out: str | Path | None = None,
        manifest: str | Path | None = None, engine: str = "local"):
    """``sitroom run``: ingest, extract, resolve and export; returns the run report (documents, rejected
    inputs with their codes, events, what is out of reach)."""
    from .pipeline import run_corpus
    return run_corpus([str(p) for p in paths], db=str(db) if db else None, out=out,
                      manifest=str(manifest) if manifest else None, engine=engine)


def export_events(events: Iterable[Event], fmt: str, path: str | Path, force: bool = False) -> Path:
    """Write events as ``json`` (exchange format), ``csv``, ``geojson`` or ``parquet`` (one schema)."""
    from .export import export
    return export(events, fmt, path, force=force)
