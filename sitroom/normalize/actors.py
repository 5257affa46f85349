"""Actors: who is named in a sentence, under their ACLED-style name.

The catalogues are data: ``sitroom/data/actors.json`` (the Syrian and Iraqi wars) and
``actors_world.json`` (the wars of the last decade elsewhere; ``ACTORS_WORLD.md``). Each actor has a
name, a kind, a country, ACLED's inter code, the countries it fights in and the ways reporters name
it. Matching is whole-word and longest-first ("Syrian Democratic Forces" is the SDF, not "Syrian ...
forces"); aliases that are also English words match only as written ("IS" is the group, "is" a
verb); some acronyms mean an actor only in one country's stories ("SNA" in Somalia). Some aliases
depend on the country: "the regime", "government forces", "police", "protesters", "civilians" are
that country's forces, police, protesters or civilians, under the catalogue's name or ACLED's generic
one ("Police Forces of Kenya", "Civilians (Chile)"). The caller says which country (the event's
place, else the story's focus); with none said, none is guessed.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from ..errors import ConfigError
from .places import orth_pattern

KINDS = ("state_forces", "rebels", "islamist", "militia", "foreign_forces", "civilians", "international", "media",
         "political_militia", "identity_militia", "protesters", "rioters")
# ACLED's inter codes by kind: 1 state forces, 2 rebels, 3 political militias, 4 identity militias, 5 rioters,
# 6 protesters, 7 civilians, 8 external/other forces (state forces outside their own country among them).
INTER = {"state_forces": 1, "foreign_forces": 1, "rebels": 2, "islamist": 2, "militia": 3, "political_militia": 3,
         "identity_militia": 4, "rioters": 5, "protesters": 6, "civilians": 7, "international": 8}
# ACLED's generic actors of a country, for a country the catalogue has no entry of that kind for.
GENERIC_NAMES = {"state_forces": "Military Forces of {country}", "civilians": "Civilians ({country})",
                 "police": "Police Forces of {country}", "protesters": "Protesters ({country})",
                 "rioters": "Rioters ({country})", "unidentified": "Unidentified Armed Group ({country})"}
# ACLED's names for the countries GeoNames names otherwise, and the countries an "of" puts "the"
# before ("Military Forces of the Philippines", "Police Forces of the Central African Republic")
ACLED_COUNTRY = {"Democratic Republic of the Congo": "Democratic Republic of Congo",
                 "Republic of the Congo": "Republic of Congo", "Palestinian Territory": "Palestine",
                 "Czechia": "Czech Republic", "Timor Leste": "East Timor", "Cabo Verde": "Cape Verde",
                 "Eswatini": "eSwatini"}
_THE = frozenset(("Philippines", "Netherlands", "Bahamas", "Comoros", "Maldives", "Solomon Islands",
                  "Marshall Islands", "Central African Republic", "Democratic Republic of Congo",
                  "Republic of Congo", "Dominican Republic", "Czech Republic", "United States",
                  "United Kingdom", "United Arab Emirates"))


def generic_name(template: str, country: str) -> str:
    """ACLED's generic actor of a country: "Civilians (Democratic Republic of Congo)", "Military
    Forces of the Philippines"."""
    c = ACLED_COUNTRY.get(country, country)
    return template.format(country=f"the {c}" if template.endswith("of {country}") and c in _THE else c)


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    kind: str
    country: str | None = None
    inter: int | None = None  # ACLED's inter code in the actor's own country (see ``inter_code``)


@dataclass(frozen=True, slots=True)
class ActorMatch:
    start: int
    end: int
    text: str
    name: str | None  # None for an unnamed generic ("the group"): the caller decides who it is
    kind: str
    generic: bool = False


@dataclass(frozen=True, slots=True)
class _Alias:
    text: str
    actor: Actor | None  # None: depends on the country (by_country) or on the story (unnamed generic)
    kind: str
    generic: bool
    by_country: tuple[tuple[str, str], ...] = ()  # (country, actor name)
    default: str | None = None
    needs_demonym: bool = False  # "US cruise missiles" name a side; "cruise missiles" alone name no one
    template: str | None = None  # "Police Forces of {country}": the name for a country ``by_country`` lacks


NATIONALITY_WORDS = 4  # the most words a nationality before an actor's name has ("Democratic Republic of Congo's")
_WORD = re.compile(r"\w+(?:['’.]\w+)*")  # a word, with inner apostrophes and dots (Assad's, U.S)
_SEP = re.compile(r"[\s(-]*")  # what may stand between the words of an alias ("Civilians (Iraq)")


def _name_forms(name: str) -> list[str]:
    """An ACLED name as text may quote it: "Military Forces of Syria (2000-)" is also found as
    "Military Forces of Syria"; "SDF: Syrian Democratic Forces" as "Syrian Democratic Forces"."""
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return list(dict.fromkeys([name, bare, *(p.strip() for p in bare.split(":") if len(p.strip()) > 3)]))


def _head(word: str) -> str:
    """The first word of an alias or of a span, for a quick "can an alias start here?" test."""
    word = word.replace("’", "'").lower()
    return word[:-2] if word.endswith("'s") else word


def _flat(text: str) -> str:
    """The key an alias and a matched text share: no spaces, hyphens or apostrophe variants."""
    return re.sub(r"[\s-]+", "", text.replace("’", "'"))


class ActorCatalogue:
    def __init__(self, data: dict):
        self.actors: dict[str, Actor] = {}
        self.aliases: dict[str, _Alias] = {}  # lower-case alias -> entry
        self.exact: dict[str, _Alias] = {}  # case-sensitive alias -> entry
        self.local: dict[str, dict[str, _Alias]] = {}  # country -> acronyms that name an actor only there
        self.local_ci: dict[str, dict[str, _Alias]] = {}  # country -> lower-case names of an actor there only
        self.active_in: dict[str, tuple[str, ...]] = {}  # actor name -> the countries it fights in
        for a in data["actors"]:
            self._add_actor(a)
        for group in data.get("by_country", []):
            self._add_by_country(group)
        for text in data.get("unnamed_generic", []):
            self.aliases.setdefault(text.lower(), _Alias(text, None, "unknown", True))
        self.demonyms = {k.lower(): v for k, v in data.get("demonyms", {}).items()}
        self.alliances = [frozenset(a["members"]) for a in data.get("alliances", [])]
        self._check_alliances()
        self.max_words = max(len(_WORD.findall(a)) for a in [*self.aliases, *self.exact])
        self._flat_ci = {_flat(k): v for k, v in self.aliases.items()}
        self._flat_cs = {_flat(k): v for k, v in self.exact.items()}
        self._flat_local = {c: {_flat(k): v for k, v in d.items()} for c, d in self.local.items()}
        self._flat_local_ci = {c: {_flat(k): v for k, v in d.items()} for c, d in self.local_ci.items()}
        local = [a for d in (*self.local.values(), *self.local_ci.values()) for a in d]
        # first word of an alias -> the most words an alias starting with it has: spans longer than
        # that are not looked up (the world catalogue's long names would otherwise cost every word)
        self._first: dict[str, int] = {}
        for a in [*self.aliases, *self.exact, *local]:
            ws = _WORD.findall(a)
            if ws:
                self._first[_head(ws[0])] = max(self._first.get(_head(ws[0]), 0), len(ws))

    def _add_actor(self, a: dict) -> None:
        if a["kind"] not in KINDS:
            raise ConfigError("E200", f"actor {a['name']!r}: unknown kind {a['kind']!r}")
        actor = Actor(a["name"], a["kind"], a.get("country"), a.get("inter") or INTER.get(a["kind"]))
        self.actors[actor.name] = actor
        # the first catalogue was written for Syria and Iraq: its groups fight there unless it says otherwise
        self.active_in[actor.name] = tuple(a.get("active_in") or ("Syria", "Iraq")) + (actor.country,)
        forms = _name_forms(a["name"])
        # "Islamic State (Sahel)" is also written "Islamic State": that short form stays the actor that has it
        self.aliases.setdefault(forms[0].lower(), _Alias(forms[0], actor, actor.kind, False))
        for text in forms[1:]:
            self.aliases.setdefault(text.lower(), _Alias(text, actor, actor.kind, False))
        for text in a.get("aliases", []):
            self.aliases[text.lower()] = _Alias(text, actor, actor.kind, False)
        for country, texts in a.get("country_acronyms", {}).items():  # "SNA" in Somalia: the Somali army
            for text in texts:
                self.local.setdefault(country, {})[text] = _Alias(text, actor, actor.kind, False)
        for country, texts in a.get("country_aliases", {}).items():  # "al-Shabaab" in Mozambique: its insurgents
            for text in texts:
                self.local_ci.setdefault(country, {})[text.lower()] = _Alias(text, actor, actor.kind, False)
        for text in a.get("generic", []):
            self.aliases[text.lower()] = _Alias(text, actor, actor.kind, True)
        for text in a.get("case_sensitive", []):
            self.exact[text] = _Alias(text, actor, actor.kind, False)

    def _check_alliances(self) -> None:
        for side in self.alliances:  # a misspelt member would silently never match
            unknown = sorted(side - set(self.actors))
            if unknown:
                raise ConfigError("E200", f"actors.json alliances: unknown actor(s) {unknown}")

    def _add_by_country(self, group: dict) -> None:
        names = tuple(group["names"].items())
        for country, name in names:  # "Civilians (Iraq)" is an actor of its own, and names itself
            actor = self.actors.setdefault(name, Actor(name, group["kind"], country, INTER.get(group["kind"])))
            self.aliases.setdefault(name.lower(), _Alias(name, actor, actor.kind, False))
        for text in group["aliases"]:
            self.aliases.setdefault(text.lower(), _Alias(text, None, group["kind"], False, names, group.get("default"),
                                                         bool(group.get("needs_demonym")), group.get("template")))

    @classmethod
    def default(cls) -> "ActorCatalogue":
        return _default()

    # -- matching -------------------------------------------------------------------------------
    def find(self, text: str, country: str | None = None) -> list[ActorMatch]:
        """Actor names in ``text``, longest match first where two overlap, in text order."""
        words = list(_WORD.finditer(text))
        hits = []
        for i in range(len(words)):
            longest = self._first.get(_head(words[i].group()))
            if not longest:  # no alias starts with this word
                continue
            for j in range(min(len(words), i + longest) - 1, i - 1, -1):
                if j > i and not _SEP.fullmatch(text[words[j - 1].end():words[j].start()]):
                    continue
                entry = self._lookup(text, words[i].start(), words[j].end(), country)
                if entry and not _after_anti(text, words[i].start()):
                    hits.append(entry)
                    break  # the longest alias starting at this word
        found = (self._match(s, e, text, entry, country) for s, e, entry in _longest(hits))
        return [m for m in found if m is not None]

    def _lookup(self, text: str, start: int, end: int, country: str | None = None) -> tuple[int, int, _Alias] | None:
        """The alias a span spells: the story's country's own acronyms and names first ("SNA" in Somalia,
        "al-Shabaab" in Mozambique), then case-sensitive ones; "U.N." keeps its final dot, and "Civilians (Iraq)" its bracket."""
        local = self._flat_local.get(country or "", {})
        local_ci = self._flat_local_ci.get(country or "", {})
        for e in ((end + 1, end) if text[end:end + 1] in (".", ")") else (end,)):
            flat = _flat(text[start:e])
            entry = local.get(flat) or local_ci.get(flat.lower()) or self._flat_cs.get(flat) \
                or self._flat_ci.get(flat.lower())
            if entry:
                return start, e, entry
        if text[end - 2:end] in ("'s", "’s"):  # "Hezbollah’s military media": the name without its 's
            return self._lookup(text, start, end - 2, country)
        return None

    def _match(self, start: int, end: int, text: str, entry: _Alias, country: str | None) -> ActorMatch | None:
        """The actor a found alias names here; None for a word that names one only with its nationality
        ("government") and has none."""
        if entry.actor:
            return ActorMatch(start, end, text[start:end], entry.actor.name, entry.kind, entry.generic)
        if entry.by_country or entry.template:
            nation = self._demonym_before(text, start) or self._nation_after(text, end)
            if entry.template and nation:  # "Kenyan police", "the government of Burundi"
                return ActorMatch(start, end, text[start:end], self.national(entry, nation), entry.kind, False)
            if entry.template and entry.needs_demonym:
                return None
            forces = self._national_forces(nation) if entry.kind == "state_forces" and not entry.template else None
            if forces:  # "Russian soldiers": the nationality names whose soldiers they are
                return ActorMatch(start, end, text[start:end], forces.name, forces.kind, False)
            if entry.needs_demonym:  # a weapon without a nationality: nobody named
                return ActorMatch(start, end, text[start:end], None, entry.kind, False)
            name = self.national(entry, country)
            return ActorMatch(start, end, text[start:end], name, entry.kind, entry.generic)
        return ActorMatch(start, end, text[start:end], None, entry.kind, True)

    def national(self, entry: _Alias, country: str | None) -> str | None:
        """ "government forces", "civilians" of ``country``: the catalogue's name for that country's
        forces or civilians, else ACLED's generic name for it ("Civilians (Mali)"). No country, no name:
        a side is never given a country that nothing in the story said."""
        if not country:
            return None
        names = dict(entry.by_country)
        if country in names:
            return names[country]
        template = entry.template or GENERIC_NAMES.get(entry.kind, "{country}")
        prefix = template.split("{")[0]
        forces = self.forces_of(country, prefix) if entry.kind == "state_forces" else None
        if forces:
            return forces.name
        return generic_name(template, country) + (self._period(country) if entry.kind == "state_forces" else "")

    def _period(self, country: str) -> str:
        """ " (2021-)": the government's period of the country's catalogued military forces, which ACLED
        gives its police and its government too ("Police Forces of Mali (2021-)"); none catalogued: ""."""
        military = self.forces_of(country)
        period = re.search(r" \(\d{4}-(?:\d{4})?\)$", military.name) if military else None
        return period.group() if period else ""

    def fights_in(self, name: str, country: str | None) -> bool:
        """Does the actor fight in ``country``? The first catalogue's groups fight in Syria and Iraq
        unless it says otherwise; the world catalogue lists each group's countries."""
        return country is None or country in self.active_in.get(name, ("Syria", "Iraq"))

    def forces_of(self, country: str, prefix: str = "Military Forces of") -> Actor | None:
        """A country's military (or, by ``prefix``, police) forces as the catalogue names them, with
        the government's period."""
        return next((a for a in self.actors.values() if a.country == country and a.kind in ("state_forces", "foreign_forces")
                     and a.name.startswith(prefix)), None)

    def _demonym_before(self, text: str, start: int) -> str | None:
        """The country a nationality just before ``start`` names: "Kenyan", "Burundi's", and of several
        words, the longest ("South Sudanese" is South Sudan, "Central African" not Africa)."""
        before = re.search(r"((?:[\w.'’-]+\s+){1,%d})$" % (NATIONALITY_WORDS + 2), text[max(0, start - 100):start])
        raw = before.group(1).replace("’", "'").split() if before else []
        for skip in range(3):  # "Israel's paramilitary border police": a nationality before two modifiers
            if skip and not (len(raw) > skip and raw[-skip].isalpha() and raw[-skip].islower()):
                return None
            words = [w.lower() for w in raw[:len(raw) - skip]][-NATIONALITY_WORDS:]
            cc = next((self.demonyms[k] for k in (" ".join(words[i:]) for i in range(len(words))) if k in self.demonyms), None)
            if cc:
                return cc
        return None

    def _nation_after(self, text: str, end: int) -> str | None:
        """The country an "of" just after ``end`` names: "the government of Burundi", "the army of Mali"."""
        after = re.match(r"\s+of\s+((?:[\w.'’-]+\s*){1,%d})" % NATIONALITY_WORDS, text[end:end + 80])
        words = after.group(1).lower().replace("’", "'").split() if after else []
        keys = (f"{' '.join(words[:i])}'s" for i in range(len(words), 0, -1))
        return next((self.demonyms[k] for k in keys if k in self.demonyms), None)

    def _national_forces(self, country: str | None) -> Actor | None:
        if not country:
            return None
        return self.forces_of(country) or Actor(generic_name(GENERIC_NAMES["state_forces"], country),
                                                "state_forces", country)

    def normalise(self, text: str, country: str | None = None) -> str | None:
        """The actor a phrase names ("Assad's forces" -> "Military Forces of Syria (2000-)"), or None. A
        description ("the rebels") names a catalogued group only in a country where it fights."""
        found = [m for m in self.find(text, country)
                 if m.name and (not m.generic or country and self.fights_in(m.name, country))]
        if not found:
            return None
        named = [m for m in found if not m.generic] or found
        return max(named, key=lambda m: m.end - m.start).name

    def allied(self, a: str | None, b: str | None) -> bool:
        """Do two actors fight on one side (or are they the same)? Allies are never each other's opponent."""
        if not a or not b:
            return False
        return a == b or any(a in side and b in side for side in self.alliances)

    def get(self, name: str) -> Actor | None:
        return self.actors.get(name)

    # -- entity ruler -----------------------------------------------------------------------------
    def patterns(self) -> list[dict]:
        """EntityRuler patterns: ORG for armed groups and institutions, NORP for civilians; id = actor name."""
        return list(_patterns(self))


def _after_anti(text: str, start: int) -> bool:
    """Is the span the second half of an "anti-" word ("anti-government protesters", "anti-regime
    fighters")? Such a word names the other side, never the one it spells; an alias that is the whole
    word starts at "anti" and is read as such. ("pro-Assad forces" and "regime-held areas" do name theirs.)"""
    return bool(re.search(r"\banti-$", text[max(0, start - 5):start], re.I))


def _longest(hits: list[tuple[int, int, _Alias]]) -> list[tuple[int, int, _Alias]]:
    """Non-overlapping hits, longer ones winning, in text order."""
    taken: list[tuple[int, int, _Alias]] = []
    for h in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
        if all(h[1] <= t[0] or h[0] >= t[1] for t in taken):
            taken.append(h)
    return sorted(taken, key=lambda h: h[0])


@functools.lru_cache(maxsize=1)
def _patterns(cat: ActorCatalogue) -> tuple[dict, ...]:
    out = []
    for key, entry in cat.aliases.items():
        if entry.actor is None or entry.generic:  # descriptions are not names: no entity for them
            continue
        label = "NORP" if entry.kind == "civilians" else "ORG"
        out.append({"label": label, "pattern": key, "id": entry.actor.name})
    for text, entry in cat.exact.items():
        out.append({"label": "ORG", "pattern": orth_pattern(text), "id": entry.actor.name})
    return tuple(out)


def inter_code(actor: Actor | None, event_country: str | None) -> int | None:
    """ACLED's inter code of an actor in an event: state forces abroad are external forces (8)."""
    if actor is None or actor.inter is None:
        return None
    if actor.inter == 1 and actor.country and event_country and actor.country != event_country:
        return 8
    return actor.inter


# ACLED's generic actors by the shape of their names, for names no catalogue entry carries.
_GENERIC_INTER = ((re.compile(r"^(?:(?:Military|Police) Forces|Government) of "), 1), (re.compile(r"^Unidentified Armed Group \("), 3),
                  (re.compile(r"^Rioters \("), 5), (re.compile(r"^Protesters \("), 6), (re.compile(r"^Civilians \("), 7))


def actor_inter(name: str | None, event_country: str | None) -> int | None:
    """ACLED's inter code of a named actor in an event of ``event_country``."""
    if not name:
        return None
    actor = ActorCatalogue.default().get(name)
    if actor is None:
        code = next((c for pat, c in _GENERIC_INTER if pat.match(name)), None)
        forces_of = re.match(r"^(?:(?:Military|Police) Forces|Government) of (?:the )?(.+?)(?: \(|$)", name)
        actor = Actor(name, "state_forces" if code == 1 else "unknown", forces_of.group(1) if forces_of else None, code)
    return inter_code(actor, event_country)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, smaller first (12: state forces and rebels);
    one actor alone is its code and 0 (60: protesters alone)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def merged_catalogue(base: dict, world: dict) -> dict:
    """actors.json and the world catalogue as one: the world's actors and nationality words added, its
    names for each country's forces and civilians given to the by-country aliases that lack them."""
    out = dict(base, actors=base["actors"] + world.get("actors", []))
    out["demonyms"] = {**world_nationalities(), **{k.lower(): v for k, v in world.get("demonyms", {}).items()},
                       **base.get("demonyms", {})}
    groups = []
    for g in base.get("by_country", []):
        names = {} if g.get("template") else world.get("by_country", {}).get(g["kind"], {})
        groups.append(dict(g, names={**names, **g["names"]}))
    out["by_country"] = groups
    return out


def world_nationalities() -> dict[str, str]:
    """Every country's demonyms and its names with 's ("burundian", "burundi's", "south sudan's") -> its
    name, from the world gazetteer's country table: whose government, police or soldiers a text names,
    in any country (the catalogues' own lists come first)."""
    from ..geo.index import _data_dir, _split, _tsv  # the gazetteer's own reader of its tables
    out: dict[str, str] = {}
    for _, name, variants, demonyms, *_ in _tsv(_data_dir() / "world" / "countries.tsv"):
        for form in [name, *_split(variants)]:
            out.setdefault(f"{form.lower()}'s", name)
        for form in _split(demonyms.replace(",", "|")):  # "Antiguan, Barbudan"
            out.setdefault(form.lower(), name)
    return out


@functools.lru_cache(maxsize=1)
def _default() -> ActorCatalogue:
    data = resources.files("sitroom.data")
    try:
        base = json.loads((data / "actors.json").read_text(encoding="utf-8"))
        world = json.loads((data / "actors_world.json").read_text(encoding="utf-8"))
        return ActorCatalogue(merged_catalogue(base, world))
    except (OSError, ValueError, KeyError) as e:
        raise ConfigError("E200", f"actor catalogue: {e}") from e
