"""A run says what it could not read: documents in languages with no extractor, events with no
place, events no report dates; each event carries its flags."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


CHINESE = ("叙利亚政府军周日对伊德利卜省南部发动空袭，造成至少十二名平民死亡。当地活动人士说，袭击发生在清晨。"
           "救援人员仍在废墟中搜寻幸存者。\n")


def test_run_reports_and_flags_what_is_out_of_reach(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SHARED / "seeds", src)
    shutil.copy(SHARED / "data" / "arabic-dev" / "sample.txt", src / "arabic.txt")  # read: Arabic has its path
    (src / "zh.txt").write_text(CHINESE, encoding="utf-8")  # stored, not read: no Chinese extractor
    out = tmp_path / "out"
    cli = Path(sys.executable).with_name("sitroom")
    r = subprocess.run([str(cli), "run", str(src), "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr  # docs/safety.md: a document not extracted counts as partly used
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("out of reach:"))
    assert "1 documents in languages not read (zh)" in line
    by_lang = next(ln for ln in r.stdout.splitlines() if ln.startswith("by language:"))
    assert "zh 1 documents, 0 mentions, 0 events (not read)" in by_lang
    ar = re.search(r"ar 1 documents, (\d+) mentions, (\d+) events", by_lang)
    assert ar and int(ar.group(1)) >= 9 and int(ar.group(2)) >= 8, by_lang  # the sample's events, read natively
    events = json.loads((out / "events.json").read_text(encoding="utf-8"))
    inferred = [e for e in events if e["date_inferred"]]
    assert all("date_inferred" in e["flags"] for e in inferred)
    assert all(("no_place" in e["flags"]) == (e["location"] is None) for e in events)
    undated = [e for e in events if "undated" in e["flags"] or "date_inferred" in e["flags"]]
    assert f"{len(undated)} events dated only by publication" in line
