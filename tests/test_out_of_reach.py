"""A run says what it could not read: documents in languages with no extractor, events with no
place, events no report dates; each event carries its flags."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_run_reports_and_flags_what_is_out_of_reach(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SHARED / "seeds", src)
    shutil.copy(SHARED / "data" / "arabic-dev" / "sample.txt", src / "arabic.txt")
    out = tmp_path / "out"
    cli = Path(sys.executable).with_name("sitroom")
    r = subprocess.run([str(cli), "run", str(src), "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr  # docs/safety.md: a document not extracted counts as partly used
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("out of reach:"))
    assert "1 documents in languages not read (ar)" in line
    events = json.loads((out / "events.json").read_text(encoding="utf-8"))
    inferred = [e for e in events if e["date_inferred"]]
    assert all("date_inferred" in e["flags"] for e in inferred)
    assert all(("no_place" in e["flags"]) == (e["location"] is None) for e in events)
    assert f"{len(inferred)} events dated only by publication" in line
