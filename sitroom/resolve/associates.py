"""ACLED's associated actors: who protesters, rioters or civilian victims are, when a report says so.

ACLED names the main side generically ("Protesters (Kenya)") and who they are beside it
("Students (Kenya)"). The identities and their words are data (``lexicon/identities.json``); the
label takes the main actor's country. Each label found is kept with the words of the quote it came
from, in that report's evidence (``assoc_actor_1``/``assoc_actor_2``), so the column has its source.
"""
from __future__ import annotations

import functools
import json
import re
from importlib import resources

from ..records import Claim, Report

GENERIC = re.compile(r"^(?P<kind>Protesters|Rioters|Civilians) \((?P<country>[^)]+)\)$")
SIDE = {"Protesters": "protesters", "Rioters": "protesters", "Civilians": "civilians"}


@functools.lru_cache(maxsize=1)
def _identities() -> list[tuple[str, frozenset[str], re.Pattern]]:
    data = json.loads(resources.files("sitroom.data.lexicon").joinpath("identities.json").read_text("utf-8"))
    out = []
    for item in data["identities"]:
        words = sorted(item["words"], key=len, reverse=True)  # "university students" before "students"
        out.append((item["label"], frozenset(item["sides"]), re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)))
    return out


def associate(actor: str, reports: list[Report], claims: list[Claim], field: str) -> str:
    """The associated actors of ``actor`` ("; "-joined, ACLED's separator), or "" when the actor is not a
    generic protest/civilian side or no report names who they are. Marks each source in ``evidence``."""
    m = GENERIC.match(actor or "")
    if not m:
        return ""
    found: list[str] = []
    side = SIDE[m["kind"]]
    for label, sides, pattern in _identities():
        if side in sides and (_mark(pattern, reports, field) or (side == "civilians" and _in_victims(pattern, claims))):
            found.append(f"{label} ({m['country']})")
    return "; ".join(found)


def _mark(pattern: re.Pattern, reports: list[Report], field: str) -> bool:
    hit = False
    for r in reports:
        if w := pattern.search(r.quote or ""):
            r.evidence.setdefault(field, w.group(0))
            hit = True
    return hit


def _in_victims(pattern: re.Pattern, claims: list[Claim]) -> bool:
    return any(pattern.search(c.victims or "") for c in claims)
