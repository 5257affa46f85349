#!/usr/bin/env python3
"""Score the typer as the pipeline uses it, on the hand-labelled sentences of ``eval/typer/``.

usage: eval_typer.py [--split test|train] [--cross-validated] [--typer ensemble|rules|model] [--json] [--show K]

Each sentence runs through the whole pipeline (clean, NLP, typer, extraction with its actor and
evidence rules) as a one-sentence article. Its prediction is the sub-type of its first event, or
``none`` when it gives none. Printed: event detection P/R/F1, sub-type weighted F1 over the gold
events (a missed event is a wrong sub-type), per-class P/R/F1, the commonest confusions, and the
sentences per second. The ``test`` split is held out: it is never trained or tuned on.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from train_typer import fold_heads, own_set, scores  # noqa: E402

from sitroom.config import load_config  # noqa: E402
from sitroom.pipeline import Pipeline  # noqa: E402
from sitroom.records import Document, RawDoc  # noqa: E402


def predict(items: list[dict], pipe: Pipeline) -> list[str]:
    docs = [pipe.clean(RawDoc(r["id"], r["id"], r["text"], "text")) for r in items]
    ok = [d for d in docs if isinstance(d, Document)]
    found = dict(zip(map(id, ok), pipe.extract_many(ok)))
    return [found[id(d)][0].sub_event_type if found.get(id(d)) else "none" for d in docs]


def predict_cross_validated(items: list[dict], pipe: Pipeline, seed: int, embedder: str = "e5") -> list[str]:
    """The train split through the pipeline, each fold's sentences typed by heads fitted without them:
    a pipeline-level score on train that the heads have not seen (what rule changes may be judged on)."""
    pred = [None] * len(items)
    for held, linear, embedding in _cached_folds(items, seed, embedder):
        pipe.typer.linear, pipe.typer.embedding = linear, embedding
        for i, p in zip(held, predict([items[i] for i in held], pipe)):
            pred[i] = p
    return pred


def _cached_folds(items: list[dict], seed: int, embedder: str) -> list:
    """``fold_heads``, fitted once per labelled set, model card, seed and embedder (eight fits take
    minutes), kept in the cache directory the gazetteer index uses."""
    import hashlib
    import pickle

    from sitroom.geo.index import cache_dir
    from sitroom.typer.heads import card
    key = hashlib.sha256(json.dumps([items, card(), seed, embedder], sort_keys=True).encode()).hexdigest()[:16]
    path = cache_dir() / f"typer-folds-{key}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())  # written by this script, from our own arrays
    folds = fold_heads(items, seed, card(), embedder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(folds))
    return folds


def markdown(s: dict, show: int) -> str:
    d = s["detection"]
    lines = [f"{s['typer']}, {s['split']} split: {s['n']} sentences from {s['countries']} countries; event detection "
             f"P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}; sub-type weighted F1 {s['subtype_weighted_f1']:.3f}",
             "", "| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    lines += [f"| {lab} | {c['precision']:.2f} | {c['recall']:.2f} | {c['f1']:.2f} | {c['support']} |"
              for lab, c in s["per_class"].items()]
    lines += ["", "| gold -> predicted | sentences |", "|---|---|"]
    lines += [f"| {pair} | {n} |" for pair, n in s["confusion"][:show]]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="test", choices=["test", "train"])
    ap.add_argument("--typer", default=None, help="typer component (default: the configuration's)")
    ap.add_argument("--config", default=None, help="a TOML file overriding default.toml (e.g. [typer] thresholds)")
    ap.add_argument("--cross-validated", action="store_true",
                    help="train split only: each fold typed by heads fitted on the other folds (typer.json's settings)")
    ap.add_argument("--seed", type=int, default=13, help="the folds' seed (as train_typer.py's)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", type=int, default=12, help="how many confusions to print")
    ap.add_argument("--markdown", action="store_true", help="print the per-class table and confusions as Markdown")
    args = ap.parse_args(argv)
    cfg = load_config(args.config, overrides={"typer": {"name": args.typer}} if args.typer else None)
    items, pipe = own_set(args.split), Pipeline.from_config(cfg)
    t0 = time.perf_counter()
    if args.cross_validated and args.split != "train":
        ap.error("--cross-validated scores the train split")
    embedder = cfg["typer"].get("embedder", "e5")
    pred = predict_cross_validated(items, pipe, args.seed, embedder) if args.cross_validated else predict(items, pipe)
    elapsed = time.perf_counter() - t0
    s = scores([r["label"] for r in items], pred)
    s.update(typer=cfg["typer"]["name"], split=args.split, sentences_per_second=len(items) / elapsed,
             countries=len({r["country"] for r in items if r["country"]}))
    if args.json:
        print(json.dumps(s, indent=1))
        return 0
    if args.markdown:
        print(markdown(s, args.show))
        return 0
    d = s["detection"]
    print(f"{s['typer']} on {args.split} ({s['n']} sentences, {s['countries']} countries, "
          f"{s['sentences_per_second']:.1f} sentences/s): detection P {d['precision']:.3f} R {d['recall']:.3f} "
          f"F1 {d['f1']:.3f}; sub-type weighted F1 {s['subtype_weighted_f1']:.3f}")
    for lab, c in s["per_class"].items():
        print(f"  {lab:38s} P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f} n {c['support']}")
    for pair, n in s["confusion"][:args.show]:
        print(f"  {n:3d}  {pair}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
