"""How often a FA-KES article carries a dateline, and how often it agrees with the gold event date.

Usage: python scripts/fakes_datelines.py [articles.csv] [--show-misses]
The gold date is the event date, so a dateline (publication) one day later is normal: we count
a dateline as agreeing when it is within one day of the gold date.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sitroom.ingest.fakes import load_fakes
from sitroom.ingest.metadata import find_dateline

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes-dev" / "articles.csv"


def main(argv: list[str]) -> None:
    path = next((a for a in argv if not a.startswith("--")), str(DEFAULT))
    rows = load_fakes(path)
    with_dl, near, misses = 0, 0, []
    for raw, gold in rows:
        dl = find_dateline(raw.body)
        if not dl or not gold["date"]:
            continue
        with_dl += 1
        gap = abs((dt.date.fromisoformat(dl.date) - dt.date.fromisoformat(gold["date"])).days)
        near += gap <= 1
        if gap > 1:
            misses.append((raw.name, dl.text, gold["date"], gap))
    print(f"articles: {len(rows)}")
    print(f"with a dateline: {with_dl} ({with_dl / len(rows):.1%})")
    print(f"dateline within one day of the gold date: {near}/{with_dl} ({near / max(with_dl, 1):.1%})")
    if "--show-misses" in argv:
        for m in misses:
            print("  miss:", *m)


if __name__ == "__main__":
    main(sys.argv[1:])
