"""Configuration: the commented defaults in ``default.toml``, overlaid by a user file."""
from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from importlib import resources
from pathlib import Path

from .errors import ConfigError


def default_config() -> dict:
    text = (resources.files("sitroom") / "default.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_config(path: str | None = None, overrides: dict | None = None) -> dict:
    """The defaults, overlaid by a TOML file and then by a dict of overrides (section -> keys)."""
    cfg = default_config()
    if path:
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError("E200", f"{path}: {e}") from e
        _overlay(cfg, user)
    _overlay(cfg, overrides or {})
    return cfg


def _overlay(base: dict, extra: dict) -> None:
    for section, values in extra.items():
        if not isinstance(values, dict):
            raise ConfigError("E200", f"[{section}] must be a table")
        base.setdefault(section, {}).update(copy.deepcopy(values))


def config_hash(cfg: dict) -> str:
    """A short stable digest: workers cache one pipeline per distinct configuration."""
    return hashlib.sha1(json.dumps(cfg, sort_keys=True).encode()).hexdigest()[:12]
