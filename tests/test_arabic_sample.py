"""The Arabic gate: ../shared/data/arabic-dev/sample.txt gives the events its README lists, through the
same run as English articles (ingest, the Arabic extractor, resolution, the exports)."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from sitroom.pipeline import run_corpus

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "arabic-dev" / "sample.txt"
PUBLISHED = "2017-01-19"  # a Thursday: "يوم الخميس" is the day of publication


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if not SAMPLE.exists():
        pytest.skip("the shared Arabic sample is not beside the repo")
    src = tmp_path_factory.mktemp("in")
    shutil.copy(SAMPLE, src / "sample.txt")
    manifest = src / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["file", "outlet", "published", "url"], ["sample.txt", "", PUBLISHED, ""]])
    out = tmp_path_factory.mktemp("out")
    report = run_corpus([str(src / "sample.txt")], str(out / "s.db"), out, str(manifest))
    events = json.loads((out / "events.json").read_text(encoding="utf-8"))
    return report, events, SAMPLE.read_text(encoding="utf-8")


def _one(events, sub: str, words: str) -> dict:
    found = [e for e in events if e["sub_event_type"] == sub and any(words in r["quote"] for r in e["reports"])]
    assert len(found) == 1, [(e["sub_event_type"], e["reports"][0]["quote"][:40]) for e in events]
    return found[0]


def test_the_sample_is_read_as_arabic_and_gives_its_events(run):
    report, events, _ = run
    assert report.languages["ar"]["documents"] == 1 and not report.not_extracted
    assert len(events) >= 9


def test_sohr_and_aamaq_tolls_are_two_claims_on_one_attack(run):
    _, events, _ = run
    e = _one(events, "Armed clash", "حي الصناعة")
    by = {c["claimant"]: c for c in e["claims"]}
    sohr, aamaq = by["Syrian Observatory for Human Rights"], by["Aamaq"]
    assert (sohr["count"], sohr["qualifier"], sohr["about_enemy"]) == (26, "at least", False)
    assert (aamaq["count"], aamaq["about_enemy"]) == (38, True)  # IS's agency counts its enemy's dead
    assert e["fatalities"]["low"] == 26
    assert e["actor1"] == "Islamic State" and e["actor2"] == "Military Forces of Syria (2000-)"
    assert e["location"]["name"] == "Deir ez-Zor" and e["date_start"] == PUBLISHED


def test_air_strikes_on_albukamal_name_no_attacker(run):
    _, events, _ = run
    e = _one(events, "Air/drone strike", "البوكمال")
    assert e["location"]["name"] == "Albu Kamal" and e["fatalities"]["best"] == 12
    assert e["actor1"] == ""  # "يُرجّح أنها روسية": probably Russian is not stated
    assert e["actor2"] == "Civilians (Syria)"


def test_sanas_figure_for_enemy_dead_is_flagged(run):
    _, events, _ = run
    e = _one(events, "Armed clash", "جبل الثردة")
    [c] = e["claims"]
    assert (c["claimant"], c["count"], c["qualifier"], c["about_enemy"]) == ("SANA", 300, "more than", True)
    assert e["actor1"] == "Military Forces of Syria (2000-)" and e["actor2"] == "Islamic State"


def test_car_bomb_is_dated_from_the_levantine_month_and_eastern_digits(run):
    _, events, _ = run
    e = _one(events, "Remote explosive/landmine/IED", "هرابش")
    assert (e["date_start"], e["time_precision"]) == ("2017-01-15", "day")
    assert "١٥ كانون الثاني ٢٠١٧" in e["reports"][0]["evidence"]["date"]
    tolls = {(c["kind"], c["count"]) for c in e["claims"]}
    assert tolls == {("killed", 7), ("wounded", 20)}
    assert {c["claimant"] for c in e["claims"]} == {"SANA"}  # "وذكر المصدر": the source named before
    assert e["location"]["sub_location"] == "حي هرابش"


def test_capture_abduction_arrest_and_protest(run):
    _, events, _ = run
    cap = _one(events, "Non-state actor overtakes territory", "عياش")
    assert cap["actor1"] == "Islamic State" and cap["location"]["name"] == "Ayyash"
    abd = _one(events, "Abduction/forced disappearance", "البغيلية")
    assert [(c["count"], c["qualifier"]) for c in abd["claims"]] == [(400, "more than")]
    arr = _one(events, "Arrests", "الجورة")
    assert [(c["kind"], c["count"]) for c in arr["claims"]] == [("arrested", 5)]
    pro = _one(events, "Peaceful protest", "الميادين")
    assert (pro["date_start"], pro["location"]["name"], pro["actor1"]) == ("2017-01-03", "al-Mayadin", "Protesters (Syria)")


def test_quotes_are_verbatim_arabic_with_offsets_into_the_original(run):
    _, events, text = run
    for e in events:
        for r in e["reports"]:
            assert text[r["char_start"]:r["char_end"]] == r["quote"]
        for c in e["claims"]:
            assert text[c["char_start"]:c["char_end"]] == c["quote"]
            assert c["victims"] in c["quote"]
        for field, words in e["reports"][0]["evidence"].items():
            assert words in e["reports"][0]["quote"], field
