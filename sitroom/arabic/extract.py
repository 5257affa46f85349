"""Event mentions out of an Arabic document: the same ``Mention`` records the English path writes.

Reads: a ``Document`` whose language is "ar" (its clean text; quotes and offsets are taken from its
original text through ``Document.quote``).
Writes: ``Mention`` records with their ``Claim``s, each field with the Arabic words it came from in
``evidence``, so the unchanged resolve, export and web stages take them as they take English ones.

A sentence reports an event when the lexicon finds a trigger in it that no negation or modality word
governs ("لم", "نفى", "هدد", "قد"); a casualty word alone reports one only with a figure. Its place is the
first place named after the trigger (Arabic puts the verb first), its district kept under its town; its
date the sentence's own, else the previous mention's in the same paragraph, else publication (inferred).
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from ..extract.claims import Claimant, _outlet
from ..extract.mentions import mention_id, story_country
from ..extract.roles import Actor, territorial_subtype
from ..ingest.metadata import url_date
from ..records import Claim, Document, Location, Mention
from . import catalogues, places
from .dates import find_dates
from .lexicon import casualties, triggers, words_table
from .numbers import figures
from .text import Word, words

INHERIT_WINDOW = 3  # sentences over which a mention without date or place continues the previous one
NEGATION_REACH = 2  # words before a trigger a negation governs ("لم تقع اشتباكات")
MODALITY_REACH = 6  # words before a trigger a modal or a threat governs ("هدد بشن هجوم")
CASUALTY_REACH = 4  # words between a casualty word and its figure ("مقتل 12", "خطف أكثر من 400")
INFERRED_PRECISION = "week"


@dataclass
class Sentence:
    index: int
    start: int  # offsets in Document.text
    end: int
    text: str
    words: list[Word]
    paragraph: int
    toponyms: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    claimants: list = field(default_factory=list)
    trigger: object = None  # the main trigger once found (False: none), see ``_trigger``
    dates: list | None = None  # its dates once read, see ``_dates``


@dataclass
class Story:
    published: dt.date | None
    countries: dict[str, float]
    main_place: Location | None = None
    last: Mention | None = None
    last_index: int = -99
    last_paragraph: int = -1
    last_claimant: Claimant | None = None
    outlet: Claimant | None = None
    anchor: dt.date | None = None  # with no publication date: the date the text states as today's (dates.anchor)

    @property
    def reference(self) -> dt.date | None:
        """What relative dates count from: publication, else the text's own anchor."""
        return self.published or self.anchor


@functools.lru_cache(maxsize=1)
def _nlp():
    import spacy
    nlp = spacy.blank("ar")
    nlp.add_pipe("sentencizer")
    return nlp


class _Tok:
    __slots__ = ("idx", "text")

    def __init__(self, idx: int, text: str):
        self.idx, self.text = idx, text


def split(text: str) -> list[Sentence]:
    """Clauses of sentences (spaCy's blank Arabic tokenizer and sentencizer), each with its words. A
    sentence is cut where a new event starts: at "فيما", "بينما", "في حين", and at a comma followed by
    "و" + an event verb ("...، وخطف أكثر من 400 مدني"); a line break ends a paragraph."""
    out, para = [], 0
    for s in _nlp()(text).sents:
        toks = [_Tok(t.idx - s.start_char, t.text) for t in s]
        stext = text[s.start_char:s.end_char]
        ws = words(stext, toks)
        for a, b in _clauses(stext, ws):
            cw = [Word(w.start - a, w.end - a, w.text, w.folded, w.where) for w in ws if a <= w.start < b]
            out.append(Sentence(len(out), s.start_char + a, s.start_char + b, stext[a:b], cw, para))
        para += "\n" in stext or text[s.end_char:s.end_char + 1] == "\n"
    return out


CONNECTORS = ("فيما", "بينما", "وبينما", "وفيما", "في حين", "كما")


def _clauses(text: str, ws: list[Word]) -> list[tuple[int, int]]:
    cuts = [0]
    for k, w in enumerate(ws):
        if k == 0:
            continue
        gap = text[ws[k - 1].end:w.start]
        two = f"{w.folded} {ws[k + 1].folded}" if k + 1 < len(ws) else w.folded
        if w.folded in CONNECTORS or two in CONNECTORS:
            cuts.append(w.start)
        elif any(c in gap for c in "،؛,;") and w.folded[:1] in "وف" and _new_event(ws, k):
            cuts.append(w.start)
    cuts.append(len(text))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def _new_event(ws: list[Word], k: int) -> bool:
    m = triggers().at(ws, k)
    return bool(m) and not m.payload.get("casualty_only") and m.payload["priority"] >= 60


# -- the document pass ----------------------------------------------------------------------------

def _read_names(sents: list[Sentence], country: str | None) -> None:
    for s in sents:
        s.claimants = catalogues.claimants(s.words)
        s.actors = catalogues.actors(s.words, country)
        skip = [(h.start, h.end) for h in s.claimants] + [(a.start, a.end) for a in s.actors] + _after(s, "not_scene_before")
        s.toponyms = places.find(s.words, skip, s.text)
        for t in s.toponyms:  # a reporter's place is named, but it is where the report comes from
            t.scene = not any(a < t.end and t.start < b for a, b in _after(s, "reporter_before"))


def _after(s: Sentence, key: str) -> list[tuple[int, int]]:
    """The first letter of the name right after a phrase of list ``key``: "محافظ مأرب", "محكمة جنايات
    القاهرة" (a title's or a court's place names no place of the story), "مراسل سانا في دير الزور" (a
    reporter's place, after the outlet's name and "في"). A place named further on is the story's."""
    out = []
    for m in words_table(key).find(s.words):
        k = m.j
        if key == "reporter_before":  # "مراسل [سانا] في X"
            k = next((j + 1 for j in range(m.j, min(len(s.words), m.j + 4)) if s.words[j].folded == "في"), k)
        elif (cue := places.cue_at(s.words, k)) is not None:  # "حاكم ولاية بورنو": past the title's cue word
            k = cue
        if k < len(s.words):
            out.append((s.words[k].start, s.words[k].start + 1))
    return out


def _story(doc: Document, sents: list[Sentence]) -> Story:
    pub = dt.date.fromisoformat(doc.published[:10]) if doc.published else None
    story = Story(pub, places.story_countries([t for s in sents for t in s.toponyms]))
    for s in sents:
        s.toponyms = places.keep_in_story(s.toponyms, story.countries)
    counts: dict[str, tuple[int, Location]] = {}
    for s in sents:
        for t in (t for t in s.toponyms if t.scene):
            p = places.resolve(t, story.countries)
            if p and p.feature not in ("country",) and p.feature not in places.AREAS - {"admin1"}:
                n, loc = counts.get(p.id, (0, places.location(p, t.text)))
                counts[p.id] = (n + 1, loc)
    if counts:  # news leads with its place: the first named, unless another is named twice as often
        first = next(iter(counts.values()))
        story.main_place = max(counts.values(), key=lambda v: v[0] >= 2 * first[0])[1]
    return story


def country_name(story: Story) -> str | None:
    """The country the story is most about, by name (the English path's rule, over Arabic place votes)."""
    return story_country(tuple(story.countries.items()))


# -- triggers -------------------------------------------------------------------------------------

def _governed(words: list[Word], i: int, framed: list[tuple[int, int]]) -> bool:
    """Is the trigger at word ``i`` negated, threatened or only possible ("لم", "هدد", "قد"), or framed
    by a word before it (``framed``: the word ranges framing governs, see ``_framing``)?"""
    if any(lo <= i < hi for lo, hi in framed):
        return True
    neg = words_table("negation")
    mod = words_table("modality")
    if any(neg.at(words, k) for k in range(max(0, i - NEGATION_REACH), i)):
        return True
    return any((m := mod.at(words, k)) and m.j <= i and not _pluperfect(words, k) for k in range(max(0, i - MODALITY_REACH), i))


def _pluperfect(words: list[Word], k: int) -> bool:
    """"كان قد تبنى", "وكانت القيادة قد قالت": قد after كان tells what had happened, not what may."""
    return words[k].folded == "قد" and any(r in PAST_BE for w in words[max(0, k - 6):k] for _, r in w.readings())


PAST_BE = ("كان", "كانت", "كانوا")


def _framing(words: list[Word]) -> list[tuple[int, int]]:
    """The words that do not report news: after a word that denies, condemns, judges in court or
    frames as background ("نفى", "أدانت", "قضت محكمة", "يأتي ذلك بعد"); and, when the clause tells what
    happens often ("تقصف بشكل متكرر"), everything up to a "حيث" that goes on to one event ("حيث جرح 13
    مدنيا الأحد")."""
    out = []
    generic = words_table("generic").find(words)
    if generic:
        g = generic[0].i
        out.append((0, next((k for k in range(g, len(words)) if words[k].folded == "حيث"), len(words) + 1)))
    frame = min((m.j for m in words_table("framing").find(words)), default=None)
    return out + ([(frame, len(words) + 1)] if frame is not None else [])


def _trigger(s: Sentence):
    """The clause's main trigger: the highest-priority one no negation, modality or framing governs,
    and that is not another sense of its word (``_other_sense``)."""
    if s.trigger is not None:
        return s.trigger or None
    framed = _framing(s.words)
    found = [m for m in triggers().find(s.words) if not _governed(s.words, m.i, framed) and not _other_sense(s, m)]
    events = [m for m in found if not m.payload.get("casualty_only")]
    pool = events or found
    s.trigger = max(pool, key=lambda m: (m.payload["priority"], -m.i)) if pool else False
    return s.trigger or None


def _other_sense(s: Sentence, m) -> bool:
    """"تظاهرت أنها من المدنيين" (pretended), not a protest; "سقوط 29 قتيلا" (casualties fell) and
    "للسيطرة على" (in order to take), not a town taken."""
    if m.j >= len(s.words):
        return False
    if m.payload["name"] == "protest" and s.words[m.i].folded.startswith(("تظاهر", "يتظاهر")):
        return any(r in THAT for w in s.words[m.j:m.j + 3] for _, r in w.readings())  # "تظاهر (المسلح) بأنه"
    if m.payload["name"] == "territory" and m.start > s.words[m.i].start and s.words[m.i].folded.startswith("ل"):
        return True  # "هجوم للسيطرة على السد": what an attack was for, not what it took
    if m.payload["name"] == "territory" and s.words[m.i].folded == "سقوط":
        return bool(figures(s.words[m.j:m.j + 3])) or bool(casualties().at(s.words, m.j))
    return False


THAT = ("ان", "انه", "انها", "انهم", "انهن")


def _has(table_key: str, s: Sentence) -> str | None:
    m = words_table(table_key).find(s.words)
    return s.text[m[0].start:m[0].end] if m else None


def _type(trig, s: Sentence, a1: Actor | None, a2: Actor | None, claims: list[Claim], story: Story):
    spec = trig.payload
    etype, sub = spec["event_type"], spec["sub_event_type"]
    if spec["name"] == "shelling" and _near("air_cues", s, trig, 3):
        return "Explosions/Remote violence", "Air/drone strike"  # "قصف جوي", "قصفت طائرات"
    if spec["name"] in ("protest", "riot"):
        return _crowd(spec["name"], s, claims)
    if spec["name"] == "territory":
        return etype, _territorial(s, trig, a1, a2)
    if spec.get("casualty_only"):
        if story.last and s.index - story.last_index <= INHERIT_WINDOW:
            return story.last.event_type, story.last.sub_event_type
        civ = any(c.victims and _civilian(c.victims) for c in claims)
        return ("Violence against civilians", "Attack") if civ else ("Battles", "Armed clash")
    if spec.get("target_decides") and (a2 is not None and a2.kind == "civilians" or _civilian_claims(claims)
                                       or _near("civilian_targets", s, trig, 5, after_only=True)
                                       or _assault_on_people(s, trig, claims)):
        return "Violence against civilians", "Attack"
    return etype, sub


def _near(key: str, s: Sentence, trig, reach: int, after_only: bool = False) -> bool:
    """Does a phrase of lexicon list ``key`` stand within ``reach`` words of the trigger?"""
    lo = trig.j if after_only else trig.i - reach
    return any(lo <= m.i <= trig.j + reach for m in words_table(key).find(s.words))


def _territorial(s: Sentence, trig, a1: Actor | None, a2: Actor | None) -> str:
    """Ground taken by a state's forces is regained, by anyone else overtaken; a state's forces named
    only by a by-country word ("وسيطر الجيش", no country known yet) count as the state's."""
    if a1 is None and a2 is None:
        near = [a for a in s.actors if abs(a.i - trig.i) <= 4 and a.kind not in NON_PARTIES | {"civilians"}]
        if near:
            return "Government regains territory" if near[0].kind in ("state_forces", "foreign_forces") \
                else "Non-state actor overtakes territory"
        if s.words[trig.i].folded.startswith(("استعاد", "حرر", "تحرير")):
            return "Government regains territory"
    return territorial_subtype(a1, a2)


def _assault_on_people(s: Sentence, trig, claims: list[Claim]) -> bool:
    """"الهجوم على دار الجمال أسفر عن مقتل 60 شخصا": an assault (not a clash) whose dead are only
    "people", no fighters, is violence against civilians, as ACLED codes a one-sided attack."""
    if not words_table("assault_words").at(s.words, trig.i):
        return False
    dead = [c for c in claims if c.kind == "killed"]
    return bool(dead) and all(c.victims and words_table("people_words").find(words(c.victims)) for c in dead)


def _crowd(name: str, s: Sentence, claims: list[Claim] = ()) -> tuple[str, str]:
    if name == "riot" or _riot_cue(s):
        return "Riots", "Violent demonstration"
    if _has("force_cues", s) or _protesters_killed(claims):
        return "Protests", "Excessive force against protesters"
    if _has("intervention_cues", s):
        return "Protests", "Protest with intervention"
    return "Protests", "Peaceful protest"


def _riot_cue(s: Sentence) -> bool:
    """A word of violence by the crowd; burning a picture or a flag ("بحرق صور", "أحرقوا العلم") is a
    protest's gesture, not a riot."""
    symbols = words_table("symbols")
    return any(not any(symbols.at(s.words, k) for k in range(m.j, min(m.j + 2, len(s.words))))
               for m in words_table("riot_cues").find(s.words))


def _protesters_killed(claims: list[Claim]) -> bool:
    """"3 متظاهرين قتلوا": lethal force against the crowd."""
    return any(c.kind == "killed" and c.victims and words_table("protester_words").find(words(c.victims)) for c in claims)


def _civilian(victims: str) -> bool:
    return bool(words_table("civilian_words").find(words(victims)))


def _civilian_claims(claims: list[Claim]) -> bool:
    counted = [c for c in claims if c.kind in ("killed", "arrested", "abducted")]
    return bool(counted) and all(c.victims and _civilian(c.victims) for c in counted)


# -- claims ---------------------------------------------------------------------------------------

def _kind(s: Sentence, f) -> str | None:
    """What a figure counts: a casualty word just before it ("مقتل 12"), its own noun ("300 قتيل",
    "قتيلين"), or a casualty verb after it in the clause ("26 عنصراً ... قُتلوا")."""
    if f.kind:
        return f.kind
    hits = casualties().find(s.words)
    before = [m for m in hits if m.j <= f.i and f.i - m.j <= CASUALTY_REACH]
    if before:
        return before[-1].payload
    own = [m for m in hits if f.j <= m.i <= f.j + 1]
    if own:
        return own[0].payload
    after = [m for m in hits if f.j <= m.i <= f.j + 8 and not _clause_break(s, f.j, m.i)]
    return after[0].payload if after else None


def _martyrs(s: Sentence, f) -> bool:
    """"استشهاد سبعة", "300 شهيد": martyrdom is how a side names its own dead (or civilians), never its
    enemy's; such a figure is no party's claim about enemy losses."""
    table = words_table("martyr_words")
    return any(abs(m.i - f.i) <= CASUALTY_REACH or f.j <= m.i <= f.j + 1 for m in table.find(s.words))


def _clause_break(s: Sentence, i: int, j: int) -> bool:
    a, b = s.words[i - 1].end if i else 0, s.words[j].start
    return any(c in s.text[a:b] for c in "،,.؛;:")


def _counts_people(s: Sentence, f) -> bool:
    """"سبعة مدنيين", "300 قتيل", "عشرات القتلى": a figure of people; "ثلاثة أيام" counts days."""
    table = words_table("unit_nouns")
    k = f.j + (f.j < len(s.words) and s.words[f.j].folded == "من")  # "12 من عناصر التنظيم", "سبعة من المدنيين"
    return k < len(s.words) and table.at(s.words, k) is not None


def _is_part(s: Sentence, f) -> bool:
    """"بينهم ثلاثة أطفال", "منهم": a part of the figure before, not a figure of its own."""
    return f.i > 0 and s.words[f.i - 1].folded in ("بينهم", "منهم", "بينهن", "منهن", "بينها")


def _victims(s: Sentence, f) -> str:
    """The words a figure counts: its noun and a "من X" after it ("عنصراً على الأقل من قوات النظام")."""
    j = min(len(s.words), f.j + 1)
    for k in range(f.j, min(len(s.words), f.j + 6)):
        if s.words[k].folded == "من" and k + 1 < len(s.words):
            hit = next((a for a in s.actors if a.i == k + 1), None)
            if hit:
                j = hit.j
                break
    return s.text[s.words[f.i].start:s.words[j - 1].end]


def _claimant(s: Sentence, at: int, story: Story) -> Claimant:
    """The speaker of a figure at word ``at``: the nearest source named before it, else one named
    after it (", بحسب المرصد"), else the source of the paragraph's last claim or the outlet."""
    before = [h for h in s.claimants if h.i < at]
    after = [h for h in s.claimants if h.i >= at]
    hit = before[-1] if before else (after[0] if after else None)
    if hit is None or hit.anaphor:
        return story.last_claimant or story.outlet or Claimant("unattributed", "unknown")
    return hit.claimant


def _about_enemy(who: Claimant, victims: str, s: Sentence) -> bool:
    """A party's (or its media's) figure for its enemy's fighters: "أكثر من 300 قتيل في صفوفهم" from
    SANA, "38 عنصراً من قوات النظام" from Aamaq."""
    if who.kind not in ("party", "party_media", "state_media", "government") or not who.side:
        return False
    if _civilian(victims):
        return False
    named = [a.name for a in s.actors if a.name and s.text.find(a.words) >= 0 and a.words in victims]
    if named:
        from ..normalize.actors import ActorCatalogue
        return not any(ActorCatalogue.default().allied(n, who.side) for n in named)
    return bool(words_table("enemy_ranks").find(words(s.text[s.text.find(victims):][:len(victims) + 30])))


def claims(doc: Document, s: Sentence, story: Story) -> list[Claim]:
    out = []
    dated = [(t.char_start, t.char_end) for t in find_dates(s.words, s.text, story.reference or dt.date(2100, 1, 1))]
    for f in figures(s.words):
        kind = _kind(s, f)
        fa, fb = s.words[f.i].start, s.words[f.j - 1].end
        if not kind or _is_part(s, f) or f.value > 100_000 or any(x < fb and fa < y for x, y in dated) \
                or not (f.kind or _counts_people(s, f)):
            continue
        who = _claimant(s, f.i, story)
        victims = _victims(s, f)
        quote, a, b = _quote(doc, s)
        enemy = kind == "killed" and not _martyrs(s, f) and _about_enemy(who, victims, s)
        out.append(Claim(f.value, kind, f.qualifier, victims, who.name, who.kind, who.side, enemy,
                         doc.name, doc.outlet, quote, a, b))
        story.last_claimant = who if who.name != "unattributed" else story.last_claimant
    return out


def _quote(doc: Document, s: Sentence) -> tuple[str, int, int]:
    quote, a, _ = doc.quote(s.start, s.end)
    a += len(quote) - len(quote.lstrip())
    quote = quote.strip()
    return quote, a, a + len(quote)


# -- roles, place, date -----------------------------------------------------------------------------

NON_PARTIES = {"media", "international"}


def _parties(s: Sentence) -> list:
    return [a for a in s.actors if a.name and a.kind not in NON_PARTIES]


def _roles(s: Sentence, trig, claims_: list[Claim]) -> tuple[Actor | None, Actor | None]:
    """Actor 1 acts, actor 2 suffers: the side a figure counts ("26 عنصراً من قوات النظام") or the
    civilians named are actor 2; the first other party named, before or after the verb, is actor 1."""
    parties = _parties(s)
    victims = [a for a in parties if any(c.victims and a.words in c.victims for c in claims_)]
    civilians = [a for a in parties if a.kind == "civilians"]
    a2 = victims[0] if victims else (civilians[0] if civilians else None)
    others = [a for a in parties if a is not a2 and a.kind != "civilians" and (a2 is None or a.name != a2.name)]
    a1 = min(others, key=lambda a: abs(a.i - trig.i)) if others else None
    if a2 is None and len(others) > 1:
        a2 = next((a for a in others if a is not a1 and a.name != a1.name), None)
    conv = lambda a: Actor(a.name, a.kind, a.start, a.end) if a else None
    return conv(a1), conv(a2)


def _enemy_side(claims_: list[Claim]) -> str | None:
    """"Aamaq said 38 soldiers were killed": a party's claim of a kill makes its side the attacker."""
    return next((c.claimant_side for c in claims_ if c.about_enemy and c.claimant_side), None)


def _place(s: Sentence, trig, story: Story, inherit: bool) -> tuple[Location | None, bool]:
    """(location, stated here): the first place after the trigger (else before it); a district or a
    facility stays under the town named next to it; "ريف X" is X's province."""
    scene = [t for t in s.toponyms if t.scene]
    tops = [t for t in scene if t.start >= s.words[trig.i].start] or scene
    if not tops:
        base = story.last.location if inherit and story.last and story.last.location else story.main_place
        return base or _country_place(story), False
    t = tops[0]
    p = places.resolve(t, story.countries)
    if p is None:  # a square or district no gazetteer knows: under the town named next, else the story's
        nxt = next((o for o in tops[1:] if o.entries), None)
        town = places.resolve(nxt, story.countries) if nxt else None
        base = places.location(town, nxt.text) if town else story.main_place or _country_place(story)
        return (_with_sub(base, f"{t.cue_words} {t.text}"), True) if base else (None, False)
    prec = "near" if t.cue == "near" else None
    if t.cue == "countryside" or p.feature == "admin1":
        return _province(p, t.text, story), True
    if p.feature in ("district", "base", "facility"):
        return _under_town(p, t.text), True
    sub = _district_before(s, t)
    return places.location(p, t.text, prec, sub), True


def _country_place(story: Story) -> Location | None:
    """A story that names its country but no known town: the event is in that country (country
    precision, as ACLED places an event only its country is known for)."""
    if not story.countries:
        return None
    cc = max(story.countries, key=story.countries.get)
    if story.countries[cc] < 0.5:
        return None
    p = places.place(f"country:{cc}")
    return places.location(p, "") if p else None


def _district_before(s: Sentence, t) -> str | None:
    """"حي هرابش في مدينة دير الزور": a district the gazetteer lacks, named just before its town."""
    prev = [o for o in s.toponyms if o.end <= t.start and not o.entries and t.start - o.end <= 12]
    return f"{prev[-1].cue_words} {prev[-1].text}" if prev else None


def _with_sub(base: Location, sub: str) -> Location:
    return Location(base.name, base.country, base.admin1, base.lat, base.lon, base.geo_precision, sub,
                    base.gazetteer_id, sub)


def _under_town(p, words_: str) -> Location:
    from ..normalize.places import Gazetteer
    gaz = Gazetteer.default()
    cur = next((c for c in gaz.lookup(p.name) if c.id == p.id), None)
    town = gaz.parent_of(cur) if cur else None
    town_geo = places.place(town.id) if town else None
    if town_geo is None:
        return places.location(p, words_, sub=p.name)
    return places.location(p, words_, "exact", p.name, town_geo)


def _province(p, words_: str, story: Story) -> Location:
    """A province-level report is placed at its province (ACLED: admin1 precision)."""
    loc = places.location(p, words_)
    if p.feature != "admin1":
        loc.name, loc.geo_precision = p.admin1 or p.name, "admin1"
    return loc


def _date(s: Sentence, trig, story: Story, inherit: bool):
    """(start, end, precision, words, inferred): the sentence's own date nearest the trigger, else the
    mention it continues, else publication (its day not known: week precision, inferred)."""
    found = _dates(s, story)
    if story.published:
        found = [t for t in found if t.start <= story.published + dt.timedelta(days=1)]
    if found:
        at = s.words[trig.i].start
        te = min(found, key=lambda t: (t.precision != "day", abs(t.char_start - at)))
        return te.start.isoformat(), te.end.isoformat(), te.precision, te.text, False
    last = story.last
    if inherit and last and last.date_start:
        return last.date_start, last.date_end, last.time_precision, None, last.date_inferred
    if story.published:
        day = story.published.isoformat()
        return day, day, INFERRED_PRECISION, None, True
    return None, None, None, None, False


SINCE = ("منذ", "خلال")
PERIOD_HEADS = ("شهر", "مطلع", "بدايه", "اوايل", "اواخر", "نهايه")
TALLY_DAYS = 3  # a period that began this many days before publication holds more than one event


def _tally_since(s: Sentence, story: Story) -> bool:
    """"قتل أكثر من 300 شخص منذ الأول من أكتوبر", "خلال شهر كانون الثاني الماضي، 87 هجوماً": a count over a
    period that began days before publication is a tally of many events, not one."""
    ref = story.reference
    for t in _dates(s, story):
        before = [w for w in s.words if w.end <= t.char_start][-2:]
        cued = before and _since(before[-1]) or len(before) == 2 and before[1].folded in PERIOD_HEADS and _since(before[0])
        if cued and (t.precision in ("month", "year") or ref and (ref - t.start).days >= TALLY_DAYS):
            return True
    return False


def _since(w: Word) -> bool:
    return any(r in SINCE for _, r in w.readings())


def _dates(s: Sentence, story: Story) -> list:
    """The sentence's dates, read once for the tally check and the mention's date."""
    if s.dates is None:
        s.dates = find_dates(s.words, s.text, story.reference)
    return s.dates


# -- the mention ------------------------------------------------------------------------------------

def _fill(a: Actor | None, country: str | None, kind: str) -> Actor | None:
    if a is not None or not country:
        return a
    from ..normalize.actors import ActorCatalogue
    name = ActorCatalogue.default().normalise(kind, country)
    return Actor(name, "civilians" if kind == "civilians" else kind, -1, -1) if name else None


def build(doc: Document, s: Sentence, story: Story) -> Mention | None:
    trig = _trigger(s)
    if trig is None:
        return None
    cl = claims(doc, s, story)
    if trig.payload.get("casualty_only") and not cl:
        return None  # a casualty word without a figure ("the dead") is too little for an event
    if _tally_since(s, story):
        return None
    inherit = bool(story.last) and s.index - story.last_index <= INHERIT_WINDOW and s.paragraph == story.last_paragraph
    loc, own_place = _place(s, trig, story, inherit)
    a1, a2 = _roles(s, trig, cl)
    side = _enemy_side(cl)
    if side and (a1 is None or a1.name != side):
        a1, a2 = Actor(side, "unknown", -1, -1), a2 or a1
    etype, sub = _type(trig, s, a1, a2, cl, story)
    country = loc.country if loc and loc.country else country_name(story)
    if etype == "Violence against civilians" or sub == "Arrests" and _civilian_claims(cl):
        a2 = a2 if a2 is not None and a2.kind == "civilians" else None
        a2 = _fill(a2, country, "civilians")  # "خمسة شبان": the arrested are civilians, not whom they were accused of
    if etype in ("Protests", "Riots"):
        crowd = _fill(None, country, "protesters" if etype == "Protests" else "rioters")
        other = a1 if a1 is not None and a1.kind != "civilians" else (a2 if a2 is not None and a2.kind != "civilians" else None)
        a1, a2 = crowd, other  # the crowd, and who it faced (the police that dispersed it)
    d0, d1, prec, dwords, inferred = _date(s, trig, story, inherit)
    quote, qa, qb = _quote(doc, s)
    evidence = {"event_type": s.text[trig.start:trig.end], "date": dwords,
                "location": loc.quote if loc and own_place else None,
                "actor1": s.text[a1.start:a1.end] if a1 and a1.start >= 0 else None,
                "actor2": s.text[a2.start:a2.end] if a2 and a2.start >= 0 else None}
    parties = sorted({a.name for a in _parties(s)} | ({side} if side else set()))
    return Mention(mention_id(doc.doc_id, qa, qb), doc.doc_id, doc.name, etype, sub, quote, qa, qb, doc.outlet,
                   doc.published, d0, d1, prec, loc, a1.name if a1 else "", a2.name if a2 else "", cl,
                   s.text[trig.start:trig.end], {k: v for k, v in evidence.items() if v and v in quote}, parties,
                   inferred)


NO_VETO = {"none_veto": 1.01}


def _vetoed(sents: list[Sentence], cfg: dict) -> set[int]:
    """The clauses with a trigger that the learned component reads as reporting no event: surer for a
    precise trigger ("سيارة مفخخة", "تظاهرة") than for a vague one ("هجوم", "مقتل")."""
    from .learned import veto
    found = [(s, t) for s in sents if (t := _trigger(s)) is not None]
    precise = cfg.get("precise_priority", 101)
    limits = [cfg.get("precise_veto", 1.01) if t.payload["priority"] >= precise else cfg["none_veto"] for _, t in found]
    return {s.index for (s, _), drop in zip(found, veto([s.text for s, _ in found], limits)) if drop}


def extract_mentions(doc: Document, veto: dict | None = None) -> list[Mention]:
    """Every event mention of an Arabic document, in text order; ``veto`` (the ``[arabic]`` settings)
    lets the learned component drop the clauses it reads as reporting nothing (``learned.veto``)."""
    sents = split(doc.text)
    _read_names(sents, None)
    story = _story(doc, sents)
    if story.published is None:
        from .dates import anchor
        story.anchor = anchor(words(doc.text), doc.text, url_date(doc.url)[1])
    country = country_name(story)
    for s in sents:  # by-country names ("قوات النظام") now take the story's country
        s.actors = catalogues.actors(s.words, country)
    story.outlet = _outlet(doc.outlet) if doc.outlet else None
    out = []
    dropped = _vetoed(sents, veto or NO_VETO)
    for s in sents:
        named = [h.claimant for h in s.claimants if not h.anaphor]
        m = None if s.index in dropped else build(doc, s, story)
        if named:
            story.last_claimant = named[0]
        if m:
            out.append(m)
            story.last, story.last_index, story.last_paragraph = m, s.index, s.paragraph
    return out
