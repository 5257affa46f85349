"""Where the article ends: finding the comment thread and page furniture after it.

A marker line alone ("Related Posts", "18 COMMENTS", "Leave a Reply", "follow us on
Twitter") is only a candidate: news prose can contain the same words. We cut at the
earliest candidate whose tail *looks like* a tail: dominated by markers and comment
structure (numbered or bulleted replies, indentation, "Name Avatar" lines, comment
timestamps, captchas, bare links) rather than by article paragraphs, both over the
whole tail and in the few lines right after the candidate. The lexicon is data:
``sitroom/data/ingest/tail_markers.json``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .textclean import plain_spaces

WINDOW = 4  # lines right after a candidate that must not be article prose
MIN_TAIL_SHARE = 0.5  # evidence share over the whole tail
PROSE_WORDS = 6  # a flush-left line this long that is not a list item reads as prose


@dataclass(frozen=True)
class Lexicon:
    markers: tuple[tuple[str, re.Pattern], ...]
    strong: tuple[re.Pattern, ...]
    weak: tuple[re.Pattern, ...]
    max_words: int


@dataclass(frozen=True)
class Line:
    start: int  # offset of the line in the text
    text: str  # stripped, odd spaces made plain
    indent: int  # leading whitespace width in the source


@dataclass(frozen=True)
class Tail:
    start: int  # offset in the text where the tail begins
    reason: str  # comment-tail | page-furniture


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads((resources.files("sitroom.data") / "ingest" / "tail_markers.json").read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    markers = tuple((m["kind"], re.compile(m["pattern"], flags)) for m in raw["markers"])
    strong = tuple(re.compile(p, flags) for p in raw["structure"]["strong"])
    weak = tuple(re.compile(p, flags) for p in raw["structure"]["weak"])
    return Lexicon(markers, strong, weak, raw["max_words"])


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their offsets and indentation."""
    out, start = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = plain_spaces(body).strip()
        if stripped:
            indent = len(body) - len(body.lstrip())
            out.append(Line(start, " ".join(stripped.split()), indent))
        start += len(raw)
    return out


def marker_kind(line: Line) -> str | None:
    lex = lexicon()
    if len(line.text.split()) > lex.max_words:
        return None
    return next((kind for kind, pat in lex.markers if pat.search(line.text)), None)


def evidence(line: Line) -> float:
    """How much a line looks like tail material: >0 tail, <0 article prose, 0 neutral."""
    lex = lexicon()
    if marker_kind(line) or any(p.search(line.text) for p in lex.strong):
        return 2.0
    if line.indent >= 2 or any(p.search(line.text) for p in lex.weak):
        return 1.0
    return -1.0 if len(line.text.split()) >= PROSE_WORDS else 0.0


def _looks_like_tail(scores: list[float]) -> bool:
    window = [s for s in scores[1:WINDOW + 1]]
    if sum(1 for s in window if s < 0) > len(window) / 2:
        return False  # article paragraphs resume right after the candidate
    pro = sum(s for s in scores if s > 0)
    con = sum(-s for s in scores if s < 0)
    return pro / (pro + con) >= MIN_TAIL_SHARE


def find_tail(text: str) -> Tail | None:
    """The earliest marker after which the text is page tail, or None when the article runs to the end."""
    lines = split_lines(text)
    scores = [evidence(ln) for ln in lines]
    for i, line in enumerate(lines):
        if i == 0 or not marker_kind(line) and not _strong(line):
            continue
        if _looks_like_tail(scores[i:]):
            first = _thread_start(lines, scores, i)
            return Tail(lines[first].start, _reason(lines[first:]))
    return None


def _strong(line: Line) -> bool:
    return any(p.search(line.text) for p in lexicon().strong)


def _thread_start(lines: list[Line], scores: list[float], i: int) -> int:
    """Step back over a comment's own first lines (its number, the author's name) before a timestamp."""
    if marker_kind(lines[i]):
        return i
    while i > 1 and lines[i - 1].indent >= 2 and scores[i - 1] > 0 and len(lines[i - 1].text.split()) <= 4:
        i -= 1
    return i


def _reason(tail: list[Line]) -> str:
    """comment-tail when the tail holds a comment header, a comment-only line shape, or a numbered thread."""
    kinds = {marker_kind(ln) for ln in tail}
    numbered = sum(1 for ln in tail if _NUMBERED.match(ln.text) and ln.indent >= 2)
    return "comment-tail" if "comment" in kinds or numbered >= 2 or any(map(_strong, tail)) else "page-furniture"


_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")
