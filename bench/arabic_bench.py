#!/usr/bin/env python3
"""Arabic beside English in one run: words/s of extraction on one core, with the yardstick.

usage: arabic_bench.py [--english N] [--repeat N] [--json PATH]

Arabic: the sentences of eval/arabic joined back into one article per page (195 pages of real Arabic
news), read by the Arabic path with the learned component on (the configuration's thresholds) and off.
English: the first N FA-KES articles through the English path (spaCy NER, typer, extraction). The
yardstick (spaCy's senter + ner on the English texts, bench/yardstick.py) is measured in the same run;
the spaCy models and lexicons are loaded and warmed before the clock starts.
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from yardstick import words_per_s  # noqa: E402

from sitroom.arabic import extract_mentions  # noqa: E402
from sitroom.config import load_config  # noqa: E402
from sitroom.ingest import clean  # noqa: E402
from sitroom.ingest.fakes import load_fakes  # noqa: E402
from sitroom.pipeline import Pipeline  # noqa: E402
from sitroom.records import Document, RawDoc  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FAKES = ROOT.parent / "shared" / "data" / "fa-kes-dev" / "articles.csv"


def arabic_docs() -> list[Document]:
    pages = defaultdict(list)
    for line in (ROOT / "eval" / "arabic" / "sentences.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        pages[r["source"]["url"]].append(r["text"])
    docs = [clean(RawDoc(url, url, " ".join(texts))) for url, texts in pages.items()]
    return [d for d in docs if isinstance(d, Document)]


def timed(fn, docs) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = sum(len(fn(d)) for d in docs)
    return time.perf_counter() - t0, n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--english", type=int, default=120)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    cfg = load_config()
    ar = arabic_docs() * a.repeat
    en = [d for d in (clean(r) for r, _ in list(load_fakes(str(FAKES)))[:a.english]) if isinstance(d, Document)]
    pipe = Pipeline.from_config(cfg)
    pipe.extract_many(en[:2])
    extract_mentions(ar[0], cfg["arabic"])  # warm: lexicons, gazetteer names, the encoder
    from sitroom.normalize.places import Gazetteer
    Gazetteer.default()  # the curated gazetteer (districts under their towns), loaded once per process
    fig = {"yardstick_words_per_s": round(words_per_s([d.text for d in en]))}
    t0 = time.perf_counter()
    en_mentions = sum(map(len, pipe.extract_many(en)))
    en_s = time.perf_counter() - t0
    ar_s, ar_mentions = timed(lambda d: extract_mentions(d, cfg["arabic"]), ar)
    rules_s, rules_mentions = timed(lambda d: extract_mentions(d), ar)
    ar_words, en_words = sum(len(d.text.split()) for d in ar), sum(len(d.text.split()) for d in en)
    fig.update({"arabic_docs": len(ar), "arabic_words": ar_words, "arabic_mentions": ar_mentions,
                "arabic_words_per_s": round(ar_words / ar_s), "arabic_rules_only_words_per_s": round(ar_words / rules_s),
                "arabic_rules_only_mentions": rules_mentions,
                "english_docs": len(en), "english_words": en_words, "english_mentions": en_mentions,
                "english_words_per_s": round(en_words / en_s)})
    print(f"yardstick (spaCy senter+ner, one core): {fig['yardstick_words_per_s']} words/s")
    print(f"English: {len(en)} articles, {en_words} words -> {fig['english_words_per_s']} words/s, {en_mentions} mentions")
    print(f"Arabic:  {len(ar)} articles, {ar_words} words -> {fig['arabic_words_per_s']} words/s with the learned "
          f"component, {fig['arabic_rules_only_words_per_s']} words/s rules only ({ar_mentions} / {rules_mentions} mentions)")
    if a.json:
        Path(a.json).write_text(json.dumps(fig, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
