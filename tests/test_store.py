"""The SQLite store: migrations, idempotent writes, atomic replacement, records round-trip."""
import sqlite3

import pytest

from sitroom.errors import StoreError
from sitroom.records import (Claim, CutSpan, Document, Event, Location, Mention, OffsetMap, Rejection, Report)
from sitroom.store import open_store

TEXT = "Two Russian soldiers were killed by artillery fire from ISIL in Syria's eastern province of Deir Ezzor."


def _doc(text=TEXT, name="a.txt"):
    import hashlib
    return Document(hashlib.sha256(text.encode()).hexdigest(), name, "/in/" + name, text + "\n\n1. comment", text,
                    OffsetMap([0], [0]), [CutSpan(len(text) + 2, len(text) + 12, "comment-tail", "1. comment")],
                    title="t", outlet="AFP", published="2017-09-05", published_source="manifest", language="en")


def _mention(doc, start=0, end=40):
    loc = Location("Deir ez-Zor", "Syria", "Deir ez-Zor", 35.336, 40.141, "admin1", quote="Deir Ezzor")
    claim = Claim(2, claimant="Russian Defence Ministry", claimant_kind="government", quote=TEXT, doc=doc.name)
    return Mention(f"m{start}", doc.doc_id, doc.name, "Explosions/Remote violence", "Shelling/artillery/missile attack",
                   TEXT[start:end], start, end, "AFP", "2017-09-05", "2017-09-04", "2017-09-04", "day", loc,
                   "Islamic State", "Military Forces of Russia (2000-)", [claim], "artillery", {"date": "Monday"})


def test_migrations_apply_once_and_reopen(tmp_path):
    db = tmp_path / "s.db"
    open_store(str(db)).close()
    store = open_store(str(db))
    assert [r["version"] for r in store.query("SELECT version FROM schema_migrations")] == sorted(
        {r["version"] for r in store.query("SELECT version FROM schema_migrations")})
    assert store.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "s.db"
    open_store(str(db)).close()
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_migrations VALUES (999, 'future')")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as e:
        open_store(str(db))
    assert e.value.code == "E300"


def test_documents_are_idempotent_and_round_trip(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    doc = _doc()
    assert store.add_document(doc) is True
    assert store.add_document(doc) is False
    back = store.get_document("a.txt")
    assert back.text == doc.text and back.cuts == doc.cuts and back.published == "2017-09-05"
    assert store.get_document(doc.doc_id[:10]).name == "a.txt"
    assert len(store.documents(with_text=False)) == 1


def test_mentions_replace_atomically_and_mark_extraction(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    doc = _doc()
    store.add_document(doc)
    store.replace_mentions(doc.doc_id, [_mention(doc, 0, 40), _mention(doc, 41, 80)], "v1")
    store.replace_mentions(doc.doc_id, [_mention(doc, 0, 40)], "v1")
    got = store.mentions(doc.doc_id)
    assert [m.mention_id for m in got] == ["m0"]
    assert got[0].claims[0].count == 2 and got[0].location.lat == pytest.approx(35.336)
    assert store.is_extracted(doc.doc_id, "v1") and not store.is_extracted(doc.doc_id, "v2")


def test_failed_transaction_leaves_nothing_half_written(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    doc = _doc()
    store.add_document(doc)
    bad = _mention(doc)
    with pytest.raises(sqlite3.IntegrityError):
        store.replace_mentions(doc.doc_id, [bad, bad], "v1")  # duplicate primary key mid-way
    assert store.mentions(doc.doc_id) == [] and not store.is_extracted(doc.doc_id, "v1")


def test_events_and_rejections_round_trip(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    doc = _doc()
    m = _mention(doc)
    ev = Event("e1", m.event_type, m.sub_event_type, m.date_start, m.date_end, "day", m.location, m.actor1, m.actor2,
               {"low": 2, "best": 2, "high": 2, "method": "test"}, m.claims,
               [Report(doc.name, m.quote, 0, 40, "AFP", "2017-09-05", "m0")], ["single report"], ["m0"])
    store.replace_events([ev])
    assert store.get_event("e1") == ev
    assert [e.event_id for e in store.events("fatalities_best >= ?", (2,))] == ["e1"]
    store.add_rejection(Rejection("/in/x.bin", "E102", "binary file"))
    assert store.rejections()[0]["code"] == "E102"
