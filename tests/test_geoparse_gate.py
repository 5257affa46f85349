"""Evaluation gate (trafilatura style): `sitroom geoparse` on the GeoVirus dev corpus, scored by the
reference tool, must stay at or above pinned floors. Raise a floor when the system improves; never
lower it quietly."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "tools" / "score_geoparse.py"
CORPUS = SHARED / "data" / "geovirus-dev" / "GeoVirus.xml"

# issue 10's targets are recognition F1 0.80 and end to end 0.75; measured 2026-12-07:
# F1 0.901, acc@161 km 0.862, end to end 0.817 (0.727 before the mainland-centroid country points)
FLOORS = {"f1": 0.88, "acc161": 0.84, "end_to_end161": 0.79}

pytestmark = pytest.mark.skipif(not (SCORER.exists() and CORPUS.exists()),
                                reason="../shared (GeoVirus and its scorer) is not beside the repo")


@pytest.fixture(scope="module")
def figures():
    cli = shutil.which("sitroom", path=str(Path(sys.executable).parent))
    assert cli, "the sitroom console script is not installed beside this interpreter"
    res = subprocess.run([sys.executable, str(SCORER), str(CORPUS), "--cli", cli, "--json"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_geovirus_floor(figures, name):
    assert figures[name] >= FLOORS[name], f"{name} {figures[name]} fell below its floor {FLOORS[name]}"
