"""Live input: RSS and Atom feeds and lists of saved pages, end to end through ``sitroom run`` and
``sitroom watch``; each item keeps its link, outlet and date."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from sitroom.api import open_db
from sitroom.batch.watch import watch
from sitroom.cli import main
from sitroom.ingest import iter_raw

FEEDS = Path(__file__).parent / "data" / "feeds"


def _copy_feeds(folder: Path) -> Path:
    folder.mkdir()
    for name in ("world.atom", "africa.rss"):
        shutil.copy(FEEDS / name, folder)
    return folder


def test_feed_items_keep_link_outlet_and_date():
    items = list(iter_raw([str(FEEDS / "world.atom"), str(FEEDS / "africa.rss")]))
    assert len(items) == 6 and all(not hasattr(i, "code") for i in items)
    sudan = items[0]
    assert sudan.url == sudan.name and sudan.url.startswith("https://www.thehawk.in/news/world/sudan-13-civilians")
    assert sudan.outlet == "World Conflict Wire (test feed)" and sudan.published == "2024-10-30"
    assert sudan.body.startswith("Sudan: 13 civilians killed in paramilitary forces' shelling\n\nAt least 13 civilians")
    mali = items[4]  # RSS: pubDate in RFC 822, description as text
    assert (mali.outlet, mali.published) == ("Africa Desk (test feed)", "2015-08-03")
    assert "<" not in mali.body and mali.url.startswith("http://www.dailymail.co.uk/")


def test_atom_and_rss_run_end_to_end(tmp_path):
    inbox = _copy_feeds(tmp_path / "feeds")
    db = tmp_path / "f.db"
    result = CliRunner().invoke(main, ["run", str(inbox), "--db", str(db), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with open_db(db) as database:
        events, docs = database.events(), database.documents()
    assert len(docs) == 6
    by_place = {e.location.name: e for e in events if e.location}
    assert {"El Fasher", "Mogadishu"} <= set(by_place)
    fasher = by_place["El Fasher"]
    assert fasher.fatalities["best"] == 13 and fasher.reports[0].outlet == "World Conflict Wire (test feed)"
    assert fasher.reports[0].doc.startswith("https://www.thehawk.in/") and fasher.reports[0].published == "2024-10-30"
    assert not any("trade" in r.quote.lower() for e in events for r in e.reports)  # the non-event item
    exported = json.loads((tmp_path / "out" / "events.json").read_text(encoding="utf-8"))
    assert len(exported) == len(events)


def test_watch_picks_up_a_new_feed_file(tmp_path, db_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FEEDS / "world.atom", inbox)
    drop = {2: lambda: shutil.copy(FEEDS / "africa.rss", inbox)}
    report = watch(inbox, db_path, interval=0.05, cycles=6, on_cycle=lambda w, _: drop.get(w.report.cycles, lambda: None)())
    assert report.files == 2 and report.documents == 6
    with open_db(db_path) as database:
        outlets = {r.outlet for e in database.events() for r in e.reports}
    assert outlets == {"World Conflict Wire (test feed)", "Africa Desk (test feed)"}


def test_a_broken_feed_is_rejected_and_the_rest_is_stored(tmp_path, db_path):
    inbox = _copy_feeds(tmp_path / "feeds")
    (inbox / "broken.rss").write_text("<html><body>not a feed</body></html>", encoding="utf-8")
    (inbox / "config.xml").write_text("<?xml version='1.0'?><settings><a>1</a></settings>", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(inbox), "--db", db_path])
    assert result.exit_code == 1, result.output  # some inputs rejected, the rest stored
    with open_db(db_path) as database:
        assert len(database.documents()) == 6
        codes = {r["source"].rsplit("/", 1)[-1]: r["code"] for r in database._store.rejections()}
    assert codes == {"broken.rss": "E116", "config.xml": "E108"}


def test_a_list_of_saved_pages_gives_each_page_its_address(tmp_path, seeds_dir):
    saved = tmp_path / "saved"
    saved.mkdir()
    shutil.copy(seeds_dir / "003_0af68bd507a69611.txt", saved / "strike.txt")
    (tmp_path / "pages.list").write_text(
        "# saved for the Deir ez-Zor file\n"
        "saved/strike.txt https://pennyforyourthoughts.example/2017/09/kalibr\n"
        "https://example.org/not-saved.html\n", encoding="utf-8")
    items = list(iter_raw([str(tmp_path / "pages.list")]))
    page, bad = items
    assert page.url == "https://pennyforyourthoughts.example/2017/09/kalibr" and page.body.strip()
    assert bad.code == "E117" and "not-saved" in bad.reason
