"""Arabic words as the matchers see them: folded letters, proclitics peeled off, offsets kept.

Reads: a text (a sentence of ``Document.text``) and spaCy's blank Arabic tokens.
Writes: ``Word`` records, each with its offsets in that text and the stems it may be read as.

Folding removes what Arabic news writes inconsistently and changes lengths while doing it: tatweel,
harakat and the dagger alef are dropped; alef forms fold to ا, alef maqsura to ي, taa marbuta to ه, the
hamza seats و/ي to their letters; Eastern Arabic and Persian digits become ASCII. Offsets therefore
never come from the folded string: each ``Word`` keeps the start and end of its original letters, and
``Word.at(i)`` maps a folded position back (a quote is always the text's own letters).

Proclitics (و ف ب ل ك, their pairs, and لل = ل + ال) are peeled off as alternative readings; the
article ال is never peeled here: a gazetteer name keeps it ("الباب" is not "باب"), and only the lexicon
matcher compares words without their article.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_DROP = set("\u0640\u0670") | {chr(c) for c in range(0x064B, 0x0660)} | {chr(c) for c in range(0x0610, 0x061B)}
_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
         "ی": "ي", "ک": "ك", "ﻻ": "لا"}
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})  # ٠-٩
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})  # ۰-۹ (Persian forms, also in Arabic pages)
# proclitic strings a word may begin with, longest first; "لل" is ل + ال and leaves the article
PROCLITICS = ("ولل", "فلل", "وب", "وك", "ول", "فب", "فل", "فك", "لل", "و", "ف", "ب", "ل", "ك")
# letters, digits and the marks inside Arabic words; not "_", which joins the words of a hashtag
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u0640"
_WORD = re.compile(rf"\d+(?:[,.\u066b\u066c]\d+)*|(?:[^\W\d_]|[{_MARKS}])(?:[^\W_]|[{_MARKS}])*")
ARTICLE = "ال"


def fold_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, its index in ``text``."""
    out, where = [], []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        f = _FOLD.get(ch, ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    return fold_map(text)[0]


def is_arabic(word: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in word)


@dataclass(slots=True)
class Word:
    start: int  # offsets in the text it was read from
    end: int
    text: str  # the original letters
    folded: str
    where: list[int]  # folded index -> original offset

    def at(self, i: int) -> int:
        """Original offset of folded position ``i`` (``len(folded)`` maps to the word's end)."""
        return self.end if i >= len(self.where) else self.start + self.where[i]

    def readings(self) -> list[tuple[int, str]]:
        """(folded length of the proclitic, the rest) for every way to read the word: as it stands
        first, then with each proclitic string it may begin with (the rest keeps 2 letters at least)."""
        return readings(self.folded)


@functools.lru_cache(maxsize=65536)
def readings(folded: str) -> list[tuple[int, str]]:
    out = [(0, folded)]
    for p in PROCLITICS:
        if folded.startswith(p) and len(folded) - len(p) >= 2:
            # لل: ل with the article's alef elided; the rest is read with its article ("للبوكمال" ->
            # "البوكمال") and its span starts after لل
            rest = ARTICLE + folded[len(p):] if p.endswith("لل") else folded[len(p):]
            out.append((len(p), rest))
    return out


def words(text: str, tokens=None) -> list[Word]:
    """The words of ``text``: spaCy's tokens when given (a Span or Doc of the same text, offsets
    relative to its start), else a word pattern; punctuation and spaces are not words."""
    spans = ((t.idx, t.idx + len(t.text)) for t in tokens) if tokens is not None else \
        (m.span() for m in _WORD.finditer(text))
    out = []
    for a, b in spans:
        # a token with punctuation glued on ("2017.", "(الدولة") holds its words inside it
        for m in (_WORD.finditer(text, a, b) if not _WORD.fullmatch(text, a, b) else [None]):
            wa, wb = m.span() if m else (a, b)
            f, where = fold_map(text[wa:wb])
            if f:
                out.append(Word(wa, wb, text[wa:wb], f, where))
    return out


def strip_article(folded: str) -> str:
    """The word without its article (for the lexicon only), keeping 2 letters at least."""
    return folded[2:] if folded.startswith(ARTICLE) and len(folded) >= 4 else folded
