"""Arabic place names: found among the words, resolved against the world gazetteer in the story's context.

Reads: the words of a sentence (``text.words``) and the story's countries.
Writes: ``Toponym`` records (span, words, candidates) and, once resolved, ``Location`` records with the
Arabic words they came from as their ``quote``.

Names come from ``data/gazetteer/names_ar.tsv`` (the curated Syrian and Iraqi places, hand-checked),
``names_ar_world.tsv`` (GeoNames' Arabic alternate names, CLDR's country names, the editors' regions)
and are matched with their article. A name that is also a common word ("الباب", "التل": listed with
its frequency in ``names_ar_common.tsv``) is a place only after a cue word (حي، قرية، مدينة...) unless it
names a country, a province or a region.

Resolution is one scoring function (``score``): the story's countries first, then what the cue word
says the place is, the source (curated, the editors') and population.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from importlib import resources

from ..geo.index import GeoPlace, WorldIndex
from ..records import Location
from .lexicon import lexicon
from .matcher import PhraseTable
from .text import Word, fold, readings, strip_article

COMMON_ZIPF = 3.5  # a GeoNames name this frequent as a word ("ادى", "مدينه") needs a cue word before it
AREAS = {"country", "admin1", "region", "sea", "gulf", "river", "peninsula", "desert"}
STRONG_CUES = {"town", "village", "district", "camp", "admin1", "admin2", "countryside", "feature", "region", "area"}
SMALL = 1_000
CITY, CITY_ZIPF = 1_000_000, 5.2  # a city this large needs a cue only when its name is a very common word
TOWN = 100_000  # a city this large named by a common word is kept when the story is about its country  # a GeoNames place this small, known only by an alternate name, needs a cue word
CUE_FEATURES = {"admin1": {"admin1"}, "town": {"city", "town", "village"}, "village": {"village", "town"},
                "camp": {"village", "town", "city"}, "district": {"district"}, "countryside": {"admin1"}}


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    population: int
    source: str  # curated | editor | cldr | capital | geonames


@dataclass
class Toponym:
    start: int  # offsets in the sentence
    end: int
    text: str
    entries: tuple[Entry, ...]
    cue: str | None = None  # the kind its cue word gives: town, village, district, admin1, countryside, near...
    cue_words: str | None = None
    scene: bool = True  # False: a title's or a reporter's place ("محافظ مأرب"), named but no event's scene
    common: bool = False  # a city named by a common word ("ليل", "وان"): kept only in a story of its country


def _tsv(name: str):
    text = resources.files("sitroom.data").joinpath(f"gazetteer/{name}").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@functools.lru_cache(maxsize=1)
def _admin1_ids() -> dict[str, str]:
    """names_ar's governorate ids (admin1:SY:07) -> the curated governorate of that GeoNames code."""
    from ..normalize.places import admin1_table, curated_places
    table = admin1_table()  # (country code, admin1 code) -> (name, label)
    by_name = {(p.country, p.admin1): p.id for p in curated_places() if p.kind in ("governorate", "admin1")}
    cc_name = {"SY": "Syria", "IQ": "Iraq"}
    out = {}
    for (cc, code), (name, _label) in table.items():
        pid = by_name.get((cc_name.get(cc), name))
        if pid:
            out[f"admin1:{cc}:{code}"] = pid
    return out


@functools.lru_cache(maxsize=1)
def names() -> dict[str, list[Entry]]:
    """Folded Arabic name -> the places it names."""
    out: dict[str, list[Entry]] = {}
    admin1 = _admin1_ids()
    for row in _tsv("names_ar.tsv"):
        pid = admin1.get(row[0], row[0])
        for n in [row[1]] + [v for v in (row[2] if len(row) > 2 else "").split("|") if v]:
            out.setdefault(fold(n.strip()), []).append(Entry(pid, 0, "curated"))
    for pid, name, pop, source in _tsv("names_ar_world.tsv"):
        out.setdefault(fold(name), []).append(Entry(pid, int(pop), source))
    return {k: _first_per_id(v) for k, v in out.items()}


def _first_per_id(entries: list[Entry]) -> list[Entry]:
    """One entry per place, the first source's (curated, then the editors', CLDR, GeoNames)."""
    seen: dict[str, Entry] = {}
    for e in entries:
        seen.setdefault(e.id, e)
    return list(seen.values())


@functools.lru_cache(maxsize=1)
def common() -> dict[str, float]:
    return {k: float(z) for k, z in _tsv("names_ar_common.tsv")}


@functools.lru_cache(maxsize=1)
def table() -> PhraseTable:
    cue_words = {fold(w) for w in lexicon()["place_cues"]}  # "مدينة" is a cue, never a place
    return PhraseTable(((k, k) for k in names() if k not in cue_words), article=True)


@functools.lru_cache(maxsize=1)
def _cues() -> PhraseTable:
    return PhraseTable(lexicon()["place_cues"].items(), article=True)


def cue_at(words: list[Word], k: int) -> int | None:
    """The end of a cue word at ``k`` ("ولاية", "محافظة"), None when there is none."""
    m = _cues().at(words, k) if k < len(words) else None
    return m.j if m and m.j < len(words) else None


@functools.lru_cache(maxsize=65536)
def place(pid: str) -> GeoPlace | None:
    return WorldIndex.default().by_id(pid)


def _cue_before(words: list[Word], i: int) -> tuple[str | None, str | None]:
    """The cue word just before word ``i`` ("مدينة", "بريف", "حي") and its kind."""
    for k in (2, 1):
        if i - k >= 0:
            m = _cues().at(words, i - k)
            if m and m.j == i:
                return m.payload, words[i - k].text if k == 1 else f"{words[i - 2].text} {words[i - 1].text}"
    return None, None


def _needs_cue(key: str, entries: list[Entry]) -> bool:
    """Hand-checked names are places wherever they stand, but for the editors' list of names that are
    also everyday words; a name known only from GeoNames needs a cue when it is a frequent word or a
    hamlet's (alternate names of small places are often plain words)."""
    if key in _common_words():
        return True
    if any(e.source in ("editor", "cldr", "curated", "capital") for e in entries):
        return False
    if any(e.population >= CITY for e in entries):  # "موسكو", "طهران": a great city's name is its commonest use
        return common().get(key, 0.0) >= CITY_ZIPF
    return common().get(key, 0.0) >= COMMON_ZIPF or all(e.population < SMALL for e in entries)


def _common_words() -> frozenset[str]:
    return _folded("common_place_words")


@functools.lru_cache(maxsize=1)
def _lexicon_words() -> frozenset[str]:
    """Words of the lexicon (months, weekdays, numbers, speech verbs): never a place without a cue."""
    lex = lexicon()
    keys = list(lex["months"]) + list(lex["weekdays"]) + list(lex["numbers"]) + lex["speech"] + lex["negation"]
    return frozenset(fold(k.rstrip("*")) for k in keys)


def _features(words: list[Word], taken: list[Toponym]) -> list[Toponym]:
    """"ميدان التحرير", "شارع محمد علي", "حي هرابش": a square, street or district no gazetteer knows,
    named by its cue word and the word after it; kept by its words (resolved to no point of its own)."""
    cues = _folded("feature_cues")
    out = []
    for k, w in enumerate(words[:-1]):
        if w.folded in cues or any(r in cues for _, r in w.readings()[1:]):
            nxt = words[k + 1]
            if not any(t.start <= nxt.start < t.end for t in taken) and _may_name(nxt, words, k + 1):
                out.append(Toponym(nxt.start, nxt.end, nxt.text, (), "feature", w.text))
    return out


@functools.lru_cache(maxsize=None)
def _folded(key: str) -> frozenset[str]:
    """A word list of the lexicon, folded, once per process."""
    return frozenset(fold(w) for w in lexicon()[key])


def _named_after(words: list[Word], i: int) -> bool:
    return i > 0 and any(r in _folded("named_after_cues") for _, r in words[i - 1].readings())


def _may_name(w: Word, words: list[Word] | None = None, k: int = -1) -> bool:
    """Can the word after a cue be a name: not an adjective ("مطار عسكري"), a lexicon word, a figure
    or a generic noun ("مطار العاصمة")?"""
    f = w.folded
    nisba = not f.startswith("ال") and (f.endswith("ي") or f.endswith("يه"))
    return len(f) >= 3 and not f.isdigit() and not nisba and f not in _folded("not_after_cue") and f not in _lexicon_words() \
        and not f.startswith("لل") and not (words and not f.startswith("ال") and _lexical_at(words, k)) \
        and not _cue_or_direction(w)


# a direction and its forms ("شرقها", "غربي"), folded
DIRECTIONS = frozenset(d + e for d in ("شمال", "جنوب", "شرق", "غرب") for e in ("", "ي", "يه", "ها", "ه", "هم", "يها"))


def _cue_or_direction(w: Word) -> bool:
    """"مدينة وبلدة غرب إدلب، وقرية شرقها", "جنين ومخيمها": another cue word (with its article or a
    pronoun) or a direction is no name."""
    cues = _cue_words()
    return any(r in cues or strip_article(r) in DIRECTIONS or _unsuffixed(strip_article(r)) & cues for _, r in w.readings())


@functools.lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    return _folded("feature_cues") | _folded("place_cues")


def _unsuffixed(f: str) -> set[str]:
    """The word and the word without a pronoun ending ("مخيمها" -> "مخيم"); taa marbuta comes back
    before one ("بلدتها" -> "بلده")."""
    out = {f}
    for p in ("ها", "هم", "ه"):
        if f.endswith(p) and len(f) - len(p) >= 3:
            stem = f[:-len(p)]
            out |= {stem, stem[:-1] + "ه"} if stem.endswith("ت") else {stem}
    return out


def _lexical_at(words: list[Word], k: int) -> bool:
    from .lexicon import casualties, triggers
    return bool(triggers().at(words, k) or casualties().at(words, k))


def _glued(words: list[Word], taken: list[Toponym]) -> list[Toponym]:
    """"جنوبدمشق", "العراقيةبغداد": a place glued to the word before it (a typing slip frequent in
    Arabic pages), found when the rest of the word is a name that needs no cue."""
    heads = sorted(_folded("glued_before"), key=len, reverse=True)
    out = []
    for w in words:
        if any(t.start <= w.start < t.end for t in taken):
            continue
        t = _glued_in(w, heads)
        if t:
            out.append(t)
    return out


def _glued_in(w: Word, heads: list[str]) -> Toponym | None:
    for lead, word in w.readings():  # "وجنوبدمشق": و, then جنوب, then دمشق
        head = next((h for h in heads if word.startswith(h) and len(word) - len(h) >= 3), None)
        if head is None:
            continue
        for cut, reading in readings(word[len(head):]):
            entries = names().get(reading)
            if entries and not _needs_cue(reading, entries):
                a = w.at(lead + len(head) + cut)
                return Toponym(a, w.end, w.text[a - w.start:], tuple(entries))
    return None


def find(words: list[Word], skip: list[tuple[int, int]] = (), text: str | None = None) -> list[Toponym]:
    """The place names among ``words``; a span in ``skip`` (an actor's or a source's name) names none.
    ``text`` (what the words' offsets point into) lets a list of names stop at a comma."""
    found = _names(words, skip)
    found += _glued(words, found)
    found += [t for t in _features(words, found) if not any(a < t.end and t.start < b for a, b in skip)]
    found += [t for t in _listed(words, found, text) if not any(a < t.end and t.start < b for a, b in skip)]
    return sorted(found, key=lambda t: t.start)


def _listed(words: list[Word], found: list[Toponym], text: str | None) -> list[Toponym]:
    """"بلدتي خان الشيح والمغر", "مناطق الدانا و أرمناز و سلقين": the names listed with و after a cued
    name share its cue (a gazetteer name, or one it does not know)."""
    out: list[Toponym] = []
    for t in (t for t in sorted(found, key=lambda t: t.start) if t.cue in STRONG_CUES):
        k = next((k for k, w in enumerate(words) if w.start >= t.end), len(words))
        while k < len(words) and not (text and _stop(text, words, k)) and (nxt := _conjunct(words, k)):
            a, w, k = nxt
            if any(x.start <= a < x.end for x in found + out):
                continue  # already read ("وحماة"): the list goes on after it
            rest = _rest(w, a)
            if not _may_name(rest) or _lexical_at([rest], 0) or _construct(rest, words, k):
                break
            out.append(Toponym(a, w.end, rest.text, tuple(names().get(rest.folded, ())), t.cue, t.cue_words))
    return out


def _construct(w: Word, words: list[Word], k: int) -> bool:
    """"ومكتب المحافظ": a word no gazetteer knows, without its article, before one with it is a common
    noun in a construct phrase, not a name."""
    return not names().get(w.folded) and not w.folded.startswith("ال") and k < len(words) and \
        words[k].folded.startswith("ال")


def _stop(text: str, words: list[Word], k: int) -> bool:
    """A comma, full stop or bracket between word ``k`` and the one before ends a list."""
    return k > 0 and any(c in text[words[k - 1].end:words[k].start] for c in "،,؛;.:()")


def _rest(w: Word, a: int) -> Word:
    """The word from offset ``a`` on (after its "و")."""
    cut = next(i for i in range(len(w.folded) + 1) if w.at(i) >= a)
    return Word(a, w.end, w.text[a - w.start:], w.folded[cut:], [x - (a - w.start) for x in w.where[cut:]])


def _conjunct(words: list[Word], k: int) -> tuple[int, Word, int] | None:
    """(start, word, next index) of the name after "و" at word ``k``: "والمغر", or "و" "أرمناز"."""
    w = words[k]
    if w.folded == "و" and k + 1 < len(words):
        return words[k + 1].start, words[k + 1], k + 2
    if w.folded.startswith("و") and len(w.folded) >= 4:
        return w.at(1), w, k + 1
    return None


def _names(words: list[Word], skip) -> list[Toponym]:
    """Gazetteer names, left to right: at each word the longest name that may stand there (a longer
    one refused for want of a cue, "شرق بغداد" as a hamlet's name, leaves "بغداد" to be read)."""
    out, i = [], 0
    while i < len(words):
        t = next((t for m in table().all_at(words, i) if (t := _accept(words, m, skip))), None)
        if t is None:
            i += 1
            continue
        out.append(t)
        i = next(k for k in range(i, len(words) + 1) if k == len(words) or words[k].start >= t.end)
    return out


def _accept(words: list[Word], m, skip) -> Toponym | None:
    if any(a < m.end and m.start < b for a, b in skip):
        return None
    cue, cue_words = _cue_before(words, m.i)
    entries = names()[m.payload]
    if _named_after(words, m.i):  # "شارع مكة", "ساحة عدن": a street named after a city is not the city
        entries, cue, cue_words = [], "feature", words[m.i - 1].text
    real_cue = cue in STRONG_CUES
    if not real_cue and _hidden_in_word(words[m.i], m):
        return None
    provisional = False
    if entries and (_needs_cue(m.payload, entries) or m.payload in _lexicon_words()) and not real_cue:
        provisional = m.payload not in _lexicon_words() and m.payload not in _common_words() and \
            any(e.population >= TOWN for e in entries) and common().get(m.payload, 0.0) < CITY_ZIPF
        if not provisional:
            return None
    text = words[m.i].text[m.start - words[m.i].start:] if m.i == m.j - 1 else None
    return Toponym(m.start, m.end, text or _span(words, m), tuple(entries), cue, cue_words, common=provisional)


def _hidden_in_word(w: Word, m) -> bool:
    """"كريم" read as ك + "ريم" (Rome), "وجيزة" as و + "جيزة": a name found by peeling a letter off a word
    that is itself a common word (more common than the name) is that word."""
    return m.start > w.start and m.j == m.i + 1 and common().get(w.folded, 0.0) >= COMMON_ZIPF


def _span(words: list[Word], m) -> str:
    first = words[m.i]
    return first.text[m.start - first.start:] + "".join(
        " " + w.text for w in words[m.i + 1:m.j])  # offsets are kept; the words are joined by one space


def score(p: GeoPlace, e: Entry, t: Toponym, story: dict[str, float], admin: str | None) -> float:
    """How likely place ``p`` is what ``t`` names: one sum over the cues a reader uses."""
    s = 4.0 * story.get(p.cc or "", 0.0)  # the story's countries (shares of its unambiguous places)
    s += 2.0 if t.cue in CUE_FEATURES and p.feature in CUE_FEATURES[t.cue] else 0.0
    s += 2.0 if admin and p.admin1 == admin else 0.0  # "بريف دير الزور": a place of that province
    s += {"curated": 2.0, "editor": 1.5, "cldr": 1.5, "capital": 1.0}.get(e.source, 0.0)
    s += 1.5 if p.feature in ("country", "admin1") and t.cue is None else 0.0
    return s + math.log10(max(p.population, e.population) + 10) / 2


def candidates(t: Toponym) -> list[tuple[GeoPlace, Entry]]:
    return [(p, e) for e in t.entries if (p := place(e.id)) is not None]


STORY_SHARE = 0.15  # a provisional name's country must hold this share of the story's places


def keep_in_story(toponyms: list[Toponym], story: dict[str, float]) -> list[Toponym]:
    """Provisional names (a city named by a common word) stay only when the story is about their country."""
    return [t for t in toponyms if not t.common or any(story.get(p.cc or "", 0) >= STORY_SHARE
                                                         for p, _ in candidates(t))]


def story_countries(toponyms: list[Toponym]) -> dict[str, float]:
    """The story's countries: each toponym votes for the countries its places lie in (a name with one
    country votes whole), as shares of all votes; provisional names do not vote."""
    votes: dict[str, float] = {}
    for t in (t for t in toponyms if not t.common):
        ccs = {p.cc for p, _ in candidates(t) if p.cc}
        for cc in ccs:
            votes[cc] = votes.get(cc, 0.0) + 1.0 / len(ccs)
    total = sum(votes.values()) or 1.0
    return {cc: v / total for cc, v in votes.items()}


def resolve(t: Toponym, story: dict[str, float], admin: str | None = None) -> GeoPlace | None:
    cands = candidates(t)
    if not cands:
        return None
    return max(cands, key=lambda pe: score(pe[0], pe[1], t, story, admin))[0]


def location(p: GeoPlace, quote: str, precision: str | None = None, sub: str | None = None,
             town: GeoPlace | None = None) -> Location:
    """A ``Location`` for a resolved place: a district under its town, a province at its centre."""
    where = town or p
    prec = precision or {"country": "country", "admin1": "admin1", "region": "admin2"}.get(where.feature, "exact")
    if where.feature in AREAS - {"country", "admin1", "region"}:
        prec = "admin2"
    name = where.admin1 if where.feature == "admin1" and where.admin1 else where.name
    return Location(name=name, country=where.country, admin1=where.admin1 if where.feature != "country" else None,
                    lat=p.lat, lon=p.lon, geo_precision=prec, sub_location=sub, gazetteer_id=p.id, quote=quote)
