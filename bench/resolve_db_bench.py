#!/usr/bin/env python3
"""The end of a big run: peak memory and time of resolving and exporting a 100,000-document database.

``stream_bench.py`` measures a whole ``sitroom run`` of a 100,000-line feed, which takes hours here; its
feed repeats the articles of ``corpus.build`` with only an item number added, so every copy of an article
yields the same mentions. This benchmark builds that database directly: it takes a database made by
``sitroom run`` on the corpus (``--source``, the real pipeline's documents and mentions) and stores each
document ``--copies`` times under new ids, mentions included, as the feed's run would have stored them.
Then ``resolve_and_export`` (what ``sitroom run`` does once its inputs are stored: every mention resolved
into events, events.json and events.csv written) runs in a subprocess whose resident memory is sampled
every 0.1 s.

With ``--shift N`` each copy's mentions are dated N days later than the previous copy's: no longer
reprints but distinct events, fifty times as dense as the corpus (the case where parts grow largest).

usage: resolve_db_bench.py --source DB [--copies 50] [--shift 0] [--work DIR]
   e.g. python bench/corpus.py /tmp/c2000 --n 2000 && sitroom run /tmp/c2000 --db /tmp/c2000.db
        python bench/resolve_db_bench.py --source /tmp/c2000.db --copies 50
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DOC_COLS = ("doc_id", "name", "source", "url", "title", "outlet", "published", "published_source", "language", "fmt",
            "original", "text", "offsets", "signature", "near_dup_of", "ingested_at")
RESOLVE = ("import sys; from sitroom.pipeline import resolve_and_export; from sitroom.store import open_store; "
           "s = open_store(sys.argv[1], create=False); print(resolve_and_export(s, sys.argv[2])); s.close()")


def replicate(db: Path, copies: int, shift: int = 0) -> tuple[int, int]:
    """Store every document and its mentions ``copies`` times in all (ids suffixed "~k"). With ``shift``,
    copy k's mentions are dated k * shift days later: distinct events as dense as a war's, not reprints."""
    con = sqlite3.connect(db)
    cols = ", ".join(DOC_COLS)
    renamed = ", ".join({"doc_id": "doc_id || :k", "name": "name || :k"}.get(c, c) for c in DOC_COLS)
    with con:
        con.execute("DELETE FROM event_mentions")
        con.execute("DELETE FROM events")
        for k in range(1, copies):
            suffix = {"k": f"~{k}", "d": f"+{k * shift} days"}
            con.execute(f"INSERT INTO documents ({cols}) SELECT {renamed} FROM documents WHERE doc_id NOT LIKE '%~%'",
                        suffix)
            con.execute("INSERT INTO mentions SELECT mention_id || :k, doc_id || :k, event_type, sub_event_type, "
                        "date(date_start, :d), date(date_end, :d), lat, lon, json_set(body, '$.mention_id', mention_id || :k, "
                        "'$.doc_id', doc_id || :k, '$.date_start', date(date_start, :d), '$.date_end', "
                        "date(date_end, :d)) FROM mentions WHERE mention_id NOT LIKE '%~%'", suffix)
    docs, mentions = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "mentions"))
    con.close()
    return docs, mentions


def measure(db: Path, out: Path) -> dict:
    import psutil
    from stream_bench import rss_mb
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", RESOLVE, str(db), str(out)], stdout=subprocess.PIPE)
    ps, peak = psutil.Process(proc.pid), 0.0
    while proc.poll() is None:
        peak = max(peak, rss_mb(ps))  # the same sampling as stream_bench: the process and its children
        time.sleep(0.1)
    events = proc.stdout.read().decode().strip()
    return {"seconds": time.perf_counter() - t0, "peak_mb": peak, "events": events, "returncode": proc.returncode}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, required=True, help="a database `sitroom run` built on real articles")
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--shift", type=int, default=0, help="days between copies' dates (0: reprints, as the feed)")
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="resolve-db-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "big.db"
    src = sqlite3.connect(f"file:{args.source}?mode=ro", uri=True)
    dst = sqlite3.connect(db)
    src.backup(dst)  # a consistent copy, WAL included
    src.close(), dst.close()
    t = time.perf_counter()
    docs, mentions = replicate(db, args.copies, args.shift)
    print(f"database: {docs:,} documents, {mentions:,} mentions ({db}, built in {time.perf_counter() - t:.0f} s)")
    r = measure(db, work / "out")
    print(f"resolve + export: {r['events']} events in {r['seconds']:.0f} s; peak memory {r['peak_mb']:,.0f} MB"
          + ("" if r["returncode"] == 0 else f" (exit {r['returncode']})"))
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 2**20:,.0f} MB" for p in sorted((work / "out").glob("*")))
    print(f"outputs: {sizes}")
    shutil.rmtree(work / "out", ignore_errors=True)
    return 0 if r["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
