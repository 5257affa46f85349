"""``geoparse(text)``: every place name in a text, with its span and where it is.

Reads: text (and, when known, the outlet's country).  Writes: ``Toponym`` records in the exchange
format of ``sitroom geoparse`` (start, end, text, lat, lon, country, feature, gazetteer_id).

Two passes over one index: the first finds candidate names and the story's country focus from all
of them; then names the index lacks are sought among the places of the story's countries as spelling
variants (``variants``), and every candidate's places are scored in that context (``resolve.score``). The event
pipeline calls the same function, so what ``score_geoparse.py`` measures is what places events.
"""
from __future__ import annotations

import functools
from dataclasses import asdict, dataclass

from .index import GeoPlace, WorldIndex
from .recognize import candidates
from .resolve import Story, resolve, story_of
from .variants import variants


@dataclass(frozen=True, slots=True)
class Toponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    country: str | None
    feature: str
    gazetteer_id: str
    place: GeoPlace
    score: float

    def to_dict(self) -> dict:
        d = asdict(self)
        del d["place"], d["score"]
        return d


@dataclass(frozen=True, slots=True)
class Parse:
    """A text's toponyms and the context they were resolved in (its country focus)."""

    toponyms: list[Toponym]
    story: Story


def parse(text: str, *, country_hint: str | None = None, index: WorldIndex | None = None) -> Parse:
    """Toponyms of ``text`` with the story context; ``country_hint``: the outlet's ISO country code."""
    index = index or WorldIndex.default()
    cands, toks = candidates(text, index)
    story = story_of(text, cands, toks, index, country_hint, actor_cues(text, index))
    # names the index lacks, as spellings of the story's own places, once the story's countries are known
    cands = sorted(cands + variants(text, toks, cands, story, index), key=lambda c: c.start)
    tops = [Toponym(r.candidate.start, r.candidate.end, r.candidate.text, r.place.lat, r.place.lon,
                    r.place.country, r.place.feature, r.place.id, r.place, round(r.score, 2))
            for r in resolve(cands, story)]
    return Parse(tops, story)


def geoparse(text: str, *, country_hint: str | None = None) -> list[Toponym]:
    """Every place name in ``text``, resolved in the text's context.

    >>> [(t.text, t.country, t.feature) for t in geoparse("Gunmen attacked a village near Kidal, Mali.")]
    [('Kidal', 'Mali', 'town'), ('Mali', 'Mali', 'country')]
    """
    return parse(text, country_hint=country_hint).toponyms


# Who fights where is a country cue as a region is: "Amba boys", "al-Shabaab", "the Arakan Army"
# each fight in one country, and a story that names them is about it even where it names no country.
ACTOR_VOTE = 1.0
_NOT_HOME = ("foreign_forces", "international", "media")  # France in Mali, MINUSMA: their theatre is elsewhere


def actor_cues(text: str, index: WorldIndex) -> dict[str, float]:
    """ISO code -> votes: a vote for each catalogued group the text names that fights in one
    country only (a group named twice votes once)."""
    from ..normalize.actors import ActorCatalogue  # the catalogue is the pipeline's; the index knows no actors
    cat = ActorCatalogue.default()
    codes = _country_codes(index)
    out: dict[str, float] = {}
    for name in {m.name for m in cat.find(text) if m.name and not m.generic and m.kind not in _NOT_HOME}:
        homes = set(cat.active_in.get(name, ()))
        cc = codes.get(next(iter(homes))) if len(homes) == 1 else None
        if cc:
            out[cc] = out.get(cc, 0.0) + ACTOR_VOTE
    return out


@functools.lru_cache(maxsize=4)
def _country_codes(index: WorldIndex) -> dict[str, str]:
    """Country name -> ISO code, as the actor catalogue names countries (GeoNames' English names)."""
    return {p.country: cc for cc, p in index.countries.items()}
