"""Whitespace normalisation that remembers where every character came from.

Only whitespace changes: odd spaces become plain spaces, zero-width characters go,
runs of spaces collapse, lines are stripped and 3+ newlines become one blank line.
Every other character (curly quotes, dashes, letters) is kept verbatim, so a span of
the clean text maps back, through the OffsetMap, to the very words of the original.
"""
from __future__ import annotations

import re

from ..records import OffsetMap

# Horizontal whitespace: tab, the Unicode space separators (Zs) and the C0 separators str.isspace() knows.
SPACES = "\t\x1c-\x1f \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Removed outright: they are invisible and never separate words.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
LINE_BREAK = re.compile("\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")
_RUN = re.compile(f"[{SPACES}{ZERO_WIDTH}]+")
_HAS_SPACE = re.compile(f"[{SPACES}]")
_ODD_SPACE = re.compile(f"[{SPACES}]")
_ZW = re.compile(f"[{ZERO_WIDTH}]")
_WS = re.compile(r"\s+")

Chunk = tuple[str, int]  # clean text, original offset of its first character (contiguous there)


def normalize(text: str, base: int = 0) -> tuple[str, OffsetMap]:
    """Clean text and the map from its offsets to ``base`` + offsets in ``text``."""
    chunks: list[Chunk] = []
    blank = False  # an empty line seen since the last text line
    last_break = 0  # where the previous text line's break sits in the original
    for start, end, brk in _lines(text):
        words = _collapse(text, start, end)
        if not words:
            blank = True
            continue
        if chunks:  # the break before this line: one "\n", or "\n\n" after empty lines
            chunks.append(("\n\n" if blank else "\n", last_break))
        chunks.extend((s, base + p) for s, p in words)
        last_break = base + brk
        blank = False
    return _assemble(chunks)


def _lines(text: str):
    """(start, end, break_offset) for every line; the break offset is where its line break sits."""
    start = 0
    for m in LINE_BREAK.finditer(text):
        yield start, m.start(), m.start()
        start = m.end()
    yield start, len(text), len(text)


def _collapse(text: str, start: int, end: int) -> list[Chunk]:
    """The line's words as contiguous chunks: stripped, zero-width dropped, space runs as one space."""
    out: list[Chunk] = []
    pos = start
    for m in _RUN.finditer(text, start, end):
        if m.start() > pos:
            out.append((text[pos:m.start()], pos))
        if _HAS_SPACE.search(m.group()) and out and m.end() < end:
            out.append((" ", m.start() + _HAS_SPACE.search(m.group()).start()))
        pos = m.end()
    if pos < end:
        out.append((text[pos:end], pos))
    if out and out[-1][0] == " ":
        out.pop()
    return out


def _assemble(chunks: list[Chunk]) -> tuple[str, OffsetMap]:
    """Join the chunks and record an anchor wherever the clean text stops being contiguous in the original."""
    if not chunks:
        return "", OffsetMap([0], [0])
    clean, orig, n = [0], [chunks[0][1]], 0
    expected = chunks[0][1]
    for s, p in chunks:
        if p != expected:
            clean.append(n)
            orig.append(p)
        n += len(s)
        expected = p + len(s)
    return "".join(s for s, _ in chunks), OffsetMap(clean, orig)


def plain_spaces(line: str) -> str:
    """A line with odd spaces made plain and zero-width characters removed (for pattern matching)."""
    return _ZW.sub("", _ODD_SPACE.sub(" ", line))


def squash(text: str) -> str:
    """Text with all whitespace runs as one space and zero-width characters gone (for comparisons)."""
    return _WS.sub(" ", _ZW.sub("", text)).strip()
