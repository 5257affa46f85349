"""Speed of find_claims and event_date on the FA-KES development articles, and a rough date check.

    .venv/bin/python scripts/bench_claims_dates.py [--csv PATH] [--repeat N]

Prints sentences per second for each function (sentences split simply, as in claims_on_seeds.py).
FA-KES gives no publication date, so for the date check the article's dateline (the first absolute
date in its text) stands in for it; the event date of an article is event_date() of its first
sentence holding a casualty claim, compared with the gold date (exact day, and within 1 and 3 days).
"""
from __future__ import annotations

import argparse
import csv
import time
from datetime import date, datetime
from pathlib import Path

from claims_on_seeds import split_sentences
from sitroom.extract.claims import find_claims
from sitroom.normalize.dates import event_date, find_dates

FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes-dev" / "articles.csv"


def _dateline(text: str) -> date | None:
    found = [t for t in find_dates(text[:200], None) if t.precision == "day"]
    return found[0].start if found else None


def _timed(fn, jobs, repeat: int) -> float:
    t0 = time.perf_counter()
    for _ in range(repeat):
        for job in jobs:
            fn(*job)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default=str(FAKES))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rows = list(csv.DictReader(open(args.csv, encoding="utf-8")))
    docs = [(r["article_content"], split_sentences(r["article_content"]), r["source"]) for r in rows]
    n_sent = sum(len(d[1]) for d in docs)
    secs = _timed(find_claims, docs, args.repeat)
    print(f"find_claims: {len(rows)} articles, {n_sent} sentences, {args.repeat * n_sent / secs:,.0f} sentences/s")
    pubs = [_dateline(r["article_content"]) for r in rows]
    jobs = [(t[a:b], pub) for (t, spans, _), pub in zip(docs, pubs) for a, b in spans]
    secs = _timed(event_date, jobs, args.repeat)
    print(f"event_date:  {len(jobs)} sentences, {args.repeat * len(jobs) / secs:,.0f} sentences/s")
    _date_check(rows, docs, pubs)


def _date_check(rows, docs, pubs) -> None:
    hits = {0: 0, 1: 0, 3: 0}
    dated = 0
    for r, (text, spans, outlet), pub in zip(rows, docs, pubs):
        gold = datetime.strptime(r["date"], "%m/%d/%Y").date()
        claims = find_claims(text, spans, outlet)
        if not claims or pub is None:
            continue
        a, b = spans[claims[0][0]]
        te = event_date(text[a:b], pub)
        day = te.start if te and te.precision == "day" else pub
        dated += 1
        for tol in hits:
            hits[tol] += abs((day - gold).days) <= tol
    print(f"date check: {dated}/{len(rows)} articles with a dateline and a claim; "
          + ", ".join(f"within {k} d: {v / max(1, dated):.1%}" for k, v in hits.items()))


if __name__ == "__main__":
    main()
