"""Name keys for the world gazetteer: one folded form that a name and the words naming it share.

"Côte d'Ivoire", "Cote D'Ivoire" and "COTE D’IVOIRE" share ``cote divoire``; "St. Louis" and
"Saint Louis" share ``saint louis``; "U.S." and "US" share ``us``. Case is not part of the key:
whether a capitalised word may be a place at all is the recogniser's question, not the index's.
"""
from __future__ import annotations

import functools
import re
import unicodedata

_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bb\u02bc\u02bf\u02be\u0060\u00b4]")
_DOTS = re.compile(r"(?<=\b\w)\.")  # the dots of an abbreviation: "U.S." -> "US"
_NON_WORD = re.compile(r"[^\w]+")
# Abbreviations of name words, so that either spelling finds the place.
_WORDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "port"}


@functools.lru_cache(maxsize=262_144)
def key(name: str) -> str:
    """The folded lookup key of a name: no case, diacritics, apostrophes, dots or hyphens."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _DOTS.sub("", _APOSTROPHES.sub("", text)).lower()
    words = [w for w in _NON_WORD.split(text.replace("_", " ")) if w]
    return " ".join(_WORDS.get(w, w) for w in words)


def latin(name: str) -> bool:
    """A name in Latin letters (the only script an English text names places in)."""
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") or not c.isalpha() for c in name)
