"""Markdown briefings: cited chronology, open contradictions, Markdown-inert article text."""
from __future__ import annotations

import re

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from sitroom.cli import main
from sitroom.records import Claim, Event, Location, Report
from sitroom.store import open_store
from sitroom.web.brief import briefing, md, render_briefing
from sitroom.web.queries import EventFilter
from test_web_api import web_db  # noqa: F401  (the session fixture: seeds + hostile article)

CITATION = re.compile(r"\((?:[^;()]+(?:\([^()]*\))?[^;()]*, (?:\d{4}-\d{2}-\d{2}|undated)(?:; )?)+(?:and \d+ more)?\)$")


def siege_event() -> Event:
    """An event as an AP wire reported it: two claimants, two figures for the same dead."""
    loc = Location("Deir ez-Zor", "Syria", "Deir ez-Zor", 35.33, 40.14, sub_location="industrial district")
    reports = [Report("ap.txt", "Aamaq said the industrial district fell to the group late Wednesday", 0, 70,
                      "Associated Press", "2015-12-24"),
               Report("sohr.html", "at least 26 soldiers were killed", 0, 32, "SOHR", "2015-12-24")]
    claims = [Claim(26, qualifier="at least", victims="soldiers", claimant="SOHR", claimant_kind="monitor",
                    doc="sohr.html", outlet="SOHR", quote="at least 26 soldiers were killed"),
              Claim(38, qualifier="at least", victims="Syrian troops", claimant="Aamaq", claimant_kind="party_media",
                    about_enemy=True, doc="ap.txt", outlet="Associated Press", quote="at least 38 Syrian troops were killed")]
    return Event("e1", "Battles", "Non-state actor overtakes territory", "2015-12-23", "2015-12-23", "day", loc,
                 "Islamic State", "Military Forces of Syria (2000-)",
                 {"low": 26, "best": 26, "high": 38, "method": "monitor first",
                  "reasoning": "the monitor's figure is the floor; the party's claim about its enemy is the ceiling"},
                 claims, reports)


def test_contradiction_is_stated_openly_with_each_source():
    text = render_briefing([siege_event()])
    assert ("SOHR says at least 26 soldiers were killed; Aamaq says at least 38 Syrian troops were killed "
            "(a party's figure for its enemy's losses). "
            "(Associated Press, 2015-12-24; SOHR, 2015-12-24)") in text
    assert "## Contradictions" in text
    assert "Reconciled death toll 26 to 38 (best estimate 26): the monitor's figure is the floor" in text
    assert "Islamic State took control of Deir ez-Zor (industrial district) from Military Forces of Syria" in text


def test_one_claimants_breakdown_is_not_a_contradiction():
    ev = siege_event()
    ev.claims = [Claim(50, claimant="SOHR", victims="soldiers", doc="sohr.html", outlet="SOHR"),
                 Claim(42, claimant="SOHR", victims="IS fighters", doc="sohr.html", outlet="SOHR")]
    text = render_briefing([ev])
    assert "Figures differ" not in text and "## Contradictions" not in text
    assert "SOHR says 50 soldiers were killed; SOHR says 42 IS fighters were killed" in text


def test_every_statement_on_the_seeds_cites_outlet_and_date(web_db):  # noqa: F811
    store = open_store(web_db)
    text = briefing(store)
    body = text.split("## Sources")[0]
    statements = [ln.split("- ", 1)[1] for ln in body.splitlines() if ln.lstrip().startswith("- ")]
    statements += [ln for ln in body.splitlines() if ln and not ln.startswith(("#", "-", " "))]
    assert len(statements) >= len(store.events())
    # Entities stand for the HTML characters in outlet names; their ';' is not a citation separator.
    plain = [s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for s in statements]
    uncited = [s for s in plain if not CITATION.search(s.strip())]
    assert not uncited
    # Each event's date heads its chronology entry; the seeds have claimants who disagree.
    for ev in store.events():
        assert f"### {ev.date_start}" in text
    assert "Figures differ: " in text and "## Contradictions" in text


def test_filters_narrow_the_briefing(web_db):  # noqa: F811
    store = open_store(web_db)
    text = briefing(store, EventFilter(place="Palmyra"))
    palmyra = [e for e in store.events() if e.location and e.location.name == "Palmyra"]
    assert palmyra
    chrono = text.split("## Chronology")[1].split("\n## ")[0]
    assert sum(1 for ln in chrono.splitlines() if ln.startswith("- ")) == len(palmyra)
    assert "Deir ez-Zor [" not in chrono
    none = briefing(store, EventFilter(date_from="1990-01-01", date_to="1990-12-31"))
    assert "No events match this filter." in none


def test_hostile_text_is_inert_markdown(web_db):  # noqa: F811
    text = briefing(open_store(web_db), EventFilter(q="onerror"))
    assert "onerror" in text
    assert "<" not in text and ">" not in text, "a '<' could open HTML in a Markdown renderer"
    assert "&lt;img" in text


@given(st.text(max_size=80))
def test_md_escape_is_reversible_and_leaves_no_markup(s):
    out = md(s)
    assert "\n" not in out and "<" not in out and ">" not in out
    assert not re.search(r"(?<!\\)[\[\]`*_|~]", out.replace("\\\\", ""))
    assert not re.search(r"&(?!amp;|lt;|gt;)", out)
    unescaped = re.sub(r"\\(.)", r"\1", out).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert unescaped == " ".join(s.split())


def test_cli_writes_the_briefing(web_db, tmp_path):  # noqa: F811
    out = tmp_path / "brief.md"
    r = CliRunner().invoke(main, ["brief", "--db", web_db, "--from", "2017-09-01", "--to", "2017-09-30",
                                  "--out", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Situation briefing: all events, from 2017-09-01 to 2017-09-30")
    # Events overlapping the range, so one that began in August and ran into September is in.
    heads = re.findall(r"^### (\S+)(?: to (\S+))?$", text, flags=re.M)
    assert heads and all(a <= "2017-09-30" and (b or a) >= "2017-09-01" for a, b in heads)
    bad = CliRunner().invoke(main, ["brief", "--db", str(tmp_path / "missing.db")])
    assert bad.exit_code != 0 and "does not exist" in bad.output
