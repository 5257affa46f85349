"""Actors and claimants by their Arabic names: the ``aliases_ar`` of the actor and claimant catalogues.

Reads: the words of a sentence. Writes: ``ActorHit`` records (span, the ACLED-style actor, its kind) and
``ClaimantHit`` records (span, the catalogue's Claimant). A by-country name ("قوات النظام", "المدنيين")
takes the event's country as the English catalogue does ("Civilians (Yemen)"); a demonym after it
("القوات الروسية") names the country whose forces they are.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from ..extract.claims import Claimant, lookup
from ..normalize.actors import ActorCatalogue
from .matcher import PhraseTable
from .text import Word, fold


@dataclass(frozen=True, slots=True)
class ActorHit:
    start: int
    end: int
    i: int
    j: int
    name: str | None  # None: a by-country name with no country known
    kind: str
    words: str


@dataclass(frozen=True, slots=True)
class ClaimantHit:
    start: int
    end: int
    i: int
    claimant: Claimant
    anaphor: bool = False


def _load(name: str) -> dict:
    return json.loads(resources.files("sitroom.data").joinpath(name).read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _actor_table() -> PhraseTable:
    """Arabic alias -> ("actor", name, kind) or ("group", English alias of the by-country group, kind)."""
    entries = []
    for fname in ("actors.json", "actors_world.json"):
        data = _load(fname)
        for a in data.get("actors", []):
            entries += [(al, ("actor", a["name"], a["kind"])) for al in a.get("aliases_ar", [])]
        for g in data.get("by_country", []) if isinstance(data.get("by_country"), list) else []:
            entries += [(al, ("group", g["aliases"][0], g["kind"])) for al in g.get("aliases_ar", []) if g.get("aliases")]
    return PhraseTable(entries, article=True)


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    return {fold(k): v for k, v in _load("actors.json").get("demonyms_ar", {}).items()}


def actors(words: list[Word], country: str | None) -> list[ActorHit]:
    cat = ActorCatalogue.default()
    out = []
    for m in _actor_table().find(words):
        how, name, kind = m.payload
        j = m.j
        if how == "group":
            nation = _demonyms().get(words[j].folded) if j < len(words) else None
            if nation:  # "القوات الروسية": Russia's forces
                j += 1
                forces = cat.forces_of(nation) if kind == "state_forces" else None
                name = forces.name if forces else cat.normalise(name, nation)
            else:
                name = cat.normalise(name, country)
        text = " ".join(w.text for w in words[m.i:j])
        out.append(ActorHit(m.start, words[j - 1].end, m.i, j, name, kind, text))
    return out


@functools.lru_cache(maxsize=1)
def _claimant_table() -> PhraseTable:
    entries = []
    for fname in ("claimants.json", "claimants_world.json"):
        for c in _load(fname).get("claimants", []):
            who = lookup(c["name"]) or Claimant(c["name"], c.get("kind", "unknown"), c.get("side"))
            entries += [(al, who) for al in c.get("aliases_ar", [])]
    return PhraseTable(entries, article=True)


ANAPHORS = ("المصدر", "المصادر", "الوكاله", "المراسل")


def claimants(words: list[Word]) -> list[ClaimantHit]:
    out = [ClaimantHit(m.start, m.end, m.i, m.payload) for m in _claimant_table().find(words)]
    for i, w in enumerate(words):  # "وذكر المصدر": the source named before
        if any(r == a for _, r in w.readings() for a in ANAPHORS) and not any(h.i <= i < h.i + 3 for h in out):
            out.append(ClaimantHit(w.start, w.end, i, Claimant("unattributed", "unknown"), anaphor=True))
    return sorted(out, key=lambda h: h.start)
