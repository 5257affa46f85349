"""Markdown briefings: a dated chronology in which every sentence cites its sources.

The briefing states what the reports say and who says it; where claimants disagree it says so
openly ("SOHR says at least 26 soldiers were killed; Aamaq says at least 38") and gives the
reconciled range beside the claims, never in place of them. Every value interpolated into the
text (article-derived or not: dates and counts too, since a manifest or a feed supplies them) goes
through ``md``: HTML's ``<``, ``>`` and ``&`` become entities, which every Markdown renderer shows as
text (a backslash before ``<`` is not honoured by all of them), and Markdown's own markup characters
are backslash-escaped, so a quote cannot inject links, HTML or formatting into whatever renders the file.
"""
from __future__ import annotations

import re
from collections import Counter

from ..records import Claim, Event, Report
from .queries import EventFilter, control, find_events

# How each ACLED sub-event type reads as a sentence; {a1}/{a2} are actors, {place} the location.
PHRASES = {
    "Non-state actor overtakes territory": "{a1} took control of {place} from {a2}",
    "Government regains territory": "{a1} regained control of {place} from {a2}",
    "Non-violent transfer of territory": "{place} passed to {a1} without fighting",
    "Armed clash": "{a1} and {a2} clashed in {place}",
    "Air/drone strike": "{a1} carried out air or drone strikes against {a2} in {place}",
    "Shelling/artillery/missile attack": "{a1} fired artillery or missiles at {a2} in {place}",
    "Suicide bomb": "{a1} carried out a suicide bombing against {a2} in {place}",
    "Remote explosive/landmine/IED": "an explosive device attributed to {a1} went off in {place}",
    "Abduction/forced disappearance": "{a1} abducted {a2} in {place}",
    "Attack": "{a1} attacked {a2} in {place}",
    "Agreement": "{a1} reached an agreement concerning {place}",
    "Arrests": "{a1} made arrests in {place}",
}
_KIND_VERB = {"killed": "killed", "wounded": "wounded", "abducted": "abducted", "displaced": "displaced",
              "arrested": "arrested"}
# Parentheses, '#', '!' only mean something after ']' or at a line start, which escaped data never is.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(text: object) -> str:
    """Untrusted text made inert in Markdown: one line, HTML characters as entities, markup escaped."""
    flat = " ".join(str("" if text is None else text).split())
    flat = re.sub(r"[&<>]", lambda m: _HTML[m.group()], flat)
    return _MD_SPECIAL.sub(r"\\\1", flat)


def cite(sources: list[tuple[str, str | None]]) -> str:
    """``(Ya Libnan, 2015-12-24; SOHR, 2016-01-18)``."""
    if not sources:
        return "(no source recorded)"
    parts = [f"{md(o)}, {md(d)}" if d else f"{md(o)}, undated" for o, d in sources]
    return "(" + "; ".join(parts) + ")"


def report_sources(reports: list[Report]) -> list[tuple[str, str | None]]:
    return sorted({(r.outlet or r.doc, r.published) for r in reports}, key=lambda s: (s[1] or "", s[0]))


def _claim_source(claim: Claim, ev: Event) -> tuple[str, str | None]:
    pub = next((r.published for r in ev.reports if r.doc == claim.doc), None)
    return claim.outlet or claim.doc or "unknown outlet", pub


# -- one event -----------------------------------------------------------------------------------

def event_sentence(ev: Event) -> str:
    loc = ev.location
    place = md(loc.name) if loc and loc.name else "an unrecorded place"
    if loc and loc.sub_location:
        place += f" ({md(loc.sub_location)})"
    a1, a2 = md(ev.actor1) or "unidentified forces", md(ev.actor2) or "unidentified forces"
    tpl = PHRASES.get(ev.sub_event_type)
    text = tpl.format(a1=a1, a2=a2, place=place) if tpl else f"{md(ev.sub_event_type)} in {place} involving {a1}"
    return f"{text[0].upper()}{text[1:]} [{md(ev.sub_event_type)}]. {cite(report_sources(ev.reports))}"


def claim_clause(c: Claim) -> str:
    qual = "" if c.qualifier in (None, "", "exact") else md(c.qualifier) + " "
    victims = md(c.victims) if c.victims else "people"
    verb = "was" if c.count == 1 else "were"
    enemy = " (a party's figure for its enemy's losses)" if c.about_enemy else ""
    return f"{md(c.claimant)} says {qual}{md(c.count)} {victims} {verb} {_KIND_VERB.get(c.kind, md(c.kind))}{enemy}"


def toll_sentences(ev: Event) -> list[str]:
    """One sentence per kind of figure; two or more different figures are named as a disagreement."""
    out = []
    by_kind: dict[str, list[Claim]] = {}
    for c in ev.claims:
        by_kind.setdefault(c.kind, []).append(c)
    for kind, claims in by_kind.items():
        sources = sorted({_claim_source(c, ev) for c in claims}, key=lambda s: (s[1] or "", s[0]))
        clauses = "; ".join(claim_clause(c) for c in claims)
        # One claimant's several figures are a breakdown; two claimants' different figures disagree.
        differ = len({c.count for c in claims}) > 1 and len({c.claimant for c in claims}) > 1
        lead = "Figures differ: " if differ else ""
        out.append(f"{lead}{clauses}. {cite(sources)}")
    return out + reconciliation_sentences(ev)


def reconciliation_sentences(ev: Event) -> list[str]:
    """The reconciled death toll, then any other kind of figure the resolver reconciled (``by_kind``)."""
    f = ev.fatalities or {}
    out = [_recon(ev, "death toll", f)]
    out += [_recon(ev, f"count of {md(kind)}", r) for kind, r in sorted((f.get("by_kind") or {}).items())
            if kind != "killed" and isinstance(r, dict)]
    return [s for s in out if s]


def _recon(ev: Event, what: str, r: dict) -> str | None:
    if r.get("best") is None and r.get("low") is None:
        return None
    low, best, high = r.get("low"), r.get("best"), r.get("high")
    rng = md(low) if low == high else f"{md(low)} to {md(high)}"
    why = r.get("reasoning") or r.get("method") or ""
    if isinstance(why, list):
        why = " ".join(str(x) for x in why)
    tail = f": {md(why)}" if why else ""
    return f"Reconciled {what} {rng} (best estimate {md(best)}){tail}. {cite(report_sources(ev.reports))}"


def contradictions(events: list[Event]) -> list[str]:
    """Events whose claimants give different figures of the same kind, stated openly."""
    out = []
    for ev in events:
        for kind in sorted({c.kind for c in ev.claims}):
            claims = [c for c in ev.claims if c.kind == kind]
            if len({c.count for c in claims}) > 1 and len({c.claimant for c in claims}) > 1:
                where = md(ev.location.name) if ev.location else "an unrecorded place"
                sources = sorted({_claim_source(c, ev) for c in claims}, key=lambda s: (s[1] or "", s[0]))
                clauses = "; ".join(claim_clause(c) for c in claims)
                out.append(f"{md(ev.date_start) or 'undated'}, {where}: {clauses}. {cite(sources)}")
    return out


# -- the whole briefing ---------------------------------------------------------------------------

def render_briefing(events: list[Event], flt: EventFilter | None = None) -> str:
    flt = flt or EventFilter()
    lines = [f"# Situation briefing: {describe(flt)}", ""]
    lines += _summary(events) + [""]
    lines += ["## Chronology", ""]
    for date, evs in _by_date(events):
        lines.append(f"### {md(date)}")
        lines.append("")
        for ev in evs:
            lines.append(f"- {event_sentence(ev)}")
            lines += [f"  - {s}" for s in toll_sentences(ev)]
        lines.append("")
    lines += _control_section(events)
    contra = contradictions(events)
    if contra:
        lines += ["## Contradictions", ""] + [f"- {c}" for c in contra] + [""]
    lines += _sources_section(events)
    return "\n".join(lines).rstrip() + "\n"


def describe(flt: EventFilter) -> str:
    bits = []
    if flt.place:
        bits.append(md(flt.place))
    if flt.actor:
        bits.append(f"involving {md(flt.actor)}")
    if flt.types:
        bits.append(", ".join(md(t) for t in flt.types))
    span = f"from {md(flt.date_from) or 'the first report'} to {md(flt.date_to) or 'the latest report'}"
    return f"{' '.join(bits)}, {span}" if bits else f"all events, {span}"


def _summary(events: list[Event]) -> list[str]:
    if not events:
        return ["No events match this filter."]
    kinds = Counter(ev.event_type for ev in events)
    outlets = {r.outlet or r.doc for ev in events for r in ev.reports}
    reports = sum(len(ev.reports) for ev in events)
    low = sum(int((ev.fatalities or {}).get("low") or 0) for ev in events)
    high = sum(int((ev.fatalities or {}).get("high") or 0) for ev in events)
    mix = ", ".join(f"{n} {md(k)}" for k, n in kinds.most_common())
    return [f"{len(events)} event{'s' if len(events) != 1 else ''} ({mix}) from {reports} reports by {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}. "
            f"Reconciled deaths across these events: {low} to {high}. "
            f"{cite(sorted({s for ev in events for s in report_sources(ev.reports)}, key=lambda s: (s[1] or '', s[0])))}"]


def _by_date(events: list[Event]) -> list[tuple[str, list[Event]]]:
    groups: dict[str, list[Event]] = {}
    for ev in sorted(events, key=lambda e: (e.date_start or "9999", e.event_id)):
        key = ev.date_start or "undated"
        if ev.date_end and ev.date_end != ev.date_start:
            key = f"{ev.date_start} to {ev.date_end}"
        groups.setdefault(key, []).append(ev)
    return list(groups.items())


def _control_section(events: list[Event]) -> list[str]:
    places = control(events)
    if not places:
        return []
    by_id = {ev.event_id: ev for ev in events}
    lines = ["## Territorial control", ""]
    for p in places:
        steps = []
        for ch in p["changes"]:
            src = cite(report_sources(by_id[ch["event_id"]].reports))
            steps.append(f"{md(ch['date'])}: {md(ch['holder']) or 'unidentified forces'} took it from "
                         f"{md(ch['from']) or 'unidentified forces'} {src}")
        lines.append(f"- {md(p['place'])}: " + "; ".join(steps))
    return lines + [""]


def _sources_section(events: list[Event]) -> list[str]:
    docs = sorted({(r.outlet or "", r.published or "", r.doc) for ev in events for r in ev.reports})
    if not docs:
        return []
    return ["## Sources", ""] + [f"- {md(o) or 'unknown outlet'}, {md(p) or 'undated'}: {md(d)}" for o, p, d in docs]


def briefing(store, flt: EventFilter | None = None) -> str:
    """The briefing for the events in ``store`` that match ``flt``."""
    flt = flt or EventFilter()
    return render_briefing(find_events(store, flt), flt)
