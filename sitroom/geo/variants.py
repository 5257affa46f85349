"""Names the index lacks, read as spelling variants of places in the story's own countries.

Reads: a text's tokens, its candidates and its ``Story`` (the country focus).  Writes: extra
``Candidate`` spans whose places are the places of the story's countries whose folded name is a few
letters away ("Hodeidah" ~ Hodeida, "Graivoron" ~ Grayvoron, "Banibangou" ~ Bani Bangou), each with
the number of edits it took (``Candidate.edits``, which ``resolve.score`` charges for).

Transliterations of one name vary within a country (ou/u, y/i, a final h, a space), so the search is
made only among the places of the story's major countries, never the world: a homonym abroad is no
spelling variant. It is made only for words whose context says a place is meant (a locative word
before them, "in", "near", "the village of"; or an admin word after them, "district", "township"),
which are capitalised, unknown to the index and no common word, title, month or people's name.
"""
from __future__ import annotations

import functools
import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .index import SETTLEMENTS, WorldIndex, common_words
from .names import key
from .recognize import Candidate, Token
from .resolve import DATE_WORDS, LOCATIVE, TITLES, Story, holders

MIN_LETTERS = 6  # shorter names have too many neighbours one letter away ("Hodan", "Hodon", "Rodan")
TWO_EDITS_FROM = 12  # letters from which two edits are allowed ("Chashti Sharif" ~ Chisht-e Sharif;
# not "Rathedaung" ~ Buthedaung, its neighbour township)
MAX_WORDS = 3
KINDS = SETTLEMENTS + ("admin1",)
_PLACE_BEFORE = re.compile(r"\b(?:village|town|city|district|area|locality|commune|township|municipality|"
                           r"county|province|region|neighbou?rhood|suburb|camp)\s+of\s+(?:the\s+)?$", re.I)
_PLACE_AFTER = re.compile(r"\s+(?:village|town|city|district|township|county|province|region|state|governorate|"
                          r"oblast|division|department|commune|municipality|locality|area|camp)\b", re.I)
# A venue named after a place is no place: "Las Herraduras bar in the resort city of Mazatlan".
_VENUE_AFTER = re.compile(r"\s+(?:bar|restaurant|hotel|cafe|club|market|school|college|university|hospital|clinic|"
                          r"mosque|church|stadium|mall|company|group|brigade|battalion|tribe|clan)\b", re.I)
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)\s")


def compact(name_key: str) -> str:
    """A key without its spaces or leading Arabic article: "al tuhita" and "tuhita", "bani bangou"
    and "banibangou" are one name written two ways."""
    return _ARTICLE.sub("", name_key).replace(" ", "")


def variants(text: str, toks: list[Token], cands: list[Candidate], story: Story,
             index: WorldIndex) -> list[Candidate]:
    """Candidates for the cued, unknown names of ``text`` among the places of ``story.major``."""
    countries = sorted(story.major)
    if not countries:
        return []
    taken = {i for c in cands for i in range(c.first, c.last + 1)}
    out = []
    for i, j in _unknown_names(text, toks, taken, story):
        words = text[toks[i].start:toks[j].end]
        found = _nearest(key(words), countries, index)
        held = holders(text, toks[i].start, toks[j].end, cands)
        places = [p for p in found[0] if _confirmed(p, held)] if found else []
        if places:  # "the Koutougou department in Soum province" is not Koudougou, which is elsewhere
            out.append(Candidate(toks[i].start, toks[j].end, words, key(words), places, i, j, found[1]))
    return out


def _confirmed(p, held) -> bool:
    """In every area the text says holds the name, when it says any. Stricter than ``resolve.inside``,
    which keeps a known name unless the text rules it out: a guess must be borne out, so a region
    whose towns GeoNames files under another name (an uncoded ``admin1:BF.soum``) confirms none."""
    return all(p.cc == q.cc and (q.feature == "country" or p.admin1 == q.name) for q in held)


def _unknown_names(text: str, toks: list[Token], taken: set[int], story: Story) -> list[tuple[int, int]]:
    """Token spans (first, last) of capitalised runs no candidate holds, whose context says "a place"."""
    out, i = [], 0
    while i < len(toks):
        if i in taken or not toks[i].capital:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and j + 1 - i < MAX_WORDS and j + 1 not in taken and toks[j + 1].capital \
                and text[toks[j].end:toks[j + 1].start] in (" ", "-"):
            j += 1
        last = j - 1 if j > i and _PLACE_AFTER.fullmatch(" " + toks[j].text) else j  # "Hodeidah Governorate"
        if _cued(text, toks, i, last) and not _VENUE_AFTER.match(text, toks[last].end) and _name_like(text[toks[i].start:toks[last].end], story):
            out.append((i, last))
        i = j + 1
    return out


def _cued(text: str, toks: list[Token], i: int, j: int) -> bool:
    """A lower-case locative word just before ("in", "near"), "the village of" before, or an admin word
    after ("Maiwand district")."""
    prev = toks[i - 1] if i else None
    if prev is not None and not prev.capital and key(prev.text) in LOCATIVE \
            and text[prev.end:toks[i].start].isspace():
        return True
    return bool(_PLACE_BEFORE.search(text[max(0, toks[i].start - 40):toks[i].start])
                or _PLACE_AFTER.match(text, toks[j].end))


def _name_like(words: str, story: Story) -> bool:
    k = key(words)
    return (len(compact(k)) >= MIN_LETTERS and k not in TITLES and k not in DATE_WORDS
            and k not in story.demonyms and common_words().get(k, 0.0) < 3.0
            and not (words.isupper() and len(words) <= 6))  # "UNHCR", "SAC": an acronym, not a misspelling


def _nearest(name_key: str, countries: list[str], index: WorldIndex):
    """(places, edits) of the keys nearest ``name_key`` among the countries' places, or None."""
    keys, edits = _nearest_keys(compact(name_key), tuple(countries), index)
    found = index.lookup_many(keys)
    places = [p for k in keys for p in found.get(k, ()) if p.cc in countries and p.feature in KINDS]
    return (list(dict.fromkeys(places)), edits) if places else None


@functools.lru_cache(maxsize=8192)  # a story's unknown names recur across the stories of one war
def _nearest_keys(q: str, countries: tuple[str, ...], index: WorldIndex) -> tuple[list[str], int]:
    limit = 2 if len(q) >= TWO_EDITS_FROM else 1
    best, keys = limit + 1, []
    for cc in countries:
        table = _country_keys(index, cc)
        for _, d, n in process.extract(q, table[0], scorer=OSA.distance, score_cutoff=limit, limit=20):
            if d < best:
                best, keys = d, []
            if d == best:
                keys.extend(table[1][n])
    return keys, best


@functools.lru_cache(maxsize=16)
def _country_keys(index: WorldIndex, cc: str) -> tuple[list[str], list[list[str]]]:
    """The compact keys of a country's settlements and regions, and the keys each stands for."""
    rows = index.db.execute(
        "SELECT DISTINCT n.key FROM places p JOIN names n ON n.pid = p.pid WHERE p.cc = ? AND p.feature IN (%s)"
        % ",".join("?" * len(KINDS)), (cc, *KINDS))
    by: dict[str, list[str]] = {}
    for (k,) in rows:
        by.setdefault(compact(k), []).append(k)
    return list(by), list(by.values())
