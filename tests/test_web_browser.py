"""End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright):
the page over a real uvicorn server and a store built by the pipeline from the seeds and a hostile
article. Every request not to 127.0.0.1 is blocked and recorded: the room must work unplugged.
Screenshots go to artifacts/screenshots/."""
from __future__ import annotations

import json
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


@pytest.fixture(scope="module")
def server(web_db):  # noqa: F811
    import uvicorn

    from sitroom.web.app import create_app
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(web_db), host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    th.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A page whose every request off 127.0.0.1 is aborted and recorded; dialogs are recorded too."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    pg.outside, pg.dialogs, pg.errors = [], [], []

    def gate(route):
        if route.request.url.startswith(server + "/"):
            route.continue_()
        else:
            pg.outside.append(route.request.url)
            route.abort()
    pg.route("**/*", gate)
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    # A Content-Security-Policy refusal means the page relies on something the policy forbids.
    pg.on("console", lambda m: pg.errors.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=15000)
    pg.wait_for_selector("#map[data-basemap='loaded']", timeout=15000)
    yield pg
    ctx.close()
    # Whatever the test did, nothing tried to leave 127.0.0.1 and no script failed.
    assert pg.outside == [], f"requests left 127.0.0.1: {pg.outside}"
    assert pg.errors == [], pg.errors


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
    return pg.locator("#map .ev-marker").count()


def test_page_shows_events_on_map_and_timeline_offline(page, server):
    n_api = len(page.evaluate("fetch('/api/events').then(r => r.json()).then(d => d.events)"))
    with_coords = page.evaluate(
        "fetch('/api/events').then(r => r.json()).then(d => d.events.filter(e => e.location && e.location.lat != null).length)")
    assert n_api > 5
    assert markers(page) == with_coords
    assert page.locator("#timeline .tl-dot").count() == n_api
    assert page.locator("#legend").inner_text().count("Battles") == 1
    # The basemap is drawn from the shipped Natural Earth file: country outlines are SVG paths.
    assert page.locator("#map .leaflet-overlay-pane path").count() > 50
    shot(page, "01-map-timeline")
    assert page.outside == [], f"requests left 127.0.0.1: {page.outside}"
    assert page.errors == []


def test_click_opens_event_with_claims_side_by_side(page, server):
    # The event with the most claimants disagreeing: its panel must show every claimant and figure.
    events = page.evaluate("fetch('/api/events').then(r => r.json()).then(d => d.events)")
    target = max(events, key=lambda e: e["n_claims"])
    detail = page.evaluate(f"fetch('/api/events/{target['event_id']}').then(r => r.json())")
    click_visible(page, f"#map .ev-marker[data-event-id='{target['event_id']}']")
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
    shown = page.locator("#map .ev-marker").evaluate_all("els => els.map(e => e.getAttribute('data-event-id'))")
    events = {e["event_id"]: e for e in page.evaluate("fetch('/api/events').then(r => r.json()).then(d => d.events)")}
    for eid in shown:
        ev = events[eid]
        assert ev["date_start"] <= hi and (ev["date_end"] or ev["date_start"]) >= lo
    shot(page, "04-brush")
    page.locator("#brush-clear").click()
    assert markers(page) == before


def test_briefing_renders_with_citations(page):
    page.locator("#tabs button[data-tab='briefing']").click()
    page.locator("#brief-btn").click()
    page.wait_for_selector("#briefing h2")
    heads = page.locator("#briefing h2").all_inner_texts()
    assert "Chronology" in heads
    # Every statement outside the source list ends with its citation: (outlet, date[; outlet, date]).
    items = page.evaluate("""() => { let sec = '', out = [];
        for (const n of document.querySelector('#briefing').children) {
            if (n.tagName === 'H2') sec = n.textContent;
            if (n.tagName === 'UL' && sec !== 'Sources')
                for (const li of n.querySelectorAll('li')) out.push(li.firstChild.textContent);
        } return out; }""")
    cited = re.compile(r"\((?:[^;()]+(?:\([^()]*\))?[^;()]*, (?:\d{4}-\d{2}-\d{2}|undated)(?:; )?)+\)$")
    assert items and all(cited.search(t.strip()) for t in items), [t for t in items if not cited.search(t.strip())]
    assert any("Figures differ" in t for t in items)
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
