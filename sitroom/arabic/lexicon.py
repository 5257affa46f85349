"""The Arabic lexicon (``data/lexicon/ar.json``) and the phrase tables compiled from it, once per process."""
from __future__ import annotations

import functools
import json
from importlib import resources

from .matcher import PhraseTable


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads(resources.files("sitroom.data").joinpath("lexicon/ar.json").read_text("utf-8"))


@functools.lru_cache(maxsize=64)
def words_table(key: str) -> PhraseTable:
    """A list or dict of the lexicon as a table (a dict's values are the payloads), without articles."""
    entry = lexicon()[key]
    items = entry.items() if isinstance(entry, dict) else ((p, p) for p in entry)
    return PhraseTable(items, article=False)


@functools.lru_cache(maxsize=1)
def triggers() -> PhraseTable:
    return PhraseTable(((p, spec) for spec in lexicon()["triggers"] for p in spec["phrases"]), article=False)


@functools.lru_cache(maxsize=1)
def casualties() -> PhraseTable:
    return PhraseTable(((p, kind) for kind, ps in lexicon()["casualties"].items() for p in ps), article=False)
