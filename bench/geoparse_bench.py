#!/usr/bin/env python3
"""`sitroom geoparse` beside spaCy's NER pass over the same articles, in one run, on one core.

usage: geoparse_bench.py [CSV] [--repeat N] [--json PATH]

The yardstick is en_core_web_sm's statistical sentence splitter and NER (senter + ner), the pass the
throughput targets are stated in (about 10k words/s per core); the geoparser (world index lookups,
story focus, scoring) runs over the same clean texts. Both are warmed before the clock starts; the
world index is built beforehand if this machine has none. Printed: words/s of each and their ratio.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitroom.config import load_config  # noqa: E402
from sitroom.geo import WorldIndex, geoparse  # noqa: E402
from sitroom.ingest.fakes import load_fakes  # noqa: E402
from sitroom.pipeline import Pipeline  # noqa: E402
from sitroom.records import Document  # noqa: E402
from yardstick import ner_pass  # noqa: E402  (bench/yardstick.py)

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes-dev" / "articles.csv"


def geoparse_pass(texts: list[str]) -> tuple[float, int]:
    WorldIndex.default()
    geoparse(texts[0])  # warm-up: common words, country tables
    t0 = time.perf_counter()
    found = sum(len(geoparse(t)) for t in texts)
    return time.perf_counter() - t0, found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv", nargs="?", default=str(DEFAULT_CSV))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    pipe = Pipeline.from_config(load_config())
    docs = [pipe.clean(raw) for raw, _ in load_fakes(a.csv)]
    texts = [d.text for d in docs if isinstance(d, Document)] * a.repeat
    words = sum(len(t.split()) for t in texts)
    ner_s, ents = ner_pass(texts)
    geo_s, tops = geoparse_pass(texts)
    fig = {"articles": len(texts), "words": words, "ner_s": round(ner_s, 2), "ner_words_per_s": round(words / ner_s),
           "ner_entities": ents, "geoparse_s": round(geo_s, 2), "geoparse_words_per_s": round(words / geo_s),
           "toponyms": tops, "geoparse_over_ner": round(ner_s / geo_s, 2)}
    print(f"{len(texts)} articles, {words} words on one core: spaCy senter+ner {fig['ner_words_per_s']} words/s "
          f"({fig['ner_s']} s); sitroom geoparse {fig['geoparse_words_per_s']} words/s ({fig['geoparse_s']} s, "
          f"{tops} toponyms): geoparse is {fig['geoparse_over_ner']}x the NER pass's speed")
    if a.json:
        Path(a.json).write_text(json.dumps(fig, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
