"""ACLED's ``tags``: for demonstrations, the crowd size as the reports give it ("crowd size=hundreds").

ACLED writes ``crowd size=no report`` when no report sizes the crowd, and the words used when one does
("around 200", "thousands"). The words are taken verbatim from a quote, so the tag has its source.
"""
from __future__ import annotations

import re

from ..records import Report

DEMONSTRATIONS = ("Protests", "Riots")
_SIZE = (r"(?:(?:about|around|some|nearly|almost|over|more than|at least|up to|an estimated|several)\s+)?"
         r"(?:\d[\d,.]*|tens of thousands|hundreds of thousands|thousands|hundreds|dozens|scores|a few hundred|"
         r"several hundred|several thousand|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty)"
         r"(?:\s+(?:hundred|thousand))?)")
_CROWD = re.compile(rf"\b(?P<size>{_SIZE})\s+(?:of\s+)?(?:\w+\s+)?"
                    r"(?:protesters|demonstrators|people|supporters|students|workers|residents|women|marchers|"
                    r"activists|rioters|youths|farmers|teachers|members)\b", re.I)


# "police arrested 20 protesters", "five people were killed": a count of victims, not the crowd's size
_VICTIM = re.compile(r"\b(?:kill|injur|wound|arrest|detain|dead|die|shot|hurt|hospital|abduct)\w*", re.I)


def crowd_size(reports: list[Report]) -> str:
    """The first stated crowd size in the reports, verbatim; "no report" when none states one."""
    for r in reports:
        for m in _CROWD.finditer(r.quote or ""):
            around = r.quote[max(0, m.start() - 30):m.start()] + r.quote[m.end():m.end() + 20]
            if not _VICTIM.search(around):
                r.evidence.setdefault("tags", m.group(0))
                return m["size"].lower()
    return "no report"


def event_tags(event_type: str, reports: list[Report]) -> list[str]:
    return [f"crowd size={crowd_size(reports)}"] if event_type in DEMONSTRATIONS else []
