#!/usr/bin/env python3
"""Peak memory of one whole ``sitroom run`` over the 100,000-line feed, in well under the hours it takes.

The feed is ``stream_bench.py``'s: 2,000 varied articles repeated, each line made unique by an item
number. Its first 2,000 lines (every distinct article) are run through ``sitroom run`` for real. The
lines after them, up to the last ``--fresh``, are stored as an interrupted earlier run would have left
them: each line cleaned by the real ingest (its own doc_id, MinHash signature, near-duplicate link) with
the mentions that its article's first line produced, re-keyed to it, and marked extracted by this
extractor version. Then ``sitroom run FEED`` runs as a subprocess over all 100,000 lines: it reads and
cleans every line, skips what is stored, extracts the last ``--fresh`` for real, resolves every stored
mention and writes events.json and events.csv (``--out``). Its resident memory (with children) is sampled every
0.1 s; that peak is the run's.

usage: full_run_bench.py [--lines 100000] [--fresh 200] [--work DIR]
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

VARIANTS = 2000  # stream_bench.write_feed's default: line i is article i % 2000


def head(feed: Path, out: Path, n: int) -> None:
    with feed.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        dst.writelines(itertools.islice(src, n))


def prefill(feed: Path, db: Path, start: int, stop: int) -> int:
    """Store lines [start, stop) of the feed with the mentions of their article's first line."""
    from sitroom.config import load_config
    from sitroom.ingest import clean, iter_raw, link_near_duplicate
    from sitroom.ingest.dedup import index_for
    from sitroom.records import Document
    from sitroom.store import open_store
    version = load_config()["extract"]["version"]
    store = open_store(str(db), create=False)
    index, firsts, n = index_for(store), [], 0
    raws = iter_raw([str(feed)])
    for i, raw in enumerate(itertools.islice(raws, stop)):
        doc = clean(raw)
        if i < VARIANTS:
            firsts.append(doc.doc_id if isinstance(doc, Document) else None)
        if i < start or not isinstance(doc, Document) or firsts[i % VARIANTS] is None:
            continue
        mentions = [dataclasses.replace(m, mention_id=f"{m.mention_id}~{i}", doc_id=doc.doc_id, doc=doc.name)
                    for m in store.mentions(firsts[i % VARIANTS])]
        with store.transaction():
            if not store.has_document(doc.doc_id):
                link_near_duplicate(doc, store, index)
                store.add_document(doc)
            store.replace_mentions(doc.doc_id, mentions, version)
        n += 1
    store.close()
    return n


def main(argv=None) -> int:
    from stream_bench import measure, quarters, write_feed
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--fresh", type=int, default=200, help="last lines left for the measured run to extract")
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="full-run-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    feed, first, db = work / "feed.jsonl", work / "first.jsonl", work / "full.db"
    db.unlink(missing_ok=True)
    size = write_feed(feed, args.lines)
    head(feed, first, VARIANTS)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sitroom.cli", "run", str(first), "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"feed: {args.lines:,} lines, {size / 2**20:,.0f} MB; first {VARIANTS:,} lines run in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    n = prefill(feed, db, VARIANTS, args.lines - args.fresh)
    print(f"stored {n:,} more lines as an earlier run would have, in {time.perf_counter() - t:.0f} s")
    r = measure(feed, db, None, ("--out", str(work / "out")))
    peak = max((m for _, m in r["samples"]), default=0.0)
    print(f"sitroom run over all {args.lines:,} lines: {r['seconds']:.0f} s, exit {r['returncode']}, {r['stored']:,} "
          f"documents stored; peak memory (run and children) {peak:,.0f} MB; per quarter: "
          + ", ".join(f"{m:,.0f}" for m in quarters(r["samples"])) + " MB")
    print(f"target (peak <= 1,536 MB): {'met' if peak <= 1536 else 'NOT met'}")
    return 0 if peak <= 1536 and r["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
