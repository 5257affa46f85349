"""Exports: a registry of writers (plugins add theirs through the ``sitroom.exporters`` entry point).

Every writer takes events and a path and returns the path written. ``to_exchange`` is the JSON
exchange format of EVENTS.md, from which the other formats are derived.
"""
from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Callable, Iterable

from ..errors import ConfigError
from ..records import Event

Writer = Callable[[list[Event], Path], Path]
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


def export(events: Iterable[Event], fmt: str, path: str | Path) -> Path:
    _load()
    if fmt not in _REGISTRY:
        raise ConfigError("E201", f"export format {fmt!r}; known: {', '.join(sorted(_REGISTRY))}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _REGISTRY[fmt](list(events), path)


def write_run_outputs(events: list[Event], out_dir: Path) -> list[Path]:
    """What `sitroom run --out DIR` leaves: events.json (exchange format) and events.csv (ACLED columns)."""
    out_dir = Path(out_dir)
    return [export(events, "json", out_dir / "events.json"), export(events, "csv", out_dir / "events.csv")]


__all__ = ["register", "export", "formats", "write_run_outputs"]
