#!/usr/bin/env python3
"""Streaming ingestion: time to the first stored document and peak memory of ``sitroom run`` on a
100,000-line JSONL feed (issue 14's targets: first document within 10 s, peak at most 1.5 GB).

The feed repeats varied FA-KES/seed articles (``corpus.build``), each line made unique by an item
number, so every line is a new document. ``sitroom run`` runs as a subprocess; its resident memory
(with any children) is sampled every 0.1 s, and the database is polled (read-only) for the first
committed document. A whole 100,000-article run takes about an hour on two cores, so by default the
run is stopped after ``--seconds``; memory is printed per quarter of that window, which shows
whether it stays flat. ``--full`` lets the run finish. ``resolve_db_bench.py`` measures the end of such a
run (resolve and export over the 100,000 stored documents) without the hours of extraction.

usage: stream_bench.py [--lines 100000] [--seconds 180] [--full] [--work DIR]
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
NO_MEMO = Path(__file__).with_name("no-memo.toml")  # the feed's lines share most sentences


def write_feed(path: Path, lines: int, variants: int = 2000) -> int:
    """``lines`` JSONL articles; returns the file's size in bytes."""
    from corpus import build
    raws = build(variants)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(lines):
            raw = raws[i % len(raws)]
            fh.write(json.dumps({"text": f"{raw.body}\n\n(Feed item {i}.)", "url": f"https://feed.example/{i}",
                                 "outlet": raw.outlet, "published": raw.published}) + "\n")
    return path.stat().st_size


def rss_mb(proc) -> float:
    import psutil
    try:
        procs = [proc] + proc.children(recursive=True)
        return sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20
    except psutil.Error:
        return 0.0


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # not created yet, or mid-migration
        return 0


def measure(feed: Path, db: Path, seconds: float | None, extra: tuple[str, ...] = ()) -> dict:
    import psutil
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "sitroom.cli", "run", str(feed), "--db", str(db), "--config", str(NO_MEMO), *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    samples: list[tuple[float, float]] = []
    first, last_poll = None, 0.0
    while proc.poll() is None:
        now = time.perf_counter() - t0
        samples.append((now, rss_mb(ps)))
        if first is None and now - last_poll >= 0.25:
            last_poll = now
            first = now if stored(db) else None
        if seconds is not None and now >= seconds:
            proc.terminate()
            break
        time.sleep(0.1)
    proc.wait(timeout=60)
    return {"seconds": time.perf_counter() - t0, "first": first, "samples": samples, "stored": stored(db),
            "finished": seconds is None or proc.returncode in (0, 1), "returncode": proc.returncode}


def quarters(samples: list[tuple[float, float]]) -> list[float]:
    """Peak memory in each quarter of the run: flat memory shows as four similar figures."""
    end = samples[-1][0] if samples else 0
    return [max((m for t, m in samples if end * q / 4 <= t <= end * (q + 1) / 4), default=0.0) for q in range(4)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=180.0, help="stop the run after this long (ignored with --full)")
    ap.add_argument("--full", action="store_true", help="let the run finish")
    ap.add_argument("--work", type=Path, default=None, help="folder for the feed and the database")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="stream-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    feed, db = work / "feed.jsonl", work / "stream.db"
    db.unlink(missing_ok=True)
    size = write_feed(feed, args.lines)
    r = measure(feed, db, None if args.full else args.seconds)
    peak = max((m for _, m in r["samples"]), default=0.0)
    first = r["first"]
    print(f"feed: {args.lines:,} lines, {size / 2**20:,.0f} MB ({feed})")
    print(f"time to first stored document: {first:.1f} s" if first is not None else "no document stored")
    print(f"stored {r['stored']:,} documents in {r['seconds']:.0f} s"
          + ("" if args.full else f" (stopped after {args.seconds:g} s)") + f"; {r['stored'] / r['seconds']:.1f} documents/s")
    print(f"peak memory (run and children): {peak:,.0f} MB; per quarter: "
          + ", ".join(f"{m:,.0f}" for m in quarters(r["samples"])) + " MB")
    ok = first is not None and first <= 10 and peak <= 1536
    print(f"targets (first document <= 10 s, peak <= 1,536 MB): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
