"""Actors: the catalogue finds and normalises actors as real articles name them."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from sitroom.normalize.actors import KINDS, ActorCatalogue

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FAKES = SEEDS.parent / "data" / "fa-kes-dev" / "articles.csv"
IS, SYRIA, RUSSIA, IRAQ = ("Islamic State", "Military Forces of Syria (2000-)", "Military Forces of Russia (2000-)",
                           "Military Forces of Iraq (2014-)")


@pytest.fixture(scope="module")
def cat() -> ActorCatalogue:
    return ActorCatalogue.default()


def sentence_with(phrase: str) -> str:
    """A real sentence from the seeds or FA-KES that contains the phrase (so tests run on real wording)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with FAKES.open(encoding="utf-8") as f:
        texts += [r["article_content"] for r in csv.DictReader(f)]
    for t in texts:
        for s in re.split(r"(?<=[.!?])\s+|\n+", t):
            if phrase in s:
                return s
    raise AssertionError(f"no real sentence contains {phrase!r}")


@pytest.mark.parametrize("phrase,name", [
    ("IS fighters", IS), ("ISIS militants", IS), ("Daesh", IS), ("ISIL", IS), ("Islamic State group", IS),
    ("Assad’s forces", SYRIA), ("regime forces", SYRIA), ("Syrian troops", SYRIA), ("government forces", SYRIA),
    ("Syrian army", SYRIA), ("Russian warplanes", RUSSIA), ("Russian forces", RUSSIA),
    ("US-led coalition", "Military Forces of the United States (2017-)"), ("Iraqi forces", IRAQ),
    ("Nusra Front", "Jabhat al-Nusra"), ("Jaish al-Islam", "Jaish al-Islam"), ("Ahrar al-Sham", "Ahrar al-Sham"),
    ("SDF", "SDF: Syrian Democratic Forces"), ("YPG", "YPG: People's Protection Units"),
    ("Hezbollah", "Hezbollah"), ("rebels", "Opposition Rebels (Syria)"), ("civilians", "Civilians (Syria)"),
    ("women and children", "Civilians (Syria)"), ("Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
])
def test_real_phrasings_normalise(cat, phrase, name):
    sentence = sentence_with(phrase)  # Syrian stories: "government forces" and "civilians" are Syria's
    found = [m for m in cat.find(sentence, "Syria") if m.text == phrase or phrase in m.text]
    assert found and found[0].name == name, (sentence, [(m.text, m.name) for m in cat.find(sentence, "Syria")])
    assert sentence[found[0].start:found[0].end] == found[0].text


def test_is_only_in_capitals(cat):
    s = sentence_with("IS fighters")
    assert all(m.text.lower() != "is" or m.text == "IS" for m in cat.find(s))
    assert cat.find("This is what it is, and that is all.") == []
    assert [m.name for m in cat.find("IS said it is advancing.")] == [IS]


def test_longest_match_wins(cat):
    found = cat.find("The U.S.-backed Syrian Democratic Forces and Syrian government troops clashed.")
    assert [m.name for m in found] == ["SDF: Syrian Democratic Forces", SYRIA]
    assert found[1].text == "Syrian government troops"


def test_generic_aliases(cat):
    s = sentence_with("The hardline group")
    m = [m for m in cat.find(s) if m.text == "The hardline group"][0]
    assert m.generic and m.name == IS
    m = cat.find("the group said in a statement")[0]
    assert m.generic and m.name is None  # who "the group" is depends on the story
    assert cat.normalise("the jihadists", "Syria") == IS
    assert cat.normalise("the jihadists") is None  # a description names no group where no country is said


def test_the_regime_follows_the_country(cat):
    assert cat.find("the regime shelled the town", country="Syria")[0].name == SYRIA
    assert cat.find("the regime shelled the town")[0].name is None  # no country said, none guessed
    assert cat.find("government forces advanced", country="Iraq")[0].name == IRAQ
    assert cat.find("civilians were killed", country="Iraq")[0].name == "Civilians (Iraq)"


def test_normalise(cat):
    assert cat.normalise("at least 38 Syrian troops") == SYRIA
    assert cat.normalise("Russia's Defense Ministry") == RUSSIA
    assert cat.normalise("pro Assad forces") == SYRIA  # spacing and hyphens vary
    assert cat.normalise("a man walked his dog") is None


def _typer_sentence(item: str) -> str:
    """A real sentence of the typer's labelled set (eval/typer; its address is there)."""
    import json
    rows = (json.loads(line) for line in (Path(__file__).resolve().parents[1] / "eval" / "typer" / "sentences.jsonl").open())
    return next(r["text"] for r in rows if r["id"] == item)


def test_a_government_is_named_by_its_nationality_with_its_forces_period(cat):
    # "Burundi's government ... signed an unconditional ceasefire" (t0685), "Mozambique's government" (t0684):
    # ACLED's Government of X, with the period of the country's catalogued military forces
    for item, name in (("t0685", "Government of Burundi (2020-)"), ("t0684", "Government of Mozambique (2025-)")):
        assert [m.name for m in cat.find(_typer_sentence(item)) if m.kind == "state_forces"] == [name]
    assert cat.normalise("the government of South Sudan") == "Government of South Sudan (2011-)"
    assert cat.normalise("the government", "Mali") == "Government of Mali (2021-)"
    # "government" alone is a word of other names: a Nigerian LGA, a minister's portfolio (eval/world dev)
    lga = "bandits attacked the Gidan Zuma community in Bungudu Local Government Area of Zamfara State"
    assert not any(m.kind == "state_forces" for m in cat.find(lga, "Nigeria"))
    assert cat.normalise("Jonglei state minister for local government", "South Sudan") is None


def test_a_nationality_of_several_words_or_after_of_names_whose_forces(cat):
    # "South Sudanese soldiers" are South Sudan's, not Sudan's (t0404); "the army of Mali" is Mali's
    assert cat.normalise(_typer_sentence("t0404")) == "Military Forces of South Sudan (2011-)"
    assert cat.normalise("the army of Mali attacked") == "Military Forces of Mali (2021-)"
    # every country's nationality words come from the world gazetteer, not only the catalogue's wars
    assert cat.normalise("Bolivian police fired tear gas") == "Police Forces of Bolivia"


def test_an_anti_word_never_names_the_side_it_spells(cat):
    # "anti-government protesters" (t0617) are protesters, not the government; "pro-Assad forces" are Assad's
    found = cat.find(_typer_sentence("t0617"), "Thailand")
    assert [(m.text, m.name) for m in found] == [("protesters", "Protesters (Thailand)"), ("police", "Police Forces of Thailand")]
    assert cat.normalise("pro-Assad forces advanced") == SYRIA


def test_acled_names_find_themselves(cat):
    """Names the pipeline already normalised are found again, with their kind."""
    for name, actor in cat.actors.items():
        found = cat.find(name)
        assert found and found[0].kind == actor.kind, name
    assert cat.normalise("Civilians (Iraq)") == "Civilians (Iraq)"
    assert cat.get(SYRIA).kind == "state_forces"


def test_catalogue_is_well_formed(cat):
    assert {a.kind for a in cat.actors.values()} <= set(KINDS)
    assert len(cat.actors) >= 25


@given(st.text(min_size=0, max_size=200))
def test_matches_are_real_non_overlapping_spans(text):
    found = ActorCatalogue.default().find(text)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for m in found:
        assert text[m.start:m.end] == m.text and m.kind


def test_patterns_tag_actors(cat):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(cat.patterns())
    doc = nlp("IS fighters attacked Syrian troops while the SDF and the U.N. watched; this is it.")
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents["IS fighters"] == ("ORG", IS) and ents["Syrian troops"] == ("ORG", SYRIA)
    assert ents["SDF"][1] == "SDF: Syrian Democratic Forces" and ents["U.N."][1] == "United Nations"
    assert "is" not in ents


def test_alliances_pair_sides_not_enemies(cat):
    assert cat.allied(SYRIA, RUSSIA) and cat.allied("Hezbollah", SYRIA) and cat.allied(IRAQ, "Popular Mobilization Forces")
    assert cat.allied(SYRIA, SYRIA)  # an actor is never its own opponent
    assert not cat.allied(SYRIA, IS) and not cat.allied(RUSSIA, "Opposition Rebels (Syria)")
    assert not cat.allied("Military Forces of Turkey (2016-)", "SDF: Syrian Democratic Forces")
    assert not cat.allied(SYRIA, None) and not cat.allied(None, None)


def test_alliance_members_must_be_catalogued():
    data = {"actors": [{"name": "A", "kind": "rebels", "aliases": ["a group"]}],
            "alliances": [{"side": "typo", "members": ["A", "Hezbolah"]}]}
    with pytest.raises(Exception, match="E200"):
        ActorCatalogue(data)


def test_weapons_name_a_side_only_after_a_nationality(cat):
    found = cat.find(sentence_with("US cruise missiles struck a Syrian regime airbase"))
    assert [m.name for m in found if m.name][:1] == ["Military Forces of the United States (2017-)"]
    assert [m.name for m in cat.find("Cruise missiles struck the airbase overnight.") if m.name] == []
    assert cat.normalise("Turkish artillery") == "Military Forces of Turkey (2016-)"


def test_no_two_aliases_collide_once_spaces_and_hyphens_go(cat):
    """'war planes' and 'warplanes' are one key to the matcher: they must name the same side."""
    from sitroom.normalize.actors import _flat
    seen = {}
    for text, entry in cat.aliases.items():
        key = _flat(text).lower()
        other = seen.setdefault(key, entry)
        assert (other.actor, other.by_country, other.needs_demonym) == (entry.actor, entry.by_country,
                                                                         entry.needs_demonym), (text, other.text)


def test_a_single_weapon_with_a_nationality(cat):
    assert cat.normalise("A Russian airstrike") == "Military Forces of Russia (2000-)"
    assert cat.normalise("a Turkish drone") == "Military Forces of Turkey (2016-)"
