"""The Arabic evaluation gate: the held-out split of eval/arabic (221 sentences from 114 pages, never
tuned on) scored by scripts/eval_arabic.py, with floors pinned a little under what was measured when
they were set, and at the issue's targets where those are met (docs/arabic.md gives the figures). The
reader is deterministic, so a change that loses ground fails here."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import eval_arabic  # noqa: E402

from sitroom.config import load_config  # noqa: E402

FLOORS = {"detection_f1": 0.87, "type_accuracy": 0.71, "places_precision": 0.91, "places_recall": 0.9,
          "place_country_accuracy": 0.89, "dates_read_right": 0.9}


@pytest.fixture(scope="module")
def scores() -> dict:
    rows = eval_arabic.load("test")
    tally = eval_arabic.evaluate(rows, load_config()["arabic"])
    return eval_arabic.report(tally, len(rows), sum(len(r["places"]) for r in rows))


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_held_out_score_stays_above_its_floor(scores, metric):
    assert scores[metric] >= FLOORS[metric], (metric, scores[metric])


def test_the_set_is_split_by_page_and_every_item_has_its_source():
    rows = eval_arabic.load("all")
    assert len(rows) >= 300
    sides = {}
    for r in rows:
        assert r["source"]["url"].startswith("http") and r["label"] and r["split"] in ("train", "test")
        assert all(r["text"][p["start"]:p["start"] + len(p["words"])] == p["words"] for p in r["places"])
        sides.setdefault(r["source"]["url"], set()).add(r["split"])
    assert all(len(s) == 1 for s in sides.values())  # one page, one side
