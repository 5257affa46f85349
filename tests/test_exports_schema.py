"""The export schema on the seeds, read back by independent readers (pandas, pyarrow, geojson):
ACLED's columns in ACLED's order, CSV and Parquet equal frames, RFC 7946 GeoJSON, docs/exports.md
naming exactly the columns the writers write."""
import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from sitroom.api import open_db, run
from sitroom.export import export
from sitroom.export.columns import COLUMNS

DOCS = Path(__file__).resolve().parents[1] / "docs" / "exports.md"
# ACLED's export columns in ACLED's order, as its codebook lists them (written out here, not imported,
# so a change to the writers cannot silently change what is checked)
ACLED_ORDER = ("event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 "
               "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country "
               "admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities "
               "tags timestamp").split()
FILLED_ON_SEEDS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                   "sub_event_type", "actor1", "inter1", "interaction", "iso", "region", "country", "admin1",
                   "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "timestamp"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory, seeds_dir):
    work = tmp_path_factory.mktemp("exports")
    run([seeds_dir], db=work / "s.db")
    with open_db(work / "s.db") as db:
        events = db.events()
    return {fmt: export(events, fmt, work / f"events.{fmt}") for fmt in ("csv", "parquet", "geojson")} | {"n": len(events)}


def test_csv_has_every_acled_column_in_acled_order_then_sitroom_columns(exported):
    frame = pd.read_csv(exported["csv"])
    assert list(frame.columns[:31]) == ACLED_ORDER
    assert list(frame.columns[31:])[:5] == ["event_id", "date_end", "time_precision_text", "geo_precision_text",
                                            "date_inferred"]
    assert len(frame) == exported["n"] >= 15
    empty = {c: int(frame[c].isna().sum()) for c in FILLED_ON_SEEDS if frame[c].isna().any()}
    assert not empty, empty
    assert set(frame["region"]) == {"Middle East"}
    assert set(zip(frame["country"], frame["iso"])) <= {("Syria", 760), ("Iraq", 368)}
    assert frame["inter1"].between(1, 8).all() and (frame["interaction"] >= 10).all()
    assert set(frame["time_precision"]) <= {1, 2, 3} and set(frame["geo_precision"]) <= {1, 2, 3}


def _unneutralised(frame: pd.DataFrame, parquet: pd.DataFrame) -> pd.DataFrame:
    """The CSV's text cells without the ' that keeps spreadsheets from running a formula (Parquet has none)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype).startswith(("str", "string")):
            fixed = out[col].where(~out[col].fillna("").astype(str).str.match(r"^'[=+\-@\t\r]"), out[col].str[1:])
            out[col] = fixed
    return out


def test_parquet_and_csv_give_equal_frames(exported):
    parquet = pd.read_parquet(exported["parquet"])
    frame = pd.read_csv(exported["csv"], dtype={c.name: _pandas_type(c.kind) for c in COLUMNS})
    parquet = parquet.astype({c.name: _pandas_type(c.kind) for c in COLUMNS})
    assert list(parquet.columns) == list(frame.columns)
    pd.testing.assert_frame_equal(_unneutralised(frame, parquet), parquet, check_dtype=True)
    claims = json.loads(parquet["claims"].iloc[0])
    assert isinstance(claims, list) and all("quote" in c for c in claims)


def _pandas_type(kind: str) -> str:
    return {"int": "Int64", "float": "Float64", "bool": "boolean"}.get(kind, "string")


def test_geojson_is_rfc7946_with_the_same_fields(exported):
    import geojson
    raw = exported["geojson"].read_text(encoding="utf-8")
    collection = geojson.loads(raw)
    assert collection.is_valid, collection.errors()
    data = json.loads(raw)
    assert data["type"] == "FeatureCollection" and "crs" not in data and len(data["features"]) == exported["n"]
    rows = {r["event_id"]: r for r in csv.DictReader(exported["csv"].open(encoding="utf-8"))}
    for feat in data["features"]:
        props = feat["properties"]
        assert list(props) == [c.name for c in COLUMNS]
        lon, lat = feat["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert (lon, lat) == (props["longitude"], props["latitude"])  # [lon, lat], never [lat, lon]
        assert float(rows[feat["id"]]["longitude"]) == lon and 29 < lat < 38  # Syria, Iraq: a swap would show


def test_docs_list_each_column_in_order_with_its_type():
    table = re.findall(r"^\| `(\w+)` \| (\w+) \| ([^|]+) \|", DOCS.read_text(encoding="utf-8"), re.M)
    assert [(name, kind) for name, kind, _ in table] == [(c.name, c.kind) for c in COLUMNS]
    acled = {name: counterpart.strip() for name, _, counterpart in table[:31]}
    assert all(acled[n] == f"`{n}`" for n in ACLED_ORDER)
