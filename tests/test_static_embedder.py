"""The static embedder (``sitroom.typer.static``): e5 distilled into English word vectors, shipped in the
package, with its own embedding head, chosen by ``[typer] embedder``. Sentences are the typer set's
(addresses in eval/typer/sentences.jsonl); its test split is scored, never trained on."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from sitroom.errors import ConfigError
from sitroom.typer.heads import EmbeddingHead, card, embed
from sitroom.typer.labels import LABELS
from sitroom.typer.static import StaticEncoder, quantise

ROOT = Path(__file__).resolve().parents[1]
ITEMS = [json.loads(line) for line in (ROOT / "eval" / "typer" / "sentences.jsonl").read_text("utf-8").splitlines()]
TEST = [r for r in ITEMS if r["split"] == "test"]


def test_the_vectors_load_from_the_package_and_follow_e5():
    enc = StaticEncoder.default()
    assert len(enc.row) > 40_000 and enc.dim == 384
    texts = [r["text"] for r in TEST[:40]]
    s, e = enc.encode(texts), embed(texts)
    assert np.allclose(np.linalg.norm(s, axis=1), 1, atol=1e-4)
    # each held-out sentence's static vector is nearer its own e5 vector than the others' are, on average
    sim = s @ e.T
    own, others = np.diag(sim).mean(), (sim.sum() - np.trace(sim)) / (len(texts) * (len(texts) - 1))
    assert own > others + 0.05, (own, others)


def test_a_text_with_no_english_word_gets_no_direction():
    enc = StaticEncoder.default()
    v = enc.encode(["قصف مدفعي على ريف إدلب", "Gunmen killed five farmers"])
    assert not v[0].any() and v[1].any()


def test_quantised_rows_keep_their_direction():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 384)).astype(np.float32)
    q, scale = quantise(x)
    back = q.astype(np.float32) * scale[:, None]
    cos = (back * x).sum(1) / np.linalg.norm(back, axis=1) / np.linalg.norm(x, axis=1)
    assert q.dtype == np.int8 and cos.min() > 0.999


def test_the_static_head_types_held_out_sentences_above_its_floor():
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_typer import scores
    head = EmbeddingHead.default("static")
    p = head.probs_many([r["text"] for r in TEST], memo=False)
    s = scores([r["label"] for r in TEST], [LABELS[j] for j in p.argmax(axis=1)])
    shipped = card()["held_out"]["static"]
    assert abs(s["subtype_weighted_f1"] - shipped["subtype_weighted_f1"]) < 1e-3  # the card says what ships
    assert s["subtype_weighted_f1"] >= 0.70 and s["detection"]["f1"] >= 0.88  # pinned floors


def test_the_configuration_chooses_the_embedder():
    from sitroom import typer
    fast = typer.get({"name": "ensemble", "embedder": "static"})
    assert fast.embedding is EmbeddingHead.default("static")
    assert fast.embedding.encode == StaticEncoder.default().encode
    assert typer.get({"name": "ensemble"}).embedding is EmbeddingHead.default("e5")
    # default.toml's [typer.static] thresholds hold for the static head only
    from sitroom.config import load_config
    cfg = load_config(None)["typer"]
    assert (typer.get(cfg).event, typer.get({**cfg, "embedder": "static"}).event) == (cfg["event"], cfg["static"]["event"])
    assert cfg["static"]["event"] != cfg["event"]
    with pytest.raises(ConfigError) as err:
        typer.get({"name": "ensemble", "embedder": "word2vec"})
    assert err.value.code == "E201"


def test_a_run_with_the_static_embedder_never_starts_e5(monkeypatch):
    from sitroom.config import load_config
    from sitroom.pipeline import Pipeline
    from sitroom.records import RawDoc
    from sitroom.typer import heads
    monkeypatch.setattr(heads, "embed", lambda texts: pytest.fail("e5 was asked"))
    pipe = Pipeline.from_config(load_config(None, overrides={"typer": {"embedder": "static", "memo": False}}))
    text = "Gunmen killed five farmers in Zamfara state on Monday, police said."
    events = pipe.extract_many([pipe.clean(RawDoc("z", "z", text, "text"))])[0]
    assert [e.sub_event_type for e in events] == ["Attack"]
