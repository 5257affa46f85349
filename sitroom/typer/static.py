"""Static sentence vectors: multilingual-e5-small distilled into one vector per English word.

A sentence's vector is the sum of its words' vectors, L2-normalised: microseconds a sentence, where e5
itself reads 15-20 sentences a second per core. Each word's vector was fitted so that these sums come
as close as they can to e5's own sentence vectors over 37,446 unlabelled news sentences, starting
from e5's vector of the word read alone and pulled back towards it for the words seen rarely
(``scripts/distill_static.py``, ``docs/typer.md``). Frequent words weigh less (their weight, a/(a+f)
with f the word's frequency in wordfreq's English list, is already in the shipped vectors).

English only: a word outside the 42,000 of the vocabulary adds nothing, and a sentence with no known
word gets the zero vector (the heads then go by their bias and n-grams).
"""
from __future__ import annotations

import functools
from importlib import resources

import numpy as np

from .features import tokens


class StaticEncoder:
    def __init__(self, vocab: list[str], vectors: np.ndarray):
        self.row = {w: i for i, w in enumerate(vocab)}
        self.vectors = vectors
        self.dim = vectors.shape[1]

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "StaticEncoder":
        with (resources.files("sitroom") / "data" / "typer" / "static.npz").open("rb") as fh:
            z = np.load(fh)
            # int8 rows with a scale each: a quarter of float32's size, and the head cannot tell
            vectors = z["vectors"].astype(np.float32) * z["scale"][:, None]
            return cls(z["vocab"].tobytes().decode("utf-8").split("\n"), vectors)

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            ids = [j for j in (self.row.get(t) for t, _, _ in tokens(text)) if j is not None]
            if ids:
                v = self.vectors[ids].sum(axis=0)
                out[i] = v / (np.linalg.norm(v) + 1e-9)
        return out


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and each row's scale (its largest magnitude over 127)."""
    scale = np.abs(vectors).max(axis=1) / 127.0 + 1e-12
    return np.round(vectors / scale[:, None]).astype(np.int8), scale.astype(np.float32)


__all__ = ["StaticEncoder", "quantise"]
