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
    assert {"linear.npz", "embedding.npz", "embedding_static.npz", "static.npz", "typer.json"} <= {p.name for p in data.iterdir()}
    assert sum(p.stat().st_size for p in data.iterdir()) < 30 * 2**20  # tens of MB at most
    linear, embedding = LinearHead.default(), EmbeddingHead.default()
    text = SET["t1030"]["text"]
    assert linear.probs(text).shape == (len(LABELS),) and abs(linear.probs(text).sum() - 1) < 1e-4
    p = embedding.probs_many([text, "Gunmen killed five farmers in Zamfara state on Monday, police said."])
    assert p.shape == (2, len(LABELS)) and LABELS[int(p[1].argmax())] == "Attack"
    assert set(card()["thresholds"]) >= {"linear_none", "override", "event", "veto"}


def test_a_sentence_read_again_gets_the_answer_it_got_and_the_oldest_answers_go(monkeypatch):
    from sitroom.typer import heads
    texts = [SET[k]["text"] for k in ("t1030", "t1032", "t1034")]
    fresh = EmbeddingHead.default()
    head = EmbeddingHead(fresh.weights, fresh.bias, np.array(list(fresh.row_of), dtype=np.int32), fresh.ngrams[:-1])
    monkeypatch.setattr(heads, "MEMO", 2)
    embedded, real = [], heads.embed  # the real engine, counted
    monkeypatch.setattr(heads, "embed", lambda xs: embedded.extend(xs) or real(xs))
    first = head.probs_many([texts[0], texts[1], texts[0]])
    assert np.array_equal(first[0], first[2]) and embedded == texts[:2] and list(head._memo) == texts[:2]
    again = head.probs_many([texts[2], texts[1]])
    assert embedded == texts and list(head._memo) == texts[1:]  # the kept answer not read again; the oldest went
    assert np.array_equal(again[1], first[1])
    alone = head.probs_many([texts[0]])[0]  # read again after it went: the same answer, within the engine's bits
    assert np.allclose(alone, first[0], atol=1e-4) and abs(alone.sum() - 1) < 1e-4


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
    # The synthetic stories are tried by a full run and lose by 0.14 cross-validated (typer.json,
    # linear.cv_subtype_f1); fitting them is two thirds of the linear head's cost, so this run leaves
    # them out and checks that every other choice and score comes out as shipped.
    # The ensemble's thresholds are searched over 216 settings and none of them is checked here (ties
    # may swap, below): the run takes the shipped ones.
    assert card()["linear"]["synthetic_weight"] == 0.0
    _, report = train_typer.train(card()["seed"], synthetic=(0.0,), thresholds=card()["thresholds"])
    # The embedding engine sums in parallel (OpenMP), so vectors may differ in their last bits between
    # runs, and ensemble thresholds whose cross-validated objectives tie (typer.json shows ties to the
    # fourth decimal) can then swap; the heads and their held-out scores must not move.
    assert report["linear"]["lambda"] == card()["linear"]["lambda"]
    assert report["embedding"]["lambda"] == card()["embedding"]["lambda"]
    assert report["static"]["lambda"] == card()["static"]["lambda"]
    for name in ("rules", "linear", "embedding", "static"):
        shipped = card()["held_out"][name]
        got = train_typer._summary(report["test"][name])
        assert all(abs(got[k] - v) <= 0.01 for k, v in shipped.items()), (name, got, shipped)


# -- the typer's reading survives the extractor (train-split sentences, addresses in eval/typer) --------

@pytest.fixture(scope="module")
def pipe():
    from sitroom.config import load_config
    from sitroom.pipeline import Pipeline
    return Pipeline.from_config(load_config(None))


def _events(pipe, text: str) -> list:
    from sitroom.records import RawDoc
    return pipe.extract_many([pipe.clean(RawDoc("t", "t", text, "text"))])[0]


@pytest.mark.parametrize("item, label", [
    ("t1637", "Grenade"),  # a toll ("injured") the typer read as a grenade stays one, not an armed clash
    ("t2102", "Mob violence"),  # "killed by residents": not a clash because the victims are unnamed
    ("t0657", "Violent demonstration"),  # "Demonstrators ...": an agent with no country is evidence enough
    ("t0870", "Disrupted weapons use"),  # "an IED that was found" is no IED attack
    ("t2064", "Protest with intervention"),  # "to disperse", "despite a court order": purposes, no veto
    ("t0092", "Chemical weapon"),  # a precise trigger (rockets: shelling) re-typed by the sure model
])
def test_the_typers_sub_type_reaches_the_event(pipe, item, label):
    assert SET[item]["label"] == label and SET[item]["split"] == "train"
    found = _events(pipe, SET[item]["text"])
    assert [m.sub_event_type for m in found][:1] == [label]


def test_an_unnamed_agent_is_evidence_but_gets_no_invented_country(pipe):
    found = _events(pipe, SET["t0657"]["text"])
    assert found and found[0].actor1 in ("", None) and found[0].location is None


def test_a_model_found_event_is_vetoed_by_what_is_under_way_or_a_standing_state():
    from sitroom.extract.triggers import clause_happened
    # the seeds' wording (../shared/seeds): what is under way, and who holds a city, are no events
    assert not clause_happened("Hezbollah's military media unit said units are heading to a camp on the city outskirts.")
    assert not clause_happened("The city is held mostly by IS but Syrian troops control a few districts inside.")
    assert not clause_happened("ISIS has been fighting for more than a year to seize the military airport.")
    # a relative clause's modal or progressive sets the scene; the main clause's action stands
    assert clause_happened("A second camp was established at Chillamarka village on September 11, which will serve as a base.")
    assert clause_happened("Guy walks right up to peaceful protesters who are sitting down and cuts loose on them with pepper spray.")
    # a threat or a condition still vetoes wherever it is
    assert not clause_happened("Rebel forces who have threatened to attack civilians in Warrap were warned.")


def test_a_quoted_account_is_an_event_whose_words_pass_the_same_checks():
    from sitroom.extract.triggers import clause_happened, find_trigger
    # a witness's or an official's quoted words are how the event was reported (train split, addresses there)
    assert find_trigger(SET["t1667"]["text"]).sub_event_type == "Sexual violence"  # "One of them raped me," ... said.
    assert clause_happened(SET["t2337"]["text"])  # "The gunmen entered the village ..., shooting people," he said.
    # ... but a possibility, in a quote or not, is none (the seeds' "possibility of Daesh advancing further")
    assert not clause_happened("there is a possibility of Daesh advancing further")
    assert find_trigger("\u201cThe battles are ongoing and there is a possibility of Daesh advancing further,\u201d said an activist.") is None


def test_a_lasting_state_in_a_relative_clause_or_a_reporter_at_work_vetoes_no_event():
    from sitroom.extract.triggers import clause_happened
    # "a shop that had remained shut for months" describes the shop; the grenade was thrown (t0356)
    assert clause_happened(SET["t0356"]["text"])
    # "the news agency is quoting witnesses": a verb of speech under way tells who reports (t2282)
    assert clause_happened(SET["t2282"]["text"])
    # the main clause's lasting state and action under way still veto
    assert not clause_happened("ISIS has been fighting for more than a year to seize the military airport.")
    assert not clause_happened("Hezbollah's military media unit said units are heading to a camp on the city outskirts.")


def test_an_event_split_between_neighbouring_sub_types_is_kept():
    p = np.zeros(len(LABELS))
    for lab, v in ((NONE, 0.2), ("Other", 0.3), ("Headquarters or base established", 0.28),
                   ("Non-violent transfer of territory", 0.22)):
        p[LABELS.index(lab)] = v
    text = "Russian military advisers have arrived in Mali in recent weeks, Malian army officials said on Friday."
    kept = typer.get({"name": "ensemble", "event": 0.5, "event_best": 0.25})._decide(text, None, p)
    assert kept is not None and kept.sub_event_type == "Other"
    assert typer.get({"name": "ensemble", "event": 0.5, "event_best": 0.5})._decide(text, None, p) is None


def test_an_unsure_model_leaves_a_strategic_development_its_own_sub_type():
    from sitroom.extract.triggers import find_trigger
    # FA-KES (fakes-1926478971): "rounded up" is an arrest. The model, unsure (its best 0.16, Attack), once
    # moved it to the best sub-type of the same event type, Agreement, with which an arrest shares nothing
    text = ("Activists said that around 41 FSA rebels were rounded up and executed by the extremist group in "
            "the first day of Eid al-Fitr.")
    rule = find_trigger(text)
    assert rule.sub_event_type == "Arrests"
    p = np.zeros(len(LABELS))
    for lab, v in (("Attack", 0.16), ("Agreement", 0.11), ("Change to group/activity", 0.11), (NONE, 0.09),
                   ("Arrests", 0.05)):
        p[LABELS.index(lab)] = v
    p[LABELS.index("Other")] = 1 - p.sum()
    assert _configured()._decide(text, rule, p).sub_event_type == "Arrests"
    # ... while a trigger of a type whose sub-types are neighbours still takes the model's best of its type
    text = SET["t1341"]["text"]  # "2 soldiers killed in clash with rebels in central Philippines"
    q = _sure_of("Government regains territory", 0.1)
    q[LABELS.index("Armed clash")] = 0.3
    assert _configured()._decide(text, find_trigger(text), q / q.sum()).sub_event_type == "Armed clash"


def _sure_of(label: str, share: float) -> np.ndarray:
    p = np.full(len(LABELS), (1 - share) / (len(LABELS) - 1))
    p[LABELS.index(label)] = share
    return p


def _configured(**over):
    """The ensemble as default.toml sets it for articles, with ``over`` changed."""
    from sitroom.config import load_config
    return typer.get({**load_config(None)["typer"], **over})


def test_a_sure_model_retypes_a_precise_trigger_but_never_as_other():
    from sitroom.typer import PRECISE
    # "rockets equipped with a poisonous substance": the lexicon's precise word is a shelling; a model
    # sure at 0.8 re-types it (precise_sure 0.7), not at 0.9. tests/test_mentions.py holds the other side:
    # "an airbase that was used for a chemical attack" (the model 0.57 sure of Chemical weapon) stays a shelling
    text = SET["t0092"]["text"]
    rule = find_trigger(text)
    assert SET["t0092"]["label"] == "Chemical weapon" and rule.priority >= PRECISE and rule.sub_event_type != "Chemical weapon"
    p = _sure_of("Chemical weapon", 0.8)
    assert _configured()._decide(text, rule, p).sub_event_type == "Chemical weapon"
    assert _configured(precise_sure=0.9)._decide(text, rule, p).sub_event_type == rule.sub_event_type
    # the seeds' sorties (../shared/seeds): "warplanes" name an air strike, which the catch-all never replaces
    sortie = "To provide air support to the government troops’ offensive towards Deir ez-Zor, Russian warplanes made more than 80 sorties."
    rule = find_trigger(sortie)
    assert rule.sub_event_type == "Air/drone strike" and rule.priority >= PRECISE
    assert _configured()._decide(sortie, rule, _forced("Other")).sub_event_type == "Air/drone strike"


def test_every_open_sentence_and_precise_trigger_is_read_by_the_embedding_head():
    ens = _configured()
    text = SET["t0092"]["text"]
    rule, p = find_trigger(text), ens.linear.probs(text)
    assert ens._open(rule, p, text)  # a precise trigger is read again (precise_open 0)
    assert not _configured(precise_open=0.5, linear_sure=0.4)._open(rule, _forced("Chemical weapon"), text)


def test_an_unsure_model_turns_no_fight_into_a_capture():
    # "killed 12 gunmen in a clash": a generic trigger; ground changing hands needs a capture word or a sure model
    text = SET["t0104"]["text"]
    rule = find_trigger(text)
    assert SET["t0104"]["label"] == "Armed clash" and rule.sub_event_type == "Armed clash"
    p = np.full(len(LABELS), 0.01)
    p[LABELS.index(NONE)], p[LABELS.index("Non-state actor overtakes territory")] = 0.45, 0.3
    p /= p.sum()
    assert _configured()._decide(text, rule, p).sub_event_type == "Armed clash"
    sure = _sure_of("Non-state actor overtakes territory", 0.6)
    assert _configured()._decide(text, rule, sure).sub_event_type == "Non-state actor overtakes territory"
