"""Analyst overrides in one validated format (docs/safety.md), listed and undoable, from the CLI and
the API alike; older rows (a bare mention id, as earlier web pages stored them) still work."""
from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sitroom.cli import main
from sitroom.store import open_store
from sitroom.web.app import create_app
from test_web_api import web_db  # noqa: F401  (the session fixture: seeds + hostile article)


@pytest.fixture
def db(web_db, tmp_path) -> str:  # noqa: F811
    copy = str(tmp_path / "o.db")
    src, dst = sqlite3.connect(web_db), sqlite3.connect(copy)
    src.backup(dst)
    src.close(), dst.close()
    return copy


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def events(db: str) -> dict[str, list[str]]:
    store = open_store(db)
    out = {e.event_id: sorted(e.mention_ids) for e in store.events()}
    store.close()
    return out


def multi_report(db: str) -> str:
    return next(eid for eid, ms in events(db).items() if len(ms) >= 2)


def test_cli_merge_split_list_and_undo(db):
    before = events(db)
    a, b = list(before)[:2]
    res = cli("event", "merge", a, b, "--db", db, "--note", "same fight")
    assert res.exit_code == 0, res.output
    merged = [eid for eid, ms in events(db).items() if set(before[a]) | set(before[b]) <= set(ms)]
    assert len(merged) == 1 and len(events(db)) == len(before) - 1
    listing = cli("event", "overrides", "--db", db)
    assert listing.exit_code == 0 and "1\tmerge\t" in listing.output and "same fight" in listing.output
    row = open_store(db).overrides()[0]
    assert sorted(json.loads(row["a"]) + json.loads(row["b"])) == sorted(before[a] + before[b])
    undo = cli("event", "overrides", "--db", db, "undo", "1")
    assert undo.exit_code == 0, undo.output
    assert events(db) == before  # undone: back to the resolver's own answer
    assert "0 overrides" in cli("event", "overrides", "--db", db).output
    assert "undone" in cli("event", "overrides", "--all", "--db", db).output
    again = cli("event", "overrides", "--db", db, "undo", "1")
    assert again.exit_code == 2 and "E204" in again.output


def test_split_separates_the_reports_and_refuses_a_single_one(db):
    target = multi_report(db)
    members = events(db)[target]
    res = cli("event", "split", target, "--db", db)
    assert res.exit_code == 0, res.output
    holders = [eid for eid, ms in events(db).items() if set(ms) & set(members)]
    assert len(holders) == len(members)  # every report its own event
    single = next(eid for eid, ms in events(db).items() if len(ms) == 1)
    refused = cli("event", "split", single, "--db", db)
    assert refused.exit_code == 2 and "E204" in refused.output


def test_unknown_ids_are_refused_everywhere_and_nothing_is_stored(db):
    known = list(events(db))[0]
    for args in (["event", "merge", known, "no-such-event"], ["event", "split", "no-such-event"],
                 ["event", "overrides", "undo", "99"]):
        res = cli(*args[:2], "--db", db, *args[2:]) if args[1] == "overrides" else cli(*args, "--db", db)
        assert res.exit_code == 2 and "E302" in res.output, (args, res.output)
    with TestClient(create_app(db, writable=True), base_url="http://127.0.0.1") as c:
        assert c.post("/api/overrides", json={"action": "merge", "a": known, "b": "nope"}).status_code == 404
        assert c.post("/api/overrides", json={"action": "split", "a": known, "b": known}).status_code == 422
        assert c.post("/api/overrides", json={"action": "explode", "a": known}).status_code == 422
        assert c.delete("/api/overrides/99").status_code == 404
    assert all(json.loads(o["a"]) for o in open_store(db).overrides())  # whatever was stored is well-formed


def test_the_api_split_is_stored_in_the_cli_format_and_works(db):
    target = multi_report(db)
    members = events(db)[target]
    with TestClient(create_app(db, writable=True), base_url="http://127.0.0.1") as c:
        r = c.post("/api/overrides", json={"action": "split", "a": target})
        assert r.status_code == 201, r.text
        assert sorted(r.json()["now"]) == sorted(eid for eid, ms in events(db).items() if set(ms) & set(members))
        seq = r.json()["override"]["seq"]
        assert sorted(json.loads(r.json()["override"]["a"])) == members
        assert c.delete(f"/api/overrides/{seq}").status_code == 200
    assert events(db)[target] == members  # undone from the page too
    assert cli("resolve", "--db", db).exit_code == 0


def test_old_bare_id_rows_are_migrated_and_still_read(db):
    target = multi_report(db)
    members = events(db)[target]
    con = sqlite3.connect(db)
    # The database as an older sitroom left it: schema 2, the page's bare mention ids in a and b.
    con.execute("DELETE FROM schema_migrations WHERE version = 3")
    con.execute("ALTER TABLE overrides DROP COLUMN undone_at")
    con.execute("INSERT INTO overrides VALUES (1, 'split', ?, NULL, 'old page', '2026-01-01')", (members[0],))
    con.execute("INSERT INTO overrides VALUES (2, 'merge', ?, ?, 'old page', '2026-01-01')", (members[0], members[1]))
    con.commit()
    con.close()
    res = cli("resolve", "--db", db)  # used to die with a JSONDecodeError traceback
    assert res.exit_code == 0, res.output
    rows = open_store(db).overrides()
    assert [(json.loads(r["a"]), json.loads(r["b"]) if r["b"] else None) for r in rows] == \
        [([members[0]], None), ([members[0]], [members[1]])]
    con = sqlite3.connect(db)  # a bare row written after the migration (by an old page still open) is read too
    con.execute("INSERT INTO overrides (seq, action, a, b, note, at) VALUES (3, 'merge', ?, ?, 'x', 'y')",
                (members[0], members[-1]))
    con.commit()
    con.close()
    assert cli("resolve", "--db", db).exit_code == 0
    assert cli("event", "overrides", "--db", db).exit_code == 0
