#!/usr/bin/env python3
"""Evaluate event extraction on FA-KES (real Syrian-war casualty articles with gold date and governorate).

usage: eval_fakes.py [CSV] [--limit N] [--show-misses K] [--json]

Prints three shares over the articles: at least one violent event found (target 0.95); the main
event's date within one day of the gold date (target 0.85); the main event's governorate equal to
the gold one (target 0.85). The main event is the first violent mention with a casualty figure,
else the first violent mention. Nothing here is tuned to the file: it runs the real pipeline.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from sitroom.config import load_config
from sitroom.ingest.fakes import load_fakes
from sitroom.normalize.places import governorate_of
from sitroom.pipeline import Pipeline
from sitroom.records import Document

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes-dev" / "articles.csv"


def main_event(mentions):
    """News puts the main event first: the first violent mention with a casualty figure, else the first."""
    violent = [m for m in mentions if m.event_type in VIOLENT]
    counted = [m for m in violent if any(c.kind in ("killed", "wounded") for c in m.claims)]
    return (counted or violent or [None])[0]


def date_ok(m, gold: str) -> bool:
    if not m or not m.date_start:
        return False
    g = dt.date.fromisoformat(gold)
    lo, hi = dt.date.fromisoformat(m.date_start), dt.date.fromisoformat(m.date_end or m.date_start)
    return lo - dt.timedelta(days=1) <= g <= hi + dt.timedelta(days=1)


def evaluate(rows, pipe: Pipeline):
    docs = [pipe.clean(raw) for raw, _ in rows]
    ok = [d for d in docs if isinstance(d, Document)]
    found = dict(zip((d.doc_id for d in ok), pipe.extract_many(ok)))
    out = []
    for (raw, gold), doc in zip(rows, docs):
        m = main_event(found.get(getattr(doc, "doc_id", None), []))
        gov = governorate_of(m.location) if m and m.location else None
        out.append({"name": raw.name, "violent": m is not None, "date": date_ok(m, gold["date"]),
                    "gov": (gov or "").lower() == gold["governorate"], "got_date": m.date_start if m else None,
                    "got_gov": gov, "gold": gold, "quote": m.quote[:160] if m else None})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv", nargs="?", default=str(DEFAULT_CSV))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--config", default=None, help="a TOML file overriding default.toml")
    a = ap.parse_args(argv)
    rows = load_fakes(a.csv)[: a.limit or None]
    res = evaluate(rows, Pipeline.from_config(load_config(a.config)))
    n = len(res)
    share = {k: sum(r[k] for r in res) / n for k in ("violent", "date", "gov")}
    for r in [r for r in res if not (r["date"] and r["gov"])][: a.show_misses]:
        print(json.dumps(r, ensure_ascii=False))
    print(f"FA-KES {n} articles: violent event {share['violent']:.3f} (target 0.95); "
          f"main-event date within 1 day {share['date']:.3f} (target 0.85); "
          f"governorate {share['gov']:.3f} (target 0.85)")
    if a.json:
        print(json.dumps({"articles": n, **{k: round(v, 3) for k, v in share.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
