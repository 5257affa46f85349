"""Merge reasons in words for people: "same day (2016-10-11), same town (Aleppo) 1.8 km apart, no
conflicting attacker named, wording similarity 0.26", the reports named by outlet and date, not by id.

The resolver records each merge as one line (``cluster.py``, ``compat.py``, ``twins.py``): the two
mention ids, then each axis's verdict. Those lines stay stored as they are (they are the audit trail
and tests pin them); this module reads them back into sentences at display time, and keeps the raw
line beside the words. A part it does not know is shown as recorded, never dropped.
"""
from __future__ import annotations

import re

from ..records import Event

_PAIR = re.compile(r"^(?P<a>[0-9a-f]{6,}) \+ (?P<b>[0-9a-f]{6,}): (?P<rest>.*)$")
_ANALYST = re.compile(r"^analyst merge: (?P<a>\S+) \+ (?P<b>\S+)$")
_TWIN = re.compile(r"^the same sentence in a copy of the story \((?P<what>.*)\)$")
_DATES = re.compile(r"^dates (?P<a1>[\d-]+|None)\.\.(?P<a2>[\d-]+|None) and (?P<b1>[\d-]+|None)\.\.(?P<b2>[\d-]+|None) overlap$")
_NEAR = re.compile(r"^(?P<x>.+) / (?P<y>.+), (?P<km>[\d.]+) km apart$")
_CONTAIN = re.compile(r"^(?P<x>.+) \((?P<p>\w+)\) / (?P<y>.+) \((?P<q>\w+)\) contain$")
_PRECISION = {"exact": "town", "near": "near a town", "admin2": "district", "admin1": "province", "country": "country"}


def part_words(part: str) -> str | None:
    """One recorded verdict in words; None for a part this module does not know."""
    for test in (_type_words, _date_words, _place_words, _actor_words, _wording_words):
        words = test(part)
        if words:
            return words
    return None


def _type_words(part: str) -> str | None:
    if not part.startswith("same type "):
        return None
    what = part[len("same type "):]
    return f"compatible kinds of event ({what})" if " / " in what else f"same kind of event ({what})"


def _date_words(part: str) -> str | None:
    if part in ("undated, same document", "undated"):
        return "both undated, in the same article" if part.endswith("document") else "both undated"
    m = _DATES.match(part)
    if not m:
        return None
    a, b = (m["a1"], m["a2"]), (m["b1"], m["b2"])
    if a == b:
        return f"same day ({a[0]})" if a[0] == a[1] else f"same dates ({a[0]} to {a[1]})"
    show = lambda d: d[0] if d[0] == d[1] else f"{d[0]} to {d[1]}"  # noqa: E731
    return f"dates within a day of each other ({show(a)} and {show(b)})"


def _place_words(part: str) -> str | None:
    if part == "no place on one side":
        return "one report names no place (same article)"
    m = _CONTAIN.match(part)
    if m:
        p, q = _PRECISION.get(m["p"], m["p"]), _PRECISION.get(m["q"], m["q"])
        if m["x"] == m["y"]:
            return f"same area ({m['x']}, named as {p} and as {q})" if p != q else f"same place ({m['x']})"
        return f"one place lies within the other ({m['x']}, {p} / {m['y']}, {q})"
    m = _NEAR.match(part)
    if m:
        town = m["x"] if m["x"] == m["y"] else f"{m['x']} / {m['y']}"
        return f"same town ({town}) {m['km']} km apart"
    return None


def _actor_words(part: str) -> str | None:
    if part == "actors unknown on one side":
        return "one report names no side"
    if part == "attackers compatible":
        return "no conflicting attacker named"
    if part == "actors one side each":
        return "one side named in each"
    if part.startswith("actors share "):
        return f"same side named ({part[len('actors share '):]})"
    return None


def _wording_words(part: str) -> str | None:
    m = re.match(r"^wording ([\d.]+)$", part)
    return f"wording similarity {m[1]}" if m else None


def explain(reason: str, ev: Event) -> dict:
    """``{"reason", "words", "reports", "understood"}`` for one recorded merge reason of ``ev``:
    ``reports`` are the two merged reports (outlet, date, document), ``understood`` False when some
    part is shown as recorded because this module does not know it."""
    if reason == "single report":
        return {"reason": reason, "words": "one report only: nothing was merged", "reports": [], "understood": True}
    m = _ANALYST.match(reason)
    if m:
        who = [_report(ev, m["a"]), _report(ev, m["b"])]
        return {"reason": reason, "words": f"an analyst merged {_name(who[0])} with {_name(who[1])}",
                "reports": who, "understood": True}
    m = _PAIR.match(reason)
    if not m:
        return {"reason": reason, "words": reason, "reports": [], "understood": False}
    who = [_report(ev, m["a"]), _report(ev, m["b"])]
    twin = _TWIN.match(m["rest"])
    if twin:
        words, ok = f"the same sentence in a copy of the story ({twin['what']})", True
    else:
        parts = [(p, part_words(p)) for p in m["rest"].split("; ")]
        words, ok = ", ".join(w or p for p, w in parts), all(w for _, w in parts)
    return {"reason": reason, "words": f"{_pair_name(who)}: {words}", "reports": who,
            "understood": ok}


def _report(ev: Event, mention_id: str) -> dict:
    r = next((r for r in ev.reports if r.mention_id == mention_id), None)
    if r is None:  # a twin's mention: its report is a copy of the representative's story
        return {"mention_id": mention_id, "outlet": None, "published": None, "doc": None}
    return {"mention_id": mention_id, "outlet": r.outlet or r.doc, "published": r.published, "doc": r.doc}


def _name(rep: dict) -> str:
    if not rep["outlet"]:
        return "a copy of the story"
    return f"the {rep['outlet']} report ({rep['published'] or 'undated'})"


def _pair_name(who: list[dict]) -> str:
    if who[0]["doc"] and who[0]["doc"] == who[1]["doc"]:
        return f"two sentences of {_name(who[0])}"
    return f"{_name(who[0])} and {_name(who[1])}"


def explain_all(ev: Event) -> list[dict]:
    return [explain(r, ev) for r in ev.merge_reasons]
