"""Phrases of the Arabic lexicons and catalogues found in a run of words, clitics and suffixes allowed.

A phrase is written as Arabic news writes it ("عبوة ناسفة", "قوات النظام"); a word ending in ``*``
is a stem that takes suffixes ("اشتباك*" finds اشتباكات, "قتل*" finds قتلوا). The first word of a
match may carry a proclitic (و ف ب ل ك, لل); the words after it are compared whole, as folded.

Two tables differ only in the article: names (places, actors) keep it and must be matched with it,
since "الباب" (al-Bab) is not "باب" (a door); the lexicon of triggers and casualty words compares
words without it ("الغارات" and "غارات" are the same trigger).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .text import Word, fold, strip_article

MAX_SUFFIX = 5  # letters a starred stem may take: ات, ون, وا, هم, تها, تهم ...


@dataclass(frozen=True, slots=True)
class Match:
    i: int  # first word (index into the words)
    j: int  # one past the last word
    start: int  # offsets in the text: after the proclitic, to the end of the last word
    end: int
    payload: Any
    phrase: str


class PhraseTable:
    """Phrase -> payload, matched word by word; ``article=False`` compares words without ال."""

    def __init__(self, entries: Iterable[tuple[str, Any]], article: bool = True):
        self.article = article
        self.exact: dict[str, list[tuple[tuple, Any, str]]] = {}
        self.prefix: dict[str, list[tuple[tuple, Any, str]]] = {}
        for phrase, payload in entries:
            toks = tuple(self._pattern(t) for t in phrase.split())
            if not toks:
                continue
            head, star = toks[0]
            (self.prefix if star else self.exact).setdefault(head, []).append((toks, payload, phrase))

    def _pattern(self, token: str) -> tuple[str, bool]:
        star = token.endswith("*")
        return self._norm(fold(token.rstrip("*"))), star

    def _norm(self, folded: str) -> str:
        return folded if self.article else strip_article(folded)

    def _word_ok(self, folded: str, pat: tuple[str, bool]) -> bool:
        f = self._norm(folded)
        stem, star = pat
        return f == stem or star and f.startswith(stem) and len(f) - len(stem) <= MAX_SUFFIX

    def _heads(self, reading: str) -> list[tuple[tuple, Any, str]]:
        r = self._norm(reading)
        found = self.exact.get(r, [])
        if not self.prefix:
            return found
        found = list(found)
        for k in range(max(2, len(r) - MAX_SUFFIX), len(r) + 1):  # a stem leaves at most MAX_SUFFIX letters
            found += self.prefix.get(r[:k], ())
        return found

    def all_at(self, words: list[Word], i: int) -> list[Match]:
        """Every phrase starting at word ``i``, longest first (for a caller that may refuse the longest)."""
        out = {}
        for cut, reading in words[i].readings():
            for toks, payload, phrase in self._heads(reading):
                n = len(toks)
                if i + n <= len(words) and all(self._word_ok(words[i + k].folded, toks[k]) for k in range(1, n)):
                    m = Match(i, i + n, words[i].at(cut), words[i + n - 1].end, payload, phrase)
                    out.setdefault((n, phrase), (cut, m))
        return [m for _, (_, m) in sorted(out.items(), key=lambda kv: (-kv[0][0], kv[1][0]))]

    def at(self, words: list[Word], i: int) -> Match | None:
        """The longest phrase starting at word ``i`` (under any reading of its proclitics)."""
        best, best_cut = None, 0
        for cut, reading in words[i].readings():
            for toks, payload, phrase in self._heads(reading):
                n = len(toks)
                if i + n > len(words) or not all(self._word_ok(words[i + k].folded, toks[k]) for k in range(1, n)):
                    continue
                # the longer phrase wins; of two as long, the reading with less peeled off
                if best is None or n > best.j - best.i or n == best.j - best.i and cut < best_cut:
                    best, best_cut = Match(i, i + n, words[i].at(cut), words[i + n - 1].end, payload, phrase), cut
        return best

    def find(self, words: list[Word]) -> list[Match]:
        """Non-overlapping matches, left to right, the longest at each word."""
        out, i = [], 0
        while i < len(words):
            m = self.at(words, i)
            if m:
                out.append(m)
                i = m.j
            else:
                i += 1
        return out
