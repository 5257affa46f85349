"""Storage: ``open_store(url)`` picks a backend from the URL.

- a file path or ``sqlite:///path`` -> embedded SQLite (the default)
- ``postgresql://...`` -> PostgreSQL (for shared deployments)
"""
from __future__ import annotations

from ..errors import StoreError
from .base import Store

DEFAULT_DB = "sitroom.db"


def open_store(url: str | None = None, create: bool = True) -> Store:
    """The store at ``url``. ``create=False`` (every read command): an SQLite file that does not
    exist is E303 instead of a new empty database; a PostgreSQL database must exist anyway."""
    url = url or DEFAULT_DB
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from .postgres import connect as pg_connect
        except ImportError as e:  # the backend module is optional until issue 6 lands
            raise StoreError("E301", f"{url}: {e}") from e
        return pg_connect(url)
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):]
    elif "://" in url:
        raise StoreError("E301", url)
    from .sqlite import connect
    return connect(url, create=create)


__all__ = ["open_store", "Store", "DEFAULT_DB"]
