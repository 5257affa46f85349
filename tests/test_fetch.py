"""``sitroom fetch`` against a real HTTP server on loopback: feeds and pages saved for ``sitroom run``,
robots.txt obeyed, a polite pause between requests to one host, timeouts and errors coded (E500)."""
from __future__ import annotations

import csv
import html
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from sitroom.api import open_db
from sitroom.cli import main
from sitroom.fetch import Fetcher, fetch


def _page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    return (f"<html><head><title>{html.escape(title)}</title></head><body><nav><a href='/'>Home</a> | World</nav>"
            f"<article><h1>{html.escape(title)}</h1>{paras}</article><footer>Comments are closed.</footer>"
            "</body></html>").encode()


@pytest.fixture(scope="module")
def site(seeds_dir):
    """A news site: an Atom feed linking two article pages (the seeds' real text), robots.txt, traps."""
    one = (seeds_dir / "003_0af68bd507a69611.txt").read_text(encoding="utf-8")
    two = (seeds_dir / "004_58bbfa8ab6323023.txt").read_text(encoding="utf-8")
    hits: list[tuple[str, float]] = []
    routes: dict[str, tuple[int, str, bytes]] = {
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/news/one.html": (200, "text/html", _page("Russian strike near Deir ez-Zor", one)),
        "/news/two.html": (200, "text/html", _page("IS offensive on Deir ez-Zor", two)),
        "/private/secret.html": (200, "text/html", _page("Secret", "Not for robots.")),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append((self.path, time.monotonic()))
            if self.path == "/slow.html":
                time.sleep(1.5)
            if self.path == "/feed.atom":
                status, ctype, body = 200, "application/atom+xml", _feed(self.server.server_address[1])
            else:
                status, ctype, body = routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def _feed(port: int) -> bytes:
    items = [("Russian strike near Deir ez-Zor", "one", "2017-09-05T12:00:00Z"),
             ("IS offensive on Deir ez-Zor", "two", "2016-01-18T08:00:00Z")]
    entries = "".join(f"<entry><title>{t}</title><link href='http://127.0.0.1:{port}/news/{n}.html'/>"
                      f"<id>urn:test:{n}</id><published>{d}</published><updated>{d}</updated>"
                      f"<summary>{t}.</summary></entry>" for t, n, d in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Euphrates Desk</title><id>urn:test</id><updated>2017-09-05T12:00:00Z</updated>{entries}</feed>").encode()


def test_a_feed_is_saved_and_runs(site, tmp_path):
    base, _ = site
    report = fetch([f"{base}/feed.atom"], tmp_path / "in", fetcher=Fetcher(delay=0))
    assert report.rejected == [] and [p.rsplit(".", 1)[-1] for p in report.saved] == ["atom"]
    result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--db", str(tmp_path / "f.db")])
    assert result.exit_code == 0, result.output
    with open_db(tmp_path / "f.db") as db:
        docs = db.documents()
    assert sorted(d["outlet"] for d in docs) == ["Euphrates Desk"] * 2


def test_pages_of_a_feed_are_saved_with_their_metadata_and_give_events(site, tmp_path):
    base, _ = site
    out = tmp_path / "pages"
    result = CliRunner().invoke(main, ["fetch", f"{base}/feed.atom", "--pages", "--out", str(out), "--delay", "0"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    assert sorted((r["outlet"], r["published"], r["url"].rsplit("/", 1)[-1]) for r in rows) == [
        ("Euphrates Desk", "2016-01-18", "two.html"), ("Euphrates Desk", "2017-09-05", "one.html")]
    run = CliRunner().invoke(main, ["run", str(out), "--db", str(tmp_path / "p.db")])
    assert run.exit_code == 0, run.output
    with open_db(tmp_path / "p.db") as db:
        events = db.events()
        urls = {db.document(d["doc_id"]).url for d in db.documents()}
    assert urls == {f"{base}/news/one.html", f"{base}/news/two.html"}
    assert any(e.location and e.location.name.startswith("Deir ez-Zor") for e in events)
    assert all("Comments are closed" not in r.quote for e in events for r in e.reports)


def test_robots_errors_and_timeouts_are_coded_rejections(site, tmp_path):
    base, _ = site
    urls = [f"{base}/private/secret.html", f"{base}/missing.html", f"{base}/slow.html", f"{base}/news/one.html"]
    report = fetch(urls, tmp_path / "x", fetcher=Fetcher(delay=0, timeout=0.5))
    reasons = {r.source.rsplit("/", 1)[-1]: r.reason for r in report.rejected}
    assert {r.code for r in report.rejected} == {"E500"} and len(report.saved) == 1
    assert "robots.txt" in reasons["secret.html"] and "HTTP 404" in reasons["missing.html"]
    assert "Timeout" in reasons["slow.html"]
    assert report.exit_status == 1


def test_requests_to_one_host_are_spaced_by_the_delay(site, tmp_path):
    base, hits = site
    hits.clear()
    fetch([f"{base}/news/one.html", f"{base}/news/two.html"], tmp_path / "y", fetcher=Fetcher(delay=0.4))
    times = [t for path, t in hits if path.startswith("/news/")]
    assert len(times) == 2 and times[1] - times[0] >= 0.39
    assert [p for p, _ in hits][0] == "/robots.txt"  # asked first, once per host


def test_a_non_http_address_is_refused(tmp_path):
    report = fetch(["file:///etc/passwd"], tmp_path / "z", fetcher=Fetcher(delay=0))
    assert report.saved == [] and report.rejected[0].code == "E500" and report.exit_status == 3
