"""The situation room's JSON API, over a real SQLite file built by the real pipeline from the seeds
plus one hostile article (script tags and onerror handlers in body and comments)."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.store import open_store
from sitroom.web.app import create_app

HOSTILE = """Islamic State seizes checkpoint near Palmyra <script>window.__pwned = 1</script>

PALMYRA, Syria (AP) \u2014 Islamic State fighters seized an army checkpoint on the eastern edge of Palmyra on Monday, killing at least 12 Syrian soldiers <img src=x onerror="window.__pwned = 2">, the Syrian Observatory for Human Rights said.

The Observatory said the militants also captured two tanks <script>alert(1)</script> before withdrawing toward the desert.

State news agency SANA said the army repelled the attack and that 30 militants were killed.

3 responses to "Islamic State seizes checkpoint near Palmyra"

reader1 says:
March 8, 2016 at 10:12 am
<script>window.__pwned = 3</script> great <img src=x onerror="window.__pwned = 4"> article
"""
HOSTILE_MANIFEST = ("file,outlet,original_source,published,published_note\n"
                    "hostile_report.txt,Hostile <b>Wire</b>,Hostile Wire,2016-03-08,test article\n")


def hostile_dir(root: Path) -> Path:
    d = root / "hostile"
    d.mkdir(parents=True, exist_ok=True)
    (d / "hostile_report.txt").write_text(HOSTILE, encoding="utf-8")
    (d / "manifest.csv").write_text(HOSTILE_MANIFEST, encoding="utf-8")
    return d


def build_db(root: Path, seeds: Path) -> str:
    """The seeds and the hostile article through ``sitroom run``'s library call, into a real SQLite file."""
    from sitroom.pipeline import run_corpus
    db = str(root / "web.db")
    run_corpus([str(seeds), str(hostile_dir(root))], db, out=root / "out")
    return db


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, seeds_dir) -> str:
    return build_db(tmp_path_factory.mktemp("webdb"), seeds_dir)


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(web_db), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture
def writable_client(web_db, tmp_path):
    # A copy, so the overrides written here do not leak into the other tests' store.
    copy = tmp_path / "w.db"
    src, dst = sqlite3.connect(web_db), sqlite3.connect(copy)
    src.backup(dst)
    src.close(), dst.close()
    with TestClient(create_app(str(copy), writable=True), base_url="http://127.0.0.1") as c:
        yield c


def all_events(client) -> list[dict]:
    return client.get("/api/events").json()["events"]


# -- events and filters ------------------------------------------------------------------------

def test_events_list_matches_the_store(client, web_db):
    data = client.get("/api/events").json()
    store = open_store(web_db)
    assert data["count"] == len(store.events()) > 5
    ev = data["events"][0]
    for key in ("event_id", "event_type", "sub_event_type", "date_start", "location", "actor1", "fatalities", "outlets"):
        assert key in ev
    dates = [e["date_start"] for e in data["events"]]
    assert dates == sorted(dates)


def test_date_range_keeps_overlapping_events_only(client):
    events = all_events(client)
    lo, hi = "2016-01-01", "2016-12-31"
    got = client.get("/api/events", params={"from": lo, "to": hi}).json()["events"]
    expect = {e["event_id"] for e in events if e["date_start"] <= hi and (e["date_end"] or e["date_start"]) >= lo}
    assert {e["event_id"] for e in got} == expect
    assert 0 < len(expect) < len(events)
    assert client.get("/api/events", params={"from": "16 Jan"}).status_code == 422


def test_type_filter_takes_event_or_sub_event_types(client):
    events = all_events(client)
    battles = client.get("/api/events", params={"type": "Battles"}).json()["events"]
    assert battles and all(e["event_type"] == "Battles" for e in battles)
    assert len(battles) == sum(e["event_type"] == "Battles" for e in events)
    two = client.get("/api/events", params=[("type", "Armed clash"), ("type", "Air/drone strike")]).json()["events"]
    assert {e["sub_event_type"] for e in two} == {"Armed clash", "Air/drone strike"}


def test_actor_and_place_filters_are_case_insensitive_substrings(client):
    events = all_events(client)
    got = client.get("/api/events", params={"actor": "islamic state"}).json()["events"]
    assert {e["event_id"] for e in got} == {e["event_id"] for e in events if "Islamic State" in (e["actor1"] + e["actor2"])}
    palmyra = client.get("/api/events", params={"place": "palmyra"}).json()["events"]
    assert palmyra and all(e["location"]["name"] == "Palmyra" for e in palmyra)


def test_bbox_keeps_events_inside_the_box(client):
    events = [e for e in all_events(client) if e["location"] and e["location"]["lat"] is not None]
    w, s, e_, n = 39.5, 34.9, 41.0, 36.0  # around Deir ez-Zor
    got = client.get("/api/events", params={"bbox": f"{w},{s},{e_},{n}"}).json()["events"]
    inside = {e["event_id"] for e in events if w <= e["location"]["lon"] <= e_ and s <= e["location"]["lat"] <= n}
    assert {e["event_id"] for e in got} == inside and 0 < len(inside) < len(events)
    # A box across the antimeridian holds none of these Syrian events.
    assert client.get("/api/events", params={"bbox": "170,-10,-170,10"}).json()["count"] == 0
    bad = client.get("/api/events", params={"bbox": "40,35,oops,36"})
    assert bad.status_code == 400 and bad.json()["code"] == "E202"


def test_free_text_searches_quotes_not_other_fields(client):
    got = client.get("/api/events", params={"q": "onerror"}).json()["events"]
    assert got, "the hostile article's quote holds 'onerror'"
    for e in got:
        full = client.get(f"/api/events/{e['event_id']}").json()
        assert any("onerror" in q["quote"].lower() for q in full["reports"] + full["claims"])
    some_id = all_events(client)[0]["event_id"]
    assert client.get("/api/events", params={"q": some_id}).json()["count"] == 0


@pytest.mark.parametrize("evil", ["' OR 1=1 --", "%", "_", "x'); DROP TABLE events; --", "\\"])
def test_filters_are_parameterised(client, web_db, evil):
    # Wildcards and quotes are taken literally: only events whose field holds the very string match.
    events = open_store(web_db).events()
    literal = {
        "actor": {e.event_id for e in events if evil.lower() in (e.actor1 + "\n" + e.actor2).lower()},
        "place": {e.event_id for e in events if e.location and evil.lower() in f"{e.location.name}\n{e.location.admin1}".lower()},
        "q": {e.event_id for e in events if any(evil.lower() in x.quote.lower() for x in [*e.reports, *e.claims])},
    }
    for key, expect in literal.items():
        r = client.get("/api/events", params={key: evil})
        assert r.status_code == 200 and {e["event_id"] for e in r.json()["events"]} == expect, (key, evil)
        assert len(expect) < len(events)
    assert len(open_store(web_db).events()) == len(all_events(client))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=30))
def test_any_search_text_is_safe_and_exact(client, text):
    r = client.get("/api/events", params={"q": text})
    assert r.status_code == 200
    for e in r.json()["events"]:
        full = client.get(f"/api/events/{e['event_id']}").json()
        assert any(text.casefold() in q["quote"].casefold() for q in full["reports"] + full["claims"])


# -- one event, documents, places, actors, control ------------------------------------------------

def test_event_detail_has_verbatim_quotes_claims_and_reconciliation(client, web_db):
    events = all_events(client)
    target = max(events, key=lambda e: e["n_claims"])
    ev = client.get(f"/api/events/{target['event_id']}").json()
    store = open_store(web_db)
    for r in ev["reports"]:
        doc = store.get_document(ev["documents"][r["doc"]])
        assert doc.original[r["char_start"]:r["char_end"]] == r["quote"]
    table = ev["claims_table"]
    assert sum(len(row["claims"]) for row in table) == len(ev["claims"]) >= 2
    for row in table:
        counts = [c["count"] for c in row["claims"]]
        assert counts == sorted(counts, reverse=True) and row["spread"] == [min(counts), max(counts)]
    assert {"low", "best", "high"} <= set(ev["fatalities"])
    if len(ev["mention_ids"]) > 1:  # merged reports say why they were merged
        assert ev["merge_reasons"]
    missing = client.get("/api/events/no-such-event")
    assert missing.status_code == 404 and missing.json()["code"] == "E302"


def test_document_view_marks_event_sentences_and_keeps_the_comment_tail_apart(client, seeds_gold):
    docs = client.get("/api/documents").json()["documents"]
    tails = [d for d in docs if seeds_gold["body_ends_at"].get(d["name"])]
    assert tails
    for meta in tails:
        doc = client.get(f"/api/documents/{meta['doc_id']}").json()
        assert "".join(s["text"] for s in doc["segments"]) == doc["text"]
        marked = [s for s in doc["segments"] if s["event_ids"]]
        assert marked and set(doc["events"]) == {i for s in marked for i in s["event_ids"]}
        cut = [c for c in doc["cuts"] if c["reason"] == "comment-tail"]
        assert cut and seeds_gold["body_ends_at"][meta["name"]] in cut[0]["text"]
        assert cut[0]["text"].strip()[:80] not in doc["text"]
    assert client.get("/api/documents/nothing-like-this").status_code == 404


def test_places_and_actors_add_up(client):
    events = all_events(client)
    places = client.get("/api/places").json()["places"]
    assert sum(p["events"] for p in places) == sum(1 for e in events if e["location"])
    actors = {a["name"]: a for a in client.get("/api/actors").json()["actors"]}
    isis = actors["Islamic State"]
    assert isis["events"] == sum("Islamic State" in (e["actor1"], e["actor2"]) for e in events)


def test_control_tracks_who_held_each_place_over_time(client):
    places = client.get("/api/control").json()["places"]
    assert places
    for p in places:
        dates = [c["date"] for c in p["changes"]]
        assert dates == sorted(dates)
        assert p["holder_at"] == p["changes"][-1]["holder"]
        before = client.get("/api/control", params={"at": "1990-01-01"}).json()["places"]
        match = next(b for b in before if b["place"] == p["place"] and b["admin1"] == p["admin1"])
        assert match["holder_at"] == (p["changes"][0]["from"] or None)


def test_briefing_endpoint_in_json_and_markdown(client):
    parts = client.get("/api/briefing", params={"place": "Palmyra"}).json()
    js = parts["markdown"]
    md = client.get("/api/briefing", params={"place": "Palmyra", "format": "markdown"})
    assert md.headers["content-type"].startswith("text/markdown") and md.text == js
    assert js.startswith("# Situation briefing: Palmyra")
    # the head to read first, the chronology folded after it; markdown is both, for compatibility
    assert set(parts) == {"markdown", "head", "chronology"} and js == parts["head"] + "\n" + parts["chronology"]
    assert len(parts["head"]) <= 6000 and parts["chronology"].startswith("## Chronology\n")


# -- read-only, writable, page and headers ---------------------------------------------------------

def test_read_only_refuses_writes(client):
    ev = all_events(client)[0]["event_id"]
    r = client.post("/api/overrides", json={"action": "split", "a": ev})
    assert r.status_code == 403
    assert client.delete(f"/api/events/{ev}").status_code == 405
    assert client.put("/api/events").status_code == 405
    assert client.get("/api/overrides").json()["overrides"] == []


def test_writable_records_overrides_on_mentions(writable_client):
    events = writable_client.get("/api/events").json()["events"]
    a, b = events[0]["event_id"], events[1]["event_id"]
    members = (writable_client.get(f"/api/events/{a}").json()["mention_ids"]
               + writable_client.get(f"/api/events/{b}").json()["mention_ids"])
    r = writable_client.post("/api/overrides", json={"action": "merge", "a": a, "b": b, "note": "same fight"})
    assert r.status_code == 201
    rec, now = r.json()["override"], r.json()["now"]
    # The one stored format: JSON lists of every mention of both events, applied at once.
    assert rec["action"] == "merge" and rec["note"] == "same fight"
    assert sorted(json.loads(rec["a"]) + json.loads(rec["b"])) == sorted(members)
    assert len(now) == 1 and set(members) <= set(writable_client.get(f"/api/events/{now[0]}").json()["mention_ids"])
    assert writable_client.post("/api/overrides", json={"action": "merge", "a": a}).status_code == 422
    assert writable_client.post("/api/overrides", json={"action": "split", "a": "nope"}).status_code == 404
    assert len(writable_client.get("/api/overrides").json()["overrides"]) == 1


def test_page_assets_are_local_and_headers_strict(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/vendor/leaflet/leaflet.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    for path in ("/static/app.js", "/static/app.css", "/static/vendor/leaflet/leaflet.css",
                 "/static/vendor/basemap/countries-50m.geojson"):
        assert client.get(path).status_code == 200, path
    basemap = client.get("/static/vendor/basemap/countries-50m.geojson").json()
    assert any(f["properties"]["name"] == "Syria" for f in basemap["features"])
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/events", "/api/events/{event_id}", "/api/documents/{key}", "/api/places", "/api/actors",
              "/api/control", "/api/briefing", "/api/overrides"):
        assert p in paths


def test_tile_url_widens_only_img_src(web_db):
    app = create_app(web_db, tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    with TestClient(app, base_url="http://localhost") as c:
        assert c.get("/api/settings").json()["tile_url"].startswith("https://")
        csp = c.get("/").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tile.example.org" in csp and "script-src 'self';" in csp


# -- offsets and segments ------------------------------------------------------------------------

def test_to_clean_inverts_the_offset_map(web_db):
    from sitroom.web.queries import to_clean
    for doc in open_store(web_db).documents():
        for i in range(0, len(doc.text), 37):
            assert to_clean(doc, doc.offsets.to_original(i)) == i


@given(text=st.text(min_size=0, max_size=60),
       spans=st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.sampled_from("abc")), max_size=6))
def test_segments_partition_the_text(text, spans):
    from sitroom.web.queries import segments
    spans = [(min(a, b), max(a, b), eid) for a, b, eid in spans]
    segs = segments(text, spans)
    assert "".join(s["text"] for s in segs) == text
    for s in segs:
        lo, hi = s["start"], s["end"]
        assert set(s["event_ids"]) == {eid for a, b, eid in spans if a <= lo and hi <= b}


def test_serve_refuses_a_missing_database(tmp_path):
    from click.testing import CliRunner

    from sitroom.cli import main
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nope.db")])
    assert r.exit_code != 0 and "does not exist" in r.output
    assert not (tmp_path / "nope.db").exists()
