"""Features of a clause for the linear typer: hashed words, word pairs and word stems.

Hashing (CRC-32, stable across Python runs and machines) keeps the model a fixed-size weight matrix
with no vocabulary to ship; collisions among 2**18 buckets cost little at this data size. Numbers
become one token ("killed 12" and "killed 300" read alike); stems (a word's first five letters)
carry what a word's endings change ("shelled", "shelling").
"""
from __future__ import annotations

import re
import zlib

DIM = 1 << 18
_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end): lower-cased words and numbers ("0"), with their spans in ``text``."""
    return [("0" if m.group()[0].isdigit() else m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text.lower())]


def feature_names(toks: list[str]) -> list[str]:
    """Words, stems of long words, and adjacent pairs (with sentence edges)."""
    out = [f"w:{t}" for t in toks]
    out += [f"s:{t[:5]}" for t in toks if len(t) > 6]
    padded = ["<s>", *toks, "</s>"]
    out += [f"b:{a} {b}" for a, b in zip(padded, padded[1:])]
    return out


def bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) & (DIM - 1)


def hashed(text: str) -> list[int]:
    """The feature buckets of ``text`` (a bucket may repeat: counts matter)."""
    return [bucket(f) for f in feature_names([t for t, _, _ in tokens(text)])]
