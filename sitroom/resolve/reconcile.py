"""Reconciling conflicting casualty figures into low / best / high, per kind, with the reasoning.

The rule (docs/reconciliation.md explains why):
1. One figure per claimant: figures from one sentence that count disjoint groups ("65 regime forces
   and 22 militants") add up; a figure with its parts ("135 people, including 50 soldiers") is not
   added to its parts. Across sentences a claimant's largest total stands (tolls only climb).
2. A party's figure for its enemy's losses is flagged and left out of the range: it is a claim of
   success, not a count.
3. A total over a period longer than a day (the claim's `period`: "over the past week") is not one
   event's toll: beside day-level figures it is set aside; alone, it stands and the result is marked
   ``period`` (the words), so nobody reads it as one event's toll.
4. low = the smallest remaining claimant figure, high = the largest, best = the figure of the most
   independent kind of claimant (monitor > international > local sources > news outlet > unknown >
   government > state media > party media > party); several of that kind: the lowest (conservative).
"""
from __future__ import annotations

import re
from collections import defaultdict

from ..records import Claim

INDEPENDENCE = ["monitor", "international", "local_sources", "news_outlet", "unknown", "government",
                "state_media", "party_media", "party"]
METHOD = ("low/best/high over independent claimants (UCDP-style); party claims about enemy losses "
          "excluded; multi-day totals set aside beside day-level figures; best from the most independent "
          "claimant kind, conservative within it")
_PARTS = re.compile(r"\b(including|among them|of whom|of them|among the dead|among those)\b", re.I)


_VAGUE = re.compile(r"\b(dozens|scores|hundreds|thousands|several|a few|many|numerous)\b", re.I)


def _vague(c: Claim) -> bool:
    """'hundreds have been killed': a floor read from a word, not a count."""
    return str(c.count) not in c.quote.replace(",", "") and bool(_VAGUE.search(c.quote))


def claimant_totals(claims: list[Claim]) -> dict[str, int]:
    """One total per claimant (see rule 1); a claimant's vague figures count only when it gives no precise one."""
    precise_by = {c.claimant for c in claims if not _vague(c)}
    claims = [c for c in claims if not (_vague(c) and c.claimant in precise_by)]
    by_sentence: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        by_sentence[(c.claimant, c.quote)].append(c)
    totals: dict[str, int] = {}
    for (who, quote), group in by_sentence.items():
        counts = [c.count for c in group]
        total = max(counts) if _PARTS.search(quote) or len(set(counts)) == 1 else sum(counts)
        totals[who] = max(totals.get(who, 0), total)
    return totals


def _split_periods(usable: list[Claim]) -> tuple[list[Claim], list[Claim], str | None]:
    """(claims that set the toll, period totals set aside, the period words when only period totals
    remain): a multi-day total counts many events, so it never outweighs a day-level figure (rule 3)."""
    day = [c for c in usable if not c.period]
    periods = [c for c in usable if c.period]
    if day or not periods:
        return day, periods, None
    return periods, [], max(periods, key=lambda c: c.count).period


def reconcile_kind(claims: list[Claim]) -> dict:
    """low/best/high and the reasoning for claims of one kind (killed, wounded...)."""
    enemy = [c for c in claims if c.about_enemy]
    usable, aside, period = _split_periods([c for c in claims if not c.about_enemy])
    totals = claimant_totals(usable)
    kind_of = {c.claimant: c.claimant_kind for c in usable}
    lines = [f"{who} ({kind_of[who]}): {n}" for who, n in sorted(totals.items(), key=lambda t: -t[1])]
    lines += [f"{c.claimant} ({c.claimant_kind}) claims {c.count} of its enemy: flagged, not used" for c in enemy]
    lines += list(dict.fromkeys(  # once per figure, though several reports repeat it
        f"{c.claimant} ({c.claimant_kind}) gives {c.count} \"{c.period}\": a total over many days, set aside for "
        f"the day-level figures" for c in aside))
    if period:
        lines.append(f"every figure is a total over a period (\"{period}\"), not one event's toll")
    if not totals:
        return {"low": None, "best": None, "high": None, "claimants": 0, "reasoning": "; ".join(lines) or "no figures"}
    rank = lambda who: INDEPENDENCE.index(kind_of[who]) if kind_of[who] in INDEPENDENCE else len(INDEPENDENCE)
    top = min(rank(w) for w in totals)
    best_who = min((w for w in totals if rank(w) == top), key=lambda w: (totals[w], w))
    lines.append(f"best: {best_who}, the most independent claimant")
    out = {"low": min(totals.values()), "best": totals[best_who], "high": max(totals.values()),
           "claimants": len(totals), "reasoning": "; ".join(lines)}
    return out | ({"period": period} if period else {})


def reconcile(claims: list[Claim]) -> dict:
    """The event's ``fatalities``: the killed range at the top level, every kind in ``by_kind``."""
    kinds: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        kinds[c.kind].append(c)
    by_kind = {k: reconcile_kind(v) for k, v in sorted(kinds.items())}
    killed = by_kind.get("killed", {"low": None, "best": None, "high": None, "reasoning": "no death toll reported"})
    out = {"low": killed["low"], "best": killed["best"], "high": killed["high"], "method": METHOD,
           "reasoning": killed["reasoning"], "by_kind": by_kind,
           "enemy_claims_flagged": sum(c.about_enemy for c in claims)}
    return out | ({"period": killed["period"]} if killed.get("period") else {})
