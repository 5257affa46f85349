#!/usr/bin/env python3
"""Distil multilingual-e5-small into static English word vectors (``sitroom/data/typer/static.npz``).

usage: distill_static.py [--lam 0.03] [--out FILE] [--no-save]      (needs the ``data`` extra: wordfreq)

1. Vocabulary: wordfreq's 40,000 commonest English words, the words of the typer's train split and of
   the synthetic stories, and "0" (every number, as ``typer.features.tokens`` reads it).
2. Each word's starting vector is e5's vector of the word read alone.
3. Unlabelled sentences (``corpus``): the UCDP headlines, the FA-KES and GeoVirus articles, 15,000
   sentences of the synthetic stories (a fixed draw), none of the typer's labelled set (its train split
   is what the heads are cross-validated on, so its sentences must be as new to the vectors as the test
   split's are) and none of the world set's test split. 10% are held back to score the fit.
4. The fit: the vectors W minimising |X W - Y|^2 + lam |W - W0|^2, where a row of X is a sentence's
   words weighted a/(a+f) (f: the word's wordfreq frequency; a = 1e-3) and summing to 1, Y its e5
   vectors, W0 the starting vectors. A word seen often moves towards what it means in sentences; a
   word seen rarely or never keeps its own reading. Solved by conjugate gradients, one system per
   dimension, all at once (deterministic).
e5 vectors are cached (``$SITROOM_CACHE`` or ~/.cache/sitroom/distill); the first run embeds about
80,000 texts (about 25 min on two cores), a rerun takes a minute.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import os
import random
import re
import sys
from pathlib import Path

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from sitroom.typer.features import tokens  # noqa: E402
from sitroom.typer.static import quantise  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
TYPER_SET = ROOT / "eval" / "typer" / "sentences.jsonl"
WORLD_SET = ROOT / "eval" / "world" / "sentences.jsonl"
OUT = ROOT / "sitroom" / "data" / "typer" / "static.npz"
SIF_A = 1e-3
TOP_WORDS = 40_000
SYNTHETIC = 15_000
HELD = 0.1
LAM = 0.03  # of 1.0, 0.3, 0.1, 0.03, 0.01: 0.03 and 0.1 held the fit best (cosine 0.953); 0.03 gave the better head
ITERATIONS = 60  # conjugate-gradient steps: the held-out cosine stops rising after about 50
csv.field_size_limit(1 << 30)
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(re.sub(r"\s+", " ", text)) if s.strip()]


def _rows(path: Path):
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        yield from csv.DictReader(fh)


def corpus(seed: int = 7) -> list[str]:
    """The unlabelled sentences, shuffled with ``seed``: 4 to 60 words, each once."""
    found: dict[str, str] = {}
    for f in sorted((SHARED / "ucdp-ged").glob("*.csv")):
        for r in _rows(f):
            for h in r["source_headline"].split(";"):
                found.setdefault(h.strip(), "ucdp")
    for r in _rows(SHARED / "ngec-synthetic" / "stories.csv"):
        for s in _sentences(r["text"]):
            found.setdefault(s, "ngec")
    for r in _rows(SHARED / "fa-kes-dev" / "articles.csv"):
        for s in _sentences(r["article_content"]):
            found.setdefault(s, "fakes")
    xml = (SHARED / "geovirus-dev" / "GeoVirus.xml").read_text(encoding="utf-8")
    for t in re.findall(r"<text>(.*?)</text>", xml, re.S):
        for s in _sentences(html.unescape(t)):
            found.setdefault(s, "geovirus")
    banned = _labelled()
    items = [(s, src) for s, src in found.items() if 4 <= len(s.split()) <= 60 and s not in banned]
    random.Random(seed).shuffle(items)
    ngec = [s for s, src in items if src == "ngec"][:SYNTHETIC]
    return [s for s, src in items if src != "ngec"] + ngec


def _labelled() -> set[str]:
    """The typer set's sentences (both splits) and the world set's test split: never distilled on."""
    typer = {json.loads(line)["text"] for line in TYPER_SET.read_text(encoding="utf-8").splitlines()}
    world = [json.loads(line) for line in WORLD_SET.read_text(encoding="utf-8").splitlines()]
    return typer | {r["text"] for r in world if r.get("split") == "test"}


def vocabulary() -> list[str]:
    from wordfreq import top_n_list
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_typer import ngec_examples, own_set
    words = [w for w in top_n_list("en", TOP_WORDS) if re.fullmatch(r"[a-z]+(?:'[a-z]+)?", w)]
    extra = {t for r in own_set("train") for t, _, _ in tokens(r["text"])}
    extra |= {t for text, _ in ngec_examples() for t, _, _ in tokens(text)}
    return list(dict.fromkeys(words + sorted(extra - {"0"}) + ["0"]))


def e5_cached(texts: list[str], name: str) -> np.ndarray:
    """e5 vectors of ``texts``, kept on disk under a digest of the texts."""
    from sitroom.typer.heads import embed
    key = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    cache = Path(os.environ.get("SITROOM_CACHE", Path.home() / ".cache" / "sitroom")) / "distill"
    path = cache / f"{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    cache.mkdir(parents=True, exist_ok=True)
    v = embed(texts).astype(np.float32)
    np.save(path, v)
    return v


def weights(vocab: list[str]) -> np.ndarray:
    from wordfreq import word_frequency
    return np.array([SIF_A / (SIF_A + word_frequency(w, "en")) for w in vocab], dtype=np.float64)


def design(texts: list[str], vocab: list[str], sif: np.ndarray) -> sparse.csr_matrix:
    """A row per text: its known words, weighted ``sif`` and summing to 1."""
    row = {w: i for i, w in enumerate(vocab)}
    r, c, v = [], [], []
    for i, text in enumerate(texts):
        ids = [row[t] for t, _, _ in tokens(text) if t in row]
        w = sif[ids]
        r += [i] * len(ids)
        c += ids
        v += list(w / max(w.sum(), 1e-12))
    return sparse.csr_matrix((v, (r, c)), shape=(len(texts), len(vocab)))


def fit(x: sparse.csr_matrix, y: np.ndarray, w0: np.ndarray, lam: float) -> np.ndarray:
    """Conjugate gradients on (X'X + lam I) W = X'Y + lam W0, one system per column, side by side."""
    def apply(p):
        return x.T @ (x @ p) + lam * p
    w = w0.copy()
    r = x.T @ y + lam * w0 - apply(w)
    p, rs = r.copy(), (r * r).sum(axis=0)
    for _ in range(ITERATIONS):
        ap = apply(p)
        alpha = rs / np.maximum((p * ap).sum(axis=0), 1e-300)
        w += p * alpha
        r -= ap * alpha
        rn = (r * r).sum(axis=0)
        p, rs = r + p * (rn / np.maximum(rs, 1e-300)), rn
    return w


def cosine(x: sparse.csr_matrix, w: np.ndarray, y: np.ndarray) -> float:
    u = x @ w
    u /= np.linalg.norm(u, axis=1, keepdims=True) + 1e-12
    return float((u * y).sum(axis=1).mean())


def distil(lam: float) -> tuple[list[str], np.ndarray, dict]:
    texts, vocab = corpus(), vocabulary()
    y, w0 = e5_cached(texts, "corpus").astype(np.float64), e5_cached(vocab, "words").astype(np.float64)
    sif = weights(vocab)
    sif[vocab.index("0")] = 0.5  # a number says less than a word, more than "the"
    x = design(texts, vocab, sif)
    cut = int(len(texts) * (1 - HELD))
    w = fit(x[:cut], y[:cut], w0, lam)
    report = {"sentences": len(texts), "vocabulary": len(vocab), "lam": lam,
              "held_cosine_word_alone": round(cosine(x[cut:], w0, y[cut:]), 4),
              "held_cosine_fitted": round(cosine(x[cut:], w, y[cut:]), 4)}
    return vocab, (w * sif[:, None]).astype(np.float32), report  # the weights go into the vectors


def save(vocab: list[str], vectors: np.ndarray, out: Path) -> None:
    q, scale = quantise(vectors)
    np.savez_compressed(out, vocab=np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
                        vectors=q, scale=scale)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lam", type=float, default=LAM)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args(argv)
    vocab, vectors, report = distil(args.lam)
    if not args.no_save:
        save(vocab, vectors, args.out)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
