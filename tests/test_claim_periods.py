"""Multi-day totals: a figure whose clause states a period longer than a day ("over the past week",
"since the start of the year") is a Claim with `period` set to those words; the reconciler keeps it
out of an event's toll when day-level figures exist (docs/reconciliation.md, "Period totals")."""
import json

import pytest

from sitroom.records import Claim, Event, Location, Report, event_from_dict, to_dict
from sitroom.resolve.reconcile import reconcile
from sitroom.web.brief import claim_clause, deadliest, render_briefing
from tests.test_claims import claims

# (sentence, the figure, the period words the claim must carry), news wording from several wars
PERIODS = [
    ("The Syrian Observatory for Human Rights said more than 6000 people were killed since the start of the year.",
     6000, "since the start of the year"),
    ("SOHR said 120 people were killed over the past week in Idlib province.", 120, "over the past week"),
    ("The death toll this month rose to 300, the monitor said.", 300, "this month"),
    ("In two days of fighting 45 fighters were killed, a commander said.", 45, "In two days of fighting"),
    ("Since Monday, at least 45 civilians have been killed in El Fasher, the Sudan Doctors Network said.",
     45, "Since Monday"),
    ("Russian strikes have killed 78 civilians in Kharkiv region over the last 10 days, the governor said.",
     78, "over the last 10 days"),
    ("Bandits have killed more than 200 villagers in Zamfara state so far this year, Amnesty International said.",
     200, "so far this year"),
    ("At least 1,200 civilians were killed in the month of January, the UN human rights office said.",
     1200, "in the month of January"),
    ("Between March and May, 340 people were killed in Sagaing region, according to local monitors.",
     340, "Between March and May"),
    ("The week-long offensive has killed at least 90 people, medics said.", 90, "week-long"),
    ("Fighting in recent weeks has killed 52 people in North Darfur, the UN said.", 52, "in recent weeks"),
    ("The junta's air strikes have killed 64 people since the offensive began, a resistance spokesman said.",
     64, "since the offensive began"),
    ("Boko Haram fighters have killed 37 people in Borno during the past three weeks, officials said.",
     37, "during the past three weeks"),
    ("A strike on Tuesday killed 12 people, bringing the death toll since the start of the year to 5,800.",
     5800, "since the start of the year"),
    ("Israeli strikes have killed 320 people in Gaza in the past 48 hours, the health ministry said.",
     320, "in the past 48 hours"),
    ("More than 2,000 civilians have been killed since the junta seized power in February 2021, AAPP said.",
     2000, "since the junta seized power"),
    ("The UN said 1,500 civilians were killed in Ukraine in the first half of 2023.", 1500, "in the first half of 2023"),
    ("The army said it killed 200 militants during a two-week operation in Borno.", 200, "two-week operation"),
    ("The fighting, which began on Saturday, has killed 56 people, the Red Cross said.", 56, "which began on Saturday"),
    ("Two days of heavy Russian shelling have killed 38 civilians in Kherson, the regional governor said.",
     38, "Two days of heavy Russian shelling"),
    ("Last year, 2,400 civilians were killed in Burkina Faso, ACLED said.", 2400, "Last year"),
    ("At least 80 people have been killed in Amhara since peace talks broke off, residents said.",
     80, "since peace talks broke off"),
]

# (sentence, figure) that count one event: no period
NOT_PERIODS = [
    ("Three people were killed on Sunday when a shell hit a market in Aleppo.", 3),
    ("Islamic State militants killed 20 soldiers in an ambush near Palmyra, the ministry said.", 20),
    ("A two-year-old child was among 7 people killed in the air strike on Idlib.", 7),
    ("Shelling broke the 5-day-old ceasefire and killed 9 civilians in Donetsk, officials said.", 9),
    ("Gunmen killed 12 people in Plateau state, two days after a peace meeting, police said.", 12),
    ("Militants killed 20 soldiers in an ambush in Borno, the deadliest attack since January.", 20),
    ("A drone strike killed 14 people at a wedding in Shan state last week, residents said.", 14),
    ("The RSF shelled the camp, killing 8 people, three days after a truce took effect.", 8),
    ("An air strike killed 11 people in Khan Younis, the health ministry said on Wednesday.", 11),
    ("Clashes between the army and rebels killed 15 fighters near Goma, a spokesman said.", 15),
    ("At least 25 people were killed in the past 24 hours, the monitor said.", 25),  # one day: a day's toll
    ("An air strike this week killed 20 people in Marib, officials said.", 20),  # "this week" dates one strike
    ("The attack, the second in three days, killed 9 people in Maiduguri.", 9),  # counts attacks, not the dead
    ("Al-Shabaab killed 14 soldiers in a 12-hour battle, officials said.", 14),
    ("The toll from Sunday's attack rose to 40, police said.", 40),
    # "since" before a clause that states no beginning may be causal: left alone (docs/extraction.md)
    ("Since the army withdrew, 3 villagers were killed by militants.", 3),
    # a month that dates one strike, and words that date something else than the count
    ("A Russian missile killed at least 37 civilians in Kramatorsk in April, officials said.", 37),
    ("Maiduguri has been hit repeatedly, including in July when a suicide bomber killed at least 16 people.", 16),
    ("Shelling killed two civilians in El Obeid, a city divided since April 2023, medics said.", 2),
    ("An air strike left 40 villagers dead on Monday in Sagaing, days into an offensive launched earlier this month.",
     40),
    ("Last month, a car bomb killed 40 people in Mogadishu, police said.", 40),  # fronted, but one bomb
]


def _claim(sentence: str, count: int) -> Claim:
    return next(c for c in claims(sentence, "Reuters") if c.count == count)


@pytest.mark.parametrize("sentence,count,words", PERIODS)
def test_period_total_is_flagged_with_its_words(sentence, count, words):
    c = _claim(sentence, count)
    assert c.period == words
    assert c.period in c.quote  # provenance: the words are the claim's own quote's


@pytest.mark.parametrize("sentence,count", NOT_PERIODS)
def test_one_event_figure_is_not_a_period(sentence, count):
    assert _claim(sentence, count).period is None


def test_a_day_figure_beside_a_period_total_in_one_sentence_stays_a_day_figure():
    got = {c.count: c.period for c in claims(
        "A strike on Tuesday killed 12 people, bringing the death toll since the start of the year to 5,800.")}
    assert got == {12: None, 5800: "since the start of the year"}


def test_war_wide_totals_are_still_background_not_periods():
    assert claims("The conflict has killed more than 250,000 people since 2011.") == []


def _c(count, who, kind, period=None, quote=None):
    return Claim(count=count, claimant=who, claimant_kind=kind, period=period,
                 quote=quote or f"{who} said {count} people were killed")


def test_period_total_does_not_set_the_toll_beside_day_figures():
    # the monitor's figure is the period total: without the rule it would be best (most independent)
    f = reconcile([_c(26, "Aamaq", "party_media"), _c(38, "Reuters", "news_outlet"),
                   _c(6000, "SOHR", "monitor", "since the start of the year",
                      "More than 6000 people were killed since the start of the year")])
    assert (f["low"], f["best"], f["high"]) == (26, 38, 38)
    assert "period" not in f
    assert "since the start of the year" in f["reasoning"] and "set aside" in f["reasoning"]


def test_period_total_alone_is_kept_and_marked():
    f = reconcile([_c(120, "SOHR", "monitor", "over the past week")])
    assert (f["low"], f["best"], f["high"]) == (120, 120, 120)
    assert f["period"] == "over the past week"
    assert "over the past week" in f["reasoning"]


def test_period_survives_serialisation_and_old_claims_load():
    # the store and the exports keep claims as JSON inside the event; a claim stored before `period`
    # existed has no such key and loads with None
    old = {"count": 3, "claimant": "SOHR", "quote": "3 were killed"}
    ev = {"event_id": "ev-1", "event_type": "Battles", "sub_event_type": "Armed clash", "date_start": None,
          "date_end": None, "time_precision": None, "location": None,
          "claims": [to_dict(_c(120, "SOHR", "monitor", "over the past week")), old]}
    got = event_from_dict(json.loads(json.dumps(ev))).claims
    assert [c.period for c in got] == ["over the past week", None]


def _event(eid: str, claims_: list[Claim]) -> Event:
    loc = Location("Idlib", "Syria", "Idlib", 35.93, 36.63)
    reports = [Report("a.txt", claims_[0].quote, 0, len(claims_[0].quote), "Reuters", "2016-05-02")]
    return Event(eid, "Explosions/Remote violence", "Air/drone strike", "2016-05-01", "2016-05-01", "day", loc,
                 "Military Forces of Syria (2000-)", "Civilians (Syria)", reconcile(claims_), claims_, reports)


def test_briefing_says_the_period_and_does_not_rank_a_period_total_as_an_event():
    week = _c(120, "SOHR", "monitor", "over the past week", "SOHR said 120 people were killed over the past week")
    strike = _c(14, "SOHR", "monitor")
    events = [_event("e-week", [week]), _event("e-strike", [strike])]
    assert claim_clause(week) == "SOHR says 120 people were killed over the past week"
    assert [e.event_id for e in deadliest(events, 5)] == ["e-strike"]
    text = render_briefing(events)
    assert "best estimate 14, from the 1 event with a reported toll" in text
    assert "1 total over many days left out" in text


def test_a_period_total_repeated_by_two_reports_is_set_aside_once_in_the_reasoning():
    week = _c(135, "local activists", "local_sources", "over the past three days")
    f = reconcile([_c(40, "Etilaf", "news_outlet"), week, Claim(**{**to_dict(week), "doc": "b.txt"})])
    assert f["best"] == 40 and f["reasoning"].count("over the past three days") == 1
