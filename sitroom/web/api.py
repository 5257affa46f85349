"""The JSON API (``/api/...``): thin handlers over ``queries`` and ``brief``.

Handlers are plain ``def`` functions, so FastAPI runs them in its thread pool; the one store
connection is shared behind a lock (SQLite in WAL mode: our reads never block ``sitroom run``).
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from . import queries as Q
from . import territory
from .brief import briefing_json

router = APIRouter(prefix="/api")


def event_filter(
    date_from: Annotated[str | None, Query(alias="from", description="ISO date; events ending on or after it",
                                           pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="ISO date; events starting on or before it",
                                         pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
    type: Annotated[list[str], Query(description="event_type or sub_event_type; repeat for several")] = [],  # noqa: B006
    actor: Annotated[str | None, Query(description="substring of actor1 or actor2", max_length=200)] = None,
    place: Annotated[str | None, Query(description="substring of the place or admin1 name", max_length=200)] = None,
    bbox: Annotated[str | None, Query(description="map box: west,south,east,north in degrees")] = None,
    q: Annotated[str | None, Query(description="free text, searched in report and claim quotes", max_length=200)] = None,
) -> Q.EventFilter:
    return Q.EventFilter(date_from=real_date(date_from, "from"), date_to=real_date(date_to, "to"), types=list(type),
                         actor=actor or None, place=place or None, bbox=Q.parse_bbox(bbox), q=q or None)


def real_date(value: str | None, name: str) -> str | None:
    """The pattern only checks the shape: 2016-13-01 and 2016-02-30 have it and are still no dates (422)."""
    if not value:
        return value
    parts = [int(x) for x in value.split("-")] + [1, 1]
    try:
        dt.date(*parts[:3])
    except ValueError as e:
        raise HTTPException(422, f"{name}={value!r} is not a calendar date ({e})") from e
    return value


Filter = Annotated[Q.EventFilter, Depends(event_filter)]


def _db(request: Request):
    return request.app.state.db


@router.get("/settings", summary="Page settings (optional tile URL, read-only or writable)")
def settings(request: Request) -> dict:
    return {"tile_url": request.app.state.tile_url, "writable": request.app.state.writable}


@router.get("/events", summary="Events matching a filter (summaries; the map, timeline and list use these)")
def list_events(request: Request, flt: Filter, limit: Annotated[int, Query(ge=1, le=10000)] = 5000,
                offset: Annotated[int, Query(ge=0)] = 0) -> dict:
    with _db(request) as store:
        events = Q.find_events(store, flt)
    return {"count": len(events), "events": [Q.event_summary(e) for e in events[offset:offset + limit]]}


@router.get("/events.csv", summary="The filtered events as CSV (the export's columns; = `sitroom events list --format csv`)",
            response_class=PlainTextResponse)
def events_csv(request: Request, flt: Filter):
    return _download(request, flt, "csv", "text/csv; charset=utf-8")


@router.get("/events.geojson", summary="The filtered events as GeoJSON (= `sitroom events list --format geojson`)",
            response_class=PlainTextResponse)
def events_geojson(request: Request, flt: Filter):
    return _download(request, flt, "geojson", "application/geo+json")


def _download(request: Request, flt: Q.EventFilter, fmt: str, media: str) -> Response:
    """The events written by the export's own stream writer, so the page's download and the command's
    output are one function's; the CSV is formula-safe (a cell starting with = + - @ gets a ')."""
    from ..export.writers import STREAMS
    with _db(request) as store:
        events = Q.find_events(store, flt)
    buf = io.StringIO()
    STREAMS[fmt](events, buf)
    return Response(buf.getvalue(), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="events.{fmt}"'})


@router.get("/events/{event_id}", summary="One event: reports with quotes, claims table, reconciliation, merge reasons")
def get_event(request: Request, event_id: str) -> dict:
    with _db(request) as store:
        ev = store.get_event(event_id)
        return Q.event_detail(store, ev)


@router.get("/documents", summary="Stored documents (metadata only)")
def list_documents(request: Request) -> dict:
    with _db(request) as store:
        docs = store.documents(with_text=False)
    return {"count": len(docs), "documents": docs}


@router.get("/documents/{key}", summary="One document: clean text in segments, event sentences marked, cut tail apart")
def get_document(request: Request, key: str) -> dict:
    with _db(request) as store:
        doc = store.get_document(key)
        return Q.document_view(doc, Q.events_of_document(store, doc.doc_id))


@router.get("/places", summary="Places with events matching the filter")
def list_places(request: Request, flt: Filter) -> dict:
    with _db(request) as store:
        return {"places": Q.places(Q.find_events(store, flt))}


@router.get("/actors", summary="Actors in events matching the filter")
def list_actors(request: Request, flt: Filter) -> dict:
    with _db(request) as store:
        return {"actors": Q.actors(Q.find_events(store, flt))}


@router.get("/control", summary="Territorial control: places that changed hands at their own precision, "
                                 "with last evidence, confidence and staleness")
def territorial_control(request: Request, flt: Filter,
                        at: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None) -> dict:
    """Every event of the filter is read, not only territory events: later battles make a change
    contested, and the filter's latest event is what ``stale`` is measured from (docs/api.md)."""
    at = real_date(at, "at")
    with _db(request) as store:
        events = Q.find_events(store, flt)
    return {"at": at, "latest": territory.latest_date(events), "stale_days": territory.default_stale_days(),
            "places": Q.control(events, at)}


@router.get("/briefing", summary="A Markdown briefing for the filter; every sentence cites outlet and date")
def get_briefing(request: Request, flt: Filter, format: Literal["json", "markdown"] = "json"):
    """JSON: ``markdown`` (the whole text), ``head`` (figures and developments, at most 6,000
    characters) and ``chronology`` (the folded rest); ``markdown`` equals head + blank line + chronology."""
    with _db(request) as store:
        parts = briefing_json(store, flt)
    if format == "markdown":
        return PlainTextResponse(parts["markdown"], media_type="text/markdown; charset=utf-8")
    return parts


class OverrideIn(BaseModel):
    action: Literal["merge", "split"]
    a: str = Field(description="an event id or a mention id", min_length=1, max_length=200)
    b: str | None = Field(default=None, description="merge: the other event or mention", max_length=200)
    note: str | None = Field(default=None, max_length=2000)


@router.get("/overrides", summary="Analyst merge/split decisions in force (all=true: undone ones too)")
def list_overrides(request: Request, all: bool = False) -> dict:  # noqa: A002 - the query parameter's name
    with _db(request) as store:
        return {"overrides": store.overrides(include_undone=all)}


@router.post("/overrides", status_code=201, summary="Record a merge or split and re-resolve (only with --writable)")
def add_override(request: Request, body: OverrideIn) -> dict:
    """Stored in the one format the CLI uses (lists of mention ids: docs/safety.md) and applied at once.
    An unknown id is 404; a merge without b, or a split of a single report, is 422."""
    _writable(request)
    from ..resolve.overrides import record, stored_ids
    with _db(request) as store, store.writer(request.app.state.lock_wait):
        rec = record(store, body.action, body.a, body.b, body.note)
        n = _rebuild(store)
        now = sorted({e.event_id for e in store.events()
                      if set(stored_ids(rec["a"]) + stored_ids(rec["b"])) & set(e.mention_ids)})
    return {"override": rec, "events": n, "now": now}


@router.delete("/overrides/{seq}", summary="Undo an override and re-resolve (only with --writable)")
def undo_override(request: Request, seq: int) -> dict:
    _writable(request)
    with _db(request) as store, store.writer(request.app.state.lock_wait):
        rec = store.undo_override(seq)
        n = _rebuild(store)
    return {"override": rec, "events": n}


def _writable(request: Request) -> None:
    if not request.app.state.writable:
        raise HTTPException(403, "this server is read-only; start it with --writable to record overrides")


def _rebuild(store) -> int:
    from ..resolve import rebuild
    return rebuild(store)
