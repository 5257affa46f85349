"""Attributed casualty figures: who says how many were killed, wounded, abducted, displaced or arrested.

Per sentence: find the counts (sitroom.normalize.numbers), keep those a casualty word links to
(lexicon/casualties.json: "38 troops were killed", "killed 20 soldiers", "the toll rose to 135",
"including 50 soldiers"), drop war-wide background totals, and attribute each to the source of the
nearest speech act ("X said", "according to X", "..., X said"; lexicon/attribution.json). Sources are
catalogue claimants (data/claimants.json), spaCy entities when given, generic sources ("officials"),
and references ("it", "the monitor", "the ministry") resolved to the latest earlier claimant.
A figure nobody is said to state is the outlet's own.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..normalize.numbers import Count, find_counts
from ..normalize.places import Gazetteer, ruler_country_names
from ..records import Claim

# "M23", "AK47", "3R": a name of letters and digits is one word, never a figure ("M23 rebels" are no 23 rebels)
_WORD = re.compile(r"[A-Za-z]+\d[A-Za-z\d]*|\d+[A-Z][A-Za-z\d]*|(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Brig|Capt|Sgt|St|Sen|Rep|Gov)\.|[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")
_JOINS = {"and", "as", "well", "including", "among", "them", "of", "whom", "plus"}
_COMMA = {",", "-", "–", "—"}
_HARD_STOP = {".", ";", ":", "!", "?", "(", ")", "\"", "“", "”"}
_ENT_LABELS = {"ORG", "PERSON", "GPE"}


@dataclass(frozen=True, slots=True)
class Claimant:
    name: str
    kind: str
    side: str | None = None
    side_terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Source:
    claimant: Claimant | None  # None: a reference still to resolve
    start: int
    end: int
    ref: str | None = None  # the anaphor ("the ministry") when claimant is None
    place: bool = False  # a place name (spaCy GPE): "Syria said" speaks, "reporter in Aleppo said" does not


@dataclass(slots=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int


def _load(path: str) -> dict:
    return json.loads(resources.files("sitroom.data").joinpath(path).read_text("utf-8"))


def _alternation(words, flags=0) -> re.Pattern:
    """Whole-word alternatives, the longest that fits winning, as a prefix trie: Python's regex engine
    tries a flat alternation one alternative at a time, which costs every position of every sentence
    as many tries as there are claimant names (hundreds, with the world catalogue)."""
    fold = (lambda w: w.lower()) if flags & re.I else (lambda w: w)
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in fold(w):
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(rf"(?<![\w-])(?:{_trie_regex(trie)})(?![\w-])", flags)


def _trie_regex(node: dict) -> str:
    """A trie as a regex: greedy, so a longer name is tried before the shorter one it extends."""
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass(frozen=True)
class _Lex:
    by_alias: dict  # lower-case alias -> Claimant
    alias_ci: re.Pattern
    alias_cs: re.Pattern
    kinds: dict
    multi_kinds: re.Pattern
    toll: set
    not_victims: set
    list_links: set
    stops: set
    background: list
    period: list
    not_period: list
    civilians: set
    combatants: set
    generic: re.Pattern
    speech: set
    speech_re: re.Pattern
    after_re: re.Pattern
    anaphors: dict
    anaphor_re: re.Pattern
    name_words: dict
    generic_kinds: dict
    max_total: int


@lru_cache(maxsize=1)
def lexicon() -> _Lex:
    cat, cas, att = _load("claimants.json"), _load("lexicon/casualties.json"), _load("lexicon/attribution.json")
    world = _load("claimants_world.json")  # the monitors, state media and officials of other wars
    by_alias, ci, cs = {}, [], []
    for c in cat["claimants"] + world["claimants"]:
        who = Claimant(c["name"], c["kind"], c.get("side"), tuple(c.get("side_terms", ())))
        for alias in c["aliases"] + [c["name"]]:
            by_alias[alias.lower()] = who
            (cs if alias.isupper() and len(alias) <= 6 else ci).append(alias)
    multi = [k for k in cas["kinds"] if " " in k]
    speech = [v for v in att["speech_verbs"] if " " not in v]
    return _Lex(by_alias, _alternation(ci, re.I), _alternation(cs), cas["kinds"], _alternation(multi, re.I),
                set(cas["toll_words"]), set(cas["not_victims"]), set(cas["list_links"]), set(cas["victim_stops"]),
                [re.compile(p, re.I) for p in cas["background"]],
                [re.compile(p, re.I) for p in cas["period"]], [re.compile(p, re.I) for p in cas["not_period"]],
                set(cas["civilian_words"]), set(cas["combatant_words"]),
                re.compile(cas["generic_sources"], re.I), set(speech), _alternation(speech, re.I),
                _alternation(att["source_after"], re.I), att["anaphors"], _alternation(att["anaphors"], re.I),
                att["name_words"], att["generic_kinds"], cas["max_event_total"])


def lookup(name: str) -> Claimant | None:
    """The catalogue claimant a name or alias stands for ('Amaq' -> Aamaq), or None."""
    lex = lexicon()
    hit = lex.by_alias.get(name.strip().lower())
    if hit:
        return hit
    m = lex.alias_cs.search(name) or lex.alias_ci.search(name)
    return lex.by_alias.get(m.group().lower()) if m else None


def _tokens(s: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(s)]


# --------------------------------------------------------------------------- casualty figures

@dataclass(slots=True)
class _Fig:
    count: Count
    first: int  # token index of the count's first token (qualifier included)
    last: int  # token index of its last token
    victims: tuple[int, int] | None = None  # token range of the counted noun phrase
    kind: str | None = None


@lru_cache(maxsize=1)
def _glue() -> tuple[set, set]:
    att = _load("lexicon/attribution.json")
    return set(att["after_glue"]), set(att["before_glue"])


def _marks(s: str, toks: list[_Tok]) -> dict[int, str]:
    """Token index -> casualty kind, for single casualty words and the multi-word ones ('death toll')."""
    lex = lexicon()
    marks = {i: lex.kinds[t.low] for i, t in enumerate(toks) if t.low in lex.kinds}
    for m in lex.multi_kinds.finditer(s):
        for i, t in enumerate(toks):
            if m.start() <= t.start < m.end():
                marks[i] = lex.kinds[m.group().lower()]
    return marks


_YEARISH = re.compile(r"(19|20)\d\d")
_NOISE_AFTER = re.compile(r"^(?:[A-Za-z%°/:-]|\.\d|\s*(?:GMT|UTC|am|pm|a\.m|p\.m|km|per\s?cent)\b)")
_NOISE_BEFORE = re.compile(r"(?:[$€£#]\s*|[\d/][:.\-/]|\b(?:No\.|no|number|Resolution|page|aged?|ages|Route|Highway)\s+)$", re.I)


def _is_noise(s: str, c: Count, toks: list[_Tok], first: int) -> bool:
    """Numbers that are not counts: years, times, ages, ordinals, ids ('1st', '38-year-old', '1700 GMT')."""
    if _NOISE_AFTER.match(s[c.end:c.end + 12]) or _NOISE_BEFORE.search(s[max(0, c.num_start - 12):c.num_start]):
        return True
    if _YEARISH.fullmatch(c.text):
        prev = toks[first - 1].low if first else ""
        nxt = toks[first + 1].low if first + 1 < len(toks) else ""
        if prev[:1].isdigit() or nxt[:1].isdigit():  # "Mon Jul 18 2016 21 Civilians Killed"
            return True
        return prev in lexicon().stops or prev in ("of", "year", "since", "until") or prev[:3].title() in _MONTHS
    return c.text.lower() == "one" and first and toks[first - 1].low in ("no", "any", "every", "each", "the")


_MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}


def _figures(s: str, toks: list[_Tok]) -> list[_Fig]:
    starts = {t.start: i for i, t in enumerate(toks)}
    ends = {t.end: i for i, t in enumerate(toks)}
    figs = []
    for c in find_counts(s):
        first, last = starts.get(c.start), ends.get(c.end)
        if first is None or last is None or _is_noise(s, c, toks, first):
            continue
        if _MONTHS & {toks[k].text[:3] for k in (last + 1, first - 1) if 0 <= k < len(toks)}:
            continue  # "27 August", "August 27"
        figs.append(_Fig(c, first, last))
    return figs


def _victim_span(toks: list[_Tok], j: int, marks: dict, fig_starts: set) -> tuple[int, int] | None:
    """Token range [j, k) of the noun phrase a count counts: '38 [Syrian troops] were killed'."""
    lex, n, k = lexicon(), len(toks), j
    if k < n and toks[k].low == "of":  # "one of the regime's troops"
        k += 1
    start = k
    while k < n and k - start < 9 and k not in marks and k not in fig_starts and toks[k].text not in _HARD_STOP:
        low = toks[k].low
        if low in _COMMA or (low in ("a", "an", "the") and k > start and toks[k - 1].low != "of"):
            break  # a new phrase begins: "21 people a monitoring group said" (punctuation lost)
        if low in _AFFILIATION and k > start and k + 1 < n and toks[k + 1].low in ("with", "to"):
            break  # "terrorists affiliated with the TTP": whom they belong to is not who they are
        if low in lex.stops:
            nxt = k + 1
            joins = low == "and" and k > start and nxt < n and nxt not in marks and nxt not in fig_starts \
                and toks[nxt].low not in lex.stops and toks[nxt].text[0].isalpha()
            if not joins:
                break
        k += 1
    return (start, k) if k > start else None


def _finite(toks: list[_Tok], marks: dict, i: int) -> str | None:
    """The kind of a casualty word that describes what precedes it ('20 [killed]', '5 [dead]'); a gerund
    ('killing 2 children injuring 9 others', punctuation lost) starts a new clause instead."""
    return marks.get(i) if i < len(toks) and not toks[i].low.endswith("ing") else None


def _after_kind(toks: list[_Tok], k: int, marks: dict, fig_starts: set) -> str | int | None:
    """Kind of a casualty word reached from token k over auxiliaries ('were', 'have been', commas), or the
    index of a following figure joined by 'and' / ',' (its kind is ours: '65 soldiers and 22 militants were killed')."""
    after_glue, n = _glue()[0], len(toks)
    k = _past_affiliation(toks, k, marks)
    for i in range(k, min(n, k + 12)):
        if i in marks:
            return _finite(toks, marks, i)
        if toks[i].text in _HARD_STOP:
            return None
        if i in fig_starts and i > k and all(toks[x].low in _JOINS or toks[x].low in _COMMA for x in range(k, i)):
            return i  # "11 civilians including three children were killed": the inner figure's verb is ours
        if toks[i].low in _JOINS and toks[i].low not in after_glue:
            j = i
            while j < n and (toks[j].low in _JOINS or toks[j].low in _COMMA):
                j += 1
            if j in fig_starts:
                return j
            if _in_parenthetical(toks, i):
                continue  # "Nine people, including a woman, were killed": an aside without a figure
            return None
        if toks[i].low not in after_glue and toks[i].low not in _COMMA and not _in_parenthetical(toks, i) \
                and not (i > k and toks[i].low.endswith("ly") and toks[i - 1].low in after_glue):
            return None  # "were severely wounded": an adverb after the auxiliary is glue too
    return None


_AFFILIATION = frozenset("affiliated linked belonging loyal allied associated tied".split())
_AUXILIARIES = frozenset("were was have has had are is".split())


def _past_affiliation(toks: list[_Tok], k: int, marks: dict) -> int:
    """ "Six terrorists affiliated with the outlawed Tehreek-i-Taliban Pakistan (TTP) were killed": whom
    the victims belong to stands between them and the verb; the count's verb follows the auxiliary."""
    at = k if k < len(toks) and toks[k].low in _AFFILIATION else k - 1  # the victims' span may hold it
    if not (0 <= at and at + 1 < len(toks) and toks[at].low in _AFFILIATION and toks[at + 1].low in ("with", "to")):
        return k
    for i in range(at + 2, min(len(toks), at + 14)):
        if i in marks or toks[i].text in _HARD_STOP and toks[i].text not in "()":
            return k
        if toks[i].low in _AUXILIARIES:
            return i
    return k


def _in_parenthetical(toks: list[_Tok], i: int) -> bool:
    """Inside ', including two children,' : a comma before i and one after it, close by."""
    before = any(toks[x].low in _COMMA for x in range(max(0, i - 8), i))
    after = any(toks[x].low in _COMMA for x in range(i + 1, min(len(toks), i + 9)))
    return before and after


def _before_kind(toks: list[_Tok], first: int, marks: dict) -> str | None:
    """'killed more than 20', 'claiming the lives of 280', 'abducted at least 400'."""
    glue = _glue()[1]
    for i in range(first - 1, max(-1, first - 6), -1):
        if i in marks:
            return marks[i]
        if toks[i].low not in glue:
            return None
    return None


def _toll_kind(toks: list[_Tok], first: int, fig_starts: set) -> str | None:
    """'the death toll from the blast reached at least 112', 'Losses ... amounted to more than 70 men'."""
    for i in range(first - 1, max(-1, first - 25), -1):
        if toks[i].text in _HARD_STOP or i in fig_starts:
            return None
        if toks[i].low in lexicon().toll:
            return "killed"
    return None


def _listed(toks: list[_Tok], first: int) -> bool:
    """Does a list link stand right before the figure ('including 50', ', and 42', 'of whom 12')?"""
    words = " ".join(t.low for t in toks[max(0, first - 3):first])
    return any(words.endswith(link) for link in lexicon().list_links) or words.endswith(",")


def _link(s: str, toks: list[_Tok], figs: list[_Fig]) -> list[_Fig]:
    """Keep the figures a casualty word links to, with their kind and victims."""
    lex, marks = lexicon(), _marks(s, toks)
    fig_starts = {f.first for f in figs}
    by_start = {f.first: f for f in figs}
    after: dict[int, str | None] = {}
    for f in reversed(figs):
        f.victims = _victim_span(toks, f.last + 1, marks, fig_starts)
        if f.victims and any(toks[i].low in lex.not_victims for i in range(*f.victims)):
            after[f.first] = f.kind = None
            f.victims = (-1, -1)  # a count of things: never a claim
            continue
        got = _after_kind(toks, f.victims[1] if f.victims else f.last + 1, marks, fig_starts)
        after[f.first] = after.get(got) if isinstance(got, int) and got in by_start else got
    kept: list[_Fig] = []
    for f in figs:
        if f.victims == (-1, -1):
            continue
        direct = _finite(toks, marks, f.victims[1] if f.victims else f.last + 1)  # "8 Killed 14 Injured"
        f.kind = direct or _before_kind(toks, f.first, marks) or after[f.first] or _toll_kind(toks, f.first, fig_starts)
        if not f.kind and kept and _listed(toks, f.first):
            f.kind = kept[-1].kind
        if f.kind:
            kept.append(f)
    return kept


@lru_cache(maxsize=1)
def _named_re() -> re.Pattern:
    titles = "|".join(re.escape(t) for t in sorted(_load("lexicon/casualties.json")["victim_titles"], key=len, reverse=True))
    name = r"(?:[A-Z][\w'’-]+|al|el|bin|ibn|abu|Abu|Al)"
    return re.compile(rf"(?<![\w-])(?:{titles})\s+(?:{name}\s+){{0,4}}[A-Z][\w'’-]+")


def _named(s: str, toks: list[_Tok]) -> list[_Fig]:
    """One named person killed, abducted or arrested, with no figure: 'Brigadier General Ghassan Saeed, is
    reported to have been killed' -> a count of 1 whose victims are the person."""
    marks, out = _marks(s, toks), []
    ends = {t.end: i for i, t in enumerate(toks)}
    for m in _named_re().finditer(s):
        last = ends.get(m.end())
        if last is None or m.group().split()[-1].lower() in lexicon().kinds:
            continue
        kind = _after_kind(toks, last + 1, marks, set())
        if isinstance(kind, str):
            first = next(i for i, t in enumerate(toks) if t.start >= m.start())
            out.append(_Fig(Count(1, "exact", m.start(), m.end(), False, m.group(), m.start()), first, last,
                            (first, last + 1), kind))
    return out


def _background(s: str) -> list[tuple[int, int]]:
    """Clauses that state war-wide aggregates ('The conflict has killed more than 250,000 people since 2011')."""
    spans, pos = [], 0
    for part in re.split(r"(;|\s[—–]\s)", s):
        if any(p.search(part) for p in lexicon().background):
            spans.append((pos, pos + len(part)))
        pos += len(part)
    return spans


def _parts(s: str) -> list[tuple[int, int]]:
    """The comma-delimited parts of a sentence's clauses, as spans; ", " only, so "6,000" stays whole."""
    spans, pos = [], 0
    for piece in re.split(r"(;|\s[—–]\s|,\s)", s):
        if piece and not re.fullmatch(r"(;|\s[—–]\s|,\s)", piece):
            spans.append((pos, pos + len(piece)))
        pos += len(piece)
    return spans


def _period_in(s: str, a: int, b: int) -> re.Match | None:
    """The leftmost period phrase starting in s[a:b] that no 'not_period' pattern covers ('the deadliest
    since January'); matched in the whole sentence, so a pattern may look past the part's comma and
    '^' is the sentence's start ('Last month, a car bomb...' is no monthly tally)."""
    lex = lexicon()
    void = [(m.start(), m.end()) for p in lex.not_period for m in p.finditer(s)]
    hits = [m for p in lex.period for m in p.finditer(s) if a <= m.start() < b and not any(x <= m.start() < y for x, y in void)]
    return min(hits, key=lambda m: (m.start(), -m.end()), default=None)


def _periods(s: str, orig: str, starts: list[int]) -> dict[tuple[int, int], str]:
    """Span of a part -> the verbatim words (from `orig`) that make its figures totals over a period. A
    period in a part with no figure of its own is fronted ("Since Monday, 45 were killed") and
    applies to the next part; one after its figure's part is not carried back: "killed 20 in an ambush,
    the deadliest attack since January" dates a comparison."""
    out, lead = {}, None
    for a, b in _parts(s):
        m = _period_in(s, a, b)
        words = orig[m.start():m.end()] if m else None
        if words or lead:
            out[(a, b)] = words or lead
        lead = None if any(a <= x < b for x in starts) else (words or lead)
    return out


def _period_of(periods: dict[tuple[int, int], str], start: int) -> str | None:
    return next((w for (a, b), w in periods.items() if a <= start < b), None)


# --------------------------------------------------------------------------- attribution

def _overlaps(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < y and x < b for x, y in taken)


@lru_cache(maxsize=4096)  # sources repeat within and across articles ("activists", "the Observatory")
def _kind_of(name: str) -> str:
    low = f" {name.lower()} "
    for rx, kind in _generic_kinds():
        if rx.search(low):
            return kind
    return "unknown"


@lru_cache(maxsize=1)
def _generic_kinds() -> tuple[tuple[re.Pattern, str], ...]:
    """The generic source words ("activists", "officials") compiled once, in the lexicon's order."""
    return tuple((re.compile(rf"(?<![\w-]){re.escape(word.strip())}s?(?![\w-])"), kind)
                 for word, kind in lexicon().generic_kinds.items())


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:an?|the|some)\s+", "", text.strip(), flags=re.I)


def _sources(s: str, offset: int, ents: list[tuple[int, int, str]]) -> list[_Source]:
    """Every possible source in a sentence: catalogue names, references, generic sources, entities."""
    lex, out, taken = lexicon(), [], []
    for pat in (lex.alias_ci, lex.alias_cs):
        for m in pat.finditer(s):
            nxt = re.match(r"[\s-]*([A-Za-z]+)", s[m.end():m.end() + 20])
            if nxt and nxt.group(1).lower() in _ATT()["modifiers"]:
                continue  # "Syrian regime forces", "coalition airstrikes": an actor, not a speaker
            if not _overlaps(m.start(), m.end(), taken):
                out.append(_Source(lex.by_alias[m.group().lower()], m.start(), m.end()))
                taken.append((m.start(), m.end()))
    for a, b, label in ents:
        a, b = a - offset, b - offset
        if 0 <= a < b <= len(s) and label in _ENT_LABELS and not _overlaps(a, b, taken):
            name = s[a:b]
            appos = re.match(r",\s*([^,]{1,40}),", s[b:])  # "Jad al Hussein, an activist, said"
            context = s[max(0, a - 30):b] + (" " + appos.group(1) if appos else "")
            who = lookup(name) or Claimant(name, "government" if label == "GPE" else _kind_of(context))
            out.append(_Source(who, a, b, place=label == "GPE" and lookup(name) is None))
            taken.append((a, b))
    for m in lex.anaphor_re.finditer(s):
        if not _overlaps(m.start(), m.end(), taken):
            out.append(_Source(None, m.start(), m.end(), m.group().lower()))
            taken.append((m.start(), m.end()))
    for m in _ATT()["org"].finditer(s):  # "The Ghouta Media Center", "the Local Coordination Committees"
        if not _overlaps(m.start(), m.end(), taken):
            name = _strip_article(m.group())
            out.append(_Source(lookup(name) or Claimant(name, _kind_of(name)), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in lex.generic.finditer(s):
        if not _overlaps(m.start(), m.end(), taken):
            name = _strip_article(m.group()).lower()
            out.append(_Source(Claimant(name, _kind_of(name)), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda x: x.start)


def _resolve(src: _Source, history: list[Claimant]) -> Claimant | None:
    """A source's claimant; a reference ('it', 'the monitor', 'the ministry') takes the latest fitting one."""
    if src.claimant is not None:
        return src.claimant
    lex = lexicon()
    kinds, word = lex.anaphors.get(src.ref, []), lex.name_words.get(src.ref)
    for who in reversed(history):
        if (not kinds or who.kind in kinds) and (not word or word in who.name.lower()):
            return who
    if len(kinds) == 1 and re.match(r"(?:an?\s|opposition\s)", src.ref):  # "an opposition monitoring group"
        return Claimant(_strip_article(src.ref), kinds[0])
    return None


# what may follow the source of an inverted speech act: ", said the Observatory." / "..., said X on Monday"
_CLAUSE_END = re.compile(r"\s*(?:[,.;:()]|$|(?:on|in|late|early|last|this|that|adding|citing|quoting|a|an|which|who)\b)",
                         re.I)  # "a", "which": an apposition ("said the Observatory a British-based monitor")


def _speech_acts(s: str, sources: list[_Source], history: list[Claimant]) -> list[tuple[int, Claimant]]:
    """(position of the speech word, its source) for 'X said', '..., said X', 'according to X'."""
    lex, acts = lexicon(), []
    # whom a speaker talks to is no speaker: "told a Reuters photographer", "said to AFP"
    named = [x for x in sources if x.claimant is not None and x.claimant.kind != "unknown"]
    # nor is where someone is ("activists in Idlib province said"), nor a weapon ("Russian air strikes")
    speakers = [x for x in sources if not _ATT()["addressee"].search(s[max(0, x.start - 40):x.start])
                and not _located(s, x) and not _WEAPON_END.search(s[x.start:x.end]) and not _mute_place(s[x.start:x.end])]
    _resolve_here = lambda src: _resolve(src, history + [x.claimant for x in named if x.end <= src.start])  # noqa: E731
    for m in lex.after_re.finditer(s):
        nxt = [x for x in sources if m.end() <= x.start <= m.end() + 40 and not _located(s, x)]
        who = _resolve_here(nxt[0]) if nxt else None
        if who:
            acts.append((m.start(), who))
    for m in lex.speech_re.finditer(s):
        if _ATT()["not_speech"].match(s, m.end()):  # "claiming the lives of", "claimed responsibility"
            continue
        after = [x for x in speakers if m.end() <= x.start <= m.end() + 5]
        before = [x for x in speakers if x.end <= m.start()]
        # "..., said the Observatory": a comma or quote before the verb, or (punctuation lost in scraping)
        # no speaker before it at all ("60 people said the Observatory a British-based monitor")
        inverted = after and not m.group().lower().endswith("ing") and \
            (re.search(r"[,”\"]\s*$", s[:m.start()]) or not before) and \
            _CLAUSE_END.match(s, _apposed_end(s, after[0], speakers))
        if re.search(r"\b(is|was|are|were|be|been|being)\s+$", s[:m.start()], re.I):
            continue  # "is reported to have been killed": passive, nobody named says it
        if before and m.group().lower().endswith("ing") and not inverted:
            # "X reported the capture, saying 26 were killed": X, the clause's subject, says it; a name
            # inside a prepositional phrase ("in a letter to the United Nations") is not the subject
            subjects = [x for x in before if not re.search(r"\b(to|for|with|of|from|by|at|on|in)\s+(the\s+)?$",
                                                            s[max(0, x.start - 12):x.start], re.I)]
            before = (subjects or before)[:1]
        while len(before) > 1 and _ATT()["relayed"].search(s[before[-2].end:before[-1].start]):
            before.pop()  # "a statement quoted by Russian news agencies said": the statement speaks
        src = after[0] if inverted else (before[-1] if before else None)
        who = _resolve_here(src) if src else None
        if who:
            acts.append((m.start(), who))
    return sorted(acts, key=lambda a: a[0])


def _apposed_end(s: str, src: _Source, sources: list[_Source]) -> int:
    """Where a speaker's name ends, over a name set beside it: "said Observatory director Rami Abdel Rahman"."""
    end = src.end
    for x in sources:
        if x.start > end and re.fullmatch(r"[\s,]{1,2}", s[end:x.start]):
            end = x.end
    return end


_WEAPON_END = re.compile(r"\b(strikes?|raids?|warplanes?|jets?|planes?|aircraft|shelling|artillery|missiles?|rockets?|"
                         r"helicopters?|drones?|bombs?|bombardment)$", re.I)
_LOCATIVE = re.compile(r"\b(in|at|from|near|inside|outside|of|across|around)\s+(the\s+)?(rural\s+|downtown\s+|down town\s+)?$", re.I)


def _located(s: str, src: _Source) -> bool:
    """A place after a locative word ("in Douma", "sources in Syria") says where, not who."""
    if not _LOCATIVE.search(s[max(0, src.start - 20):src.start]):
        return False
    return src.place or _is_place(s[src.start:src.end])


@lru_cache(maxsize=4096)
def _mute_place(name: str) -> bool:
    """A town, district or province never speaks; a country or a capital may ("Russia says", "Damascus said")."""
    if not _is_place(name) or name in _ATT()["capitals"] or lookup(name) is not None:
        return False
    return all(p.kind != "country" for p in _places().lookup(name))


@lru_cache(maxsize=4096)
def _is_place(name: str) -> bool:
    """A proper name the gazetteer places in the region ("police" is a Polish town; it speaks here)."""
    region = ruler_country_names()  # where the gazetteer knows towns one by one
    return name[:1].isupper() and any(p.country in region or p.kind == "country" for p in _places().lookup(name))


def _places() -> Gazetteer:
    return Gazetteer.default()


@lru_cache(maxsize=1)
def _ATT() -> dict:
    att = _load("lexicon/attribution.json")
    return {"not_speech": re.compile(att["not_speech_after"], re.I), "relayed": re.compile(att["relayed_by"], re.I),
            "org": re.compile(att["org_pattern"]), "addressee": re.compile(att["addressee"], re.I),
            "modifiers": frozenset(att["modifier_nouns"]), "capitals": frozenset(att["speaking_capitals"])}


def _pick(acts: list[tuple[int, Claimant]], start: int, end: int) -> Claimant | None:
    """The speech act that governs a figure: the nearest before it, else the nearest after it."""
    before = [who for pos, who in acts if pos < start]
    after = [who for pos, who in acts if pos >= end]
    return before[-1] if before else (after[0] if after else None)


def _outlet(outlet: str | None) -> Claimant:
    if not outlet:
        return Claimant("unattributed", "unknown")
    known = lookup(outlet)
    return known or Claimant(outlet, "news_outlet")


def _about_enemy(who: Claimant, victims: str | None, context: str) -> bool:
    """A party's (or its media's) figure for the other side's combatants ('terrorists', 'Syrian troops' from Aamaq);
    `context` is the words just before the figure ('Losses among terrorists amounted to 70 men')."""
    if who.kind not in ("party", "party_media", "state_media", "government") or not who.side_terms or not victims:
        return False
    low = f" {victims.lower()} {context.lower()} "
    words = set(re.findall(r"[a-z]+", low))
    if words & lexicon().civilians or not words & lexicon().combatants:
        return False
    return not any(re.search(rf"(?<![\w-]){re.escape(t.lower())}(?![\w-])", low) for t in who.side_terms)


# --------------------------------------------------------------------------- the document pass

@dataclass(slots=True)
class _State:
    history: list
    carry: Claimant | None = None  # "The ministry said:" -> the quoted paragraph is the ministry's
    carry_until: int = -1  # paragraph number up to which the carry holds


def _paragraph(text: str, pos: int, cache: dict) -> int:
    if pos not in cache:
        cache[pos] = len(re.findall(r"\n\s*", text[:pos]))
    return cache[pos]


def _may_count(s: str, toks: list[_Tok]) -> bool:
    """Can this sentence state a casualty figure? _link and _named keep only figures a casualty word
    ("killed", "death toll") or a toll word links to: without one they find nothing. This cheap test
    spares them on most sentences (three in five of the FA-KES articles'), and often their sources too."""
    lex = lexicon()
    return any(t.low in lex.kinds or t.low in lex.toll for t in toks) or bool(lex.multi_kinds.search(s))


def _sentence_claims(s: str, orig: str, a: int, ents: list, st: _State, default: Claimant,
                     para: int, toks: list[_Tok]) -> list[Claim]:
    """Claims of one sentence; `s` has straight apostrophes for matching, `orig` (same length) is quoted."""
    sources = _sources(s, a, ents)
    acts = _speech_acts(s, sources, st.history)
    figs = _link(s, toks, _figures(s, toks)) or _named(s, toks)
    background = _background(s) if figs else []
    periods = _periods(s, orig, [f.count.start for f in figs]) if figs else {}
    out = []
    for f in figs:
        c = f.count
        if _overlaps(c.start, c.end, background) or (f.kind == "killed" and c.value >= lexicon().max_total):
            continue
        victims = _strip_article(orig[toks[f.victims[0]].start:toks[f.victims[1] - 1].end]) if f.victims else None
        if victims and (not re.search(r"[A-Za-z]", victims) or victims.lower() in ("the", "a", "an", "of", "of the")):
            victims = None
        who = _pick(acts, c.start, c.end) or (st.carry if para <= st.carry_until else None) or default
        out.append(Claim(count=c.value, kind=f.kind, qualifier=c.qualifier, victims=victims or None,
                         claimant=who.name, claimant_kind=who.kind, claimant_side=who.side,
                         about_enemy=_about_enemy(who, victims, s[max(0, c.start - 40):c.start]), quote=orig,
                         period=_period_of(periods, c.start)))
    _remember(s, sources, acts, st, para)
    return out


def _remember(s: str, sources: list[_Source], acts: list, st: _State, para: int) -> None:
    """Keep this sentence's named claimants for later references, and a colon's quoted paragraph."""
    for src in sources:
        if src.claimant is not None and src.claimant.kind != "unknown":
            st.history.append(src.claimant)
    for _, who in acts:
        st.history.append(who)
    if s.rstrip().endswith(":") and acts:
        st.carry, st.carry_until = acts[-1][1], para + 1


def find_claims(text: str, sentences: list[tuple[int, int]], outlet: str | None = None,
                ents: list[tuple[int, int, str]] | None = None) -> list[tuple[int, Claim]]:
    """(sentence index, Claim) for every casualty figure in a clean document text.

    `sentences` are (start, end) character spans in `text`; `ents` optional spaCy entity spans
    (start, end, label) in `text`, used to name sources the catalogue lacks. Each Claim's quote is
    its sentence and char_start/char_end the sentence span.
    """
    st, default, paras, out = _State([]), _outlet(outlet), {}, []
    norm = text.replace("’", "'").replace("‘", "'")  # same length: offsets hold
    ents = sorted(ents or [])
    pending: list[tuple] = []  # sentences that state no figure, read for their sources only when needed
    for idx, (a, b) in enumerate(sentences):
        s, toks = norm[a:b], _tokens(norm[a:b])
        local = [e for e in ents if a <= e[0] and e[1] <= b]
        if not _may_count(s, toks):
            pending.append((s, a, local, _paragraph(text, a, paras)))
            continue
        _catch_up(pending, st)
        for claim in _sentence_claims(s, text[a:b], a, local, st, default, _paragraph(text, a, paras), toks):
            claim.char_start, claim.char_end = a, b
            out.append((idx, claim))
    return out


def _catch_up(pending: list[tuple], st: _State) -> None:
    """Remember the sources and speech acts of the figureless sentences read so far, in text order, before
    a sentence with figures resolves its references ("it said") against them. The sentences after a
    document's last figure are never read for sources: nothing would look at what they name."""
    for s, a, ents, para in pending:
        sources = _sources(s, a, ents)
        _remember(s, sources, _speech_acts(s, sources, st.history), st, para)
    pending.clear()
