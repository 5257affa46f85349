"""The JSON API (``/api/...``): thin handlers over ``queries`` and ``brief``.

Handlers are plain ``def`` functions, so FastAPI runs them in its thread pool; the one store
connection is shared behind a lock (SQLite in WAL mode: our reads never block ``sitroom run``).
"""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from ..errors import StoreError
from . import queries as Q
from .brief import briefing

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
    return Q.EventFilter(date_from=date_from, date_to=date_to, types=list(type), actor=actor or None,
                         place=place or None, bbox=Q.parse_bbox(bbox), q=q or None)


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


@router.get("/control", summary="Territorial control: places that changed hands, and who held each at a date")
def territorial_control(request: Request, flt: Filter,
                        at: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None) -> dict:
    if not flt.types:  # only territory events can change hands: let SQL skip the rest
        flt.types = list(Q.TERRITORY_TYPES)
    with _db(request) as store:
        return {"at": at, "places": Q.control(Q.find_events(store, flt), at)}


@router.get("/briefing", summary="A Markdown briefing for the filter; every sentence cites outlet and date")
def get_briefing(request: Request, flt: Filter, format: Literal["json", "markdown"] = "json"):
    with _db(request) as store:
        text = briefing(store, flt)
    if format == "markdown":
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
    return {"markdown": text}


class OverrideIn(BaseModel):
    action: Literal["merge", "split"]
    a: str = Field(description="an event id or a mention id")
    b: str | None = Field(default=None, description="merge: the other event or mention")
    note: str | None = Field(default=None, max_length=2000)


@router.get("/overrides", summary="Analyst merge/split decisions recorded so far")
def list_overrides(request: Request) -> dict:
    with _db(request) as store:
        return {"overrides": store.overrides()}


@router.post("/overrides", status_code=201, summary="Record a merge or split (only with --writable)")
def add_override(request: Request, body: OverrideIn) -> dict:
    if not request.app.state.writable:
        raise HTTPException(403, "this server is read-only; start it with --writable to record overrides")
    if body.action == "merge" and not body.b:
        raise HTTPException(422, "merge needs two ids (a and b)")
    with _db(request) as store:
        a, b = _mention_of(store, body.a), _mention_of(store, body.b) if body.b else None
        store.add_override(body.action, a, b, body.note)
        rec = store.overrides()[-1]
    return {"override": rec, "note": "applied at the next resolution (sitroom run)"}


def _mention_of(store, key: str) -> str:
    """Overrides are kept on mentions (event ids change when events merge): an event id -> its first mention."""
    try:
        ev = store.get_event(key)
    except StoreError:
        if store.query("SELECT 1 AS x FROM mentions WHERE mention_id = ?", (key,)):
            return key
        raise
    return ev.mention_ids[0] if ev.mention_ids else key
