r"""Which trigger expressions can match a text, told from the starts of its words: an exact pre-test.

Python's re tries every alternative of every trigger expression at every word of a sentence, yet a
sentence can match only one or two of the two dozen triggers. For each expression, ``heads`` reads off
the parsed expression the lower-cased starts (up to HEAD characters) that every match begins with, when
every way through it starts with \b and plain ASCII characters; ``HeadIndex.candidates(text)`` then
looks the words of a text up in them. An expression no word of the text starts as one of its heads
cannot match the text and need not be run. Where an expression does not tell (a class such as \w or a
wildcard before HEAD characters, no \b before the first letter, a flag change) it has no heads and is
always run: the answers are the same, only sooner. The parse tree is ``re._parser``'s (private, the
same in Python 3.11 and 3.12); a shape this reading does not know also leaves an expression untested.
"""
from __future__ import annotations

import re
from re import _constants as C  # noqa: N812
from re import _parser
from typing import Iterable

HEAD = 8  # characters read: "government forces" is not "government warplanes"; longer adds little
KEY = 3  # heads are indexed by their first KEY characters (a shorter head by all of itself)
# The only non-ASCII characters re.IGNORECASE matches to ASCII ones (İ ı ſ K, found by trying every
# code point against every ASCII letter and digit): a text holding one is not pre-tested.
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
_WORD_START = re.compile(r"\b\w")
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def heads(pattern: str, flags: int = re.I) -> frozenset[str] | None:
    """The lower-cased starts (1 to HEAD characters) one of which begins every match, or None."""
    try:
        found = _seq(list(_parser.parse(pattern, flags)), "", False)
    except Exception:  # noqa: BLE001  (a parse shape this reading does not know: no pre-test)
        return None
    return None if found is None or "" in found else frozenset(found)


class HeadIndex:
    """The heads of a list of expressions, indexed by their first KEY characters."""

    def __init__(self, patterns: Iterable[re.Pattern]):
        self.untested: set[int] = set()  # expressions without heads: always candidates
        self.by_key: dict[str, list[tuple[str, int]]] = {}  # first KEY chars -> (head, expression)
        self.size = 0
        for i, rx in enumerate(patterns):
            self.size += 1
            found = heads(rx.pattern, rx.flags)
            if found is None:
                self.untested.add(i)
            for head in found or ():
                self.by_key.setdefault(head[:KEY], []).append((head, i))

    def candidates(self, text: str) -> set[int]:
        """Indexes of the expressions that may match ``text``: every other one certainly does not."""
        if not text.isascii() and not FOLDS_TO_ASCII.isdisjoint(text):
            return set(range(self.size))
        low, found = text.lower(), set(self.untested)  # same length: İ, the one that grows, is in FOLDS
        for m in _WORD_START.finditer(text):
            start = low[m.start():m.start() + HEAD]
            for k in range(1, KEY + 1):
                for head, i in self.by_key.get(start[:k], ()):
                    if start.startswith(head):
                        found.add(i)
        return found


def _seq(items: list, prefix: str, bounded: bool) -> set[str] | None:
    """Starts of the matches of a sequence of parsed items, after ``prefix``; ``bounded``: a \\b was
    passed before the first character. None: cannot tell."""
    if len(prefix) >= HEAD or not items:
        return {prefix}
    (op, av), rest = items[0], items[1:]
    if op in _ZERO_WIDTH:  # skipping a zero-width test only widens the set
        return _seq(rest, prefix, bounded or (op is C.AT and av is C.AT_BOUNDARY))
    if op is C.SUBPATTERN:  # a group; one that changes flags is not read into
        return _seq(list(av[3]) + rest, prefix, bounded) if not av[1] and not av[2] else ({prefix} if prefix else None)
    if op is C.ATOMIC_GROUP:
        return _seq(list(av) + rest, prefix, bounded)
    if op is C.BRANCH:
        return _union(_seq(list(alt) + rest, prefix, bounded) for alt in av[1])
    if op in _REPEATS:  # k copies for k up to lo + HEAD: more copies add no new start of HEAD characters
        lo, hi, sub = av
        return _union(_seq(list(sub) * k + rest, prefix, bounded) for k in range(lo, min(hi, lo + HEAD) + 1))
    chars = _chars(op, av)
    if not prefix and (chars is None or not bounded or not all(c.isalnum() or c == "_" for c in chars)):
        return None  # no first character, or one that \b does not pin to a word start
    if chars is None:
        return {prefix}  # a class or wildcard: every match still begins with the prefix
    return _union(_seq(rest, prefix + c, bounded) for c in chars)


def _chars(op, av) -> set[str] | None:
    """The lower-cased characters one item matches, when it is an ASCII literal or a small set of them."""
    members = [(C.LITERAL, av)] if op is C.LITERAL else av if op is C.IN else None
    if members is None:
        return None
    out: set[str] = set()
    for kind, val in members:
        if kind is C.LITERAL:
            chars = [chr(val)]
        elif kind is C.RANGE and val[1] - val[0] < 64:
            chars = [chr(x) for x in range(val[0], val[1] + 1)]
        else:
            return None  # NEGATE, CATEGORY (\w, \s...), a wide range
        if not all(c.isascii() for c in chars):
            return None
        out.update(c.lower() for c in chars)
    return out


def _union(parts: Iterable[set[str] | None]) -> set[str] | None:
    out: set[str] = set()
    for part in parts:
        if part is None:
            return None
        out |= part
    return out
