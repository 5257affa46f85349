"""``geoparse(text)``: every place name in a text, with its span and where it is.

Reads: text (and, when known, the outlet's country).  Writes: ``Toponym`` records in the exchange
format of ``sitroom geoparse`` (start, end, text, lat, lon, country, feature, gazetteer_id).

Two passes over one index: the first finds candidate names and the story's country focus from all
of them; then names the index lacks are sought among the places of the story's countries as spelling
variants (``variants``), and every candidate's places are scored in that context (``resolve.score``). The event
pipeline calls the same function, so what ``score_geoparse.py`` measures is what places events.
"""
from __future__ import annotations

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
    story = story_of(text, cands, toks, index, country_hint)
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
