"""Resolving a database in bounded memory gives what resolving everything at once gives.

``resolve_store`` cuts the candidate graph into connected parts and resolves them a chunk at a time;
``attach`` re-resolves only the parts a new mention joins; the exports stream from the store. Each is
checked against the all-in-memory result: on generated mentions (coarse and precise places, spans of
days, undated reports, analyst merges and splits) and on the real seed articles.
"""
import dataclasses
import datetime as dt
import importlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sitroom.config import load_config
from sitroom.export import export, writers
from sitroom.export.columns import to_arrow
from sitroom.export.writers import to_exchange
from sitroom.ingest import iter_raw
from sitroom.pipeline import Pipeline
from sitroom.records import Document, Location, Mention
from sitroom.resolve import attach, resolve, resolve_store
from sitroom.resolve.cluster import candidate_pairs
from sitroom.resolve.partition import KeyIndex, chunks, parts
from sitroom.store import open_store

cluster = importlib.import_module("sitroom.resolve.cluster")  # the module (the package exports a function of that name)
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PLACES = [Location("Deir ez-Zor", "Syria", "Deir ez-Zor", 35.336, 40.14, "exact"),
          Location("Mayadin", "Syria", "Deir ez-Zor", 35.02, 40.45, "exact"),
          Location("Deir ez-Zor", "Syria", "Deir ez-Zor", 35.2, 40.3, "admin1"),  # the province, coarse
          Location("Raqqa", "Syria", "Raqqa", 35.95, 39.01, "exact")]
SUBS = [("Battles", "Armed clash"), ("Battles", "Non-state actor overtakes territory"),
        ("Explosions/Remote violence", "Air/drone strike")]
WORDS = "Islamic State fighters clashed with government forces near the town a monitor said".split()


def _mention(i: int, spec: tuple) -> Mention:
    place, day, span, sub, stated, dated, doc = spec
    loc = PLACES[place]
    d0 = dt.date(2016, 1, 1) + dt.timedelta(days=day)
    start, end = (d0.isoformat(), (d0 + dt.timedelta(days=span)).isoformat()) if dated else (None, None)
    quote = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(9)) + f" {loc.name}"
    et, st_ = SUBS[sub]
    actors = ["Islamic State", "Military Forces of Syria (2000-)"]
    evidence = {"location": loc.name if stated else "", "actor1": actors[0], "actor2": actors[1]}
    return Mention(f"m{i:04d}", f"d{doc}", f"{doc:03d}.txt", et, st_, quote, 0, len(quote), "outlet", start, start,
                   end, "day" if span == 0 else "week", loc, *actors, [], "clashed", evidence, actors)


specs = st.tuples(st.integers(0, 3), st.integers(0, 12), st.sampled_from([0, 0, 0, 2]), st.integers(0, 2),
                  st.booleans(), st.integers(0, 9).map(lambda x: x > 0), st.integers(0, 5))
mention_lists = st.lists(specs, min_size=1, max_size=30).map(lambda xs: [_mention(i, s) for i, s in enumerate(xs)])


def _store_of(path: str, ms: list[Mention]):
    s = open_store(path)
    for doc_id in sorted({m.doc_id for m in ms}):
        text = f"article {doc_id}"
        s.add_document(Document(doc_id, f"{doc_id}.txt", f"/in/{doc_id}.txt", text, text, published="2016-01-01"))
        s.replace_mentions(doc_id, [m for m in ms if m.doc_id == doc_id], "test")
    return s


def _shape(events) -> list[tuple]:
    return sorted((e.event_id, tuple(e.mention_ids), tuple(e.merge_reasons), e.sub_event_type, e.date_start)
                  for e in events)


def _index(ms: list[Mention]) -> KeyIndex:
    index = KeyIndex()
    for m in sorted(ms, key=lambda m: m.mention_id):
        index.add(m)
    return index


@settings(max_examples=60, deadline=None)
@given(mention_lists)
def test_every_candidate_pair_lies_inside_one_part(ms):
    ms = sorted(ms, key=lambda m: m.mention_id)
    part_of = {mid: k for k, g in enumerate(parts(_index(ms), [])) for mid in g}
    assert sorted(part_of) == [m.mention_id for m in ms]
    assert all(part_of[ms[i].mention_id] == part_of[ms[j].mention_id] for i, j in candidate_pairs(ms))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mention_lists, st.lists(st.tuples(st.sampled_from(["merge", "split"]), st.integers(0, 29), st.integers(0, 29)),
                               max_size=3), st.integers(1, 7), st.sampled_from([1, 2, 3, cluster.COARSE_CAP]))
def test_chunked_resolution_equals_resolving_everything(tmp_path_factory, ms, ops, size, cap):
    s = _store_of(str(tmp_path_factory.mktemp("stream") / "s.db"), ms)
    default, cluster.COARSE_CAP = cluster.COARSE_CAP, cap  # small caps: crowded blocks in small samples
    try:
        for action, a, b in ops:  # overrides name mentions directly: merges may join far-apart parts
            ids = [m.mention_id for m in ms]
            if action == "merge" and ids[a % len(ids)] != ids[b % len(ids)]:
                s.add_override("merge", [ids[a % len(ids)]], [ids[b % len(ids)]])
            elif action == "split" and len(ids) > 1:
                s.add_override("split", sorted({ids[a % len(ids)], ids[b % len(ids)]}))
        expected = _shape(resolve(ms, s.overrides()))
        assert _shape(resolve_store(s, size=size)) == expected
        s.replace_events(resolve_store(s, size=size))
        assert _shape(s.iter_events(page=2)) == expected
    finally:
        cluster.COARSE_CAP = default
        s.close()


def test_a_province_level_report_among_many_that_day_stays_its_own_event():
    """"Clashes in Deir ez-Zor province" joins the one report of a clash there that day, but not one
    of more than COARSE_CAP: it could repeat any of them."""
    coarse = lambda i, doc: _mention(i, (2, 5, 0, 0, False, True, doc))  # the province, place not stated
    town = lambda i, doc: _mention(i, (0, 5, 0, 0, True, True, doc))
    few = resolve([coarse(0, 1), town(1, 2)])
    assert len(few) == 1
    many = [coarse(0, 1)] + [dataclasses.replace(town(i, 2), mention_id=f"t{i:04d}", doc_id=f"t{i}",
                                                 quote=f"Clashes near Deir ez-Zor, witness {i} said")
                             for i in range(cluster.COARSE_CAP + 1)]  # distinct reports, not reprints
    alone = [e for e in resolve(many) if "m0000" in e.mention_ids]
    assert alone[0].mention_ids == ["m0000"]


def test_chunks_keep_parts_whole_and_in_order():
    groups = [["a", "b"], ["c"], ["d", "e", "f"], ["g"]]
    assert list(chunks(groups, size=3)) == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
    assert list(chunks(groups, size=1)) == groups


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not beside the repo")
    pipe = Pipeline.from_config(load_config())
    s = open_store(str(tmp_path_factory.mktemp("seeds") / "seeds.db"))
    for raw in iter_raw([str(SEEDS)]):
        doc, ms = pipe.process(raw)
        s.add_document(doc)
        s.replace_mentions(doc.doc_id, ms, "test")
    yield s
    s.close()


def test_real_articles_resolve_the_same_in_chunks_of_one_part(seed_store):
    whole = resolve(seed_store.mentions(), seed_store.overrides())
    assert len(whole) > 5
    assert _shape(resolve_store(seed_store, size=1)) == _shape(whole)
    assert len(parts(_index(seed_store.mentions()), [])) > 1  # the seeds' events are not one part


def test_attach_touches_only_the_parts_of_new_mentions(seed_store, tmp_path):
    ms = seed_store.mentions()
    last_doc = max(m.doc_id for m in ms)
    older, newer = [m for m in ms if m.doc_id != last_doc], [m for m in ms if m.doc_id == last_doc]
    s = _store_of(str(tmp_path / "inc.db"), older)
    s.replace_events(resolve(older))
    rows = lambda: {r["event_id"]: r["rowid"] for r in s.query("SELECT rowid, event_id FROM events")}
    before = rows()
    text = "article " + last_doc
    s.add_document(Document(last_doc, "new.txt", "/in/new.txt", text, text))
    s.replace_mentions(last_doc, newer, "test")
    changed = attach(newer, s)
    assert _shape(s.events()) == _shape(resolve(ms))
    reached = {mid for g in parts(_index(ms), []) if {m.mention_id for m in newer} & set(g) for mid in g}
    kept = {e.event_id for e in s.events() if not reached & set(e.mention_ids)}
    assert kept and all(rows()[eid] == before[eid] for eid in kept)  # the very rows stored before, not rewritten
    assert {e.event_id for e in changed}.isdisjoint(kept)
    s.close()


def test_streamed_files_match_the_in_memory_layouts(seed_store, tmp_path, monkeypatch):
    seed_store.replace_events(resolve_store(seed_store))
    events = seed_store.events()
    assert [e.event_id for e in seed_store.iter_events(page=3)] == [e.event_id for e in events]
    js = export(seed_store.iter_events(), "json", tmp_path / "e.json")
    assert js.read_text("utf-8") == json.dumps([to_exchange(e) for e in events], ensure_ascii=False, indent=1)
    geo = json.loads(export(seed_store.iter_events(), "geojson", tmp_path / "e.geojson").read_text("utf-8"))
    assert [f["id"] for f in geo["features"]] == [e.event_id for e in events]
    monkeypatch.setattr(writers, "PARQUET_ROWS", 4)  # several row groups
    table = pq.read_table(export(seed_store.iter_events(), "parquet", tmp_path / "e.parquet"))
    assert pq.ParquetFile(tmp_path / "e.parquet").num_row_groups == -(-len(events) // 4)
    assert table.to_pylist() == to_arrow(events).to_pylist()
    assert export(iter(()), "json", tmp_path / "empty.json").read_text("utf-8") == "[]"


def _copy(ms: list[Mention], doc_id: str, new_doc: str) -> list[Mention]:
    return [dataclasses.replace(m, mention_id=f"{m.mention_id}~{new_doc[0]}", doc_id=new_doc, doc="copy.txt",
                                outlet="reprint") for m in ms if m.doc_id == doc_id]


def test_a_reprinted_story_joins_the_original_events_whole(seed_store, tmp_path):
    ms = seed_store.mentions()
    doc = max({m.doc_id for m in ms}, key=lambda d: sum(m.doc_id == d for m in ms))
    copies = _copy(ms, doc, "f" * 64) + _copy(ms, doc, "e" * 64)
    before, after = resolve(ms), resolve(ms + copies)
    assert len(after) == len(before)
    grown = {e.event_id: e for e in after}
    for e in before:  # same events, same ids; each report of the copied document now has its two reprints
        ids = set(grown[e.event_id].mention_ids)
        assert set(e.mention_ids) <= ids
        assert ids - set(e.mention_ids) == {m.mention_id for m in copies if m.mention_id[:-2] in e.mention_ids}
    assert any("a copy of the story" in why for e in after for why in e.merge_reasons)
    s = _store_of(str(tmp_path / "copies.db"), ms + copies)
    assert _shape(resolve_store(s, size=1)) == _shape(after)
    s.close()
