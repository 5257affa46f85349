"""Event resolution on the real seed mentions: merges, non-merges, tolls, stable ids, overrides, increments."""
import csv
import json
import random
from pathlib import Path

import pytest

from sitroom.config import load_config
from sitroom.export import export, write_run_outputs
from sitroom.ingest import iter_raw
from sitroom.pipeline import Pipeline
from sitroom.resolve import attach, record_merge, record_split, resolve
from sitroom.store import open_store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the repo")


@pytest.fixture(scope="module")
def extracted():
    pipe = Pipeline.from_config(load_config())
    return [pipe.process(raw) for raw in iter_raw([str(SEEDS)])]


@pytest.fixture(scope="module")
def mentions(extracted):
    return [m for _, ms in extracted for m in ms]


@pytest.fixture()
def store(tmp_path, extracted):
    s = open_store(str(tmp_path / "r.db"))
    for doc, ms in extracted:
        s.add_document(doc)
        s.replace_mentions(doc.doc_id, ms, "test")
    s.replace_events(resolve(s.mentions()))
    return s


def _event_with(events, words):
    norm = lambda t: " ".join(t.split())  # quotes are verbatim: no-break spaces and all
    found = [e for e in events if any(words in norm(r.quote) for r in e.reports)]
    assert len(found) == 1, (words, len(found))
    return found[0]


def test_ids_are_stable_across_runs_and_input_order(mentions):
    first = [(e.event_id, e.mention_ids) for e in resolve(mentions)]
    shuffled = list(mentions)
    random.Random(7).shuffle(shuffled)
    assert [(e.event_id, e.mention_ids) for e in resolve(shuffled)] == first
    assert [(e.event_id, e.mention_ids) for e in resolve(list(reversed(mentions)))] == first


def test_same_district_months_apart_is_never_merged(mentions):
    events = resolve(mentions)
    dec = _event_with(events, "fell to the group late Wednesday")
    apr = _event_with(events, "took control of the last positions")
    assert dec.event_id != apr.event_id
    assert dec.date_start == "2015-12-23" and apr.date_start == "2016-04-20"


def test_two_places_on_one_day_stay_two_events(mentions):
    events = resolve(mentions)
    ayyash = _event_with(events, "town of Ayyash")
    bogh = _event_with(events, "took control of some territory in the neighboring town")
    assert ayyash.event_id != bogh.event_id and ayyash.date_start == bogh.date_start


def test_one_strike_reported_twice_counts_its_dead_once(mentions):
    events = resolve(mentions)
    ev = _event_with(events, "Two Russian soldiers were killed by artillery fire")
    assert any("came under mortar fire" in r.quote for r in ev.reports)
    assert ev.fatalities["best"] == 2 and ev.fatalities["high"] == 2


def test_reports_from_two_outlets_merge(mentions):
    events = resolve(mentions)
    ev = _event_with(events, "Russian warplanes made more than 80 sorties")
    assert {Path(r.doc).name[:3] for r in ev.reports} == {"002", "003"}
    assert any("merge" not in why and "km apart" in why or "contain" in why for why in ev.merge_reasons)


def test_conflicting_tolls_are_kept_and_reconciled(mentions):
    ev = _event_with(resolve(mentions), "death toll had climbed to at least 135")
    claimed = {(c.claimant, c.count) for c in ev.claims}
    for expected in [("Syrian Observatory for Human Rights", 135), ("SANA", 300), ("Aamaq", 167)]:
        assert expected in claimed
    f = ev.fatalities
    assert f["low"] <= f["best"] <= f["high"] and f["best"] == 135
    assert "Aamaq" in f["reasoning"] and "flagged" in f["reasoning"]
    assert next(c for c in ev.claims if c.claimant == "Aamaq").about_enemy


def test_analyst_merge_and_split_survive_a_rerun(store):
    events = store.events()
    ayyash = _event_with(events, "town of Ayyash")
    bogh = _event_with(events, "took control of some territory in the neighboring town")
    record_merge(store, ayyash.event_id, bogh.event_id)
    store.replace_events(resolve(store.mentions(), store.overrides()))
    merged = _event_with(store.events(), "town of Ayyash")
    assert set(ayyash.mention_ids) | set(bogh.mention_ids) <= set(merged.mention_ids)
    record_split(store, merged.event_id)
    again = resolve(store.mentions(), store.overrides())
    assert _event_with(again, "town of Ayyash").event_id != _event_with(again, "neighboring town").event_id


def test_incremental_attach_matches_a_full_rebuild(tmp_path, extracted):
    s = open_store(str(tmp_path / "inc.db"))
    first, later = extracted[:-1], extracted[-1]
    for doc, ms in first:
        s.add_document(doc)
        s.replace_mentions(doc.doc_id, ms, "test")
    s.replace_events(resolve(s.mentions()))
    before = {e.event_id for e in s.events()}
    s.add_document(later[0])
    s.replace_mentions(later[0].doc_id, later[1], "test")
    attach(later[1], s)
    full = resolve([m for _, ms in extracted for m in ms])
    assert sorted(e.event_id for e in s.events()) == sorted(e.event_id for e in full)
    assert before <= {e.event_id for e in s.events()} | before


def test_exports_read_back(tmp_path, mentions):
    import pyarrow.parquet as pq
    events = resolve(mentions)
    paths = write_run_outputs(events, tmp_path)
    data = json.loads(paths[0].read_text(encoding="utf-8"))
    assert len(data) == len(events) and {"event_id", "claims", "reports", "fatalities"} <= set(data[0])
    rows = list(csv.DictReader(paths[1].open(encoding="utf-8")))
    assert len(rows) == len(events) and {"event_id_cnty", "event_date", "admin1", "fatalities"} <= set(rows[0])
    geo = json.loads(export(events, "geojson", tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and all(f["geometry"]["type"] == "Point" for f in geo["features"])
    table = pq.read_table(export(events, "parquet", tmp_path / "e.parquet"))
    assert table.num_rows == len(events) and "claims" in table.column_names
