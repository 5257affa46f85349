"""Throughput of ``clean()`` on the FA-KES articles (docs/s), printed, never asserted.

Usage: python scripts/bench_clean.py [articles.csv] [--repeat N]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from sitroom.ingest import clean
from sitroom.ingest.fakes import load_fakes
from sitroom.ingest.language import detector

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes-dev" / "articles.csv"


def main(argv: list[str]) -> None:
    path = next((a for a in argv if not a.startswith("--") and not a.isdigit()), str(DEFAULT))
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    raws = [raw for raw, _ in load_fakes(path)]
    t0 = time.perf_counter()
    detector()
    clean(raws[0])  # lazy imports and the language models load once, outside the timing
    print(f"warm-up (imports, lingua models): {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    for _ in range(repeat):
        for raw in raws:
            clean(raw)
    secs = time.perf_counter() - t0
    n = len(raws) * repeat
    chars = sum(len(r.body) for r in raws) * repeat
    print(f"clean(): {n} docs in {secs:.2f} s = {n / secs:.0f} docs/s ({chars / secs / 1e6:.2f} M chars/s)")


if __name__ == "__main__":
    main(sys.argv[1:])
