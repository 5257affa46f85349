"""End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright):
the page over a real uvicorn server and a store built by the pipeline from the seeds and a hostile
article. Every request not to 127.0.0.1 is blocked and recorded: the room must work unplugged.
Screenshots go to artifacts/screenshots/."""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

from test_web_api import web_db  # noqa: F401  (the session fixture: seeds + hostile article)

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is absent (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: str, **kw):
    import uvicorn

    from sitroom.web.app import create_app
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, **kw), host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        th.join(timeout=10)


@pytest.fixture(scope="module")
def server(web_db):  # noqa: F811
    with serving(web_db) as url:
        yield url


@pytest.fixture(scope="module")
def fakes_db(request) -> str:
    """The seeds and 150 FA-KES articles (conftest's session fixture, one to two minutes to build). For work on
    the page alone, SITROOM_TEST_FAKES_DB may name a store built the same way (it is only read)."""
    prebuilt = os.environ.get("SITROOM_TEST_FAKES_DB")
    if prebuilt:
        return prebuilt
    return request.getfixturevalue("fakes_web_db")


@pytest.fixture(scope="module")
def fakes_server(fakes_db):
    with serving(fakes_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, base: str, path: str = "/"):
    """A page whose every request off 127.0.0.1 is aborted and recorded; dialogs are recorded too."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.outside, pg.dialogs, pg.errors, pg.base = [], [], [], base

    def gate(route):
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            pg.outside.append(route.request.url)
            route.abort()
    pg.route("**/*", gate)
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    # A Content-Security-Policy refusal means the page relies on something the policy forbids.
    pg.on("console", lambda m: pg.errors.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto(base + path)
    ready(pg)
    return ctx, pg


def ready(pg) -> None:
    pg.wait_for_selector("body[data-ready='1']", timeout=20000)
    pg.wait_for_selector("#map[data-basemap='loaded']", state="attached", timeout=15000)


def closed(ctx, pg) -> None:
    ctx.close()
    # Whatever the test did, nothing tried to leave 127.0.0.1 and no script failed.
    assert pg.outside == [], f"requests left 127.0.0.1: {pg.outside}"
    assert pg.errors == [], pg.errors


@pytest.fixture
def page(browser, server):
    ctx, pg = open_page(browser, server)
    yield pg
    closed(ctx, pg)


@pytest.fixture
def fakes_page(browser, fakes_server):
    ctx, pg = open_page(browser, fakes_server)
    yield pg
    closed(ctx, pg)


@pytest.fixture(params=["seeds", "fakes"])
def any_page(request, browser):
    """The same test on the seeds (a dozen events) and on 150 FA-KES articles (hundreds)."""
    base = request.getfixturevalue("server" if request.param == "seeds" else "fakes_server")
    ctx, pg = open_page(browser, base)
    yield pg
    closed(ctx, pg)


def api_events(pg, query: str = "") -> list[dict]:
    return pg.evaluate(f"fetch('/api/events{query}').then(r => r.json()).then(d => d.events)")


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"))


def click_visible(pg, selector: str) -> None:
    """A real mouse click on a part of the element that nothing else covers (markers can overlap).
    Polls, since the map may still be laying out its panes right after the first draw."""
    handle = pg.wait_for_function("""(sel) => {
        const el = document.querySelector(sel), b = el.getBoundingClientRect();
        for (let i = 1; i < 8; i++) for (let j = 1; j < 8; j++) {
            const x = b.left + b.width * i / 8, y = b.top + b.height * j / 8;
            const hit = document.elementFromPoint(x, y);
            if (hit && el.contains(hit)) return [x, y];
        }
        return null; }""", arg=selector, timeout=5000)
    pg.mouse.click(*handle.json_value())


def markers(pg) -> int:
    """Events on the map, clustered or not (the cluster layer holds one marker per located event)."""
    return int(pg.locator("#map").get_attribute("data-markers"))


def wait_panel_shows(pg, event_id: str) -> None:
    """The side panel fills when the event's details arrive, a fetch after the click."""
    pg.wait_for_function("(id) => document.querySelector('#event-panel').innerText.includes(id)",
                         arg=event_id, timeout=5000)


def shown_ids(pg) -> list[str]:
    return pg.locator("#event-list li").evaluate_all("els => els.map(e => e.getAttribute('data-event-id'))")


def test_page_shows_events_on_map_and_timeline_offline(page, server):
    n_api = len(page.evaluate("fetch('/api/events').then(r => r.json()).then(d => d.events)"))
    with_coords = page.evaluate(
        "fetch('/api/events').then(r => r.json()).then(d => d.events.filter(e => e.location && e.location.lat != null).length)")
    assert n_api > 5
    assert markers(page) == with_coords
    assert page.locator("#timeline .tl-dot").count() == n_api
    assert page.locator("#legend").inner_text().count("Battles") == 1
    # The basemap is drawn from the shipped Natural Earth file: country outlines are SVG paths.
    assert page.locator("#map .leaflet-countries-pane path").count() > 50
    shot(page, "01-map-timeline")
    assert page.outside == [], f"requests left 127.0.0.1: {page.outside}"
    assert page.errors == []


def test_click_opens_event_with_claims_side_by_side(page, server):
    # The event with the most claimants disagreeing: its panel must show every claimant and figure.
    events = page.evaluate("fetch('/api/events').then(r => r.json()).then(d => d.events)")
    target = max(events, key=lambda e: e["n_claims"])
    detail = page.evaluate(f"fetch('/api/events/{target['event_id']}').then(r => r.json())")
    page.locator(f"#event-list li[data-event-id='{target['event_id']}']").click()
    page.wait_for_selector("#claims table.claims")
    panel = page.locator("#event-panel").inner_text()
    for c in detail["claims"]:
        assert c["claimant"] in panel and str(c["count"]) in panel
    assert page.locator("#recon").inner_text().startswith("Reconciled deaths")
    assert page.locator(".reports li").count() == len(detail["reports"])
    shot(page, "02-event-claims")
    # From a report to its article: the event sentence is highlighted, the comment tail shown apart.
    page.locator(".reports button.link").first.click()
    page.wait_for_selector("#doc-text mark")
    assert page.locator("#doc-text mark.current").count() >= 1
    shot(page, "03-article")
    assert page.outside == []


def test_date_brush_filters_the_map(page):
    before = markers(page)
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + 10
    # Drag across the left third of the time axis (after the 150px row labels).
    x0, x1 = box["x"] + 152, box["x"] + 150 + (box["width"] - 162) / 3
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, y)
    page.mouse.move(x1, y)
    page.mouse.up()
    label = page.locator("#brush-label").inner_text()
    assert " to " in label
    after = markers(page)
    assert 0 < after < before
    lo, hi = label.split(" to ")
    shown = shown_ids(page)
    events = {e["event_id"]: e for e in page.evaluate("fetch('/api/events').then(r => r.json()).then(d => d.events)")}
    for eid in shown:
        ev = events[eid]
        assert ev["date_start"] <= hi and (ev["date_end"] or ev["date_start"]) >= lo
    shot(page, "04-brush")
    page.locator("#brush-clear").click()
    assert markers(page) == before


def test_date_brush_is_kept_in_the_url(page):
    box = page.locator("#timeline").bounding_box()
    y, x0 = box["y"] + 10, box["x"] + 152
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(x0 + (box["width"] - 162) / 4, y)
    page.mouse.move(x0 + (box["width"] - 162) / 2, y)
    page.mouse.up()
    label, shown = page.locator("#brush-label").inner_text(), sorted(shown_ids(page))
    lo, hi = label.split(" to ")
    assert f"brush={lo}%2F{hi}" in page.url
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    ready(page)
    page.wait_for_function("(l) => document.querySelector('#brush-label').textContent === l", arg=label)
    assert sorted(shown_ids(page)) == shown and page.locator("#timeline rect.brush").count() == 1
    page.locator("#brush-clear").click()
    assert "brush=" not in page.url


def head_text(pg) -> str:
    """The briefing as read before its folded chronology."""
    return pg.evaluate("() => [...document.querySelector('#briefing').children].filter(n => n.tagName !== 'DETAILS')"
                       ".map(n => n.textContent).join('\\n')")


@pytest.mark.parametrize("fields", [{}, {"f-place": "Aleppo"}, {"f-type": "Battles"}, {"f-actor": "Islamic State"},
                                    {"f-from": "2016-01-01", "f-to": "2016-06-30"}], ids=lambda f: "-".join(f) or "all")
def test_briefing_head_is_bounded_and_follows_the_filter_on_the_page(fakes_page, fields):
    pg = fakes_page
    for field, value in fields.items():
        (pg.select_option if field == "f-type" else pg.fill)(f"#{field}", value)
    pg.click("#apply")
    pg.locator("#tabs button[data-tab='briefing']").click()
    pg.locator("#brief-btn").click()
    pg.wait_for_selector("#briefing h2")
    query = "&".join(f"{k[2:]}={v}" for k, v in fields.items())
    want = pg.evaluate(f"fetch('/api/briefing?{query}').then(r => r.json())")
    head = head_text(pg)
    assert 0 < len(head) <= 6000
    # the page shows the filter's own head: the API's items and headings for that filter, in its order
    items = [ln[2:] for ln in want["head"].splitlines() if ln.startswith("- ")]
    assert pg.locator("#briefing > ul > li").count() == len(items)
    heads = [ln.lstrip("# ") for ln in want["head"].splitlines() if ln.startswith("#")]
    assert pg.locator("#briefing > h1, #briefing > h2, #briefing > h3, #briefing > h4").evaluate_all("ns => ns.map(n => n.textContent)") == heads
    assert pg.locator("#briefing > details.chronology").count() == (1 if want["chronology"] else 0)


def test_briefing_renders_with_citations(page):
    page.locator("#tabs button[data-tab='briefing']").click()
    page.locator("#brief-btn").click()
    page.wait_for_selector("#briefing h2")
    heads = page.locator("#briefing h2").evaluate_all("ns => ns.map(n => n.textContent)")
    assert "Chronology" in heads
    # Every statement outside the source list ends with its citation: (outlet, date[; outlet, date]).
    items = page.evaluate("""() => { let sec = '', out = [];
        for (const n of document.querySelectorAll('#briefing > *, #briefing > details > *')) {
            if (n.tagName === 'H2') sec = n.textContent;
            if (n.tagName === 'UL' && sec !== 'Sources')
                for (const li of n.querySelectorAll('li')) out.push(li.firstChild.textContent);
        } return out; }""")
    cited = re.compile(r"\((?:[^;()]+(?:\([^()]*\))?[^;()]*, (?:\d{4}-\d{2}-\d{2}|undated)(?:; )?)+(?:and \d+ more)?\)$")
    assert items and all(cited.search(t.strip()) for t in items), [t for t in items if not cited.search(t.strip())]
    assert any("Figures differ" in t for t in items)
    # the chronology is folded under the head, closed until the analyst opens it
    assert page.locator("#briefing > details.chronology").count() == 1
    assert page.evaluate("() => document.querySelector('#briefing > details.chronology').open") is False
    head = page.evaluate("() => [...document.querySelector('#briefing').children].filter(n => n.tagName !== 'DETAILS').map(n => n.textContent).join('\\n')")
    assert 0 < len(head) <= 6000
    shot(page, "05-briefing")
    assert page.outside == []


def test_control_slider_shows_who_held_what(page):
    page.locator("#tabs button[data-tab='control']").click()
    slider = page.locator("#control-slider")
    top = int(slider.get_attribute("max"))
    assert top >= 1
    slider.evaluate("(s) => { s.value = s.max; s.dispatchEvent(new Event('input')); }")
    late = page.locator("#control-list").inner_text()
    slider.evaluate("(s) => { s.value = 0; s.dispatchEvent(new Event('input')); }")
    early = page.locator("#control-list").inner_text()
    assert "held by" in late and late != early
    shot(page, "06-control")


def test_hostile_article_runs_nothing(page):
    # Open every event and every article, so each piece of the hostile text reaches the DOM.
    ids = page.evaluate("fetch('/api/events?q=onerror').then(r => r.json()).then(d => d.events.map(e => e.event_id))")
    assert ids, "the hostile article's event should be in the store"
    for eid in ids:
        page.evaluate(f"openEvent({eid!r})")
        page.wait_for_selector("#claims")
        page.locator(".reports button.link").first.click()
        page.wait_for_selector("#doc-text")
        page.wait_for_timeout(200)
    text = page.locator("#document-panel").inner_text()
    assert "<script>window.__pwned" in text  # shown as text, in the article and the cut comment tail
    assert "onerror" in text
    shot(page, "07-hostile-article")
    page.locator("#tabs button[data-tab='briefing']").click()
    page.locator("#brief-btn").click()
    page.wait_for_selector("#briefing h2")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    assert page.locator("img[src='x'], #document-panel script, #event-panel img, #briefing img").count() == 0
    shot(page, "08-hostile-briefing")


def test_writable_server_records_an_override_from_the_event_panel(browser, web_db, tmp_path):  # noqa: F811
    import sqlite3

    import uvicorn

    from sitroom.store import open_store
    from sitroom.web.app import create_app
    copy = tmp_path / "w.db"
    src, dst = sqlite3.connect(web_db), sqlite3.connect(copy)
    src.backup(dst)
    src.close(), dst.close()
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(copy), writable=True), host="127.0.0.1", port=port,
                                        log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    while not srv.started:
        time.sleep(0.05)
    try:
        pg = browser.new_page()
        pg.goto(f"http://127.0.0.1:{port}/")
        pg.wait_for_selector("body[data-ready='1']")
        store = open_store(str(copy))
        target = next(e for e in store.events() if len(e.mention_ids) >= 2)  # a split needs two reports
        store.close()
        pg.locator(f"#event-list li[data-event-id='{target.event_id}']").click()
        pg.get_by_role("button", name="Split report out").click()
        pg.wait_for_function("() => document.querySelector('#event-panel').innerText.includes('applied')")
        pg.close()
    finally:
        srv.should_exit = True
        th.join(timeout=10)
    store = open_store(str(copy))
    # Stored in the CLI's format (all the event's mentions, as a JSON list) and applied: each report apart.
    (rec,) = store.overrides()
    assert rec["action"] == "split" and sorted(json.loads(rec["a"])) == sorted(target.mention_ids)
    holders = [e for e in store.events() if set(e.mention_ids) & set(target.mention_ids)]
    assert len(holders) == len(target.mention_ids)


# -- the map an analyst reads: provinces, places, clusters, precision, the selected event ---------------

def visible_on_map(pg) -> dict:
    """What the map draws now: unclustered markers and clusters (with how many events each holds)."""
    return pg.evaluate("""() => ({
        markers: document.querySelectorAll('#map .ev-marker').length,
        clusters: [...document.querySelectorAll('#map .ev-cluster')].map(c => +c.dataset.count),
        zoom: +document.querySelector('#map').dataset.zoom })""")


def test_map_has_provinces_places_scale_clusters_and_precision(any_page):
    pg = any_page
    events = api_events(pg)
    located = [e for e in events if e["location"] and e["location"]["lat"] is not None]
    assert markers(pg) == len(located)
    # Natural Earth provinces (admin-1 outlines) and populated places, loaded for the view.
    pg.wait_for_function("() => document.querySelectorAll('#map path.admin1').length > 5", timeout=10000)
    pg.wait_for_function("() => document.querySelectorAll('#map .place-label').length > 3", timeout=10000)
    labels = pg.locator("#map .place-label .name").all_inner_texts()
    assert all(t.strip() for t in labels)
    assert pg.locator("#map .leaflet-control-scale-line").count() == 1
    # Precision: one dashed ring per place and precision coarser than a point, none for a town.
    coarse = {(e["location"]["lat"], e["location"]["lon"], e["location"]["geo_precision"])
              for e in located if e["location"]["geo_precision"] != "exact"}
    assert pg.locator("#map path.halo").count() == len(coarse)
    for prec in {c[2] for c in coarse}:
        assert pg.locator(f"#map path.halo-{prec}").count() == sum(1 for c in coarse if c[2] == prec)
    # Zoomed out, events cluster; every located event in view is in a cluster or drawn alone.
    for _ in range(4):
        if pg.locator("#map .ev-cluster").count():
            break
        pg.evaluate("map.setZoom(Math.max(3, map.getZoom() - 2), {animate: false})")
        pg.wait_for_timeout(300)
    pg.wait_for_function("() => document.querySelectorAll('#map .ev-cluster').length > 0", timeout=5000)
    seen = visible_on_map(pg)
    check = pg.evaluate("clusterCheck()")
    assert check["inView"] > 0 and check["drawn"] == check["inView"]
    assert seen["markers"] + sum(seen["clusters"]) >= check["inView"]
    # A click on the biggest cluster zooms in and splits it.
    biggest = max(seen["clusters"])
    click_visible(pg, f"#map .ev-cluster[data-count='{biggest}']")
    pg.wait_for_function("(z) => +document.querySelector('#map').dataset.zoom > z", arg=seen["zoom"], timeout=5000)
    pg.wait_for_timeout(400)  # the cluster animation
    after = visible_on_map(pg)
    assert after["zoom"] > seen["zoom"]
    assert biggest not in after["clusters"] or after["markers"] > seen["markers"] or len(after["clusters"]) > 1
    shot(pg, f"10-map-clusters-{markers(pg)}")


def test_selecting_an_event_pans_and_zooms_the_map_to_it(any_page):
    pg = any_page
    located = [e for e in api_events(pg) if e["location"] and e["location"]["lat"] is not None]
    # The farthest event from where the map opened, so the map has to move.
    c = [float(x) for x in pg.locator("#map").get_attribute("data-center").split(",")]
    target = max(located, key=lambda e: (e["location"]["lat"] - c[0]) ** 2 + (e["location"]["lon"] - c[1]) ** 2)
    lat, lon = target["location"]["lat"], target["location"]["lon"]
    pg.locator(f"#event-list li[data-event-id='{target['event_id']}']").click()
    pg.wait_for_function("""([lat, lon]) => { const c = document.querySelector('#map').dataset.center.split(',').map(Number);
        return Math.abs(c[0] - lat) < 0.01 && Math.abs(c[1] - lon) < 0.01; }""", arg=[lat, lon], timeout=10000)
    # Out of any cluster: its own marker is drawn, marked as selected.
    pg.wait_for_selector(f"#map .ev-icon.sel .ev-marker[data-event-id='{target['event_id']}']", timeout=5000)
    # The map moves before the event's details come back from the API: wait for the panel.
    wait_panel_shows(pg, target["event_id"])
    # An event known only to a province or district gets a ring of that size when selected.
    coarse = [e for e in located if e["location"]["geo_precision"] in ("admin1", "admin2", "country")]
    if coarse:
        pg.evaluate(f"openEvent({coarse[0]['event_id']!r})")
        pg.wait_for_selector("#map path.sel-halo", timeout=5000)


# -- state in the URL ----------------------------------------------------------------------------------

def test_url_restores_filters_selection_and_tabs_and_reset_clears_them(fakes_page):
    pg = fakes_page
    events = api_events(pg)
    kind = max({e["event_type"] for e in events}, key=lambda t: sum(e["event_type"] == t for e in events))
    pg.select_option("#f-type", kind)
    pg.fill("#f-from", "2016-01-01")
    pg.click("#apply")
    want = api_events(pg, f"?type={kind}&from=2016-01-01")
    pg.wait_for_function("(n) => +document.querySelector('#map').dataset.markers === n",
                         arg=sum(1 for e in want if e["location"] and e["location"]["lat"] is not None))
    target = max(want, key=lambda e: e["fatalities"]["best"] or 0)
    pg.click("#views button[data-view='table']")
    pg.locator(f"#event-table tr[data-event-id='{target['event_id']}']").click()
    pg.wait_for_selector("#claims")
    pg.click("#tabs button[data-tab='control']")
    pg.locator("#event-table th[data-sort='reports']").click()
    url = pg.url
    assert "ev=" in url and "view=table" in url and "tab=control" in url and "sort=reports" in url
    # A fresh page on the same link: the same filter, event, view, tab and sort.
    pg.goto("about:blank")
    pg.goto(url)
    ready(pg)
    assert pg.input_value("#f-type") == kind and pg.input_value("#f-from") == "2016-01-01"
    assert pg.locator("#event-table tbody tr").count() == len(want)
    assert pg.locator("#view-table").get_attribute("class").split() == ["view", "on"]
    assert "on" in pg.locator("#tabs button[data-tab='control']").get_attribute("class")
    assert pg.locator("#event-table th[data-sort='reports']").get_attribute("aria-sort")
    pg.click("#tabs button[data-tab='event']")
    wait_panel_shows(pg, target["event_id"])
    # Reset: no filter, no selection, the map view, and no state left in the URL (and no script error).
    pg.click("#reset")
    pg.wait_for_function("(n) => document.querySelectorAll('#event-list li').length === n", arg=len(events))
    assert "#" not in pg.url
    assert pg.input_value("#f-type") == "" and pg.input_value("#f-from") == ""
    assert "on" in pg.locator("#view-map").get_attribute("class")
    assert pg.locator("#event-panel").inner_text() == ""
    assert pg.errors == []


# -- the events table ------------------------------------------------------------------------------------

def test_table_sorts_and_opens_events(fakes_page):
    pg = fakes_page
    events = api_events(pg)
    pg.click("#views button[data-view='table']")
    rows = pg.locator("#event-table tbody tr")
    assert rows.count() == len(events)
    pg.click("#event-table th[data-sort='deaths']")
    best = [e["fatalities"]["best"] for e in events if e["fatalities"]["best"] is not None]
    first = pg.locator("#event-table tbody tr:first-child td.deaths").get_attribute("data-value")
    assert int(first) == max(best)
    values = [int(v) for v in pg.locator("#event-table td.deaths").evaluate_all(
        "els => els.map(e => e.dataset.value).filter(v => v !== '')")]
    assert values == sorted(values, reverse=True) and len(values) == len(best)
    pg.click("#event-table th[data-sort='deaths']")  # again: ascending
    assert int(pg.locator("#event-table tbody tr:first-child td.deaths").get_attribute("data-value")) == min(best)
    pg.click("#event-table th[data-sort='reports']")
    assert int(pg.locator("#event-table tbody tr:first-child td.reports").get_attribute("data-value")) == \
        max(e["n_reports"] for e in events)
    pg.click("#event-table th[data-sort='date']")
    dates = [e["date_start"] for e in events if e["date_start"]]
    assert pg.locator("#event-table tbody tr:first-child td:first-child").inner_text().startswith(max(dates))
    # Filtered like the map.
    pg.fill("#f-q", "killed")
    pg.click("#apply")
    want = api_events(pg, "?q=killed")
    pg.wait_for_function("(n) => document.querySelectorAll('#event-table tbody tr').length === n", arg=len(want))
    row = pg.locator("#event-table tbody tr").nth(min(3, len(want) - 1))
    eid = row.get_attribute("data-event-id")
    row.click()
    pg.wait_for_function("(id) => document.querySelector('#event-panel').innerText.includes(id)", arg=eid)
    shot(pg, "11-table")


# -- trends ------------------------------------------------------------------------------------------

def monday(date: str) -> str:
    y, m, d = ([int(x) for x in date.split("-")] + [1, 1])[:3]
    day = dt.date(y, m, d)
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def test_trends_numbers_equal_the_api_counts(fakes_page):
    pg = fakes_page
    pg.fill("#f-from", "2016-01-01")
    pg.click("#apply")
    pg.click("#views button[data-view='trends']")
    pg.wait_for_selector(".trend-chart[data-metric='events'] rect.bar")
    events = [e for e in api_events(pg, "?from=2016-01-01") if e["date_start"]]
    want_n, want_d = {}, {}
    for e in events:
        key = (monday(e["date_start"]), e["event_type"])
        want_n[key] = want_n.get(key, 0) + 1
        want_d[key] = want_d.get(key, 0) + (e["fatalities"]["best"] or 0)

    def bars(metric):
        return {(b["week"], b["group"]): int(b["value"]) for b in pg.locator(
            f".trend-chart[data-metric='{metric}'] rect.bar").evaluate_all("els => els.map(e => ({...e.dataset}))")}
    assert bars("events") == want_n
    assert bars("deaths") == {k: v for k, v in want_d.items() if v}
    assert int(pg.locator(".trend-chart[data-metric='events']").get_attribute("data-total")) == len(events)
    # Hover text carries the numbers too.
    tip = pg.locator(".trend-chart[data-metric='events'] rect.bar title").first.text_content()
    assert re.search(r"week of \d{4}-\d{2}-\d{2} · .+: \d+ events", tip)
    # By province: each week's total is the same, and each named province's total is its count.
    pg.click("#trend-group button[data-group='admin1']")
    pg.wait_for_selector("#trend-group button.on[data-group='admin1']")
    weeks = {w["week"]: int(w["value"]) for w in pg.locator(".trend-chart[data-metric='events'] g.week").evaluate_all(
        "els => els.map(e => ({...e.dataset}))") if int(w["value"])}
    per_week = {}
    for e in events:
        per_week[monday(e["date_start"])] = per_week.get(monday(e["date_start"]), 0) + 1
    assert weeks == per_week
    for item in pg.locator(".trend-legend .item").evaluate_all("els => els.map(e => ({...e.dataset}))"):
        if item["group"] != "other provinces":
            mine = [e for e in events if ((e["location"] or {}).get("admin1") or "unknown") == item["group"]]
            assert int(item["events"]) == len(mine)
            assert int(item["deaths"]) == sum(e["fatalities"]["best"] or 0 for e in mine)
    assert "group=admin1" in pg.url and "view=trends" in pg.url
    shot(pg, "12-trends")


# -- export --------------------------------------------------------------------------------------------

def test_export_csv_and_geojson_equal_the_filtered_api(any_page):
    pg = any_page
    events = api_events(pg)
    kind = max({e["event_type"] for e in events}, key=lambda t: sum(e["event_type"] == t for e in events))
    pg.select_option("#f-type", kind)
    pg.click("#apply")
    want = api_events(pg, f"?type={kind}")
    pg.wait_for_function("(n) => document.querySelectorAll('#event-list li').length === n", arg=len(want))
    with pg.expect_download() as got:
        pg.click("#export-csv")
    text = Path(got.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(want)
    assert sorted(r["event_id"] for r in rows) == sorted(e["event_id"] for e in want)
    by_id = {e["event_id"]: e for e in want}
    for r in rows:
        assert r["event_type"] == kind
        best = by_id[r["event_id"]]["fatalities"]["best"]
        assert r["fatalities_best"] == ("" if best is None else str(best))
        # Nothing a spreadsheet would run as a formula.
        assert not any(v and v[0] in "=+@" for v in r.values())
    with pg.expect_download() as got:
        pg.click("#export-geojson")
    geo = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(want)
    assert sorted(f["id"] for f in geo["features"]) == sorted(by_id)
    for f in geo["features"]:
        loc = by_id[f["id"]]["location"]
        if loc and loc["lat"] is not None:
            assert f["geometry"]["coordinates"] == [loc["lon"], loc["lat"]]
    # The cell escaping itself: formulas get an apostrophe, quotes are doubled, numbers stay numbers.
    assert pg.evaluate("csvCell('=HYPERLINK(\"x\")')") == '"\'=HYPERLINK(""x"")"'
    assert pg.evaluate("['+1', '-2', '@a', 'a,b', 'x\\ny'].map(csvCell)") == ['"\'+1"', '"\'-2"', '"\'@a"', '"a,b"', '"x\ny"']
    assert pg.evaluate("csvCell(-3.5)") == "-3.5"


# -- territorial control on the map ----------------------------------------------------------------------

def test_control_layer_colours_each_holder_apart(page):
    places = page.evaluate("fetch('/api/control').then(r => r.json()).then(d => d.places)")
    page.locator("#tabs button[data-tab='control']").click()
    located = [p for p in places if p.get("lat") is not None]
    assert page.locator("#map .ctl-marker").count() == len(located)
    legend = page.locator("#control-legend .item").evaluate_all("els => els.map(e => ({...e.dataset}))")
    assert legend and len({i["color"] for i in legend}) == len(legend)  # no two holders share a colour
    for i in legend:
        for m in page.locator(f"#map .ctl-marker[data-holder='{i['holder']}'] svg > rect").evaluate_all(
                "els => els.map(e => e.getAttribute('stroke'))"):
            assert m == i["color"]
    stale = [p for p in located if p.get("stale") is True]
    assert page.locator("#map .ctl-marker.stale").count() == len(stale)


def test_control_list_names_the_district_taken_never_its_city(fakes_page):
    pg = fakes_page
    places = pg.evaluate("fetch('/api/control').then(r => r.json()).then(d => d.places)")
    events = {e["event_id"]: e for e in api_events(pg)}
    pg.locator("#tabs button[data-tab='control']").click()
    pg.locator("#control-slider").evaluate("(s) => { s.value = s.max; s.dispatchEvent(new Event('input')); }")
    rows = pg.locator("#control-list li").evaluate_all(
        "els => els.map(e => ({...e.dataset, text: e.querySelector('strong').textContent}))")
    assert len(rows) == len(places)
    districts = 0
    for row in rows:
        ev = events.get(row["eventId"])
        sub = ev and ev["location"] and ev["location"].get("sub_location")
        if sub:  # a capture known to a district, base or part of a town is listed by that place
            districts += 1
            assert row["text"] == row["place"] == sub != ev["location"]["name"], row
            assert row["precision"] != "city"
    assert districts, "the FA-KES store has district-level captures"
    assert "[object Object]" not in pg.locator("#control-list").inner_text()
