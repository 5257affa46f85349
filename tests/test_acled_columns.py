"""ACLED columns that sitroom derives: associated actors, crowd-size tags, source scale, region, disorder
type, timestamp. The protest quotes are real sentences (addresses beside them); the others are
written for the test to isolate one cue each."""
from __future__ import annotations

from sitroom.export.columns import countries, event_row, report_scale, source_scale
from sitroom.records import Claim, Event, Location, Report
from sitroom.resolve.associates import associate
from sitroom.resolve.tags import crowd_size

# https://www.news24.com/Africa/News/Cops-fire-tear-gas-at-protesters-20130206
TUNIS = ("Tunisian police on Wednesday fired tear gas at thousands of protesters gathered outside the interior "
         "ministry in central Tunis to denounce the murder of an opposition leader, an AFP journalist reported.")
# https://afghanpeacewatch.org/1568/taliban-firing-disperses-afghan-women-s-protest-in-kabul
KABUL = "About 40 women marched in the capital demanding rights before the Taliban broke it up by firing into the air."
# https://www.heraldmailmedia.com/story/news/2021/02/07/indian-farmers-blockade-highways-nationwide-to-protest-farm-laws/43595641/
FARMERS = ("Tens of thousands of protesting farmers in India held a three-hour blockade of state and national highways "
           "on Saturday as part of their agitation against a set of contentious farm laws they want repealed.")


def _report(quote: str, doc: str = "a.txt", outlet: str | None = None) -> Report:
    return Report(doc, quote, 0, len(quote), outlet)


def test_crowd_size_is_the_words_of_the_report():
    assert crowd_size([_report(TUNIS)]) == "thousands"
    assert crowd_size([_report(KABUL)]) == "about 40"
    assert crowd_size([_report(FARMERS)]) == "tens of thousands"


def test_a_count_of_victims_or_arrests_is_no_crowd_size():
    # written for this test: a toll and an arrest count beside protesters
    killed = "At least 40 people were killed as security forces fired on protesters across Iraq."
    arrested = "Police arrested 20 protesters outside the parliament."
    assert crowd_size([_report(killed), _report(arrested)]) == "no report"


def test_associated_actor_names_who_the_protesters_are_with_the_words():
    reports = [_report(FARMERS)]
    assert associate("Protesters (India)", reports, [], "assoc_actor_1") == "Farmers (India)"
    assert reports[0].evidence["assoc_actor_1"] == "farmers"
    assert associate("Military Forces of India (2014-)", reports, [], "assoc_actor_1") == ""  # not generic


def test_an_identity_only_of_victims_is_never_a_protester():
    quote = "Police beat journalists covering a protest by women in Kampala."
    assert associate("Protesters (Uganda)", [_report(quote)], [], "assoc_actor_1") == "Women (Uganda)"
    assert associate("Civilians (Uganda)", [_report(quote)], [], "assoc_actor_2") == "Women (Uganda); Journalists (Uganda)"


def test_civilian_victims_from_the_claims():
    claim = Claim(5, victims="farmers", quote="Gunmen killed five farmers in Zamfara state, police said.")
    assert associate("Civilians (Nigeria)", [_report("Five were killed in the attack.")], [claim], "assoc_actor_2") \
        == "Farmers (Nigeria)"


def test_source_scale_from_the_outlet_or_its_address():
    assert report_scale("Reuters", None, "Mali") == "International"
    assert report_scale(None, "https://guardian.ng/news/zamfara-attack/", "Nigeria") == "National"
    assert report_scale(None, "https://www.nation.co.ke/somalia-attack", "Somalia") == "Regional"  # both Eastern Africa
    assert report_scale(None, "https://www.lemonde.fr/afrique/x", "Mali") == "International"
    assert report_scale("Deir Ezzor 24", None, "Syria") is None  # not known: left out, not guessed
    ev = _event([_report("x", "https://guardian.ng/news/a"), _report("y", "AFP story", outlet="AFP")])
    assert source_scale(ev) == "National-International"


def _event(reports: list[Report], sub: str = "Attack", etype: str = "Violence against civilians") -> Event:
    return Event("ev-1", etype, sub, "2024-05-06", "2024-05-06", "day",
                 Location("Zamfara", "Nigeria", "Zamfara", 12.0, 6.1, "admin1"), "Unidentified Armed Group (Nigeria)",
                 "Civilians (Nigeria)", {"best": 5}, [], reports, timestamp=1714953600)


def test_region_disorder_and_civilian_targeting():
    row = event_row(_event([_report("x")]))
    assert (row["region"], row["iso"], row["disorder_type"], row["civilian_targeting"]) == \
        ("Western Africa", 566, "Political violence", "Civilian targeting")
    assert row["timestamp"] == 1714953600 and row["interaction"] == 37
    force = event_row(_event([_report("x")], "Excessive force against protesters", "Protests"))
    assert force["disorder_type"] == "Political violence; Demonstrations"
    assert {c["region"] for c in countries().values()} >= {"Middle East", "South America", "Caucasus and Central Asia"}
    assert len(countries()) >= 250
