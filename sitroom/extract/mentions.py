"""Event mentions out of one document: sentence by sentence, clause by clause.

Reads: a ``Document`` and its spaCy doc (sentences, entities).
Writes: ``Mention`` records, every field with the verbatim words it came from (``evidence``).

A sentence that names no date or place inherits them from the mention just before it in the same
stretch of text ("It said at least 38 troops were killed in the attack" continues the sentence that
said where and when), else from the publication date and the document's main place.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..geo import parse as geo_parse
from ..ingest.metadata import find_dateline
from ..normalize.actors import GENERIC_NAMES, ActorCatalogue, generic_name
from ..normalize.dates import attributed, find_dates, finest, month_first, plausible
from ..normalize.places import Gazetteer, national_seat
from ..records import Claim, Document, Location, Mention
from .claims import find_claims
from .claims import lexicon as claims_lexicon
from .roles import Actor, assign, holds_place, orient, territorial_subtype
from .triggers import Trigger, clauses, find_trigger, is_caption, lexicon, trigger_clause

PLACE_LABELS = {"GPE", "LOC", "FAC"}
INHERIT_WINDOW = 3  # sentences over which an undated, unplaced mention continues the previous one
FOCUS_COUNTRY_SHARE = 0.5  # an unplaced event falls to the story's country when half its cues point there
STALE_DAYS = 45  # an event this long before publication is background
INFERRED_PRECISION = "week"  # an undated event: reported by publication, its day not known (ACLED level 2)
NON_PARTIES = {"media", "international"}  # they report or broker events; they are not a side in a fight
# "BEIRUT (AP) --", "HOMS –": where the reporter files from, not where the event is
_DATELINE = re.compile(r"^\W*[A-Z][A-Z .'-]+(\([^)]*\))?\s*(\u2013|\u2014|--|-|:)")
_STRICT_CIVILIANS = re.compile(r"\b(civilians?|residents?|villagers|women|children|families|worshippers|"
                               r"farmers|shepherds|journalists?|doctors|aid workers|protesters|detainees)\b", re.I)


@dataclass
class Sentence:
    index: int
    start: int  # clean-text offsets
    end: int
    text: str
    places: list[tuple[str, int]]  # (place words, offset in the sentence)
    typed: list = field(default_factory=list)  # ((clause start, end), Trigger or None), set by the typer
    # offset in the sentence -> the place the geoparser chose for the name there, in the whole story's
    # context (its regions, its other towns), which one sentence alone does not give
    geo: dict = field(default_factory=dict)


@dataclass
class Context:
    """What the document has established so far, for the sentences that do not repeat it."""

    published: dt.date | None
    month_first: bool | None = None  # the outlet writes numeric dates month/day (None: not known)
    main_place: Location | None = None
    main_actors: Counter = field(default_factory=Counter)
    kinds: dict = field(default_factory=dict)  # actor name -> kind
    last: Mention | None = None
    last_index: int = -99
    last_end: int = 0  # clean offset where the last mention's sentence ended
    focus: tuple[tuple[str, float], ...] = ()  # the story's countries (ISO code, share), from the geoparser


def mention_id(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


def sentences(sdoc, toponyms=(), vetoed=frozenset()) -> list[Sentence]:
    """Sentences with their place names: the entity ruler's and NER's, and the geoparser's ``toponyms``
    that no entity covers (a town of Mali the ruler has no pattern for; not the "Clinton" of a PERSON).
    A statistical entity on words the geoparser ``vetoed`` ("Moscow" of "Moscow time") is no place."""
    ents = [(e.start_char, e.text) for e in sdoc.ents
            if e.label_ in PLACE_LABELS and not _wraps(e, toponyms) and not _within(e, toponyms)
            and (e.ent_id_ or (e.start_char, e.end_char) not in vetoed)]
    ents = sorted(ents + _uncovered(sdoc, toponyms))
    out, k = [], 0
    tops, t = sorted(toponyms, key=lambda x: x.start), 0
    for i, s in enumerate(sdoc.sents):
        places = []
        while k < len(ents) and ents[k][0] < s.end_char:  # entities come in text order
            if ents[k][0] >= s.start_char:
                places.append((ents[k][1], ents[k][0] - s.start_char))
            k += 1
        places = [p for p in places
                  if not (_names_actor(s.text, p) or _in_source_name(s.text, p) or _not_scene(s.text, p))]
        head = _DATELINE.match(s.text)
        if head and len(places) > 1:
            places = [p for p in places if p[1] >= head.end()]
        geo = {}
        while t < len(tops) and tops[t].start < s.end_char:  # toponyms, like sentences, in text order
            if tops[t].start >= s.start_char:
                geo[tops[t].start - s.start_char] = tops[t].gazetteer_id
            t += 1
        out.append(Sentence(i, s.start_char, s.end_char, s.text, places, geo=geo))
    return out


def story_country(focus: tuple[tuple[str, float], ...]) -> str | None:
    """The country the story is most about (by the geoparser's focus), by name."""
    if not focus:
        return None
    from ..normalize.places import geonames_country_names
    return geonames_country_names().get(max(focus, key=lambda f: f[1])[0])


def _uncovered(sdoc, toponyms) -> list[tuple[int, str]]:
    """Toponyms no entity claims, and those the statistical NER mislabelled word for word ("Omdurman"
    as an ORG): the small model knows few towns outside Europe and America. A longer entity keeps its
    words ("Killeen Police Department"), and so does the entity ruler's (a catalogued actor)."""
    spans = [(e.start_char, e.end_char) for e in sdoc.ents if not _mislabelled(e, toponyms)]
    return [(t.start, t.text) for t in toponyms if not any(a < t.end and t.start < b for a, b in spans)]


def _mislabelled(ent, toponyms) -> bool:
    if _within(ent, toponyms):
        return True
    if ent.ent_id_:
        return False  # the entity ruler's: a catalogued actor or a curated place
    if ent.label_ not in PLACE_LABELS and any(t.start == ent.start_char and t.end == ent.end_char for t in toponyms):
        return True
    return _wraps(ent, toponyms)


def _within(ent, toponyms) -> bool:
    """ "Dera" (GPE) and "Ismail Khan" (PERSON) inside the geoparser's "Dera Ismail Khan": the statistical
    NER, or a place pattern of the entity ruler ("Dera", a spelling of Daraa), cut a name the index knows
    whole, so the whole name stands; a catalogued actor's span stays."""
    return (not ent.ent_id_ or ent.label_ in PLACE_LABELS) and any(t.start <= ent.start_char and ent.end_char <= t.end
                                   and t.end - t.start > ent.end_char - ent.start_char for t in toponyms)


# the words an entity may add around the toponyms it holds and still be only those places
_ADMIN_WORDS = re.compile(r"(?:\W|\b(?:of|the|and|local|government|area|lga|state|province|region|district|county|"
                          r"division|department|township|oblast|governorate|prefecture|municipality|city|town|village)\b)*", re.I)


def _wraps(ent, toponyms) -> bool:
    """ "Farah province", "Gorlovka - Basurin", "Maradun Local Government Area of Zamfara State": an entity
    of the statistical NER (no ruler id) around the geoparser's toponyms, whose other words are admin words
    or a dash's attribution, is those places: the index knows them, not the entity's whole words."""
    if ent.ent_id_:
        return False
    inside = [t for t in toponyms if ent.start_char <= t.start and t.end <= ent.end_char]
    if not inside or (inside[0].start, inside[-1].end) == (ent.start_char, ent.end_char) and len(inside) == 1:
        return False
    rest, at = [], ent.start_char
    for t in inside:
        rest.append(ent.doc.text[at:t.start])
        at = t.end
    tail = ent.doc.text[at:ent.end_char]
    tail = re.sub(r"^\s+[-\u2013\u2014]\s+.*$", "", tail)  # "Gorlovka - Basurin": who said it
    # "DPR’s Gorlovka", "Rakhine State’s": a possessive holder before the place, or the place's own 's
    rest[0] = _HOLDER.sub("", rest[0])
    tail = re.sub(r"^['’]s$", "", tail)
    return all(_ADMIN_WORDS.fullmatch(w) for w in rest + [tail])


_HOLDER = re.compile(r"^[A-Z][\w.\-]*['’]s\s+")


# "government-held areas", "US-backed forces", "IS-affiliated agency": the name qualifies something else
_QUALIFIER = re.compile(r"[-\u2010\u2011]\s?(held|controlled|run|backed|led|affiliated|linked|allied|aligned|supported|"
                        r"sponsored|occupied|besieged)\b", re.I)


def _is_party(m, text: str) -> bool:
    return bool(m.name) and m.kind not in NON_PARTIES and not _QUALIFIER.match(text, m.end) and not _speaker(text, m.end)


@functools.lru_cache(maxsize=1024)
def _source_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in claims_lexicon().alias_ci.finditer(text))


def _in_source_name(text: str, place: tuple[str, int]) -> bool:
    """'DeirEzzor 24', 'Raqqa Is Being Slaughtered Silently': a place inside a source's name places nothing."""
    _, off = place
    return any(a <= off < b for a, b in _source_spans(text))


# "the Britain-based group", "US-backed fighters", "a Russian-US brokered truce": a place made into an adjective
_PLACE_ADJECTIVE = re.compile(r"(?:[-\u2010\u2011]\w+)*(?:[-\u2010\u2011]\s?|\s(?=brokered\b))(based|backed|led|held|"
                              r"controlled|run|made|brokered|trained|funded|sponsored|supported|allied|linked|affiliated|"
                              r"born|armed)\b", re.I)


def _not_scene(text: str, place: tuple[str, int]) -> bool:
    """'(banned in Russia)', 'a monitor based in Britain', 'the Britain-based group': the place is a note about
    someone, no event's scene."""
    name, off = place
    if _PLACE_ADJECTIVE.match(text, off + len(name)):
        return True
    return bool(lexicon().not_scene_before.search(text[max(0, off - 40):off]))


def _names_actor(text: str, place: tuple[str, int]) -> bool:
    """'U.S. air strikes', 'Syrian state TV', 'Syria's foreign ministry': the place name qualifies an actor."""
    name, off = place
    return bool(lexicon().actor_modifier.match(text, off + len(name)))


@functools.lru_cache(maxsize=4096)
def _find_actors(text: str, country: str | None = None) -> tuple:
    return tuple(ActorCatalogue.default().find(text, country))


@functools.lru_cache(maxsize=2048)
def _resolve_place(names: tuple, context: str, doc_places: tuple, focus: tuple = (),
                   chosen: tuple = ()) -> Location | None:
    """The document pass and the mention pass ask about the same sentences: resolve each once."""
    return Gazetteer.default().resolve(list(names), context, list(doc_places), focus, dict(chosen))


@functools.lru_cache(maxsize=4096)
def _dates_in(text: str, published: dt.date | None, mf: bool | None) -> tuple:
    """The time expressions of a sentence that may date a reported event (none after publication)."""
    return tuple(t for t in find_dates(text, published, mf) if plausible(t, published))


def _event_date(text: str, ctx: Context):
    """Like ``dates.event_date``: the finest non-reporting date, else the finest reporting one."""
    found = _dates_in(text, ctx.published, ctx.month_first)
    return finest([t for t in found if not t.reporting]) or finest(list(found))


def _actors(text: str, country: str | None = None) -> list[Actor]:
    return [Actor(m.name, m.kind, m.start, m.end) for m in _find_actors(text, country) if _is_party(m, text)]


# "Syrian opposition forces stated that 80 people were killed": a speaker who reports casualties in the
# passive reports someone else's attack; one reporting its own action ("the ministry says a warship fired
# missiles", "the army announced that it had ousted IS") stays a side of the event
_NEXT_WORDS = re.compile(r"\s*((?:[\w'’-]+\s+){0,2}[\w'’-]+)")  # the actor's verb, maybe after "also", "on Monday"
_HURT = r"killed|wounded|injured|hurt|abducted|kidnapped|executed|massacred|slain"  # what is done to people
_PASSIVE_HARM = re.compile(r"\b(was|were|been|being)\s+(\w+\s+)?(%s|targeted|hit|struck|shelled|bombed|gassed)\b" % _HURT,
                           re.I)


# "Police believe Saturday's attack ...": who believes, suspects or fears something reports an event, not a side
_OPINION = re.compile(r"(believe[sd]?|suspect(s|ed)?|think|thinks|thought|fear(s|ed)?)\b", re.I)


# "..., a police officer told Reuters": one of an institution's people speaking is a source, not a side
_SOURCE_PERSON = re.compile(r"\s+(?:officers?|officials?|spokes(?:man|woman|person)|sources?)\s+"
                            r"(?:said|says|told|stated|reported|confirmed)\b(?!\s+(?:that\s+)?(?:they|we|its|their)\b)", re.I)


def _speaker(text: str, end: int) -> bool:
    nxt = _NEXT_WORDS.match(text, end)
    if nxt and _OPINION.match(nxt.group(1)):
        return True
    if _SOURCE_PERSON.match(text, end):
        return True
    said = claims_lexicon().speech_re.search(nxt.group(1)) if nxt else None  # the speech verbs claims read
    if not said:
        return False
    after = nxt.start(1) + said.end()
    # "..., police said.": an attribution closing a sentence whose harm is told in the passive
    trailing = len(text) - after < 40 and not re.search(r"[,;]", text[after:]) and _PASSIVE_HARM.search(text, 0, end)
    return bool(trailing) or bool(_PASSIVE_HARM.search(text, after, after + 80))


def _resolve_generic(text: str, ctx: Context, brokers: bool = False, country: str | None = None) -> list[Actor]:
    """'the group', 'the extremist group' -> the non-state actor the document is about. International
    bodies are actors only of strategic developments (the UN brokers an agreement, it fights no one)."""
    out = []
    for m in _find_actors(text, country):
        if m.kind == "media" or (m.kind in NON_PARTIES and not brokers) or _QUALIFIER.match(text, m.end) \
                or _speaker(text, m.end):
            continue
        if m.name and not getattr(m, "generic", False):
            out.append(Actor(m.name, m.kind, m.start, m.end))
        elif getattr(m, "generic", False):
            name = _generic_name(m, ctx, country)
            if name:
                out.append(Actor(name, ctx.kinds.get(name, m.kind if m.name else "unknown"), m.start, m.end))
    return out


def _generic_name(m, ctx: Context, country: str | None) -> str | None:
    """ "the jihadists", "gunmen": the story's own armed group; a description of a catalogued group
    only where it fights ("the jihadists" are the Islamic State in Syria, not in Burkina Faso); else, as
    ACLED writes an unnamed agent, the Unidentified Armed Group of the event's country."""
    cat = ActorCatalogue.default()
    if m.name and country and cat.fights_in(m.name, country):  # where no country is known, no war is either
        return m.name
    main = _main_of(ctx, exclude_kinds={"state_forces", "foreign_forces", "civilians"})
    if main:
        return main
    return generic_name(GENERIC_NAMES["unidentified"], country) if country else None


def _main_of(ctx: Context, exclude_kinds: set[str]) -> str | None:
    for name, _ in ctx.main_actors.most_common():
        if ctx.kinds.get(name) not in exclude_kinds:
            return name
    return None


def _own_date(text: str, trig: Trigger | None, ctx: Context):
    """The date the sentence gives its event, wherever it stands: the trigger's own clause first, then
    what leads up to it ("On Sunday, jets struck ..."), then what follows it ("..., killing 12 people on
    Sunday"), except in a relative clause about something else ("whose forces have been advancing over
    the past year"). A date of a speech act ("announced on 27 August that it had ousted ...") is the last
    resort: the report's date bounds the event's."""
    if trig is None:
        return _event_date(text, ctx)
    a, b = trigger_clause(text, trig)
    found = _dates_in(text, ctx.published, ctx.month_first)
    before = [t for t in found if t.char_start < b]
    clause = [t for t in before if t.char_start >= a]
    after = [t for t in found if t.char_start >= b and not _dates_other(text, b, t.char_start)]
    for pool in (clause, before, after):
        te = finest([t for t in pool if not t.reporting])
        if te:
            return te
    return finest(clause) or finest(before)  # only dates of speech acts are left


# "the double suicide bomb attack that hit a police station on Monday": a relative clause whose verb is
# the attack's own action describes the event itself, so its date is the event's
_OWN_RELATIVE = re.compile(r"\s*(that|which)\s+(hit|struck|targeted|killed|rocked|tore through|ripped through|exploded|"
                           r"went off|wounded|injured|left|claimed)\b[^,;]*", re.I)
_RELATIVE = re.compile(r"\b(that|which|who|whose|whom|where)\b", re.I)


def _dates_other(text: str, end: int, pos: int) -> bool:
    """Does the date at `pos`, after the trigger's clause (ending at `end`), date something else: a report
    ("according to ... on Monday"), or what a relative clause describes ("whose forces have been advancing
    over the past year")? A clause break after the relative word ends that clause ("the town, which rebels
    held, on Sunday"); a relative clause whose verb is the attack's own action dates the event."""
    if attributed(text, pos):
        return True
    rel = list(_RELATIVE.finditer(text, end, pos))
    if not rel or re.search(r"[,;:()\u2014]", text[rel[-1].end():pos]):
        return False
    return not _OWN_RELATIVE.match(text, rel[-1].start())


def _date(text: str, ctx: Context, inherit: bool, trig: Trigger | None = None):
    """(start, end, precision, quote, inferred) of the event: the sentence's own words, the mention it
    continues, or publication. An undated event is not a day at publication: it was reported by then,
    and its day is not known (week precision, ``inferred``); start and end stay at publication, which
    bounds the event and is what a reader of one-day-slack date columns compares."""
    te = _own_date(text, trig, ctx)
    if te:
        return te.start.isoformat(), te.end.isoformat(), te.precision, te.text, False
    last = ctx.last
    if inherit and last and last.date_start:
        return last.date_start, last.date_end, last.time_precision, last.evidence.get("date"), last.date_inferred
    if ctx.published:
        day = ctx.published.isoformat()
        return day, day, INFERRED_PRECISION, None, True
    return None, None, None, None, False


def _place(sent: Sentence, span: tuple[int, int], ctx: Context, inherit: bool, doc_places: list[str]) -> Location | None:
    names = [(n, o - span[0]) for n, o in sent.places if span[0] <= o < span[1]]
    chosen = tuple((o - span[0], g) for o, g in sorted(sent.geo.items()) if span[0] <= o < span[1])
    loc = _resolve_place(tuple(names), sent.text[span[0]:span[1]], tuple(doc_places), ctx.focus, chosen) if names else None
    fallback = ctx.last.location if inherit and ctx.last and ctx.last.location else ctx.main_place
    if loc and not loc.admin1 and fallback and fallback.admin1 and fallback.country == loc.country:
        # "air raids in northern Syria" then "in the town of X": the vaguer mention is the same place
        return fallback
    if loc and fallback and national_seat(loc) and fallback.country != loc.country:
        return fallback  # "Washington blames ...", "Turkey condemns the attack": the story stays where it is
    if loc:
        return loc
    if inherit and ctx.last and ctx.last.location:
        return ctx.last.location
    return ctx.main_place or _focus_country(ctx.focus)


@functools.lru_cache(maxsize=256)
def _focus_country(focus: tuple[tuple[str, float], ...]) -> Location | None:
    """A story that names no place but its people ("Malian soldiers ... in the central part of the
    country", "Bangladeshi protesters"): the event is in the story's country, at country precision,
    as ACLED places an event only its country is known for. Only a country most cues point to."""
    if not focus or max(share for _, share in focus) < FOCUS_COUNTRY_SHARE:
        return None
    from ..geo.index import WorldIndex
    name = story_country(focus)
    country = next((p for p in WorldIndex.default().lookup(name or "") if p.feature == "country"), None)
    if country is None:
        return None
    return Location(name, name, None, country.lat, country.lon, "country", gazetteer_id=country.id)


def _doc_context(doc: Document, sents: list[Sentence], doc_places: list[str], focus: tuple = ()) -> Context:
    pub = dt.date.fromisoformat(doc.published[:10]) if doc.published else None
    ctx, places = Context(pub, month_first(doc.outlet, doc.url), focus=focus), Counter()
    first: dict[str, Location] = {}
    home = story_country(focus)
    for s in sents:
        for a in _find_actors(s.text, home):
            if not _is_party(a, s.text) or a.generic and not (home and ActorCatalogue.default().fights_in(a.name, home)):
                continue  # "the jihadists" of a Burkina Faso story are not Syria's Islamic State
            ctx.main_actors[a.name] += 1
            ctx.kinds[a.name] = a.kind
        if s.places:
            loc = _resolve_place(tuple(s.places), s.text, tuple(doc_places), focus, tuple(sorted(s.geo.items())))
            if loc and loc.admin1:
                places[loc.name] += 1
                first.setdefault(loc.name, loc)
    for keep in (lambda loc: not _foreign_seat(loc, first.values()), lambda loc: loc.country == home):
        if any(keep(loc) for loc in first.values()):  # the story's own country holds its scene
            places = Counter({n: k for n, k in places.items() if keep(first[n])})
            first = {n: loc for n, loc in first.items() if keep(loc)}
    if places:  # news leads with its place: the first one named, unless another is named more often
        order = list(first)
        ctx.main_place = first[max(order, key=lambda n: (places[n] >= 2 * places[order[0]], -order.index(n)))]
    return ctx


def _foreign_seat(loc: Location, others) -> bool:
    """A capital named beside places of another country ("a statement from Ankara" in a story of Aleppo):
    where a government speaks from, not the scene."""
    return national_seat(loc) and any(o.country != loc.country for o in others)


def _type(trig: Trigger, a1: Actor | None, a2: Actor | None, claims: list[Claim], ctx: Context,
          s_index: int) -> tuple[str, str]:
    if trig.casualty_only:
        if ctx.last and s_index - ctx.last_index <= INHERIT_WINDOW:
            return ctx.last.event_type, ctx.last.sub_event_type
        if _typed_beyond_toll(trig):
            return trig.event_type, trig.sub_event_type
        civilians = any(_STRICT_CIVILIANS.search(c.victims or "") for c in claims)
        return ("Violence against civilians", "Attack") if civilians else ("Battles", "Armed clash")
    if trig.sub_event_type == "territorial":
        return trig.event_type, territorial_subtype(a1, a2)
    if _typed_by_target(trig) and not _typed_beyond_toll(trig) and _civilian_target(a2, claims):
        return "Violence against civilians", "Attack"  # "gunmen attacked a village": armed men on the unarmed
    return trig.event_type, trig.sub_event_type


# The two sub-types a toll or a bare "attacked" leaves open, which the victims decide (a clash of armed
# sides, or an attack on the unarmed). Any other sub-type on such a trigger is the typer's reading of
# the sentence's other words ("a grenade was thrown", "killed by a mob", "a mass grave"): it stands.
_BY_VICTIMS = {"Armed clash", "Attack"}


def _typed_beyond_toll(trig: Trigger) -> bool:
    return trig.sub_event_type not in _BY_VICTIMS


def _agent_named(text: str) -> bool:
    """Does the clause name who acted or was acted on ("demonstrators", "a mob", "security forces",
    "unidentified gunmen"), though no country is known to name them as ACLED does? Such an agent is
    evidence enough for an event the typer read, as a catalogued actor is (the actor stays unnamed)."""
    return any(m.kind not in NON_PARTIES and not _speaker(text, m.end) and not _QUALIFIER.match(text, m.end)
               for m in _find_actors(text, None))


def _attacks_civilians(text: str, trig: Trigger) -> bool:
    """ "bandits attacked Goran Namaye community", "opened fire on customers": an attack whose object is
    unarmed people or where they live and gather, though the sentence never says "civilians"."""
    rx = next((rx for spec, rx in lexicon().triggers if spec["name"] == trig.name), None)
    if rx is None or not _typed_by_target(trig):
        return False
    return any(lexicon().attacked_civilians.match(text, m.end()) for m in rx.finditer(text))  # any of its verbs


# "Russians shelled Zolochiv", "the Israelis struck": a people as the subject of a strike is its forces
_PEOPLE_STRIKE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+s)\s+(?:have\s+|had\s+|again\s+|reportedly\s+)?"
                            r"(?:shelled|attacked|struck|bombed|fired|launched|hit|shot|raided|stormed|targeted|"
                            r"hammered|pounded|killed|ambushed)\b")
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")


def _people_as_forces(text: str, actors: list[Actor]) -> list[Actor]:
    cat = ActorCatalogue.default()
    m = _PEOPLE_STRIKE.search(text)
    country = cat.demonyms.get(m.group(1).lower()) if m else None
    forces = cat.forces_of(country) if country else None
    if forces is None or any(a.start <= m.start(1) < a.end for a in actors):
        return []
    return [Actor(forces.name, forces.kind, m.start(1), m.end(1))]


def _persons_harmed(text: str, trig: Trigger) -> re.Match | None:
    """ "Woman killed in rocket attack", "an elderly man died in the shelling": outside a battle, victims
    named only as persons are civilians, although no figure counts them."""
    if trig.event_type not in ("Explosions/Remote violence", "Violence against civilians"):
        return None
    return lexicon().persons_harmed.search(text)


def _crowd(etype: str, sub: str, a1: Actor | None, a2: Actor | None, text: str,
           country: str | None) -> tuple[str, str, Actor | None, Actor | None]:
    """ACLED's crowds: every demonstration has its protesters, and one whose crowd sets fire, throws
    stones or clashes is a riot of rioters. The people at a protest ("students who were walking in a
    protest march") are its protesters, not civilians; a crowd the sentence does not name is still there."""
    violent = bool(lexicon().violent_crowd.search(text))
    if etype == "Battles" and sub == "Armed clash" and _at_protest(text, a1, a2):
        # a fight or a shooting at a demonstration is no battle between armed groups
        etype, sub = ("Riots", "Violent demonstration") if violent else ("Protests", "Excessive force against protesters")
    elif etype == "Protests" and violent:
        etype, sub = "Riots", "Violent demonstration"
    if etype not in ("Protests", "Riots"):
        return etype, sub, a1, a2
    name = ActorCatalogue.default().normalise("protesters" if etype == "Protests" else "rioters", country)
    if not name:
        return etype, sub, a1, a2
    kind = "protesters" if etype == "Protests" else "rioters"
    crowd = lambda a: a is None or a.kind in ("civilians", "protesters", "rioters")
    as_crowd = lambda a: Actor(name, kind, a.start if a else -1, a.end if a else -1) if crowd(a) else a
    if a1 is not None and not crowd(a1):  # "Police fired tear gas at students": the police, then the crowd
        return etype, sub, a1, as_crowd(a2)
    # "protesters, mostly students": one crowd, named twice, is one side
    return etype, sub, as_crowd(a1), as_crowd(a2) if a2 is not None and not crowd(a2) else None


def _at_protest(text: str, a1: Actor | None, a2: Actor | None) -> bool:
    """Does the sentence put the event at a demonstration: protesters as a side, or protest words?"""
    if any(a is not None and a.kind in ("protesters", "rioters") for a in (a1, a2)):
        return True
    return any(spec["name"] == "protest" and rx.search(text) for spec, rx in lexicon().triggers)


def _typed_by_target(trig: Trigger) -> bool:
    """A trigger that names an attack but not its weapon ("attacked", "opened fire"): its target types it."""
    return any(spec["name"] == trig.name and spec.get("target_decides") for spec, _ in lexicon().triggers)


def _civilian_target(a2: Actor | None, claims: list[Claim]) -> bool:
    """Were the ones attacked civilians: the side acted upon, or the victims the figures count?"""
    if a2 is not None:
        return a2.kind == "civilians"
    return any(_STRICT_CIVILIANS.search(c.victims or "") or _PERSONS.match((c.victims or "").strip()) for c in claims)


# "three people were killed", "a woman died": victims named only as persons are civilians
_PERSONS = re.compile(r"^(?:(?:the|a|an|\d+|some|other|more|several|many|local)\s+)*(?:people|persons?|individuals|"
                      r"wom[ae]n|m[ae]n|child(?:ren)?|boys?|girls?|teenagers?|elderly|famil(?:y|ies)|passengers|"
                      r"worshippers|villagers)\b", re.I)


def _victim_actor(claims: list[Claim], ctx: Context, country: str | None = None,
                  persons: bool = False) -> Actor | None:
    """The side the casualty figures count, even when the sentence names it only as victims; with
    ``persons``, victims named only as persons ("three people") are the civilians of ``country``."""
    cat = ActorCatalogue.default()
    for c in claims:
        name = cat.normalise(c.victims, country) if c.victims else None
        if name is None and persons and c.victims and _PERSONS.match(c.victims.strip()):
            name = cat.normalise("civilians", country)
        victims = (c.victims or "").strip()
        # "three Palestinians": a people in the plural, not a possessive ("Syria's")
        people = cat.demonyms.get(victims.lower()) if persons and victims.endswith("s") \
            and not victims.endswith(("'s", "’s")) else None
        if name is None and people:
            name = cat.normalise("civilians", people)
        if name:
            return Actor(name, ctx.kinds.get(name, _kind_of(name)), -1, -1)
    return None


def _kind_of(name: str) -> str:
    hits = ActorCatalogue.default().find(name)
    return hits[0].kind if hits else "unknown"


# a side named as the subject of a passive harm: "soldiers were wounded", "two policemen have been killed"
_HARMED_AFTER = re.compile(r"(?:\s+(?:on|in|of|at|from|with)\s+[\w'’-]+(?:\s+[\w'’-]+)?)?"  # "soldiers on patrol duty"
                           r"\s+(?:were|was|have been|has been|had been|got)\s+(?:\w+ly\s+)?(?:%s|shot)\b" % _HURT, re.I)


def _roles(text: str, trig: Trigger, actors: list[Actor], claims: list[Claim], ctx: Context,
           inherit: bool, country: str | None = None) -> tuple[Actor | None, Actor | None]:
    a1, a2 = assign(text, trig, actors)
    victim = _victim_actor(claims, ctx, country, persons=trig.event_type != "Battles")
    if victim and victim.name not in {a.name for a in actors if a}:
        a2 = victim if a2 is None or (a1 and a1.name != victim.name) else a2
    elif victim and a1 and victim.name not in (a1.name, a2.name if a2 else None):
        # "averted an attack on a police van by killing two TTP militants": whose dead are counted was hit
        a2 = next(a for a in actors if a.name == victim.name)
    a1, a2 = orient(a1, a2, victim.name if victim else None)
    if a1 is not None and holds_place(text, trig, a1):  # the victims were in its area: it was not the attacker
        a1, a2 = None, a2 or a1
    if a1 is not None and a2 is None and a1.start >= 0 and _HARMED_AFTER.match(text, a1.end):
        a1, a2 = None, a1  # "Thai soldiers were wounded when a roadside bomb exploded": the ones hit
    if a1 is not None and a1.kind == "civilians" and trig.event_type not in ("Protests", "Riots"):
        a1, a2 = (a2 if a2 is not None and a2.kind != "civilians" else None), a1  # civilians only suffer violence
    if trig.casualty_only and a1 is not None and re.search(r"\b(among|of)\s+(the\s+)?$", text[:max(a1.start, 0)]):
        a1, a2 = a2, a1  # "losses among terrorists", "the deaths of soldiers": the named side suffered them
    side = next((c.claimant_side for c in claims if c.about_enemy and c.claimant_side), None)
    if side and (a1 is None or a1.name != side) and (a2 is None or a2.name != side):
        # "Aamaq claimed to have killed 167 soldiers": a party's claim of a kill makes it the attacker
        a1, a2 = Actor(side, ctx.kinds.get(side, _kind_of(side)), -1, -1), a2 or a1
    if a1 is None and a2 is None and inherit and ctx.last:  # "They also took control of ..."
        a1 = Actor(ctx.last.actor1, ctx.kinds.get(ctx.last.actor1, "unknown"), -1, -1) if ctx.last.actor1 else None
        a2 = Actor(ctx.last.actor2, ctx.kinds.get(ctx.last.actor2, "unknown"), -1, -1) if ctx.last.actor2 else None
    elif a1 is None and inherit and ctx.last and ctx.last.actor1 and ctx.last.event_type == trig.event_type \
            and (a2 is None or a2.name != ctx.last.actor1):
        # "Government air strikes killed 42 ... The air raids on Sunday killed 19 people": the same attacker
        a1 = Actor(ctx.last.actor1, ctx.kinds.get(ctx.last.actor1, "unknown"), -1, -1)
    return _drop_ally(a1, a2, victim.name if victim else None)


def _drop_ally(a1: Actor | None, a2: Actor | None, victim: str | None) -> tuple[Actor | None, Actor | None]:
    """Allies are not each other's opponent ("Russian jets made 80 sorties to back the army's offensive"):
    keep the side the figures count, else the one acting; the other side is filled from the document."""
    if a1 is None or a2 is None or not ActorCatalogue.default().allied(a1.name, a2.name):
        return a1, a2
    return (None, a2) if victim and a2.name == victim else (a1, None)


AIR_FORCES = {"state_forces", "foreign_forces"}  # who flies the planes an air strike needs


def _fill_actors(a1: Actor | None, a2: Actor | None, ctx: Context, sub_event: str = "",
                 second_side: bool = True) -> tuple[str, str]:
    """Fill a side the sentence leaves unnamed with the document's main opponent of the named one (never
    an ally); an unnamed striker of an air strike is someone with aircraft. A strike on where people live
    ("rockets fell on al-Qusour neighbourhood") gets no second side: it hit a place, not a party."""
    n1 = a1.name if a1 else ""
    n2 = a2.name if a2 else ""
    parties = [n for n, _ in ctx.main_actors.most_common() if ctx.kinds.get(n) not in {"civilians"} | NON_PARTIES]
    strikers = [n for n in parties if ctx.kinds.get(n) in AIR_FORCES] if sub_event == "Air/drone strike" else parties
    cat = ActorCatalogue.default()
    opponent = lambda known, pool: next((n for n in pool if not cat.allied(n, known)), "")
    if not n1 and not n2 and strikers and opponent(strikers[0], parties):  # the sides the document is about
        n1, n2 = strikers[0], opponent(strikers[0], parties)
    elif n1 and not n2 and second_side:
        n2 = opponent(n1, parties)
    elif n2 and not n1 and ctx.kinds.get(n2, a2.kind if a2 else "") != "civilians":
        n1 = opponent(n2, strikers)  # who attacked civilians is never guessed from who the story is about
    return n1, n2


def _type_clauses(sents: list[Sentence], typer) -> None:
    """Each sentence's clauses and the trigger the typer finds in each, in one batch for the document
    (the model's costlier head then runs once over all the clauses that need it)."""
    spans = [(s, ab) for s in sents for ab in clauses(s.text)]
    texts = [s.text[a:b] for s, (a, b) in spans]
    reads = [s.text if ab[0] == 0 else None for s, ab in spans]  # the model reads a sentence once, whole
    found = typer.find_many(texts, reads) if typer is not None else [find_trigger(t) for t in texts]
    for (s, ab), trig in zip(spans, found):
        s.typed.append((ab, trig))


def _clause_mentions(sent: Sentence, ctx: Context) -> list[tuple[tuple[int, int], Trigger]]:
    """(clause span, trigger) for each clause that starts a new event; others extend the previous."""
    out: list[tuple[tuple[int, int], Trigger]] = []
    lead = None  # where a clause with no event word opens the sentence: its subject is the event's
    for (a, b), trig in sent.typed:
        if not trig:
            if out:  # "..., and 42 Islamic State fighters": the rest of the sentence belongs to its event
                out[-1] = ((out[-1][0][0], b), out[-1][1])
            elif lead is None:
                lead = a
            continue
        trig = Trigger(trig.name, trig.event_type, trig.sub_event_type, trig.start + a, trig.end + a,
                       trig.text, trig.priority, trig.casualty_only)
        own_date = _event_date(sent.text[a:b], ctx) is not None
        own_place = any(a <= o < b for _, o in sent.places)
        if out and not (own_date and own_place) or out and trig.casualty_only:
            (pa, _), prev = out[-1]  # the main clause's event stands; a clash or a toll yields to a specific one
            weak = prev.casualty_only or prev.name == "clash"
            out[-1] = ((pa, b), trig if weak and trig.priority > prev.priority else prev)
        else:
            # "Militants used a car to ram an army post ..., before firing rockets": the first event's
            # clause reaches back over the sentence's opening words
            out.append(((a if out or lead is None else lead, b), trig))
    return out


def _is_subhead(doc: Document, sent: Sentence) -> bool:
    """A short line without a full stop (a headline inside a live blog, a section title) repeats the story below."""
    line_start = doc.text.rfind("\n", 0, sent.start) + 1
    line_end = doc.text.find("\n", sent.start)
    line = doc.text[line_start: line_end if line_end >= 0 else len(doc.text)].strip()
    if len(line) > 400:
        return False  # a paragraph (or a whole article that lost its line breaks), not a caption
    if is_caption(line):
        return True  # an image caption: page furniture
    return line == sent.text.strip() and len(line.split()) <= 12 and not line.endswith((".", "?", "\u201d", '"'))


def _stale(m: Mention, published: dt.date | None, days: int = STALE_DAYS) -> bool:
    """Background: an event that ended long before the article was published is context, not news;
    so is a paragraph of history opened by a past month or year ("In March 2016, the army began ...")."""
    if not (published and m.date_end):
        return False
    ended = dt.date.fromisoformat(m.date_end)
    if ended < published - dt.timedelta(days=days):
        return True
    said = m.evidence.get("date")
    if not said or m.time_precision not in ("month", "year") or ended >= published:
        return False
    return bool(re.match(r"\W*(in|by|during)\s+" + re.escape(said), m.quote, re.I))


def _is_headline(doc: Document, sent: Sentence) -> bool:
    """The title repeated as the first line; a lead sentence glued to it (lost punctuation) stays."""
    norm = lambda t: re.sub(r"\W+", " ", t or "").strip().lower()
    headline_like = len(sent.text.split()) <= 25 and not sent.text.rstrip().endswith(".")
    return headline_like and bool(doc.title) and sent.start < len(doc.title) + 40 and norm(sent.text) == norm(doc.title)


_ANAPHOR = re.compile(r"^\W*(it|they|he|she|this|these|those|the (group|attack|assault|ministry|militants|jihadists|army|monitor|observatory|agency))\b", re.I)


def _continues(doc: Document, sent: Sentence, ctx: Context, trig: Trigger, own: bool) -> bool:
    """Does this sentence continue the previous mention's story (and so share its date and place)?

    A casualty figure with no date or place of its own continues the mention just before it; other
    sentences only within the same paragraph or when they open with a pronoun ("It said...")."""
    if ctx.last is None or sent.index - ctx.last_index > INHERIT_WINDOW:
        return False
    if trig.casualty_only:
        return not own
    same_paragraph = "\n" not in doc.text[ctx.last_end:sent.start]
    return same_paragraph or bool(_ANAPHOR.match(sent.text))


def _parties(actors: list[Actor], claims: list[Claim]) -> list[str]:
    """The sides this sentence names, with those whose own media claim a kill ("Aamaq claimed ...")."""
    sides = {c.claimant_side for c in claims if c.about_enemy and c.claimant_side}
    return sorted({a.name for a in actors} | sides)


def _build(doc: Document, sent: Sentence, span: tuple[int, int], trig: Trigger, claims: list[Claim],
           ctx: Context, doc_places: list[str]) -> Mention | None:
    text = sent.text[span[0]:span[1]]
    local = Trigger(trig.name, trig.event_type, trig.sub_event_type, trig.start - span[0], trig.end - span[0],
                    trig.text, trig.priority, trig.casualty_only)
    own_date = _own_date(text, local, ctx) is not None
    own_place = any(span[0] <= o < span[1] for _, o in sent.places)
    inherit = _continues(doc, sent, ctx, trig, own_date or own_place)
    loc = _place(sent, span, ctx, inherit, doc_places)
    # "government forces", "civilians": of the country where the event is, else the story's country
    country = loc.country if loc and loc.country else story_country(ctx.focus)
    actors = _resolve_generic(text, ctx, brokers=trig.event_type == "Strategic developments", country=country)
    actors += _people_as_forces(text, actors) if trig.event_type in VIOLENT_TYPES else []
    a1, a2 = _roles(text, local, actors, claims, ctx, inherit, country)
    if trig.casualty_only and not claims or not (actors or own_place or claims or trig.priority >= 60
                                                 or _agent_named(text)):
        return None  # a trigger word alone ("bodies", "fighting") is too little evidence for an event
    if a2 is None and _attacks_civilians(text, local):
        victims = ActorCatalogue.default().normalise("civilians", country)
        a2 = Actor(victims, "civilians", -1, -1) if victims else None
    if a2 is None and (hurt := _persons_harmed(text, local)):  # the words that name them are its evidence
        victims = ActorCatalogue.default().normalise("civilians", country)
        a2 = Actor(victims, "civilians", hurt.start(), hurt.end()) if victims else None
    etype, sub = _type(trig, a1, a2, claims, ctx if inherit else Context(ctx.published), sent.index)
    d0, d1, prec, dquote, inferred = _date(text, ctx, inherit, local)
    if etype == "Violence against civilians" and a2 is None:  # "abducting more than 200 people": its victims
        victims = ActorCatalogue.default().normalise("civilians", country)
        a2 = Actor(victims, "civilians", -1, -1) if victims else None
    etype, sub, a1, a2 = _crowd(etype, sub, a1, a2, text, country)
    second = etype == "Battles" or not lexicon().civilian_targets.search(text)
    n1, n2 = _fill_actors(a1, a2, ctx, sub, second)
    quote, qa, _ = doc.quote(sent.start + span[0], sent.start + span[1])
    qa += len(quote) - len(quote.lstrip())
    quote = quote.strip()
    # evidence holds only what this sentence states: inherited values carry no quote of their own
    evidence = {"event_type": trig.text, "date": dquote, "location": loc.quote if loc and own_place else None,
                "actor1": text[a1.start:a1.end] if a1 and a1.start >= 0 else None,
                "actor2": text[a2.start:a2.end] if a2 and a2.start >= 0 else None}
    return Mention(mention_id(doc.doc_id, qa, qa + len(quote)), doc.doc_id, doc.name, etype, sub, quote, qa,
                   qa + len(quote), doc.outlet, doc.published, d0, d1, prec, loc, n1, n2, claims,
                   trig.text, {k: v for k, v in evidence.items() if v and _said_in(v, quote)}, _parties(actors, claims),
                   inferred)


def _said_in(words: str, quote: str) -> bool:
    """Evidence is words of the quote itself (whitespace compared loosely: the quote is original text)."""
    flat = lambda t: " ".join(t.replace("\u00a0", " ").split()).lower()
    return flat(words) in flat(quote)


def _claims_by_sentence(doc: Document, sdoc, sents: list[Sentence]) -> dict[int, list[Claim]]:
    ents = [(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
    out: dict[int, list[Claim]] = {}
    for idx, claim in find_claims(doc.text, [(s.start, s.end) for s in sents], doc.outlet, ents):
        s = sents[idx]
        quote, a, _ = doc.quote(s.start, s.end)
        claim.char_start = a + len(quote) - len(quote.lstrip())
        claim.quote = quote.strip()
        claim.char_end = claim.char_start + len(claim.quote)
        claim.doc, claim.outlet = doc.name, doc.outlet
        out.setdefault(idx, []).append(claim)
    return out


_PROSE_DATE = re.compile(r"\b(?:on|since|by|until|till|from|between|before|after|early|late|of)\s+(?:\w+day,?\s+)?$",
                         re.I)


def _mask_dateline(doc: Document, sents: list[Sentence]) -> None:
    """The publication dateline ("AFP Sunday 26 Nov 2017") dates the article, not an event: a sentence
    that swallowed it (lost punctuation) is read for dates with the dateline blanked out."""
    line = find_dateline(doc.text) if doc.published_source == "dateline" else None
    if line is None or _PROSE_DATE.search(doc.text[max(0, line.start - 12):line.start]):
        return  # "On 3 May 2023, JNIM militants attacked ...": a date the prose gives its event is no dateline
    for s in sents:
        a, b = max(line.start, s.start), min(line.end, s.end)
        if a < b:
            s.text = s.text[:a - s.start] + " " * (b - a) + s.text[b - s.start:]


def _drop_filing_places(doc: Document, sents: list[Sentence]) -> None:
    """'BEIRUT (Reuters) -', 'Last updated at Jun 14 2016 AMMAN': a place in capitals is where the reporter
    files from. It places an event only when the story also names it in running text ("DEIR EZZOR, Syria
    (AP) - ... in Deir Ezzor")."""
    for s in sents:
        caps = [p for p in s.places if p[0].isupper() and len(p[0]) >= 4]
        s.places = [p for p in s.places if p not in caps or _named_in_text(doc.text, p[0])]


def _named_in_text(text: str, name: str) -> bool:
    return any(not m.group().isupper() for m in re.finditer(re.escape(name), text, re.I))


def extract_mentions(doc: Document, sdoc, skip_headline: bool = True, typer=None) -> list[Mention]:
    """Every event mention in a document, in text order. ``typer`` (sitroom.typer) types its clauses;
    by default the rules alone."""
    story = geo_parse(doc.text)
    sents = sentences(sdoc, story.toponyms, story.story.vetoed)
    _mask_dateline(doc, sents)
    _drop_filing_places(doc, sents)
    _type_clauses(sents, typer)
    doc_places = [n for s in sents for n, _ in s.places]
    ctx = _doc_context(doc, sents, doc_places, tuple(sorted(story.story.focus.items())))
    claims = _claims_by_sentence(doc, sdoc, sents)
    heads = {s.index for s in sents if skip_headline and (_is_headline(doc, s) or _is_subhead(doc, s))}
    out = _read(doc, [s for s in sents if s.index not in heads], ctx, claims, doc_places)
    if not out and heads:  # a brief that is only its headline ("51 martyrs ... escorted from hospital")
        out = _read(doc, [s for s in sents if s.index in heads], ctx, claims, doc_places)
    return out


def _read(doc: Document, sents: list[Sentence], ctx: Context, claims: dict, doc_places: list[str]) -> list[Mention]:
    out: list[Mention] = []
    for sent in sents:
        for i, (span, trig) in enumerate(_clause_mentions(sent, ctx)):
            m = _build(doc, sent, span, trig, claims.get(sent.index, []) if i == 0 else [], ctx, doc_places)
            if m and not _stale(m, ctx.published):
                out.append(m)
                ctx.last, ctx.last_index, ctx.last_end = m, sent.index, sent.end
    return out
