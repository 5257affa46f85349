"""The situation-room web app: ``create_app(db_url)`` -> a FastAPI app serving the API and one page.

Everything the page needs (Leaflet, the Natural Earth basemap, our JS/CSS) is served from
``static/``, so the room works with no internet. A strict Content-Security-Policy is the second
line of defence behind escaping: article text is hostile, and even a slip in escaping cannot run
an inline script or load anything from elsewhere.

Only requests whose ``Host`` is a loopback name or a host the operator configured are answered
(400 otherwise): a DNS-rebinding page cannot reach a server bound to 127.0.0.1 under a name of its own.
The database must exist (E303): serving never creates one.
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
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class SharedStore:
    """One store connection, used by one request at a time."""

    def __init__(self, url: str):
        self.store = open_store(url, create=False)
        self.lock = threading.Lock()

    def __enter__(self):
        self.lock.acquire()
        return self.store

    def __exit__(self, *exc) -> None:
        self.lock.release()


def create_app(db_url: str | None = None, writable: bool = False, tile_url: str | None = None,
               hosts: list[str] | tuple[str, ...] = (), lock_wait: float = 30.0) -> FastAPI:
    """The app over the store at ``db_url``; read-only unless ``writable`` (then overrides can be POSTed).
    ``hosts``: names besides the loopback ones that the ``Host`` header may carry (the configured host)."""
    app = FastAPI(title="sitroom situation room", version="1",
                  description="Conflict events with their reports, quotes and casualty claims. See docs/api.md.",
                  # Swagger UI would load its JS from a CDN: the schema stays at /openapi.json instead.
                  docs_url=None, redoc_url=None)
    app.state.db = SharedStore(db_url)
    app.state.writable = writable
    app.state.tile_url = tile_url
    app.state.lock_wait = lock_wait  # an override waits this long for a running `sitroom run`, then 409
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_pages(app)
    _add_errors(app)
    _add_headers(app, tile_url)
    _add_host_check(app, trusted_hosts(hosts))
    return app


def _add_host_check(app: FastAPI, allowed: list[str]) -> None:
    names = set(allowed)

    @app.middleware("http")
    async def trusted_host(request: Request, call_next):
        if host_name(request.headers.get("host", "")) not in names:
            return JSONResponse({"code": "E202", "detail": "untrusted Host header"}, status_code=400)
        return await call_next(request)


def host_name(header: str) -> str:
    """The name in a Host header, without its port: "[::1]:8000" -> "::1", "LocalHost:80" -> "localhost";
    "" for anything malformed ("[::1].evil", a port that is not a number), which no trusted name equals."""
    header = header.strip().lower()
    if header.startswith("["):
        name, bracket, rest = header[1:].partition("]")
        return name if bracket and _port_ok(rest) else ""
    if header.count(":") > 1:  # a bare IPv6 address (no port is possible without brackets)
        return header
    name, colon, port = header.partition(":")
    return name if not colon or port.isdigit() else ""


def _port_ok(rest: str) -> bool:
    return rest == "" or (rest.startswith(":") and rest[1:].isdigit())


def trusted_hosts(extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Loopback names and the configured ones; a wildcard-everything entry is refused."""
    names = [h.strip().lower() for h in extra if h and h.strip()]
    if "*" in names:
        raise ConfigError("E200", "a trusted host of '*' would answer any Host header (DNS rebinding)")
    return list(dict.fromkeys([*LOOPBACK_HOSTS, *names]))


def _add_pages(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def _add_errors(app: FastAPI) -> None:
    @app.exception_handler(StoreError)
    def not_found(request: Request, exc: StoreError) -> JSONResponse:
        status = {"E302": 404, "E304": 409}.get(exc.code, 500)  # E304: a run holds the writer lock
        return JSONResponse({"code": exc.code, "detail": str(exc)}, status_code=status)

    @app.exception_handler(ConfigError)
    def bad_request(request: Request, exc: ConfigError) -> JSONResponse:
        status = 422 if exc.code == "E204" else 400  # an invalid override is well-formed but refused
        return JSONResponse({"code": exc.code, "detail": str(exc)}, status_code=status)


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
