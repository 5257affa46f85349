"""The typer stage: the shipped model loads offline from the package, the ensemble's vetoes hold over
the model, the model finds what the lexicon misses, and retraining with the same seed gives the
shipped model's scores. Sentences are from eval/typer (train split), with their addresses there."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from sitroom import typer
from sitroom.extract.triggers import find_trigger
from sitroom.typer.heads import EmbeddingHead, LinearHead, card
from sitroom.typer.labels import LABELS, NONE

ROOT = Path(__file__).resolve().parents[1]
SET = {r["id"]: r for r in map(json.loads, (ROOT / "eval" / "typer" / "sentences.jsonl").read_text("utf-8").splitlines())}
# plans, threats, hypotheticals and denials the rules' checks must veto however sure the model is
VETOED = ["t1030", "t1032", "t1034", "t1087", "t1098", "t1162"]


def _forced(label: str) -> np.ndarray:
    p = np.full(len(LABELS), 0.001)
    p[LABELS.index(label)] = 0.99
    return p / p.sum()


def test_the_shipped_model_loads_from_the_installed_package():
    import sitroom
    data = Path(sitroom.__file__).parent / "data" / "typer"
    assert {"linear.npz", "embedding.npz", "typer.json"} <= {p.name for p in data.iterdir()}
    assert sum(p.stat().st_size for p in data.iterdir()) < 30 * 2**20  # tens of MB at most
    linear, embedding = LinearHead.default(), EmbeddingHead.default()
    text = SET["t1030"]["text"]
    assert linear.probs(text).shape == (len(LABELS),) and abs(linear.probs(text).sum() - 1) < 1e-4
    p = embedding.probs_many([text, "Gunmen killed five farmers in Zamfara state on Monday, police said."])
    assert p.shape == (2, len(LABELS)) and LABELS[int(p[1].argmax())] == "Attack"
    assert set(card()["thresholds"]) >= {"linear_none", "override", "event", "veto"}


@pytest.mark.parametrize("item", VETOED)
def test_the_rules_veto_what_did_not_happen_however_sure_the_model_is(item):
    assert SET[item]["label"] == NONE and SET[item]["split"] == "train"
    text = SET[item]["text"]
    ens = typer.get({"name": "ensemble"})
    assert ens._decide(text, None, _forced("Armed clash")) is None
    assert ens.find_many([text]) == [None]


def test_a_sure_model_types_an_event_the_lexicon_misses():
    missed = [r for r in SET.values() if r["split"] == "train" and r["label"] == "Peaceful protest"
              and find_trigger(r["text"]) is None]
    assert missed, "the lexicon finds every training protest"
    ens = typer.get({"name": "ensemble"})
    found = [t for r in missed for t in ens.find_many([r["text"]]) if t is not None]
    assert len(found) >= len(missed) // 2 and {t.sub_event_type for t in found} >= {"Peaceful protest"}
    assert all(t.text and t.text in r["text"] for r in missed for t in ens.find_many([r["text"]]) if t)


def test_the_model_retypes_a_trigger_it_disagrees_with():
    # "defused a roadside bomb": the lexicon's trigger is an IED attack; the codebook's is Disrupted weapons use
    text = "Police Sunday detonated an Improvised Explosive Device (IED) that was found abandoned near a petrol station."
    rule = find_trigger(text)
    ens = typer.get({"name": "ensemble"})
    got = ens._decide(text, rule, _forced("Disrupted weapons use"))
    assert got is not None and got.sub_event_type == "Disrupted weapons use" and got.text == (rule.text if rule else got.text)


def test_the_rules_typer_is_the_lexicon_alone():
    rules = typer.get({"name": "rules"})
    texts = [SET[i]["text"] for i in ("t1030", "t0002", "t0003")]
    assert rules.find_many(texts) == [find_trigger(t) for t in texts]
    with pytest.raises(Exception) as err:
        typer.get({"name": "oracle"})
    assert getattr(err.value, "code", None) == "E201"


@pytest.mark.slow
def test_retraining_with_the_same_seed_gives_the_shipped_scores():
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_typer
    _, report = train_typer.train(card()["seed"])
    # The embedding engine sums in parallel (OpenMP), so vectors may differ in their last bits between
    # runs, and ensemble thresholds whose cross-validated objectives tie (typer.json shows ties to the
    # fourth decimal) can then swap; the heads and their held-out scores must not move.
    assert report["linear"]["lambda"] == card()["linear"]["lambda"]
    assert report["embedding"]["lambda"] == card()["embedding"]["lambda"]
    for name in ("rules", "linear", "embedding"):
        shipped = card()["held_out"][name]
        got = train_typer._summary(report["test"][name])
        assert all(abs(got[k] - v) <= 0.01 for k, v in shipped.items()), (name, got, shipped)
