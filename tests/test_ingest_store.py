"""ingest() against a real SQLite file: idempotence, near-duplicates, a kill mid-batch, the CLI, FA-KES."""
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from sitroom.ingest import clean, ingest
from sitroom.ingest.cli import docs, ingest_cmd
from sitroom.ingest.fakes import load_fakes
from sitroom.store import open_store

SEED = "000_7575c4c884fa5496.txt"


def _snapshot(store):
    return [(d.doc_id, d.name, d.text, d.near_dup_of, [c.start for c in d.cuts]) for d in store.documents()]


def test_reingest_changes_nothing(seeds_dir, tmp_path, db_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    store = open_store(db_path)
    first = ingest([str(seeds_dir), str(tmp_path / "bad.txt")], store)
    before, rejections = _snapshot(store), store.rejections()
    second = ingest([str(seeds_dir), str(tmp_path / "bad.txt")], store)
    assert (first.added, second.added, second.skipped) == (5, 0, 5)
    assert _snapshot(store) == before and store.rejections() == rejections
    assert store.get_document(SEED).cuts[0].reason == "comment-tail"
    store.close()


def _edited_copy(body: str) -> str:
    """The same wire story as a second outlet runs it: own headline, a few words changed, no comments."""
    story = body[: body.index("15 responses to")]
    story = story.replace("Islamic State expanding, seized a district from Syrian government forces",
                          "IS captures Deir el-Zour district", 1)
    return story.replace("late Wednesday", "on Wednesday").replace("daylong", "day-long") + "\n(AP)\n"


def test_near_duplicate_from_a_second_outlet_is_linked(seeds_dir, tmp_path, db_path):
    body = (seeds_dir / SEED).read_text(encoding="utf-8")
    second = tmp_path / "second"
    second.mkdir()
    (second / "copy.txt").write_text(_edited_copy(body), encoding="utf-8")
    (second / "manifest.csv").write_text("file,outlet,published\ncopy.txt,Daily Star,2015-12-24\n")
    store = open_store(db_path)
    ingest([str(seeds_dir)], store)
    report = ingest([str(second)], store)
    original = store.get_document(SEED)
    copy = store.get_document("copy.txt")
    assert report.near_dups == [(copy.doc_id, original.doc_id)]
    assert copy.near_dup_of == original.doc_id and copy.outlet == "Daily Star"
    others = [d for d in store.documents() if d.name not in (SEED, "copy.txt")]
    assert all(d.near_dup_of is None for d in others)  # five different stories about one siege stay apart
    store.close()


def test_kill_mid_batch_then_rerun_completes(fakes_csv, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    rows = load_fakes(fakes_csv)
    bodies = {}
    for raw, _ in rows:
        bodies.setdefault(raw.body, raw.name)
    for body, name in bodies.items():
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    db = str(tmp_path / "kill.db")
    cmd = [sys.executable, "-m", "sitroom.cli", "ingest", str(folder), "--db", db]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and _count(db) < 20:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored_at_kill = _count(db)
    assert 0 < stored_at_kill < len(bodies), "the batch finished before the kill: make the folder bigger"
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    names = [r[0] for r in con.execute("SELECT name FROM documents")]
    assert sorted(names) == sorted(f"{n}.txt" for n in bodies.values())  # every document, once
    orphans = con.execute("SELECT COUNT(*) FROM cuts WHERE doc_id NOT IN (SELECT doc_id FROM documents)")
    assert orphans.fetchone()[0] == 0
    con.close()


def _count(db: str) -> int:
    if not Path(db).exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # not migrated yet
        return 0


def test_cli_ingest_list_show(seeds_dir, tmp_path, db_path):
    (tmp_path / "evil.txt").write_text("Leave a Reply\n\x1b[31mred\x1b[0m text that tries terminal escapes "
                                       "while reporting that shelling killed four people in Idlib.\n")
    runner = CliRunner()
    res = runner.invoke(ingest_cmd, [str(seeds_dir), str(tmp_path / "evil.txt"), str(tmp_path / "gone"),
                                     "--db", db_path])
    assert res.exit_code == 1, res.output  # the policy: some inputs rejected (the missing path), the rest stored
    assert "6 added" in res.output and "rejected" in res.output and "E100" in res.output
    listing = runner.invoke(docs, ["list", "--db", db_path])
    assert "6 documents" in listing.output and "ARA News" in listing.output
    show = runner.invoke(docs, ["show", "001_baa6cd9bc47a7d5c.txt", "--db", db_path])
    assert "published_source: manifest" in show.output and "Source: ARA News" in show.output
    assert "cut [" in show.output and "comment-tail" in show.output and "BLEW" not in show.output.split("--- cut")[0]
    evil = runner.invoke(docs, ["show", "evil.txt", "--db", db_path])
    assert "\x1b" not in evil.output and "\\x1b[31m" in evil.output


def test_fakes_loader_keeps_the_gold_date_out_of_published(fakes_csv):
    rows = load_fakes(fakes_csv)
    assert len(rows) == 396
    raw, gold = rows[0]
    assert raw.name.startswith("fakes-") and raw.outlet and raw.title and raw.published is None
    assert gold["date"] == "2017-04-16" and gold["governorate"]
    doc = clean(raw)
    assert doc.published_source == "dateline" and doc.published == "2017-04-16" and doc.language == "en"


def test_signature_index_finds_the_original_among_thousands(fakes_csv):
    """Past its first growth (1,024 rows) the compact index still finds the earliest copy of a story
    with a changed headline and byline, and finds nothing for an article it does not hold."""
    from sitroom.ingest.dedup import SignatureIndex, signature
    texts = [raw.body for raw, _ in load_fakes(fakes_csv)]
    index = SignatureIndex()
    for i in range(3000):  # the real articles, then numbered variants of them: distinct documents
        index.add(f"doc{i}", signature(texts[i % len(texts)] + f" item {i}" * (i // len(texts))))
    story = texts[7]
    copy = "Updated headline\n\nBy a wire reporter\n\n" + story
    assert index.nearest_earlier(signature(copy)) == "doc7"
    assert index.nearest_earlier(signature(texts[11])) == "doc11"
    assert index.nearest_earlier(signature("A council meeting on the budget of a small town was held.")) is None
    assert len(index) == 3000
