#!/usr/bin/env python3
"""Extraction throughput on one core: articles/s for clean + NLP + extract on the FA-KES articles.

usage: extract_bench.py [CSV] [--repeat N] [--json PATH]

The spaCy model is loaded (and warmed on one article) before the clock starts: the figure is the
steady-state rate a long `sitroom run` sees. Store writes and resolution are timed by bench/bench.py.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the target says

from sitroom.config import load_config  # noqa: E402
from sitroom.ingest.fakes import load_fakes  # noqa: E402
from sitroom.pipeline import Pipeline  # noqa: E402
from sitroom.records import Document  # noqa: E402

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes-dev" / "articles.csv"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv", nargs="?", default=str(DEFAULT_CSV))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    raws = [raw for raw, _ in load_fakes(a.csv)] * a.repeat
    pipe = Pipeline.from_config(load_config(overrides={"typer": {"memo": False}}))  # --repeat repeats sentences
    pipe.process(raws[0])  # warm-up: lazy lexicons, gazetteer patterns
    t0 = time.perf_counter()
    docs = [pipe.clean(r) for r in raws]
    t1 = time.perf_counter()
    ok = [d for d in docs if isinstance(d, Document)]
    mentions = pipe.extract_many(ok)
    t2 = time.perf_counter()
    words = sum(len(d.text.split()) for d in ok)
    fig = {"articles": len(raws), "words": words, "clean_s": round(t1 - t0, 3), "nlp_extract_s": round(t2 - t1, 3),
           "articles_per_s": round(len(raws) / (t2 - t0), 1), "words_per_s": round(words / (t2 - t0)),
           "mentions": sum(map(len, mentions))}
    print(f"{fig['articles']} articles, {fig['words']} words: clean {fig['clean_s']} s, nlp+extract "
          f"{fig['nlp_extract_s']} s -> {fig['articles_per_s']} articles/s ({fig['words_per_s']} words/s) on one core")
    if a.json:
        Path(a.json).write_text(json.dumps(fig, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
