"""Who did what to whom: actor1 (the side that acts) and actor2 (the side acted upon).

Reads: a sentence, its trigger, the actors the catalogue found in it.  Writes: (actor1, actor2).
Without a parser we read voice from the words around the trigger: "X seized Y from Z",
"Y fell to X", "soldiers were killed by artillery fire from X", "clashes between X and Y".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .triggers import Trigger

GOVERNMENT_KINDS = {"state_forces", "foreign_forces"}  # sides that "regain" rather than "overtake"

_AGENT_AFTER = re.compile(r"\b(fell to|falls to|fall to|under (the )?control of|in the hands of|by|from)\s*$", re.I)
_PASSIVE = re.compile(r"\b(was|were|been|being|is|are)\s+(\w+ly\s+)?\w+(ed|en|wn)\b", re.I)


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    kind: str
    start: int
    end: int


def _first_after(actors: list[Actor], pos: int, exclude: str = "") -> Actor | None:
    return next((a for a in actors if a.start >= pos and a.name != exclude), None)


def _last_before(actors: list[Actor], pos: int, exclude: str = "") -> Actor | None:
    found = [a for a in actors if a.end <= pos and a.name != exclude]
    return found[-1] if found else None


def _agent_marker(text: str, actor: Actor) -> bool:
    """Is this actor introduced by 'fell to', 'by', 'from'... (so it is the one acting)?"""
    return bool(_AGENT_AFTER.search(text[max(0, actor.start - 30):actor.start]))


def assign(text: str, trig: Trigger, actors: list[Actor]) -> tuple[Actor | None, Actor | None]:
    """Return (actor1, actor2) for the event this trigger reports."""
    if not actors:
        return None, None
    marked = [a for a in actors if a.start >= trig.start and _agent_marker(text, a)]
    passive = bool(_PASSIVE.search(text[max(0, trig.start - 25):trig.end])) or trig.text.lower().startswith("fell")
    if marked and (passive or trig.text.lower().startswith(("fell", "fall"))):
        a1 = marked[0]
        return a1, _last_before(actors, trig.start, a1.name) or _first_after(actors, trig.start, a1.name)
    a1 = _last_before(actors, trig.start) or actors[0]
    a2 = _first_after(actors, trig.start, a1.name) or _last_before(actors, a1.start, a1.name)
    return a1, a2


def territorial_subtype(actor1: Actor | None, fallback_kind: str | None = None) -> str:
    kind = actor1.kind if actor1 else fallback_kind
    return "Government regains territory" if kind in GOVERNMENT_KINDS else "Non-state actor overtakes territory"
