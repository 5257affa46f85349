"""Exports read back by their own readers: JSON exchange records, ACLED CSV, GeoJSON, Parquet, plugins."""
import csv
import json

import pytest

from sitroom.errors import ConfigError
from sitroom.export import export, formats, register, write_run_outputs
from sitroom.export.columns import ACLED_COLUMNS, NAMES
from sitroom.records import Claim, Event, Location, Report

# A comment-tail style quote: markup and a formula must come out as inert text in every format.
HOSTILE = '<script>alert("x")</script> =HYPERLINK("http://evil") , "quoted"'


def _event(eid: str, place: Location | None, quote: str = "Two Russian soldiers were killed by artillery fire.") -> Event:
    claim = Claim(2, claimant="Russian Defence Ministry", claimant_kind="government", doc="003.txt",
                  quote=quote, char_start=10, char_end=10 + len(quote))
    return Event(eid, "Explosions/Remote violence", "Shelling/artillery/missile attack", "2017-09-05", "2017-09-05",
                 "day", place, "Islamic State", "Military Forces of Russia (2000-)",
                 {"low": 2, "best": 2, "high": 2, "method": "ucdp", "reasoning": "one claim", "by_kind": {"killed": {}}},
                 [claim], [Report("003.txt", quote, 10, 10 + len(quote), "Reuters", "2017-09-06", "m1")],
                 ["same type; 0.0 km apart"], ["m1"])


@pytest.fixture()
def events():
    dez = Location("Deir ez-Zor", "Syria", "Deir ez-Zor", 35.336, 40.14, "exact", sub_location="airbase")
    prov = Location("Deir ez-Zor governorate", "Syria", "Deir ez-Zor", 35.0, 40.5, "admin1")
    return [_event("ev-a", dez), _event("ev-b", prov, HOSTILE), _event("ev-c", None)]


def test_csv_has_acled_headers_and_codes(tmp_path, events):
    rows = list(csv.DictReader(export(events, "csv", tmp_path / "e.csv").open(encoding="utf-8")))
    assert list(rows[0]) == NAMES and NAMES[:31] == ACLED_COLUMNS and len(rows) == 3
    a, b, c = rows
    assert (a["event_date"], a["year"], a["time_precision"], a["geo_precision"]) == ("2017-09-05", "2017", "1", "1")
    assert b["geo_precision"] == "3" and a["iso"] == "760" and a["fatalities"] == "2"
    assert c["latitude"] == "" and c["country"] == ""
    assert HOSTILE in b["notes"]  # the csv module quotes it; it is read back verbatim, not split


def test_json_is_the_exchange_format(tmp_path, events):
    data = json.loads(export(events, "json", tmp_path / "e.json").read_text(encoding="utf-8"))
    keys = {"event_id", "event_type", "sub_event_type", "date_start", "date_end", "time_precision", "location",
            "actor1", "actor2", "fatalities", "claims", "reports", "merge_reasons"}
    assert keys <= set(data[0]) and "mention_ids" not in data[0]
    assert data[0]["location"]["sub_location"] == "airbase" and data[1]["reports"][0]["quote"] == HOSTILE
    assert data[0]["claims"][0]["claimant"] == "Russian Defence Ministry"


def test_geojson_points_and_unplaced_events(tmp_path, events):
    geo = json.loads(export(events, "geojson", tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and [f["id"] for f in geo["features"]] == ["ev-a", "ev-b", "ev-c"]
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert (lon, lat) == (40.14, 35.336)  # GeoJSON is lon, lat
    assert geo["features"][2]["geometry"] is None  # RFC 7946 3.2: an unlocated feature keeps its properties
    assert list(geo["features"][0]["properties"]) == NAMES and geo["features"][0]["properties"]["fatalities"] == 2


def test_parquet_reads_back_with_pyarrow(tmp_path, events):
    import pyarrow.parquet as pq
    t = pq.read_table(export(events, "parquet", tmp_path / "e.parquet")).to_pylist()
    assert [r["event_id_cnty"] for r in t] == ["ev-a", "ev-b", "ev-c"]
    assert t[0]["latitude"] == 35.336 and t[2]["latitude"] is None
    assert json.loads(t[1]["reports"])[0]["quote"] == HOSTILE and t[0]["fatalities_high"] == 2


def test_run_outputs_and_unknown_format(tmp_path, events):
    paths = write_run_outputs(events, tmp_path / "run")
    assert [p.name for p in paths] == ["events.json", "events.csv"] and all(p.stat().st_size for p in paths)
    with pytest.raises(ConfigError):
        export(events, "xlsx", tmp_path / "e.xlsx")


def test_a_registered_plugin_is_used(tmp_path, events, monkeypatch):
    from sitroom import export as registry
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))  # the plugin does not outlive the test

    @register("ids-test")
    def write_ids(evs, path):
        path.write_text("\n".join(e.event_id for e in evs), encoding="utf-8")
        return path
    assert "ids-test" in formats()
    assert export(events, "ids-test", tmp_path / "ids.txt").read_text(encoding="utf-8").split() == ["ev-a", "ev-b", "ev-c"]


def test_reports_carry_the_words_each_field_came_from(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    run = subprocess.run([sys.executable, "-m", "sitroom.cli", "run", str(seeds), "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    data = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
    events = data["events"] if isinstance(data, dict) else data
    reports = [r for e in events for r in e["reports"]]
    assert all(isinstance(r["evidence"], dict) for r in reports)
    assert sum("actor1" in r["evidence"] for r in reports) >= len(reports) // 2
    for r in reports:
        for words in r["evidence"].values():
            assert " ".join(words.split()).lower() in " ".join(r["quote"].replace("\u00a0", " ").split()).lower()


def test_acled_inter_and_interaction_codes(tmp_path):
    """Each side's ACLED inter code in the event's country (state forces abroad are external, 8), the
    event's interaction code, and the ISO number of its country."""
    import dataclasses

    from sitroom.export.columns import event_row as acled_row
    loc = Location("Kidal", "Mali", "Kidal", 18.44, 1.41)
    base = _event("e1", loc)
    row = acled_row(dataclasses.replace(base, actor1="JNIM: Group for Support of Islam and Muslims",
                                        actor2="Military Forces of Mali (2021-)"))
    assert (row["inter1"], row["inter2"], row["interaction"], row["iso"]) == (2, 1, 12, 466)
    row = acled_row(dataclasses.replace(base, actor1="Military Forces of Russia (2000-)", actor2="Civilians (Mali)"))
    assert (row["inter1"], row["inter2"], row["interaction"]) == (8, 7, 78)
    row = acled_row(dataclasses.replace(base, actor1="Protesters (Mali)", actor2=""))
    assert (row["inter1"], row["inter2"], row["interaction"]) == (6, None, 60)
