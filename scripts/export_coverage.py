#!/usr/bin/env python3
"""Share of non-empty values in each export column, on the seeds or on FA-KES dev (issue 13's figure).

usage: export_coverage.py [--corpus seeds|fakes] [--work DIR]

Runs the real pipeline into a fresh database (seeds: ``sitroom run ../shared/seeds``; FA-KES: its
articles through ``ingest.fakes``, gold labels unused), exports CSV, and prints each column's share.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

from sitroom.api import open_db, run
from sitroom.export import export
from sitroom.export.columns import ACLED_COLUMNS, NAMES

SHARED = Path(__file__).resolve().parents[2] / "shared"


def build(corpus: str, work: Path) -> Path:
    db = work / "coverage.db"
    if corpus == "seeds":
        run([SHARED / "seeds"], db=db)
    else:
        from sitroom.ingest.fakes import load_fakes
        folder = work / "fakes"
        folder.mkdir(exist_ok=True)
        with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["file", "outlet", "title"])
            for raw, _gold in load_fakes(SHARED / "data" / "fa-kes-dev" / "articles.csv"):
                (folder / f"{raw.name}.txt").write_text(raw.body, encoding="utf-8")
                out.writerow([f"{raw.name}.txt", raw.outlet or "", raw.title or ""])
        run([folder], db=db)
    return db


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", choices=["seeds", "fakes"], default="seeds")
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="coverage-"))
    with open_db(build(args.corpus, work)) as db:
        events = db.events()
    rows = list(csv.DictReader(export(events, "csv", work / "events.csv", force=True).open(encoding="utf-8")))
    print(f"{args.corpus}: {len(rows)} events")
    for name in NAMES:
        share = sum(bool(r[name]) for r in rows) / len(rows) if rows else 0.0
        print(f"  {'ACLED ' if name in ACLED_COLUMNS else 'sitroom'} {name:22s} {share:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
