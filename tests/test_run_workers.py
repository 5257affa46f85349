"""``sitroom run`` has its workers clean the articles (every core cleans): rejections, cut spans, copies
and a re-run come out as when the driver cleaned them itself, and a run killed midway completes on a re-run."""
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitroom.ingest import clean, iter_raw
from sitroom.ingest.fakes import load_fakes
from sitroom.pipeline import Pipeline, run_corpus
from sitroom.records import Document, Rejection
from sitroom.store import open_store

TAIL = ("\n\nLeave a Reply\n\nYour email address will not be published.\n\n"
        "    Ahmad says:\n    March 3, 2017 at 4:12 pm\n    God protect the people of Aleppo.\n")


@pytest.fixture
def folder(seeds_dir, tmp_path):
    """The seeds, one of them with a comment tail, a copy of another under a second name, an empty file."""
    out = tmp_path / "in"
    shutil.copytree(seeds_dir, out)
    seeds = sorted(out.glob("*.txt"))
    seeds[0].write_text(seeds[0].read_text("utf-8") + TAIL, encoding="utf-8")
    (out / "zz_copy.txt").write_text(seeds[1].read_text("utf-8"), encoding="utf-8")
    (out / "empty.txt").write_text("   \n", encoding="utf-8")
    return out


def _expected(folder):
    """What the driver stored when it cleaned every input itself: each input cleaned, copies once."""
    docs, seen, rejected = [], set(), []
    for raw in iter_raw([str(folder)]):
        doc = clean(raw) if not isinstance(raw, Rejection) else raw
        if isinstance(doc, Rejection):
            rejected.append((doc.source, doc.code))
        elif doc.doc_id not in seen:
            seen.add(doc.doc_id)
            docs.append(doc)
    return docs, rejected


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_worker_cleaning_stores_what_driver_cleaning_stored(folder, tmp_path, engine):
    if engine == "dask":
        pytest.importorskip("distributed")
    db = str(tmp_path / f"{engine}.db")
    report = run_corpus([str(folder)], db, tmp_path / f"out-{engine}", engine=engine)
    docs, rejected = _expected(folder)
    store = open_store(db)
    try:
        stored = {d.doc_id: d for d in store.documents()}
        assert sorted(stored) == sorted(d.doc_id for d in docs) and report.documents == len(docs)
        for d in docs:  # the first copy in input order, its text and its cut comment tail
            assert (stored[d.doc_id].name, stored[d.doc_id].text, stored[d.doc_id].cuts) == (d.name, d.text, d.cuts)
        assert any(c.reason for d in docs for c in d.cuts), "the comment tail is cut and kept"
        assert sorted((r["source"], r["code"]) for r in store.rejections()) == sorted(rejected) and rejected
        assert report.skipped == 1  # the copy
        assert report.mentions == len(store.mentions()) > 0
    finally:
        store.close()


def test_a_rerun_skips_what_the_store_holds_and_changes_nothing(folder, tmp_path):
    db = str(tmp_path / "s.db")
    first = run_corpus([str(folder)], db, tmp_path / "out")
    store = open_store(db)
    before = (store.mentions(), store.events(), store.rejections())
    store.close()
    again = run_corpus([str(folder)], db, tmp_path / "out")
    assert again.documents == 0 and again.mentions == 0
    assert again.skipped == first.documents + first.skipped  # every document, and the copy
    store = open_store(db)
    try:
        assert (store.mentions(), store.events()) == before[:2]
        assert [(r["source"], r["code"]) for r in store.rejections()] == [(r["source"], r["code"]) for r in before[2]]
    finally:
        store.close()


def test_skipped_documents_come_back_clean_but_unprocessed(seeds_dir):
    raws = list(iter_raw([str(seeds_dir)]))
    pipe = Pipeline.from_config()
    skip = {clean(raws[0]).doc_id}
    got = list(pipe.process_many(raws, skip))
    assert isinstance(got[0][0], Document) and got[0][1] is None
    assert all(isinstance(ms, list) for _, ms in got[1:]) and sum(len(ms) for _, ms in got[1:]) > 0


def test_a_run_killed_midway_completes_on_a_rerun(fakes_csv, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    bodies = {}
    for raw, _ in load_fakes(fakes_csv):
        bodies.setdefault(raw.body, raw.name)
    # 70 articles: the first commit holds 4 (pipeline.FIRST_BATCH), the kill comes at it, and the
    # rerun redoes the other 66 in two commits (a batch is 64)
    bodies = dict(list(bodies.items())[:70])
    for body, name in bodies.items():
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    db = str(tmp_path / "kill.db")
    cmd = [sys.executable, "-m", "sitroom.cli", "run", str(folder), "--db", db, "--out", str(tmp_path / "out")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and _extracted(db) == 0:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill = _extracted(db)
    assert 0 < at_kill < len(bodies), "the run finished before the kill: make the folder bigger"
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"({at_kill} already done" in rerun.stdout
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [r[0] for r in con.execute("SELECT name FROM documents")]
        assert sorted(names) == sorted(f"{n}.txt" for n in bodies.values())  # every document, once
        assert con.execute("SELECT COUNT(*) FROM extracted").fetchone()[0] == len(bodies)
        assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0
    finally:
        con.close()


def _extracted(db: str) -> int:
    if not Path(db).exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM extracted").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0
