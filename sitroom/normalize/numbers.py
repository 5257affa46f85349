"""Counts in news text: "38", "1,285", "1.2 million", "twenty-five", "a hundred and twenty",
"a dozen", "dozens", with the qualifier in front of them ("at least", "more than", "nearly"...).

The words live in ``sitroom/data/lexicon/numbers.json``. Vague quantities get deliberately low
figures there ("dozens" -> 24, "several" -> 3, "hundreds" -> 200): a casualty claim read from them is a
floor, so they come back with qualifier "at least" unless the text states its own.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

QUALIFIERS = ("exact", "at least", "more than", "about", "up to")

# Digits with optional grouping or decimals, words (apostrophes kept), and the hyphen of "twenty-five".
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:['’][A-Za-z]+)?|-")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


@dataclass(frozen=True, slots=True)
class Count:
    """One count found in a text: value, qualifier and where it lies (qualifier included)."""

    value: int
    qualifier: str
    start: int
    end: int
    vague: bool
    text: str
    num_start: int  # where the number itself starts (after the qualifier)


@dataclass(frozen=True, slots=True)
class _Lex:
    units: dict
    tens: dict
    scales: dict
    fractions: dict
    vague: dict  # token tuple -> value
    multipliers: dict
    qualifiers: dict  # token tuple -> qualifier
    dozen: int


@lru_cache(maxsize=1)
def lexicon() -> _Lex:
    raw = json.loads(resources.files("sitroom.data").joinpath("lexicon/numbers.json").read_text("utf-8"))
    split = lambda d: {tuple(_TOKEN.findall(k.lower())): v for k, v in d.items()}  # noqa: E731
    return _Lex(raw["units"], raw["tens"], raw["scales"], raw["fractions"], split(raw["vague"]),
                split(raw["vague_multipliers"]), split(raw["qualifiers"]), raw["dozen"])


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=8)
def _firsts(table_id: int) -> frozenset:
    return frozenset(k[0] for k in _TABLES[table_id])


_TABLES: dict[int, dict] = {}


def _longest(table: dict, toks: list, j: int) -> tuple[object, int] | None:
    """The longest multi-word key of `table` starting at token j: (value, index after it)."""
    _TABLES.setdefault(id(table), table)
    if toks[j][0] not in _firsts(id(table)):  # most words start no key: skip the slicing
        return None
    for size in (4, 3, 2, 1):
        key = tuple(t[0] for t in toks[j:j + size])
        if len(key) == size and key in table:
            return table[key], j + size
    return None


def _digits(toks: list, j: int) -> tuple[int, int] | None:
    """'38', '1,285', '1285', '1.2 million', '5 thousand' -> (value, index after)."""
    tok = toks[j][0]
    if not tok[0].isdigit():
        return None
    if _GROUPED.fullmatch(tok):
        num = float(tok.replace(",", ""))
    elif "," in tok:
        return None  # "3,4": a list, not a number
    else:
        try:
            num = float(tok)
        except ValueError:  # "1.2.3"
            return None
    k = j + 1
    if k < len(toks) and toks[k][0] in lexicon().scales:
        num, k = num * lexicon().scales[toks[k][0]], k + 1
    if num != int(num):
        return None  # "3.5 km": not a count of people
    return int(num), k


def _fraction(toks: list, j: int) -> tuple[int, int] | None:
    """'a quarter of a million', 'half a million', 'a half million'."""
    lex, w = lexicon(), [t[0] for t in toks[j:j + 5]] + [""] * 5
    if w[0] in ("a", "one") and w[1] in lex.fractions:
        if w[2] == "of" and w[3] in ("a", "an") and w[4] in lex.scales:
            return round(lex.fractions[w[1]] * lex.scales[w[4]]), j + 5
        if w[2] in lex.scales:
            return round(lex.fractions[w[1]] * lex.scales[w[2]]), j + 3
    if w[0] == "half" and w[1] in ("a", "an") and w[2] in lex.scales:
        return round(0.5 * lex.scales[w[2]]), j + 3
    return None


def _word_step(w: str, nxt: str, state: list) -> bool:
    """Consume one number word into state = [total, current, last, last_scale]; False stops the phrase."""
    lex = lexicon()
    total, cur, last, last_scale = state
    if w in lex.units:
        v = lex.units[w]
        if last in ("unit", "teen") or (last == "tens" and v >= 10):
            return False
        state[1], state[2] = cur + v, "teen" if v >= 10 else "unit"
    elif w in lex.tens:
        if last in ("unit", "teen", "tens"):
            return False
        state[1], state[2] = cur + lex.tens[w], "tens"
    elif w == "hundred":
        if last not in ("unit", "teen", "tens", "a") or cur >= 100:
            return False
        state[1], state[2] = cur * 100, "hundred"
    elif w in lex.scales:
        scale = lex.scales[w]
        if last in (None, "scale") or scale >= last_scale:
            return False
        state[:] = [total + cur * scale, 0, "scale", scale]
    elif w == "dozen" and last in ("unit", "teen", "tens", "a"):
        state[1], state[2] = cur * lex.dozen, "dozen"
    elif w == "and" and last in ("hundred", "scale") and (nxt in lex.units or nxt in lex.tens):
        state[2] = last + "-and"
    elif w == "-" and last == "tens" and nxt in lex.units and lex.units[nxt] < 10:
        state[2] = "tens-"
    else:
        return False
    return True


def _words(toks: list, j: int) -> tuple[int, int] | None:
    """'twenty-five', 'a hundred and twenty', 'two million three hundred thousand', 'a dozen'."""
    lex = lexicon()
    state: list = [0, 0, None, 10 ** 12]
    k = j
    if toks[j][0] in ("a", "an") and j + 1 < len(toks) and (toks[j + 1][0] in lex.scales or toks[j + 1][0] == "dozen"):
        state, k = [0, 1, "a", 10 ** 12], j + 1
    end = None
    while k < len(toks):
        nxt = toks[k + 1][0] if k + 1 < len(toks) else ""
        if not _word_step(toks[k][0], nxt, state):
            break
        k += 1
        if not state[2].endswith(("-and", "-")):
            end = k
    if end is None or state[2] == "a":
        return None
    total, cur = state[0], state[1]
    return total + cur, end


def _vague(toks: list, j: int) -> tuple[int, int] | None:
    """'dozens', 'hundreds of thousands', 'several hundred', 'a few dozen'."""
    lex = lexicon()
    mult = _longest(lex.multipliers, toks, j)
    if mult and mult[1] < len(toks):
        unit = toks[mult[1]][0]
        if unit in lex.scales or unit == "dozen":
            size = lex.scales.get(unit, lex.dozen)
            return mult[0] * size, mult[1] + 1
    return _longest(lex.vague, toks, j)


@lru_cache(maxsize=1)
def _starters() -> frozenset:
    """Words that can begin a number phrase."""
    lex = lexicon()
    return frozenset({*lex.units, *lex.tens, *lex.fractions, "a", "an", "one", "half"}
                     | {k[0] for k in lex.vague} | {k[0] for k in lex.multipliers})


def _number_at(toks: list, j: int) -> tuple[int, int, bool] | None:
    if not toks[j][0][0].isdigit() and toks[j][0] not in _starters():
        return None
    for reader, vague in ((_digits, False), (_fraction, False), (_vague, True), (_words, False)):
        hit = reader(toks, j)
        if hit:
            return hit[0], hit[1], vague
    return None


def find_counts(text: str) -> list[Count]:
    """Every count in `text`, left to right, with its qualifier and character span."""
    toks, out, i = _tokens(text), [], 0
    while i < len(toks):
        qual = _longest(lexicon().qualifiers, toks, i)
        j = qual[1] if qual else i
        hit = _number_at(toks, j) if j < len(toks) else None
        if hit is None and qual:
            j, hit, qual = i, _number_at(toks, i), None
        if hit is None:
            i += 1
            continue
        value, end, vague = hit
        q = qual[0] if qual else ("at least" if vague else "exact")
        a, b = toks[i][1] if qual else toks[j][1], toks[end - 1][2]
        out.append(Count(value, q, a, b, vague, text[a:b], toks[j][1]))
        i = end
    return out


def parse_count(text: str) -> tuple[int, str] | None:
    """(value, qualifier) when the whole of `text` is one count phrase, else None.

    >>> parse_count("at least 38")
    (38, 'at least')
    >>> parse_count("dozens")
    (24, 'at least')
    """
    body = text.strip().rstrip(".,;:!?")
    counts = find_counts(body)
    if len(counts) != 1 or counts[0].start != 0 or counts[0].end != len(body):
        return None
    return counts[0].value, counts[0].qualifier
