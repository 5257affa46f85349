"""The situation-room web app: ``create_app(db_url)`` -> a FastAPI app serving the API and one page.

Everything the page needs (Leaflet, the Natural Earth basemap, our JS/CSS) is served from
``static/``, so the room works with no internet. A strict Content-Security-Policy is the second
line of defence behind escaping: article text is hostile, and even a slip in escaping cannot run
an inline script or load anything from elsewhere.
"""
from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from ..errors import ConfigError, StoreError
from ..store import open_store
from .api import router

STATIC = Path(str(resources.files("sitroom.web") / "static"))


class SharedStore:
    """One store connection, used by one request at a time."""

    def __init__(self, url: str):
        self.store = open_store(url)
        self.lock = threading.Lock()

    def __enter__(self):
        self.lock.acquire()
        return self.store

    def __exit__(self, *exc) -> None:
        self.lock.release()


def create_app(db_url: str | None = None, writable: bool = False, tile_url: str | None = None) -> FastAPI:
    """The app over the store at ``db_url``; read-only unless ``writable`` (then overrides can be POSTed)."""
    app = FastAPI(title="sitroom situation room", version="1",
                  description="Conflict events with their reports, quotes and casualty claims. See docs/api.md.",
                  # Swagger UI would load its JS from a CDN: the schema stays at /openapi.json instead.
                  docs_url=None, redoc_url=None)
    app.state.db = SharedStore(db_url)
    app.state.writable = writable
    app.state.tile_url = tile_url
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_pages(app)
    _add_errors(app)
    _add_headers(app, tile_url)
    return app


def _add_pages(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def _add_errors(app: FastAPI) -> None:
    @app.exception_handler(StoreError)
    def not_found(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"code": exc.code, "detail": str(exc)}, status_code=404 if exc.code == "E302" else 500)

    @app.exception_handler(ConfigError)
    def bad_request(request: Request, exc: ConfigError) -> JSONResponse:
        return JSONResponse({"code": exc.code, "detail": str(exc)}, status_code=400)


def content_security_policy(tile_url: str | None) -> str:
    img = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        host = urlsplit(tile_url).netloc.replace("{s}", "*")
        img += f" {parts.scheme}://{host}"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def _add_headers(app: FastAPI, tile_url: str | None) -> None:
    csp = content_security_policy(tile_url)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        resp = await call_next(request)
        resp.headers["Content-Security-Policy"] = csp
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        return resp
