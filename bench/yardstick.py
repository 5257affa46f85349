"""The yardstick throughput targets are stated in: spaCy's NER pass (senter + ner of en_core_web_sm)
on one core, about 10,000 words/s on the machine the targets assume. Benchmarks measure it in the same
run as their own figures and scale the target by it, since machines differ two- or threefold."""
from __future__ import annotations

import time

import spacy

from sitroom.config import load_config

REFERENCE_WORDS_PER_S = 10_000


def ner_pass(texts: list[str]) -> tuple[float, int]:
    """Seconds the NER pass takes over ``texts`` (model loaded and warmed first), and entities found."""
    cfg = load_config()
    nlp = spacy.load(cfg["nlp"]["model"], exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    nlp.enable_pipe("senter")
    list(nlp.pipe(texts[:2]))
    t0 = time.perf_counter()
    ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=32))
    return time.perf_counter() - t0, ents


def words_per_s(texts: list[str]) -> float:
    seconds, _ = ner_pass(texts)
    return sum(len(t.split()) for t in texts) / seconds


def scaled(target: float, measured_words_per_s: float) -> float:
    """A target stated for the reference machine, for this one."""
    return target * measured_words_per_s / REFERENCE_WORDS_PER_S
