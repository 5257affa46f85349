"""Finding place names in text: capitalised word runs looked up in the world index.

Reads: text.  Writes: ``Candidate`` spans, each with every place its words may name.

No statistical NER runs here: a name is a candidate when its words, capitalised as names are, are a
key of the world index. Whether a candidate is a place at all (not "May", "Police" or Hillary
Clinton) is decided by ``resolve.recognised`` with the story's context, because the same words are a
place in one story and a person in another.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .index import GeoPlace, WorldIndex
from .names import key

# A word: letters with inner apostrophes or hyphens ("D'Ivoire", "Guinea-Bissau"), or an
# abbreviation with dots ("U.S.", "D.R.C.").
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Lower-case words that may stand inside a place name between capitalised ones.
# "d'Ivoire", "l'Aquila": an elided article before a capital is part of the name; so is the Arabic
# article, in its assimilated spellings too ("al-Jib", "ash-Shaddadi", "ad-Dawr")
_ELISION = re.compile(r"^(?:[dl]['’]|(?:al|el|ad|ar|as|ash|at|az|an|ath|adh|ud|ul)-)[A-Z]")
CONNECTORS = frozenset("of and the de del della da do dos das el al la le les upon on y di du van der den".split())
MAX_WORDS = 6


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    capital: bool  # written as a name is: its first letter upper case


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    text: str
    key: str
    places: list[GeoPlace]
    first: int  # index of its first token
    last: int
    edits: int = 0  # letters changed to find it: a spelling variant of an indexed name (geo.variants)


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), w, w[:1].isupper() or _ELISION.match(w) is not None)
            for m in _TOKEN.finditer(text) for w in (m.group(),)]


def runs(text: str, toks: list[Token]) -> list[list[int]]:
    """Indexes of consecutive capitalised tokens (connectors allowed inside), on one line."""
    out: list[list[int]] = []
    cur: list[int] = []
    for i, t in enumerate(toks):
        if cur and _joined(text, toks[cur[-1]], t) and (t.capital or t.text in CONNECTORS):
            cur.append(i)
            continue
        if cur:
            out.append(_trim(cur, toks))
        cur = [i] if t.capital else []
    if cur:
        out.append(_trim(cur, toks))
    return out


def _joined(text: str, a: Token, b: Token) -> bool:
    """Two tokens of one name: only spaces between them (no comma, full stop or line break)."""
    gap = text[a.end:b.start]
    return 0 < len(gap) <= 2 and gap.strip() == "" and "\n" not in gap


def _trim(run: list[int], toks: list[Token]) -> list[int]:
    while run and not toks[run[-1]].capital:
        run = run[:-1]
    return run


def _span_keys(text: str, toks: list[Token], i: int, j: int) -> list[str]:
    """The keys the tokens i..j may name: as written, without a possessive, without 'the'."""
    words = text[toks[i].start:toks[j].end]
    out = [key(words)]
    if re.search(r"['’]s$", words):
        out.append(key(words[:-2]))
    return out


def candidates(text: str, index: WorldIndex) -> tuple[list[Candidate], list[Token]]:
    """Every span of a capitalised run that names a place, longest first where spans overlap."""
    toks = tokenize(text)
    spans = []
    for run in runs(text, toks):
        for a in range(len(run)):
            if not toks[run[a]].capital:
                continue
            for b in range(a, min(len(run), a + MAX_WORDS)):
                if toks[run[b]].capital:
                    spans.append((run[a], run[b]))
    wanted = {(i, j): _span_keys(text, toks, i, j) for i, j in spans}
    found = index.lookup_many([k for ks in wanted.values() for k in ks] + [key(h) for _, h in _hyphen_heads(toks)])
    out = []
    for (i, j), ks in wanted.items():
        k = next((k for k in ks if k in found), None)
        if k is not None:
            end = toks[j].end - (2 if k != ks[0] else 0)
            out.append(Candidate(toks[i].start, end, text[toks[i].start:end], k, found[k], i, j))
    whole = {c.first for c in out if c.first == c.last}
    for i, head in _hyphen_heads(toks):
        if i not in whole and key(head) in found:
            s = toks[i].start
            out.append(Candidate(s, s + len(head), head, key(head), found[key(head)], i, i))
    return _longest(out), toks


def _hyphen_heads(toks: list[Token]) -> list[tuple[int, str]]:
    """ "Kenya-based", "US-backed": the capitalised head of a hyphenated word may be a place."""
    out = []
    for i, t in enumerate(toks):
        if t.capital and "-" in t.text:
            head, _, rest = t.text.partition("-")
            if rest.islower():
                out.append((i, head))
    return out


def _longest(cands: list[Candidate]) -> list[Candidate]:
    """Overlapping spans: the one of most words wins, then the earlier one."""
    taken: set[int] = set()
    out = []
    for c in sorted(cands, key=lambda c: (-(c.last - c.first), c.start)):
        if not any(i in taken for i in range(c.first, c.last + 1)):
            out.append(c)
            taken.update(range(c.first, c.last + 1))
    return sorted(out, key=lambda c: c.start)
