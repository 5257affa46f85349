"""Markdown briefings that read top down: the headline figures and the few developments that matter
most first (``head``: at most ``HEAD_MAX`` characters whatever the filter), then the dated chronology
and the reference lists, folded under a marked heading (``chronology``). Every sentence cites outlet
and date, at most ``CITE_MAX`` sources and then "and N more" (the Sources section lists them all).

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
from .queries import EventFilter, control, find_events, said_as

HEAD_MAX = 6000  # characters before the folded chronology: one screen an analyst reads at a glance
CITE_MAX = 3  # sources named in one citation; the rest are counted ("and 4 more")
TOP_N = 4  # items in each list of developments that matter most
NAME_MAX = 80  # characters of one article-derived name in the head (a hostile outlet name is unbounded)
# The folded part starts here: the page folds it (the JSON API returns it apart, as "chronology"), and a
# Markdown reader knows it by this heading; its sections keep the levels the page's renderer draws.
FOLD = "## Chronology"

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


def short(text: object, n: int = NAME_MAX) -> str:
    """At most ``n`` characters of raw text (before ``md``), cut visibly."""
    flat = " ".join(str("" if text is None else text).split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def cite(sources: list[tuple[str, str | None]], limit: int = CITE_MAX) -> str:
    """``(Ya Libnan, 2015-12-24; SOHR, 2016-01-18; and 3 more)``: distinct outlets first, by date."""
    if not sources:
        return "(no source recorded)"
    shown = pick_sources(sources, limit)
    parts = [f"{md(short(o))}, {md(d)}" if d else f"{md(short(o))}, undated" for o, d in shown]
    if len(sources) > len(shown):
        parts.append(f"and {len(sources) - len(shown)} more")
    return "(" + "; ".join(parts) + ")"


def pick_sources(sources: list[tuple[str, str | None]], limit: int) -> list[tuple[str, str | None]]:
    """The earliest report of each outlet, earliest first, then the others: a citation names as many
    independent outlets as it can before repeating one."""
    ordered = sorted(set(sources), key=lambda s: (s[1] or "9999", s[0]))
    seen, first, rest = set(), [], []
    for o, d in ordered:
        (rest if o in seen else first).append((o, d))
        seen.add(o)
    return sorted((first + rest)[:limit], key=lambda s: (s[1] or "9999", s[0]))


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
    """"SOHR says at least 26 soldiers were killed"; a vague word is shown as said, beside the figure
    used: "Aamaq says “hundreds” (counted as at least 200) fighters were killed"."""
    words = said_as(c)
    qual = "" if c.qualifier in (None, "", "exact") else md(c.qualifier) + " "
    figure = f"{qual}{md(c.count)}"
    if words and words["vague"]:
        figure = f"“{md(short(words['words']))}” (counted as {figure})"
    victims = md(short(c.victims)) if c.victims else "people"
    verb = "was" if c.count == 1 else "were"
    enemy = " (a party's figure for its enemy's losses)" if c.about_enemy else ""
    period = f" {md(c.period)}" if c.period else ""  # "... were killed over the past week": a total, not one event's
    return f"{md(short(c.claimant))} says {figure} {victims} {verb} {_KIND_VERB.get(c.kind, md(c.kind))}{period}{enemy}"


def claim_clauses(claims: list[Claim], limit: int | None = None) -> str:
    """The claims joined with "; ", at most ``limit`` of them, the rest counted."""
    shown = claims if limit is None else claims[:limit]
    text = "; ".join(claim_clause(c) for c in shown)
    return text + (f"; and {_n(len(claims) - len(shown), 'more figure')}" if len(claims) > len(shown) else "")


def toll_sentences(ev: Event) -> list[str]:
    """One sentence per kind of figure; two or more different figures are named as a disagreement."""
    out = []
    by_kind: dict[str, list[Claim]] = {}
    for c in ev.claims:
        by_kind.setdefault(c.kind, []).append(c)
    for kind, claims in by_kind.items():
        sources = sorted({_claim_source(c, ev) for c in claims}, key=lambda s: (s[1] or "", s[0]))
        clauses = claim_clauses(claims)
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
                clauses = claim_clauses(claims)
                out.append(f"{md(ev.date_start) or 'undated'}, {where}: {clauses}. {cite(sources)}")
    return out


# -- the whole briefing ---------------------------------------------------------------------------

def render_briefing(events: list[Event], flt: EventFilter | None = None) -> str:
    """The whole text: the head, then the folded chronology and reference lists."""
    parts = briefing_parts(events, flt)
    return parts["markdown"]


def briefing_parts(events: list[Event], flt: EventFilter | None = None) -> dict:
    """``head`` (figures and developments, at most HEAD_MAX characters), ``chronology`` (everything
    else, under the FOLD heading) and ``markdown`` (the two together: the whole briefing)."""
    flt = flt or EventFilter()
    places = control(events)
    head = render_head(events, flt, places)
    chrono = render_chronology(events, places) if events else ""
    return {"head": head, "chronology": chrono, "markdown": head + ("\n" + chrono if chrono else "")}


def render_head(events: list[Event], flt: EventFilter, places: list[dict]) -> str:
    """The head with as many developments as fit in HEAD_MAX: fewer per list until it does (a filter on
    hostile text with long names still gets its figures and a bounded head)."""
    for n in range(TOP_N, -1, -1):
        text = _head(events, flt, places, n)
        if len(text) <= HEAD_MAX:
            return text
    return text[: HEAD_MAX - 2].rsplit("\n", 1)[0] + "\n"  # unreachable with NAME_MAX-bounded fields


def _head(events: list[Event], flt: EventFilter, places: list[dict], n: int) -> str:
    lines = [f"# Situation briefing: {describe(flt)}", "", "## At a glance", ""]
    lines += [f"- {s}" for s in glance(events, places)]
    if events and n:
        lines += ["", "## What matters most", ""]
        lines += _section("Deadliest events", [deadly_item(e) for e in deadliest(events, n)])
        lines += _section("Changes of control", [control_item(p, events) for p in latest_changes(places, n)])
        lines += _section("Where claimants disagree", [disagreement_item(e) for e in disputed(events, n)])
    return "\n".join(lines).rstrip() + "\n"


def _section(title: str, items: list[str]) -> list[str]:
    return [f"### {title}", "", *[f"- {s}" for s in items], ""] if items else []


def render_chronology(events: list[Event], places: list[dict]) -> str:
    lines = [FOLD, ""]
    for date, evs in _by_date(events):
        lines += [f"### {md(date)}", ""]
        for ev in evs:
            lines.append(f"- {event_sentence(ev)}")
            lines += [f"  - {s}" for s in toll_sentences(ev)]
        lines.append("")
    lines += _control_section(events, places)
    contra = contradictions(events)
    if contra:
        lines += ["## Contradictions", ""] + [f"- {c}" for c in contra] + [""]
    lines += _sources_section(events)
    return "\n".join(lines).rstrip() + "\n"


def describe(flt: EventFilter) -> str:
    bits = []
    if flt.place:
        bits.append(md(short(flt.place)))
    if flt.actor:
        bits.append(f"involving {md(short(flt.actor))}")
    if flt.types:
        bits.append(md(short(", ".join(flt.types), 3 * NAME_MAX)))
    if flt.q:
        bits.append(f"quoting \u201c{md(short(flt.q))}\u201d")
    if flt.bbox:
        bits.append("in the map box " + ", ".join(f"{x:g}" for x in flt.bbox))
    span = f"from {md(flt.date_from) or 'the first report'} to {md(flt.date_to) or 'the latest report'}"
    return f"{' '.join(bits)}, {span}" if bits else f"all events, {span}"


# -- the head's parts --------------------------------------------------------------------------------

def glance(events: list[Event], places: list[dict]) -> list[str]:
    """The headline figures, each sentence cited (the citation counts what it does not name)."""
    if not events:
        return ["No events match this filter."]
    every = sorted({s for ev in events for s in report_sources(ev.reports)}, key=lambda s: (s[1] or "", s[0]))
    dated = sorted(d for ev in events for d in (ev.date_start, ev.date_end) if d)
    span = f"from {md(dated[0])} to {md(dated[-1])}" if dated else "undated"
    kinds = Counter(ev.event_type for ev in events)
    where = Counter(ev.location.name for ev in events if ev.location and ev.location.name)
    mix = ", ".join(f"{n} {md(k)}" for k, n in kinds.most_common(3)) + _more(len(kinds) - 3, "other kind")
    top = ", ".join(f"{md(short(k, 40))} {n}" for k, n in where.most_common(3)) + _more(len(where) - 3, "other place")
    outlets = {r.outlet or r.doc for ev in events for r in ev.reports}
    reports = sum(len(ev.reports) for ev in events)
    out = [f"{_n(len(events), 'event')} {span} in {_n(len(where), 'place')} ({top}): {mix}; "
           f"from {_n(reports, 'report')} by {_n(len(outlets), 'outlet')}. {cite(every)}"]
    out.append(_toll_glance(events, every))
    if places:
        n_stale = sum(p["stale"] for p in places)
        stale = (f" ({n_stale} of them not reported on for over {_stale_days()} days before the latest event)"
                 if n_stale else "")
        out.append(f"{_n(len(places), 'place')} changed hands{stale}. "
                   f"{cite(list({s for p in places for s in _change_sources(p, events)}))}")
    return out


def _toll_glance(events: list[Event], every: list) -> str:
    # a toll that is a total over many days ("since the start of the year") would count other events again
    tolls = [ev.fatalities or {} for ev in events if not (ev.fatalities or {}).get("period")]
    low = sum(int(f.get("low") or 0) for f in tolls)
    best = sum(int(f.get("best") or 0) for f in tolls)
    high = sum(int(f.get("high") or 0) for f in tolls)
    counted = sum(1 for f in tolls if f.get("best") is not None)
    periods = len(events) - len(tolls)
    aside = f"; {_n(periods, 'total')} over many days left out" if periods else ""
    return (f"Reconciled deaths across these events: {low} to {high}, best estimate {best}, from the "
            f"{_n(counted, 'event')} with a reported toll (the other {len(events) - counted - periods} report "
            f"none{aside}). {cite(every)}")


def _n(k: int, word: str) -> str:
    return f"{k} {word}{'' if k == 1 else 's'}"


def _more(k: int, word: str) -> str:
    return f", and {_n(k, word)}" if k > 0 else ""


def _stale_days() -> int:
    from .territory import default_stale_days
    return default_stale_days()


def deadliest(events: list[Event], n: int) -> list[Event]:
    """The events with the highest best estimate; a toll that is a total over many days is no one event's."""
    scored = [e for e in events if (e.fatalities or {}).get("best") and not e.fatalities.get("period")]
    return sorted(scored, key=lambda e: (-int(e.fatalities["best"]), -int(e.fatalities.get("high") or 0),
                                         e.date_start or "", e.event_id))[:n]


def deadly_item(ev: Event) -> str:
    f = ev.fatalities
    rng = f"{f.get('low')}" if f.get("low") == f.get("high") else f"{f.get('low')} to {f.get('high')}"
    killed = _distinct_killed(ev)
    said = f"; {claim_clauses(killed, 2)}" if killed else ""
    return (f"{_when(ev)}: {headline(ev)}; reconciled deaths {md(rng)} (best estimate {md(f.get('best'))}){said}. "
            f"{cite(report_sources(ev.reports))}")


def headline(ev: Event) -> str:
    """The event's sentence with names cut to NAME_MAX, for the head."""
    a1, a2 = md(short(ev.actor1)) or "unidentified forces", md(short(ev.actor2)) or "unidentified forces"
    tpl = PHRASES.get(ev.sub_event_type)
    text = tpl.format(a1=a1, a2=a2, place=_where(ev)) if tpl else f"{md(short(ev.sub_event_type))} in {_where(ev)} involving {a1}"
    return text[0].upper() + text[1:]


def latest_changes(places: list[dict], n: int) -> list[dict]:
    """The most recent changes of hands first, the best supported first on a tie."""
    return sorted(places, key=lambda p: (p["changes"][-1]["date"], p["confidence"]["outlets"]), reverse=True)[:n]


def control_item(p: dict, events: list[Event]) -> str:
    last = p["changes"][-1]
    conf = p["confidence"]
    where = md(short(p["place"])) + (f" in {md(short(p['town'], 40))}" if _inside(p) else "")
    stale = "; not reported on since" if p["stale"] else ""
    where = f"ground {where}" if p["precision"] == "near town" else where
    return (f"{md(last['date'])}: {md(short(last['holder'])) or 'unidentified forces'} took {where} "
            f"({md(p['precision'])}) from {md(short(last['from'])) or 'unidentified forces'}; "
            f"confidence {md(conf['level'])}, {_n(conf['outlets'], 'outlet')}{stale}. "
            f"{cite(_change_sources(p, events, last_only=True))}")


def _inside(p: dict) -> bool:
    """A part of a town is named with its town ("Jobar in Damascus"); "near Homs" already says it."""
    return p["place"] != p["town"] and p["precision"] not in ("near town", "province", "region", "country")


def _change_sources(p: dict, events: list[Event], last_only: bool = False) -> list[tuple[str, str | None]]:
    ids = {p["changes"][-1]["event_id"]} if last_only else {c["event_id"] for c in p["changes"]}
    return [s for ev in events if ev.event_id in ids for s in report_sources(ev.reports)]


def disputed(events: list[Event], n: int) -> list[Event]:
    """Events whose claimants give different death tolls: the most claimants first (a disagreement
    between five sources matters more than one between two), then the highest figure."""
    out = []
    for ev in events:
        killed = [c for c in ev.claims if c.kind == "killed"]
        if len({c.count for c in killed}) > 1 and len({c.claimant for c in killed}) > 1:
            out.append((len({c.claimant for c in killed}), max(c.count for c in killed), ev))
    out.sort(key=lambda t: (-t[0], -t[1], t[2].event_id))
    return [ev for _, _, ev in out[:n]]


def disagreement_item(ev: Event) -> str:
    killed = _distinct_killed(ev)
    sources = sorted({_claim_source(c, ev) for c in killed}, key=lambda s: (s[1] or "", s[0]))
    return f"{_when(ev)}, {_where(ev)}: {claim_clauses(killed, 3)}. {cite(sources)}"


def _distinct_killed(ev: Event) -> list[Claim]:
    """The death-toll claims, highest first, one per claimant and figure (two reports of one claim
    are one claim in the head; the chronology keeps both)."""
    seen: dict[tuple, Claim] = {}
    for c in sorted((c for c in ev.claims if c.kind == "killed"), key=lambda c: (-c.count, c.claimant)):
        seen.setdefault((c.claimant, c.count, c.qualifier), c)
    return list(seen.values())


def _when(ev: Event) -> str:
    if ev.date_end and ev.date_start and ev.date_end != ev.date_start:
        return f"{md(ev.date_start)} to {md(ev.date_end)}"
    return md(ev.date_start) or "undated"


def _where(ev: Event) -> str:
    loc = ev.location
    if not loc or not loc.name:
        return "an unrecorded place"
    return md(short(loc.sub_location, 40)) + f" in {md(short(loc.name, 40))}" if loc.sub_location else md(short(loc.name))


# -- the folded part ---------------------------------------------------------------------------------

def _by_date(events: list[Event]) -> list[tuple[str, list[Event]]]:
    groups: dict[str, list[Event]] = {}
    for ev in sorted(events, key=lambda e: (e.date_start or "9999", e.event_id)):
        key = ev.date_start or "undated"
        if ev.date_end and ev.date_end != ev.date_start:
            key = f"{ev.date_start} to {ev.date_end}"
        groups.setdefault(key, []).append(ev)
    return list(groups.items())


def _control_section(events: list[Event], places: list[dict]) -> list[str]:
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
        where = md(p["place"]) + (f" in {md(p['town'])}" if _inside(p) else "")
        lines.append(f"- {where} ({md(p['precision'])}; confidence {md(p['confidence']['level'])}"
                     f"{'; stale' if p['stale'] else ''}): " + "; ".join(steps))
    return lines + [""]


def _sources_section(events: list[Event]) -> list[str]:
    docs = sorted({(r.outlet or "", r.published or "", r.doc) for ev in events for r in ev.reports})
    if not docs:
        return []
    return ["## Sources", ""] + [f"- {md(o) or 'unknown outlet'}, {md(p) or 'undated'}: {md(d)}" for o, p, d in docs]


def briefing(store, flt: EventFilter | None = None) -> str:
    """The briefing for the events in ``store`` that match ``flt``."""
    return briefing_json(store, flt)["markdown"]


def briefing_json(store, flt: EventFilter | None = None) -> dict:
    """``{"markdown", "head", "chronology"}`` for the events in ``store`` that match ``flt``."""
    flt = flt or EventFilter()
    return briefing_parts(find_events(store, flt), flt)
