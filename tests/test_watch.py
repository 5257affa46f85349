"""``sitroom watch`` on a real temp folder: files dropped in while it polls are taken once, complete."""
from __future__ import annotations

import json
import os
import shutil
import threading
import time

import pytest
from click.testing import CliRunner

from sitroom.batch.watch import FolderPoller, watch
from sitroom.cli import main
from sitroom.store import open_store


@pytest.fixture
def seed_files(seeds_dir):
    files = sorted(p for p in seeds_dir.iterdir() if p.suffix == ".txt")
    assert len(files) >= 3
    return files


def _stored(db):
    s = open_store(db)
    try:
        return {d["name"]: d["doc_id"] for d in s.documents(with_text=False)}, s.mentions(), s.rejections()
    finally:
        s.close()


def test_files_dropped_while_running_are_taken_once(tmp_path, db_path, seed_files):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_files[0], inbox)
    drops = {1: lambda: shutil.copy(seed_files[1], inbox),
             3: lambda: shutil.copy(seed_files[0], inbox / "same-story-renamed.txt"),  # same bytes
             4: lambda: os.utime(inbox / seed_files[1].name, ns=(1, 10**18)),  # touched, not changed
             5: lambda: (inbox / "notes.part").write_text("half a download")}  # not an article file
    report = watch(inbox, db_path, interval=0.05, cycles=8,
                   on_cycle=lambda w, taken: drops.get(w.report.cycles, lambda: None)())
    names, mentions, rejections = _stored(db_path)
    assert sorted(names) == sorted([seed_files[0].name, seed_files[1].name])
    assert report.files == 2 and report.documents == 2 and rejections == []
    assert {m.doc_id for m in mentions} == set(names.values()) and report.mentions == len(mentions)


def test_half_written_file_waits_until_its_size_is_stable(tmp_path, db_path, seed_files):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    full = seed_files[2].read_text(encoding="utf-8")
    target = inbox / seed_files[2].name
    target.write_text(full[: len(full) // 3], encoding="utf-8")
    taken_at = {}

    def on_cycle(w, taken):
        if w.report.cycles == 1:
            with target.open("a", encoding="utf-8") as f:  # the copy goes on after the first poll
                f.write(full[len(full) // 3:])
        for p in taken:
            taken_at[p.name] = w.report.cycles

    watch(inbox, db_path, interval=0.05, cycles=5, on_cycle=on_cycle)
    s = open_store(db_path)
    docs = s.documents()
    s.close()
    assert taken_at == {target.name: 3}  # poll 2 saw it grow, poll 3 saw it settled
    assert len(docs) == 1 and docs[0].original.strip() == full.strip()


def test_a_slow_copy_from_another_thread_is_read_whole(tmp_path, db_path, seed_files):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = seed_files[3].read_bytes()

    def slow_copy():
        time.sleep(0.3)
        with (inbox / seed_files[3].name).open("wb") as f:
            for i in range(0, len(data), 512):
                f.write(data[i:i + 512])
                f.flush()
                time.sleep(0.01)  # well under the polling interval, as a steady copy is

    writer = threading.Thread(target=slow_copy)
    writer.start()
    # a wide margin between the writer's pauses (10 ms) and the polling interval, so that a busy
    # machine starving the writer thread for a moment cannot make a half-written file look stable
    report = watch(inbox, db_path, interval=0.6, cycles=int(0.3 / 0.6 + len(data) / 512 * 0.01 / 0.6) + 4)
    writer.join()
    s = open_store(db_path)
    docs = s.documents()
    s.close()
    assert report.files == 1 and len(docs) == 1 and docs[0].original.encode().strip() == data.strip()


def test_restart_and_cli_skip_what_the_store_holds(tmp_path, db_path, seed_files):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in seed_files[:2]:
        shutil.copy(f, inbox)
    (inbox / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    args = ["watch", str(inbox), "--db", db_path, "--once", "--interval", "0.05"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    names, mentions, rejections = _stored(db_path)
    assert len(names) == 2 and [r["source"] for r in rejections] == [str(inbox / "broken.txt")]
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "0 new documents (2 already stored" in second.output
    again, mentions_again, rejections_again = _stored(db_path)
    assert again == names and mentions_again == mentions and rejections_again == rejections


def test_poller_only_offers_settled_new_content(tmp_path):
    inbox = tmp_path / "in"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "sub" / "a.txt").write_text("Shelling killed three people in Idlib on Monday.")
    (inbox / ".hidden.txt").write_text("not for us")
    poller = FolderPoller(inbox)
    assert poller.ready() == []  # first sight: not yet known to be complete
    assert [p.name for p in poller.ready()] == ["a.txt"]
    assert poller.ready() == []
    (inbox / "b.html").write_text((inbox / "sub" / "a.txt").read_text())
    poller.ready()
    assert poller.ready() == []  # same bytes under another name


def test_a_file_removed_before_it_settles_is_forgotten(tmp_path):
    poller = FolderPoller(tmp_path)
    f = tmp_path / "gone.txt"
    f.write_text("Clashes in Raqqa killed five fighters.")
    assert poller.ready() == []
    f.unlink()
    assert poller.ready() == [] and poller.ready() == []
    f.write_text("Clashes in Raqqa killed five fighters.")  # back again: taken once it settles
    poller.ready()
    assert poller.ready() == [f]


def test_incremental_events_match_a_full_run_and_are_exported(tmp_path, db_path, seed_files):
    from sitroom.resolve import resolve
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    drops = {i + 1: f for i, f in enumerate(seed_files)}  # one article per poll, as a feed delivers them
    report = watch(inbox, db_path, out, interval=0.05, cycles=len(seed_files) + 3,
                   on_cycle=lambda w, taken: drops.get(w.report.cycles) and shutil.copy(drops[w.report.cycles], inbox))
    s = open_store(db_path)
    try:
        stored, full = s.events(), resolve(s.mentions(), s.overrides())
    finally:
        s.close()
    assert report.files == len(seed_files) and report.events == len(stored) > 0
    assert sorted(e.event_id for e in stored) == sorted(e.event_id for e in full)
    exported = json.loads((out / "events.json").read_text(encoding="utf-8"))
    rows = exported["events"] if isinstance(exported, dict) else exported
    assert len(rows) == len(stored)
