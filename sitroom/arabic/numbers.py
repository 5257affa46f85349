"""Counts in Arabic: digits (Eastern or Western), number words and their compounds, duals, vague figures.

Reads: ``text.Word`` lists. Writes: ``Figure`` records (value, qualifier, word span). "خمسة وعشرين"
is 25, "ثلاثة آلاف" 3,000, "قتيلين" the dual of قتيل (2, and the kind it counts), "عشرات" a vague
figure read, as the English lexicon reads "dozens", as a low bound with qualifier "at least".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .lexicon import lexicon, words_table
from .text import Word, fold

_DIGITS = re.compile(r"\d+(?:[,\u066c]\d{3})*")
MULTIPLIERS = {"الف": 1000, "الاف": 1000, "مليون": 1_000_000, "ملايين": 1_000_000, "مئه": 100, "مائه": 100}


@dataclass(frozen=True, slots=True)
class Figure:
    i: int  # first word
    j: int  # one past the last
    value: int
    qualifier: str = "exact"
    kind: str | None = None  # the dual of a casualty noun says what it counts ("قتيلين": killed)
    vague: bool = False


@functools.lru_cache(maxsize=1)
def _numbers() -> dict[str, int]:
    return {fold(k): v for k, v in lexicon()["numbers"].items()}


def _digits(w: Word) -> int | None:
    """"26", "١٢٣", "1,200", and "الـ24" (the article on a figure: "خلال الـ24 ساعة")."""
    m = _DIGITS.fullmatch(w.folded[2:] if w.folded.startswith("ال") else w.folded)
    return int(re.sub(r"[,\u066c]", "", m.group())) if m else None


def _word_number(words: list[Word], i: int) -> tuple[int, int] | None:
    """(value, end) of a number written in words at ``i``: units, teens, "خمسة وعشرين", "ثلاث مئة"."""
    m = words_table("numbers").at(words, i)
    if m is None or m.start != words[i].start:  # a proclitic before a number word: و + number is a sum only inside
        return None
    value, j = m.payload, m.j
    if j < len(words) and value < 10 and words[j].folded.startswith("و"):
        tens = _numbers().get(words[j].folded[1:])
        if tens and tens % 10 == 0 and 20 <= tens <= 90:
            value, j = value + tens, j + 1
    return _scaled(words, value, j)


def _scaled(words: list[Word], value: int, j: int) -> tuple[int, int]:
    if j < len(words) and words[j].folded in MULTIPLIERS and value < 1000:
        return value * MULTIPLIERS[words[j].folded], j + 1
    return value, j


def figure_at(words: list[Word], i: int) -> Figure | None:
    """The figure that starts at word ``i``, if one does (without its qualifier)."""
    w = words[i]
    d = _digits(w)
    if d is not None:
        value, j = _scaled(words, d, i + 1)
        return Figure(i, j, value)
    vague = words_table("vague").at(words, i)
    if vague:
        return Figure(i, vague.j, vague.payload, "at least", vague=True)
    dual = words_table("dual").at(words, i)
    if dual:
        kind, n = dual.payload
        return Figure(i, dual.j, n, kind=kind)
    found = _word_number(words, i)
    return Figure(i, found[1], found[0]) if found else None


def qualifier(words: list[Word], f: Figure) -> str:
    """"أكثر من 300", "26 عنصراً على الأقل", "نحو 50": the words before the figure, or "at least" after it."""
    table = words_table("qualifiers")
    for k in (3, 2, 1):
        if f.i - k >= 0:
            m = table.at(words, f.i - k)
            if m and m.j == f.i:
                return m.payload
    for k in range(f.j, min(len(words), f.j + 3)):
        m = table.at(words, k)
        if m and m.payload == "at least":
            return "at least"
    return f.qualifier


def figures(words: list[Word]) -> list[Figure]:
    out, i = [], 0
    while i < len(words):
        f = figure_at(words, i)
        if f:
            out.append(Figure(f.i, f.j, f.value, qualifier(words, f), f.kind, f.vague))
            i = f.j
        else:
            i += 1
    return out
