"""The fault suite (issue 14): one bad input among good ones, through the real command line.

Each case puts one hostile or broken input in a folder beside the five seed articles (and their
manifest), runs ``sitroom ingest`` (or ``sitroom run`` where extraction is the point) on a real
SQLite file, and asserts that the batch finished, every good file is stored, the bad one is
recorded with its code, and the exit status is the documented one (docs/safety.md):
0 all read, 1 some inputs rejected, 2 usage error, 3 nothing read.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import main

ARTICLE = ("Syrian government helicopters dropped barrel bombs on the town of Daraya on Monday, killing at "
           "least nine civilians, the Syrian Observatory for Human Rights said.\n\nThe monitor said rescue "
           "workers were still searching the rubble of two buildings in the town southwest of Damascus.\n")
CHINESE = ("叙利亚政府军的直升机周一向达拉亚镇投掷桶装炸弹，造成至少九名平民死亡。叙利亚人权观察站表示，"
           "救援人员仍在大马士革西南部该镇两座建筑的废墟中搜寻幸存者。当地活动人士说，袭击发生在清晨。\n")


@pytest.fixture
def batch(tmp_path, seeds_dir) -> Path:
    """The five seed articles with their manifest: the good files every case must still store."""
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    return folder


def seed_names(seeds_dir: Path) -> set[str]:
    return {p.name for p in seeds_dir.glob("*.txt")}


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def stored(db: str) -> dict[str, dict]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    rows = {r["name"]: dict(r) for r in con.execute("SELECT name, outlet, published, language, text, doc_id FROM documents")}
    con.close()
    return rows


def rejections(db: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    rows = sorted((code, source) for source, code in con.execute("SELECT source, code FROM rejections"))
    con.close()
    return rows


def codes(db: str) -> list[str]:
    return [c for c, _ in rejections(db)]


def ingest(folder: Path, db: str, *extra: str):
    return cli("ingest", str(folder), "--db", db, *extra)


def assert_batch_survived(res, db: str, seeds_dir: Path, code: str, status: int = 1) -> None:
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    assert res.exit_code == status, res.output
    assert seed_names(seeds_dir) <= set(stored(db)), "a good file was lost"
    assert code in codes(db), (code, rejections(db))
    assert f"[{code}]" in res.output  # the user is told, with the code


# -- one bad input: the batch goes on --------------------------------------------------------------

def test_jsonl_line_of_100000_nested_brackets(batch, db_path, seeds_dir):
    lines = [json.dumps({"text": ARTICLE, "url": "https://ex.org/ok"}), '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"]
    (batch / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = ingest(batch, db_path)
    assert_batch_survived(res, db_path, seeds_dir, "E107")
    assert "https://ex.org/ok" in stored(db_path)  # the good line of the same feed too
    assert ("E107", f"{batch / 'feed.jsonl'}#L2") in rejections(db_path)


def test_file_names_that_are_not_utf8(batch, db_path, seeds_dir):
    folder = os.fsencode(batch)
    open(folder + b"/empty-\xff.txt", "wb").close()
    with open(folder + b"/caf\xe9-report.txt", "wb") as fh:
        fh.write(ARTICLE.encode())
    res = ingest(batch, db_path)
    assert_batch_survived(res, db_path, seeds_dir, "E101")
    assert "caf\\xe9-report.txt" in stored(db_path)  # read, its name's odd byte shown as \xNN
    assert ("E101", f"{batch}/empty-\\xff.txt") in rejections(db_path)


@pytest.mark.parametrize("bad", ["2016-13-45", "2016-02-30", "yesterday", "2999-01-01"])
def test_manifest_cell_that_is_no_sane_date(batch, db_path, seeds_dir, bad):
    manifest = (batch / "manifest.csv").read_text(encoding="utf-8").splitlines()
    first = manifest[1].split(",")
    target, date = first[0], first[3]
    manifest[1] = manifest[1].replace(date, bad, 1)
    (batch / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    res = ingest(batch, db_path)
    assert_batch_survived(res, db_path, seeds_dir, "E112")
    doc = stored(db_path)[target]
    assert doc["outlet"] == first[1]  # the row's other cells still apply
    assert doc["published"] != bad and (doc["published"] or "") < "2999"  # refused, never stored as the date
    assert ("E112", f"{batch / 'manifest.csv'}#L2:published") in rejections(db_path)
    others = [stored(db_path)[r.split(",")[0]]["published"] for r in manifest[2:]]
    assert all(others)  # the other rows' dates are untouched


def test_manifest_with_junk_bytes_and_ragged_rows(batch, db_path, seeds_dir):
    (batch / "manifest.csv").write_bytes((batch / "manifest.csv").read_bytes() + b"x.txt,\x00\x01,,,\n,,,\n\"unclosed\n")
    res = ingest(batch, db_path)
    assert res.exit_code in (0, 1), res.output
    assert seed_names(seeds_dir) <= set(stored(db_path))


def _warc(n: int, compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    for i in range(n):
        html = f"<html><body><article><p>Report {i}. {ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://ex.org/{i}", "response",
                                                      payload=io.BytesIO(html.encode()), http_headers=headers))
    return buf.getvalue()


@pytest.mark.parametrize("compress", [False, True])
def test_warc_cut_inside_its_last_record(batch, db_path, seeds_dir, compress):
    (batch / ("crawl.warc.gz" if compress else "crawl.warc")).write_bytes(_warc(2, compress)[:-150])
    res = ingest(batch, db_path)
    assert_batch_survived(res, db_path, seeds_dir, "E111")
    names = set(stored(db_path))
    assert "https://ex.org/0" in names and "https://ex.org/1" not in names  # never stored truncated


def test_utf16_without_a_bom(batch, db_path, seeds_dir):
    (batch / "le.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    (batch / "be.txt").write_bytes(ARTICLE.replace("nine", "ten").encode("utf-16-be"))
    (batch / "junk.txt").write_bytes(b"\x00" * 64)
    res = ingest(batch, db_path)
    assert_batch_survived(res, db_path, seeds_dir, "E101")
    docs = stored(db_path)
    assert docs["le.txt"]["text"].startswith("Syrian government helicopters") and "ten civilians" in docs["be.txt"]["text"]


def test_nul_bytes_are_removed(batch, db_path, seeds_dir):
    (batch / "nul.txt").write_bytes(ARTICLE.encode().replace(b"nine", b"ni\x00ne") + b"x" * 9000 + b"\x00")
    (batch / "feed.jsonl").write_text(json.dumps({"text": ARTICLE.replace("Daraya", "Dar\u0000aya"),
                                                  "title": "t\u0000", "url": "https://ex.org/n"}) + "\n")
    res = ingest(batch, db_path)
    assert res.exit_code == 0, res.output
    docs = stored(db_path)
    assert "nine civilians" in docs["nul.txt"]["text"] and "Daraya" in docs["https://ex.org/n"]["text"]
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM documents WHERE instr(text, char(0)) OR instr(original, char(0))"
                       " OR instr(coalesce(title, ''), char(0))").fetchone()[0] == 0
    con.close()


def _too_deep(root: Path) -> Path:
    """A folder whose path is longer than the system allows: listing it fails even for root."""
    fd = os.open(root, os.O_RDONLY)
    part = "d" * 200
    try:
        for _ in range(22):
            os.mkdir(part, dir_fd=fd)
            nxt = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
    finally:
        os.close(fd)
    return root / part


def test_folder_that_cannot_be_read_is_recorded(batch, db_path, seeds_dir):
    (batch / "deep").mkdir()
    _too_deep(batch / "deep")
    locked = batch / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(ARTICLE)
    locked.chmod(0)
    try:
        res = ingest(batch, db_path)
    finally:
        locked.chmod(0o755)
    assert_batch_survived(res, db_path, seeds_dir, "E113")
    if os.geteuid() != 0:  # root reads a mode-000 folder; everyone else must be told it was skipped
        assert any(src == str(locked) for c, src in rejections(db_path) if c == "E113")


def test_chinese_article_is_identified_and_not_extracted(batch, tmp_path, seeds_dir):
    (batch / "zh.txt").write_text(CHINESE, encoding="utf-8")
    db = str(tmp_path / "run.db")
    res = cli("run", str(batch), "--db", db, "--out", str(tmp_path / "out"))
    assert_batch_survived(res, db, seeds_dir, "E114")
    assert stored(db)["zh.txt"]["language"] == "zh"
    con = sqlite3.connect(db)
    zh_id = stored(db)["zh.txt"]["doc_id"]
    assert con.execute("SELECT count(*) FROM mentions WHERE doc_id = ?", (zh_id,)).fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0  # the English ones were extracted
    con.close()


def test_unsupported_and_missing_inputs(batch, tmp_path, db_path, seeds_dir):
    (batch / "report.pdf").write_bytes(b"%PDF-1.4")
    res = ingest(batch, db_path)
    assert_batch_survived(res, db_path, seeds_dir, "E108")
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "notes.docx").write_bytes(b"PK\x03\x04")
    nothing = cli("run", str(only_bad), str(tmp_path / "missing"), "--db", str(tmp_path / "n.db"))
    assert nothing.exit_code == 3, nothing.output  # nothing read
    assert "[E100]" in nothing.output and "[E108]" in nothing.output


# -- the exit-status policy, command by command --------------------------------------------------------

def test_exit_status_policy(batch, tmp_path, db_path):
    assert ingest(batch, db_path).exit_code == 0  # all read
    assert ingest(batch, db_path).exit_code == 0  # all read (already stored counts as read)
    (batch / "empty.txt").write_bytes(b"")
    assert ingest(batch, db_path).exit_code == 1  # some rejected
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    assert ingest(empty, db_path).exit_code == 3  # nothing read
    assert cli("ingest", "--no-such-option", str(batch)).exit_code == 2  # usage
    missing = str(tmp_path / "nope.db")
    for cmd in (["export", "--db", missing], ["brief", "--db", missing], ["docs", "list", "--db", missing],
                ["docs", "show", "x", "--db", missing], ["event", "show", "x", "--db", missing],
                ["event", "overrides", "--db", missing], ["resolve", "--db", missing], ["serve", "--db", missing]):
        res = cli(*cmd)
        assert res.exit_code == 2, (cmd, res.output)
        assert "E303" in res.output or "does not exist" in res.output, (cmd, res.output)
    assert not Path(missing).exists(), "a read command created the database it was asked to read"
    assert cli("docs", "show", "no-such-doc", "--db", db_path).exit_code == 2
    assert cli("event", "show", "no-such-event", "--db", db_path).exit_code == 2


def test_export_never_silently_empties_a_good_file(tmp_path, monkeypatch):
    from sitroom.store import open_store
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "events.csv"
    good.write_text("event_id_cnty,notes\nev1,a good analysis\n")
    res = cli("export", "--format", "csv")  # no --db, and no sitroom.db here
    assert res.exit_code == 2 and "E303" in res.output
    assert not (tmp_path / "sitroom.db").exists() and good.read_text().startswith("event_id_cnty,notes\nev1")
    open_store(str(tmp_path / "empty.db")).close()
    res = cli("export", "--format", "csv", "--db", "empty.db", "--out", str(good))
    assert res.exit_code == 2 and "E203" in res.output and "ev1" in good.read_text()
    res = cli("export", "--format", "csv", "--db", "empty.db", "--out", str(good), "--force")
    assert res.exit_code == 0 and "ev1" not in good.read_text()


def test_file_names_with_terminal_escapes_are_printed_escaped(batch, db_path, seeds_dir):
    evil = batch / "\x1b]0;pwned\x07\x1b[2J.pdf"
    evil.write_bytes(b"%PDF")
    res = ingest(batch, db_path)
    assert_batch_survived(res, db_path, seeds_dir, "E108")
    assert "\x1b" not in res.output and "\x07" not in res.output
    assert "\\x1b]0;pwned\\x07\\x1b[2J.pdf" in res.output
