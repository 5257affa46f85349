"""Exports: a registry of writers (plugins add theirs through the ``sitroom.exporters`` entry point).

Every writer takes events (any iterable, read once: the built-in ones stream, so an export of a large
database holds one event at a time) and a path and returns the path written. ``to_exchange`` is the JSON
exchange format of EVENTS.md, from which the other formats are derived.

``export`` writes to a temporary file beside the target and renames it into place, so a crash never
leaves half a file; and it refuses (E203) to replace a non-empty file with an export of no events
unless ``force``: an empty or wrong database must not silently wipe an analyst's good ``events.csv``.
"""
from __future__ import annotations

import itertools
import os
from importlib.metadata import entry_points
from pathlib import Path
from typing import Callable, Iterable

from ..errors import ConfigError
from ..records import Event

Writer = Callable[[Iterable[Event], Path], Path]  # a writer consumes the events once, as they come
_REGISTRY: dict[str, Writer] = {}


def register(name: str) -> Callable[[Writer], Writer]:
    def deco(fn: Writer) -> Writer:
        _REGISTRY[name] = fn
        return fn
    return deco


def formats() -> list[str]:
    _load()
    return sorted(_REGISTRY)


def _load() -> None:
    from . import writers  # noqa: F401  (registers json, csv, geojson, parquet)
    for ep in entry_points(group="sitroom.exporters"):
        if ep.name not in _REGISTRY:
            _REGISTRY[ep.name] = ep.load()


def export(events: Iterable[Event], fmt: str, path: str | Path, force: bool = False) -> Path:
    """Write ``events`` as ``fmt`` at ``path`` atomically; E203 rather than empty a non-empty file."""
    _load()
    if fmt not in _REGISTRY:
        raise ConfigError("E201", f"export format {fmt!r}; known: {', '.join(sorted(_REGISTRY))}")
    path, it = Path(path), iter(events)
    first = next(it, None)  # streamed: only the first event is looked at before writing
    if first is None and not force and path.is_file() and path.stat().st_size > 0:
        raise ConfigError("E203", f"{path} holds {path.stat().st_size} bytes and the database has no events")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        _REGISTRY[fmt](itertools.chain([first], it) if first is not None else iter(()), tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_run_outputs(events: Iterable[Event] | Callable[[], Iterable[Event]], out_dir: Path) -> list[Path]:
    """What `sitroom run --out DIR` leaves: events.json (exchange format) and events.csv (ACLED columns).
    A run's outputs mirror its database, so they may replace older files (force). ``events`` may be a
    function giving a fresh stream for each file (``store.iter_events``), so no file needs all in memory."""
    out_dir = Path(out_dir)
    source = events if callable(events) else (lambda: events)
    return [export(source(), "json", out_dir / "events.json", force=True),
            export(source(), "csv", out_dir / "events.csv", force=True)]


__all__ = ["register", "export", "formats", "write_run_outputs"]
