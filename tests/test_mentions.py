"""Event mentions from the real seed articles through the real pipeline (spaCy model included)."""
from pathlib import Path

import pytest

from sitroom.config import load_config
from sitroom.ingest import iter_raw
from sitroom.pipeline import Pipeline
from sitroom.records import Document, RawDoc

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the repo")


@pytest.fixture(scope="module")
def pipe():
    return Pipeline.from_config(load_config())


@pytest.fixture(scope="module")
def seeds(pipe):
    out = {}
    for raw in iter_raw([str(SEEDS)]):
        doc, mentions = pipe.process(raw)
        assert isinstance(doc, Document)
        out[doc.name] = (doc, mentions)
    return out


def _find(mentions, words):
    return [m for m in mentions if words in m.quote]


def test_quotes_are_verbatim_and_never_in_comments(seeds):
    for doc, mentions in seeds.values():
        tail = min([c.start for c in doc.cuts if c.reason == "comment-tail"] or [len(doc.original)])
        for m in mentions:
            assert doc.original[m.char_start:m.char_end] == m.quote
            assert m.char_end <= tail
            for c in m.claims:
                assert c.quote in doc.original and c.claimant


def test_two_events_in_one_sentence_are_two_mentions(seeds):
    _, mentions = seeds["003_0af68bd507a69611.txt"]
    tal_afar = _find(mentions, "Tal Afar")[0]
    ayadiya = _find(mentions, "Ayadiya")[0]
    assert tal_afar is not ayadiya
    assert (tal_afar.date_start, tal_afar.location.name) == ("2017-08-27", "Tal Afar")
    assert (ayadiya.date_start, ayadiya.sub_event_type) == ("2017-08-31", "Government regains territory")
    assert tal_afar.actor1.startswith("Military Forces of Iraq")


def test_weekday_dates_and_territory_subtypes(seeds):
    _, mentions = seeds["000_7575c4c884fa5496.txt"]
    fell = _find(mentions, "fell to the group late Wednesday")[0]
    assert fell.date_start == "2015-12-23"  # published Thursday 2015-12-24
    assert fell.sub_event_type == "Non-state actor overtakes territory" and fell.actor1 == "Islamic State"
    _, mentions = seeds["004_58bbfa8ab6323023.txt"]
    ayyash = _find(mentions, "Ayyash")[0]
    assert (ayyash.date_start, ayyash.location.name) == ("2016-01-18", "Ayyash")


def test_claims_keep_their_claimants(seeds):
    _, mentions = seeds["004_58bbfa8ab6323023.txt"]
    claims = {(c.count, c.claimant) for m in mentions for c in m.claims}
    assert (65, "Deir Ezzor 24") in claims or any(c == 65 and "Ezzor" in who for c, who in claims)
    assert any(c == 167 and "Aamaq" in who for c, who in claims)
    aamaq = next(c for m in mentions for c in m.claims if c.count == 167)
    assert aamaq.about_enemy  # a party's figure for its enemy's losses


def test_plans_and_background_are_not_events(seeds):
    _, mentions = seeds["000_7575c4c884fa5496.txt"]
    assert not _find(mentions, "plans to convene talks")
    assert not _find(mentions, "quarter of a million")


def test_unseen_article_phrasing(pipe):
    text = ("Tuesday, March 14, 2017\n\nAt least 12 civilians were killed when regime helicopters dropped barrel "
            "bombs on the town of Kafr Zita in northern Hama province on Monday, the Syrian Observatory for Human "
            "Rights said.\n\nRebels said they would retaliate.")
    doc, mentions = pipe.process(RawDoc("t.txt", "t.txt", text))
    m = mentions[0]
    assert (m.event_type, m.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert m.date_start == "2017-03-13" and m.location.admin1 == "Hama"
    assert m.claims[0].count == 12 and m.claims[0].claimant == "Syrian Observatory for Human Rights"
    assert len(mentions) == 1  # "would retaliate" is a threat, not an event
