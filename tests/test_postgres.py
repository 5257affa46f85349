"""The PostgreSQL store against a real server: the same test bodies run on SQLite and PostgreSQL.

The server is ``SITROOM_TEST_PG`` when set (a URL whose user may CREATE DATABASE), else a throw-away one
this module starts with ``.ci/postgres.sh`` in a temp dir (127.0.0.1, free port, stopped at the end).
Each test gets a fresh database, so the tests are independent of each other and of their order.
"""
from __future__ import annotations

import dataclasses
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.errors import StoreError
from sitroom.records import Event, Rejection, Report
from sitroom.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def _have_postgres() -> bool:
    return bool(glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb"))


@pytest.fixture(scope="session")
def pg_server() -> str:
    """URL of a PostgreSQL server for the whole session."""
    if os.environ.get("SITROOM_TEST_PG"):
        yield os.environ["SITROOM_TEST_PG"]
        return
    if not _have_postgres():
        pytest.skip("no PostgreSQL binaries (apt-get install postgresql, or set SITROOM_TEST_PG)")
    folder = tempfile.mkdtemp(prefix="sitroom-pg-")
    env = {**os.environ, "SITROOM_PG_DIR": folder}
    script = str(ROOT / ".ci" / "postgres.sh")
    out = subprocess.run(["bash", script], env=env, capture_output=True, text=True, timeout=120)
    if out.returncode:
        pytest.fail(f"could not start PostgreSQL: {out.stderr[-2000:]}")
    try:
        yield out.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", script, "stop"], env=env, capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the session's server, dropped afterwards."""
    import psycopg
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield pg_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def seed_results(seeds_dir):
    """Documents and mentions from the real pipeline over the seed articles."""
    from sitroom.ingest import iter_raw
    from sitroom.pipeline import Pipeline
    results = list(Pipeline.from_config().process_many(iter_raw([str(seeds_dir)])))
    assert results and all(m for _, m in results), "every seed article reports at least one event"
    return results


def _events(mentions) -> list[Event]:
    """One event per mention: enough to exercise every column and the JSON body."""
    out = []
    for i, m in enumerate(mentions):
        best = sum(c.count for c in m.claims if c.kind == "killed") or None
        out.append(Event(f"ev{i:04d}", m.event_type, m.sub_event_type, m.date_start, m.date_end, m.time_precision,
                         m.location, m.actor1, m.actor2, {"low": best, "best": best, "high": best, "method": "t"},
                         m.claims, [Report(m.doc, m.quote, m.char_start, m.char_end, m.outlet, m.published,
                                           m.mention_id)], ["single report"], [m.mention_id]))
    return out


def _fill(store, results) -> None:
    for doc, mentions in results:
        store.add_document(doc)
        store.replace_mentions(doc.doc_id, mentions, "v1")
    store.replace_events(_events([m for _, ms in results for m in ms]))
    store.add_rejection(Rejection("/in/x.bin", "E102", "binary file (100% NUL bytes)"))
    store.add_override("merge", ["m1"], ["m2"], "same strike, 'two' reports")
    store.add_override("split", ["m3", "m4"], None, None)


def _dump(store) -> dict:
    """Everything a store hands back, minus wall-clock stamps."""
    return {"documents": store.documents(), "listing": store.documents(with_text=False),
            "signatures": sorted(store.signatures()), "mentions": store.mentions(), "events": store.events(),
            "rejections": [{k: v for k, v in r.items() if k != "at"} for r in store.rejections()],
            "overrides": [{k: v for k, v in r.items() if k != "at"} for r in store.overrides()]}


def test_migrations_apply_once_and_reopen(store_url):
    first = open_store(store_url)
    versions = [r["version"] for r in first.query("SELECT version FROM schema_migrations ORDER BY version")]
    first.close()
    again = open_store(store_url)
    assert [r["version"] for r in again.query("SELECT version FROM schema_migrations ORDER BY version")] == versions
    assert versions and versions == sorted(set(versions))
    again.query("SELECT doc_id FROM documents")  # the tables exist
    again.close()


def test_newer_schema_is_refused(store_url):
    s = open_store(store_url)
    with s.transaction():
        s.execute("INSERT INTO schema_migrations VALUES (?, ?)", (999, "future"))
    s.close()
    with pytest.raises(StoreError) as e:
        open_store(store_url)
    assert e.value.code == "E300"


def test_documents_round_trip(store, seed_results):
    for doc, _ in seed_results:
        assert store.add_document(doc) is True
        assert store.add_document(doc) is False
    for doc, _ in seed_results:
        back = store.get_document(doc.doc_id)
        assert back == doc  # text, original, offsets, cuts, metadata: all of it
        assert store.get_document(doc.name) == doc and store.get_document(doc.doc_id[:10]) == doc
        assert back.quote(0, 40) == doc.quote(0, 40)
    assert {d["doc_id"] for d in store.documents(with_text=False)} == {d.doc_id for d, _ in seed_results}
    with pytest.raises(StoreError):
        store.get_document("no-such-document")


def test_mentions_replace_atomically(store, seed_results):
    doc, mentions = seed_results[0]
    store.add_document(doc)
    store.replace_mentions(doc.doc_id, mentions, "v1")
    assert store.mentions(doc.doc_id) == sorted(mentions, key=lambda m: m.mention_id)
    store.replace_mentions(doc.doc_id, mentions[:1], "v1")
    assert store.mentions(doc.doc_id) == mentions[:1]
    assert store.is_extracted(doc.doc_id, "v1") and not store.is_extracted(doc.doc_id, "v2")


def test_failed_transaction_leaves_nothing_and_store_stays_usable(store, seed_results):
    doc, mentions = seed_results[1]
    store.add_document(doc)
    with pytest.raises(Exception):
        store.replace_mentions(doc.doc_id, [mentions[0], mentions[0]], "v1")  # duplicate key mid-way
    assert store.mentions(doc.doc_id) == [] and not store.is_extracted(doc.doc_id, "v1")
    store.replace_mentions(doc.doc_id, mentions, "v1")
    assert len(store.mentions(doc.doc_id)) == len(mentions)


def test_events_rejections_overrides_round_trip(store, seed_results):
    _fill(store, seed_results)
    events = _events([m for _, ms in seed_results for m in ms])
    assert sorted(store.events(), key=lambda e: e.event_id) == events
    one = events[len(events) // 2]
    assert store.get_event(one.event_id) == one
    killed = [e.event_id for e in events if (e.fatalities["best"] or 0) >= 2]
    assert sorted(e.event_id for e in store.events("fatalities_best >= ?", (2,))) == killed
    assert store.rejections()[0]["reason"] == "binary file (100% NUL bytes)"
    assert [(o["seq"], o["action"], o["a"], o["b"]) for o in store.overrides()] == [
        (1, "merge", '["m1"]', '["m2"]'), (2, "split", '["m3", "m4"]', None)]
    store.replace_events(events[:1])
    assert store.events() == events[:1]
    assert store.query("SELECT count(*) AS n FROM event_mentions")[0]["n"] == 1


@pytest.mark.postgres
def test_postgres_holds_exactly_what_sqlite_holds(tmp_path, pg_url, seed_results):
    dumps = []
    for url in (str(tmp_path / "s.db"), pg_url):
        s = open_store(url)
        _fill(s, seed_results)
        dumps.append(_dump(s))
        s.close()
    sqlite_dump, pg_dump = dumps
    for key in sqlite_dump:
        assert pg_dump[key] == sqlite_dump[key], key
    assert len(sqlite_dump["mentions"]) == sum(len(m) for _, m in seed_results)


@pytest.mark.postgres
def test_unreachable_server_is_a_coded_error_without_the_password():
    with pytest.raises(StoreError) as e:
        open_store("postgresql://sitroom:s3cret@127.0.0.1:1/none")
    assert e.value.code == "E301" and "s3cret" not in str(e.value)


def test_records_survive_text_with_sql_and_percent_signs(store, seed_results):
    doc, mentions = seed_results[2]
    odd = "Casualties rose 40% '); DROP TABLE documents; -- \u0627\u0644\u0631\u0642\u0629 %s ?"
    doc = dataclasses.replace(doc, doc_id="f" * 64, name="odd%name?.txt", title=odd)
    store.add_document(doc)
    assert store.get_document("odd%name?.txt").title == odd
    assert store.get_document("f" * 10).doc_id == "f" * 64


def test_literal_percent_and_question_mark_in_sql(store):
    row = store.query("SELECT 'a%b' AS pct, 'why?' AS q, ? AS p", ("100%",))[0]
    assert row == {"pct": "a%b", "q": "why?", "p": "100%"}
    assert store.query("SELECT 'it''s ?' AS s WHERE ? = 1", (1,)) == [{"s": "it's ?"}]


def test_ingest_stage_writes_the_same_documents(store, seeds_dir, tmp_path):
    from sitroom.ingest import ingest
    report = ingest([str(seeds_dir)], store)
    again = ingest([str(seeds_dir)], store)
    reference = open_store(str(tmp_path / "ref.db"))
    ingest([str(seeds_dir)], reference)
    assert report.added == len(reference.documents()) and again.added == 0 and again.skipped == report.added
    assert store.documents() == reference.documents()
    reference.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(literal=st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30),
       param=st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30))
def test_any_literal_and_parameter_come_back_verbatim(store, literal, param):
    sql = "SELECT '" + literal.replace("'", "''") + "' AS lit, ? AS param"
    assert store.query(sql, (param,)) == [{"lit": literal, "param": param}]


@pytest.mark.postgres
def test_sitroom_run_on_postgres_gives_the_events_of_sqlite(tmp_path, pg_url, seeds_dir):
    from click.testing import CliRunner

    from sitroom.cli import main
    got = []
    for db in (str(tmp_path / "s.db"), pg_url):
        out = tmp_path / ("pg" if db == pg_url else "sqlite")
        res = CliRunner().invoke(main, ["run", str(seeds_dir), "--out", str(out), "--db", db])
        assert res.exit_code == 0, res.output
        s = open_store(db)
        # timestamp: when each database took the documents, which differs by nature between two runs
        got.append((s.mentions(), [dataclasses.replace(e, timestamp=None) for e in s.events()]))
        s.close()
    assert got[0][1] and got[1] == got[0]


def test_one_writer_at_a_time_on_either_backend(store_url):
    """The writer lock (an flock beside SQLite, an advisory lock on PostgreSQL): a second writer waits,
    then refuses with E304; once the first lets go, the next gets it at once."""
    first, second = open_store(store_url), open_store(store_url)
    try:
        with first.writer():
            with pytest.raises(StoreError) as err:
                with second.writer(wait=0.4):
                    pass
            assert err.value.code == "E304"
        with second.writer(wait=0):
            second.add_override("split", ["m1", "m2"], None, "under the lock")
        assert [o["note"] for o in first.overrides()] == ["under the lock"]
    finally:
        first.close(), second.close()
