"""Who did what to whom: actor1 (the side that acts) and actor2 (the side acted upon).

Reads: a sentence, its trigger, the actors the catalogue found in it.  Writes: (actor1, actor2).
Without a parser we read voice from the words around the trigger: "X seized Y from Z",
"Y fell to X", "soldiers were killed by artillery fire from X", "clashes between X and Y".
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from ..normalize.actors import ActorCatalogue
from .triggers import Trigger, supporting

GOVERNMENT_KINDS = {"state_forces", "foreign_forces"}  # sides that "regain" rather than "overtake"

_AGENT_AFTER = re.compile(r"\b(fell to|falls to|fall to|under (the )?control of|in the hands of|by|from)\s*$", re.I)
_PASSIVE = re.compile(r"\b(was|were|been|being|is|are)\s+(\w+ly\s+)?(\w+(ed|en|wn)|shot|hit|struck|brought|caught|held|"
                      r"lost|put|cut|set)\b", re.I)


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


_TARGETED = re.compile(r"\b(targeted|targeting|at|on|against|toward|towards|hit|hitting|struck|striking|pounded)\b", re.I)
_BESIEGER = re.compile(r"\b(siege|encircled|besieged|surrounded)\s+([\w-]+\s+){0,3}?(by|of)\s*$", re.I)


def _siege(text: str, trig: Trigger, actors: list[Actor]) -> tuple[Actor | None, Actor | None]:
    """'X broke the IS siege of Y' / 'the siege by IS was broken': the besieger is acted upon."""
    besieger = [a for a in actors if trig.start <= a.start < trig.end or _BESIEGER.search(text[:a.start])]
    others = [a for a in actors if a not in besieger]
    a2 = besieger[0] if besieger else None
    return (others[0] if others else None), a2


# "air raids on the region that is controlled by the Islamic State group": who holds the place hit
_OWNER = re.compile(r"\b((controlled|held|run|dominated|occupied|ruled)\s+by|under\s+(the\s+)?control\s+of)\s+(the\s+)?$", re.I)


def holds_place(text: str, trig: Trigger, actor: Actor) -> bool:
    """Is the actor named only as who holds a place ("the region controlled by IS"), in a non-territorial event?"""
    return trig.sub_event_type != "territorial" and actor.start >= 0 and \
        bool(_OWNER.search(text[max(0, actor.start - 30):actor.start]))


def assign(text: str, trig: Trigger, actors: list[Actor]) -> tuple[Actor | None, Actor | None]:
    """Return (actor1, actor2) for the event this trigger reports. Outside territorial events, the side
    holding the place is the one hit, never the attacker."""
    owners = [a for a in actors if holds_place(text, trig, a)]
    if not owners:
        return _assign(text, trig, actors)
    a1, a2 = _assign(text, trig, [a for a in actors if a not in owners])
    return a1, a2 or owners[0]


def _assign(text: str, trig: Trigger, actors: list[Actor]) -> tuple[Actor | None, Actor | None]:
    if not actors:
        return None, None
    wielder = next((a for a in actors if a.start <= trig.start < a.end), None)
    # "backed by Syrian troops": a helper of the side acting is neither actor1 nor actor2 (ACLED's associate)
    actors = [a for a in actors if a is wielder or not supporting(text, a.start)] or actors
    if trig.name == "siege_broken":
        return _siege(text, trig, actors)
    if wielder:  # "Russian warplanes", "regime artillery": the trigger is the actor's weapon
        return wielder, _first_after(actors, trig.end, wielder.name) or _last_before(actors, trig.start, wielder.name)
    trig = _pivot(text, trig)
    marked = [a for a in actors if a.start >= trig.start and _agent_marker(text, a)]
    passive = bool(_PASSIVE.search(text[max(0, trig.start - 25):trig.end])) or trig.text.lower().startswith("fell")
    if marked and (passive or trig.text.lower().startswith(("fell", "fall"))):
        a1 = marked[0]
        return a1, _last_before(actors, trig.start, a1.name) or _first_after(actors, trig.start, a1.name)
    target = _first_after(actors, trig.end)
    if trig.name in ("airstrike", "shelling") and target and _TARGETED.search(text[trig.end:target.start]) \
            and not _last_before(actors, trig.start):
        return None, target  # "missiles targeted a group of militants": the actor named is the target
    pair = _coordinated_subjects(text, trig, actors) if trig.event_type == "Battles" else None
    if pair:
        return pair
    a1 = _subject_of_gerund(text, trig, actors) or _last_before(actors, trig.start) or actors[0]
    a2 = _first_after(actors, trig.start, a1.name) or _last_before(actors, trig.start, a1.name)
    return a1, a2


def _coordinated_subjects(text: str, trig: Trigger, actors: list[Actor]) -> tuple[Actor, Actor] | None:
    """ "Fano fighters and ENDF troops clashed": two sides joined by "and" as the subject of a fight are
    actor1 and actor2 in the order written (not the nearer one first)."""
    before = sorted((a for a in actors if a.end <= trig.start), key=lambda a: a.start)
    names = list(dict.fromkeys(a.name for a in before))
    if len(names) != 2:
        return None
    first = [a for a in before if a.name == names[0]]
    second = [a for a in before if a.name == names[1]]
    if first[-1].end > second[0].start or not _AND.fullmatch(text[first[-1].end:second[0].start]):
        return None
    tail = text[second[-1].end:trig.start]
    return (first[0], second[0]) if re.fullmatch(r"[\s)]*(?:(?:have|had|has|reportedly|again|heavily)\s+)*", tail) else None


_AND = re.compile(r"\s*,?\s+(?:and|&)\s+(?:the\s+)?", re.I)
_IN_ADJUNCT = re.compile(r"\b(in|during|amid)\s+((an?|the|its|their|this|that)\s+)?([\w-]+\s+){0,2}$", re.I)
_ACTIVE_HARM = re.compile(r"\b(killed|killing|kills|kill|wounded|injured|wounding|injuring)\b", re.I)
_BE_BEFORE = re.compile(r"\b(was|were|been|being|are|is)\s+(\w+\s+)?$", re.I)


def _pivot(text: str, trig: Trigger) -> Trigger:
    """'Kurdish forces killed 175 militants in an offensive': when the trigger is the noun of an adjunct,
    the active verb before it orders the sides (its subject acts, its object suffers)."""
    if not _IN_ADJUNCT.search(text[max(0, trig.start - 40):trig.start]):
        return trig
    verbs = [m for m in _ACTIVE_HARM.finditer(text, 0, trig.start) if not _BE_BEFORE.search(text[:m.start()])]
    if not verbs:
        return trig
    return dataclasses.replace(trig, start=verbs[-1].start(), end=verbs[-1].end(), text=verbs[-1].group())


_ADVERBIAL = re.compile(r"\b(by|after|while|when|before|in|on|upon)\s+$", re.I)


def _subject_of_gerund(text: str, trig: Trigger, actors: list[Actor]) -> Actor | None:
    """'Kurdish forces dealt a blow to ISIS by capturing the town': an adverbial -ing clause has no
    subject of its own; the sentence's subject (its first actor) does the capturing, not the nearest name."""
    if not trig.text.lower().endswith("ing") or not _ADVERBIAL.search(text[max(0, trig.start - 8):trig.start]):
        return None
    before = [a for a in actors if a.end <= trig.start]
    return before[0] if len(before) > 1 else None


def orient(a1: Actor | None, a2: Actor | None, victim: str | None) -> tuple[Actor | None, Actor | None]:
    """The side that suffered the casualties is the one acted upon: make it actor2."""
    if victim and a1 is not None and a1.name == victim:
        return a2, a1
    return a1, a2


def _governmental(actor: Actor) -> bool:
    """A state's forces, or a militia fighting beside them (Hezbollah, the NDF, the PMF): ACLED counts
    ground such affiliates take as regained by the government."""
    return actor.kind in GOVERNMENT_KINDS or _allied_to_a_state(actor.name)


@functools.lru_cache(maxsize=256)
def _allied_to_a_state(name: str) -> bool:
    cat = ActorCatalogue.default()
    return any(cat.allied(name, a.name) for a in cat.actors.values() if a.kind == "state_forces")


def territorial_subtype(actor1: Actor | None, actor2: Actor | None = None) -> str:
    """Ground gained by a state's forces or their affiliates is regained; by anyone else, overtaken.
    With only the losing side known, the gainer is its opposite."""
    if actor1 is None and actor2 is not None:
        gov = not _governmental(actor2)
    else:
        gov = actor1 is not None and _governmental(actor1)
    return "Government regains territory" if gov else "Non-state actor overtakes territory"
