"""Evaluation gate (trafilatura style): `sitroom run` on the seed corpus, scored by the reference tool,
must stay at or above pinned floors. Raise a floor when the system improves; never lower it quietly."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "tools" / "score_seeds.py"

FLOORS = {  # the issues' targets; measured 2026-11-29: F1 0.974, recall 1.0, claims 17/17, 0 dups, 0 over-merged
    "recall": 0.9,
    "f1": 0.9,
    "claims": 15 / 17,
    "leaked": 0,
    "unverifiable": 0,
    "over_merged": 0,
    "duplicates": 0,
}
# per-field accuracy over matched events: issue 3 asks 0.85 for type, sub-type, date and place;
# actors measured 1.00 on 2026-11-29 after the alliance and supporter rules (0.79 before), pinned below it
FIELD_FLOORS = {"event_type": 0.85, "sub_event_type": 0.85, "date": 0.85, "location": 0.85, "actors": 0.9}

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared (seeds and scorer) is not beside the repo")


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    run = subprocess.run([sys.executable, "-m", "sitroom.cli", "run", str(SHARED / "seeds"), "--out", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def figures(seed_run):
    res = subprocess.run([sys.executable, str(SCORER), str(seed_run / "events.json"), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    print(res.stdout)
    return json.loads([ln for ln in res.stdout.splitlines() if ln.startswith("{")][-1])


def test_seed_scores_meet_floors(figures):
    for key in ("recall", "f1", "claims"):
        assert figures[key] >= FLOORS[key] - 1e-3, key
    for key in ("leaked", "unverifiable", "over_merged", "duplicates"):
        assert figures[key] <= FLOORS[key], key


def test_every_quote_is_verbatim_article_text(seed_run):
    events = json.loads((seed_run / "events.json").read_text(encoding="utf-8"))
    events = events["events"] if isinstance(events, dict) else events
    assert events
    norm = lambda s: " ".join(s.replace("\u00a0", " ").split())
    texts = {p.name: norm(p.read_text(encoding="utf-8")) for p in (SHARED / "seeds").glob("*.txt")}
    for ev in events:
        for rep in ev["reports"]:
            assert norm(rep["quote"]) in texts[Path(rep["doc"]).name]
        for claim in ev["claims"]:
            assert claim["quote"] and norm(claim["quote"]) in texts[Path(claim["doc"]).name]
            assert claim["claimant"]


def test_csv_written_beside_json(seed_run):
    header = (seed_run / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "event_date" in header and "sub_event_type" in header


def test_seed_fields_meet_floors(figures):
    for key, floor in FIELD_FLOORS.items():
        assert figures[key] >= floor - 1e-3, (key, figures[key])

