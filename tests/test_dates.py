"""Time expressions from real news sentences, anchored to the publication date."""
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from sitroom.normalize.dates import event_date, find_dates, month_first

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _span(t):
    return (t.start.isoformat(), t.end.isoformat())


def test_seed_sentences():
    cases = [
        ("the industrial district of Deir el-Zour fell to the group late Wednesday following daylong clashes",
         date(2015, 12, 24), ("2015-12-23", "2015-12-23")),
        ("militant fighters of the Islamic State (ISIS) were able Wednesday to control a key neighborhood",
         date(2016, 4, 20), ("2016-04-20", "2016-04-20")),
        ("Since Saturday, it has waged a new push to drive the regime from its last foothold in the city",
         date(2016, 1, 18), ("2016-01-16", "2016-01-18")),
        ("Brigadier General Ghassan Saeed, is reported to have been killed on Sunday near the city of Deir Ez-Zor.",
         date(2017, 9, 5), ("2017-09-03", "2017-09-03")),
    ]
    for sentence, published, want in cases:
        assert _span(event_date(sentence, published)) == want, sentence


def test_periods():
    t = event_date("ISIS has reportedly advanced towards the airbase earlier this month", date(2016, 4, 20))
    assert t.precision == "month" and t.start == date(2016, 4, 1) and t.end <= date(2016, 4, 20)
    t = event_date("Over the past four weeks, Russian air force intensified airstrikes on the highway", date(2016, 4, 20))
    assert t.precision in ("week", "month") and t.start == date(2016, 3, 23) and t.end == date(2016, 4, 20)
    t = event_date("Clashes erupted last week in the east", date(2016, 1, 18))  # a Monday
    assert _span(t) == ("2016-01-11", "2016-01-17") and t.precision == "week"
    t = event_date("The town was shelled two days ago", date(2016, 1, 18))
    assert _span(t) == ("2016-01-16", "2016-01-16")


def test_reporting_dates_yield_to_event_dates():
    s = "The Observatory said Monday that the death toll had climbed to at least 135 people by Sunday"
    found = find_dates(s, date(2016, 1, 18))
    assert [(t.text, t.reporting) for t in found] == [("Monday", True), ("by Sunday", False)]
    assert event_date(s, date(2016, 1, 18)).start == date(2016, 1, 17)
    s = "The Iraqi military announced on 27 August that it had ousted IS from Tal Afar"
    t = event_date(s, date(2017, 9, 5))
    assert t.reporting and t.start == date(2017, 8, 27)
    assert find_dates("Russian officials told reporters on Monday", date(2017, 9, 5))[0].reporting


def test_absolute_dates():
    pub = date(2017, 9, 5)
    got = [(t.text, _span(t), t.precision) for t in
           find_dates("In March 2016, in 2014, by December 2014, on 31 August and August 27, 2017", pub)]
    assert got == [("March 2016", ("2016-03-01", "2016-03-31"), "month"),
                   ("in 2014", ("2014-01-01", "2014-12-31"), "year"),
                   ("December 2014", ("2014-12-01", "2014-12-31"), "month"),
                   ("31 August", ("2017-08-31", "2017-08-31"), "day"),
                   ("August 27, 2017", ("2017-08-27", "2017-08-27"), "day")]
    # a day-month with no year is never after publication
    assert _span(find_dates("on 30 December", date(2017, 1, 3))[0]) == ("2016-12-30", "2016-12-30")


def test_no_false_dates():
    pub = date(2017, 9, 5)
    assert find_dates("we expect the convoy at 1700 GMT", pub) == []
    assert find_dates("they may march on the city", pub) == []
    assert find_dates("At least 2000 people fled", pub) == []


def test_unknown_publication_date():
    assert find_dates("IS attacked on Monday and yesterday", None) == []
    assert _span(find_dates("on 27 August 2017", None)[0]) == ("2017-08-27", "2017-08-27")
    assert find_dates("on 27 August", None) == []


def test_weekday_pairs():
    t = find_dates("Heavy fighting on Saturday and Sunday", date(2016, 1, 18))[0]
    assert _span(t) == ("2016-01-16", "2016-01-17")


@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.sampled_from(WEEKDAYS), st.sampled_from(["on ", "", "late ", "last "]))
def test_weekday_never_in_future_and_within_a_week(pub, day, mod):
    t = find_dates(f"the town fell {mod}{day}", pub)[0]
    assert t.start == t.end and t.start <= pub and pub - t.start < timedelta(days=8)
    assert WEEKDAYS[t.start.weekday()] == day
    if mod != "last ":
        assert pub - t.start < timedelta(days=7)
    else:
        assert t.start < pub


@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.integers(1, 28), st.integers(1, 12))
def test_day_month_is_latest_on_or_before_publication(pub, day, month):
    name = date(2000, month, 1).strftime("%B")
    t = find_dates(f"killed on {day} {name}", pub)[0]
    assert t.start <= pub and (t.start.month, t.start.day) == (month, day)
    assert pub - t.start < timedelta(days=366)


def test_counts_are_not_years():
    pub = date(2016, 1, 18)
    assert find_dates("the deaths of 2000 people and 2015 civilians were killed", pub) == []
    assert [t.text for t in find_dates("between 2014 and 2015 the group grew", pub)] == ["between 2014", "and 2015"]


# -- numeric dates -------------------------------------------------------------------------------------
PUB = date(2016, 2, 22)  # a Monday


def _numeric(text, pub=PUB, month_first=None):
    return [(t.text, t.start.isoformat()) for t in find_dates(text, pub, month_first)]


@pytest.mark.parametrize("sentence,words,want", [
    ("Russian warplanes struck the town of Tadef on 20/02/2016, killing 12 civilians", "on 20/02/2016", "2016-02-20"),
    ("A car bomb exploded near a checkpoint in Homs on 20.02.2016", "on 20.02.2016", "2016-02-20"),
    ("Clashes broke out on 20-02-2016 near Kuweires airbase", "on 20-02-2016", "2016-02-20"),
    ("The Observatory counted 2016-02-20 as the deadliest day of the offensive", "2016-02-20", "2016-02-20"),
    ("Monitors logged the strike at Azaz hospital as 2016/02/15", "2016/02/15", "2016-02-15"),
    ("The regime dropped barrel bombs on Daraya on 2/20/2016, activists said", "on 2/20/2016", "2016-02-20"),
    ("Rebels shelled the Sheikh Maqsoud district on 20/02/16", "on 20/02/16", "2016-02-20"),
    ("Islamic State fighters attacked the village on 13/01, killing four", "on 13/01", "2016-01-13"),
    ("Aid trucks entered Madaya (13/01) after months of siege", "13/01", "2016-01-13"),
])
def test_every_numeric_form(sentence, words, want):
    assert _numeric(sentence) == [(words, want)]


def test_a_part_over_twelve_settles_the_order_whatever_the_outlet():
    assert _numeric("killed on 20/02", month_first=True) == [("on 20/02", "2016-02-20")]
    assert _numeric("killed on 2/20/2016", month_first=False) == [("on 2/20/2016", "2016-02-20")]


def test_the_outlets_convention_settles_an_ambiguous_order():
    s = "Government helicopters dropped barrel bombs on Daraya on 03/02/2016"
    assert _numeric(s, month_first=True) == [("on 03/02/2016", "2016-03-02")]
    assert _numeric(s, month_first=False) == [("on 03/02/2016", "2016-02-03")]


def test_without_a_convention_the_reading_nearest_before_publication_wins():
    s = "Jets struck a market in Maarat al-Numan on 02/03/2016"
    # published 5 February: 2 March is yet to come, 3 February was two days ago
    assert _numeric(s, pub=date(2016, 2, 5)) == [("on 02/03/2016", "2016-02-03")]
    # published 7 March: 2 March (five days ago) is nearer than 3 February
    assert _numeric(s, pub=date(2016, 3, 7)) == [("on 02/03/2016", "2016-03-02")]


def test_otherwise_day_month():
    s = "The army first entered the town on 05/06/2010"
    assert _numeric(s) == [("on 05/06/2010", "2010-06-05")]  # both readings years back: neither is nearer news
    assert _numeric(s, pub=None) == [("on 05/06/2010", "2010-06-05")]


def test_a_numeric_date_without_a_year_is_the_latest_on_or_before_publication():
    assert _numeric("rockets hit the city on 20/12", pub=date(2016, 1, 10)) == [("on 20/12", "2015-12-20")]
    assert _numeric("rockets hit the city on 29/02", pub=date(2017, 3, 1)) == [("on 29/02", "2016-02-29")]
    assert _numeric("rockets hit the city on 20/12", pub=None) == []  # no year, no publication: no guess


def test_two_digit_years_fall_in_the_century_before_publication():
    assert _numeric("on 20/02/16") == [("on 20/02/16", "2016-02-20")]
    assert _numeric("on 20/02/98") == [("on 20/02/98", "1998-02-20")]


@pytest.mark.parametrize("sentence", [
    # real FA-KES sentences
    "OCHA revealed in a statement that it first became aware the aid convoy had come under attack at 8.15 pm "
    "local time.",
    "The attack was carried out between 11.30 and 12.00 local time.",
    "A day ago a 5-year-old child was killed and six other civilians including three children (5-8 years) were injured",
    "divisions among major powers that have crippled efforts to quell 2 1/2 years of civil war still much in evidence.",
    "The ISIS left behind scores of the dead and wounded members and fled the battlefield FNA reported. 212-11",
    "Tens of thousands of Syrians displaced from Aleppo have found refuge in Idlib home to a pre-war population "
    "of 1.5 million.",
    # times, scores, ratios, figures, phone numbers, web addresses
    "The first shell fell at 13:01 local time",
    "The government side won the vote 3-1",
    "Rebels lost 1/2 of the territory they held",
    "on 2/3 of the days the road was closed",
    "the 9/11 attacks changed US policy",
    "the hospital works 24/7 despite the shelling",
    "Call the hotline on +963 11-12-2015 for help",
    "the video at https://example.com/2016/02/20/syria-strikes shows the blast",
    "the report at www.example.org/news?d=13/01/2016 says so",
])
def test_numbers_that_are_not_dates(sentence):
    assert [t.text for t in find_dates(sentence, PUB)] == []


def test_a_range_of_days_after_a_month_name_is_not_a_numeric_date():
    found = find_dates("The next meetings in Astana are to be held on May 3-4.", date(2017, 4, 20))
    assert all("-" not in t.text for t in found)


def test_a_date_after_publication_is_not_the_events():
    s = "The ceasefire agreed on 12/02 is to take effect on 27/02/2016"
    assert [t.text for t in find_dates(s, PUB)] == ["on 12/02", "on 27/02/2016"]
    assert event_date(s, PUB).start == date(2016, 2, 12)
    assert event_date("Talks are due to resume on 25/03/2016", PUB) is None
    # a day of timezone slack: an evening abroad is the next morning at the outlet
    assert event_date("Jets struck Douma on 23/02/2016", PUB).start == date(2016, 2, 23)


def test_since_a_numeric_date_is_a_range_to_publication():
    t = find_dates("Since 13/01 the army has shelled the besieged town", PUB)[0]
    assert (t.start, t.end) == (date(2016, 1, 13), PUB)


def test_a_numeric_date_of_a_speech_act_is_reporting():
    t = find_dates("The monitor said on 20/02/2016 that 35 fighters had died", PUB)[0]
    assert t.reporting and t.start == date(2016, 2, 20)


@pytest.mark.parametrize("outlet,url,want", [
    ("The Washington Post", None, True),
    ("Associated Press", None, True),
    ("Rappler", None, True),
    ("Reuters", None, False),
    (None, "https://www.nytimes.com/2016/02/20/world/middleeast/syria.html", True),
    (None, "http://news.abs-cbn.com/world/02/20/16/syria", True),
    (None, "https://www.inquirer.net/x", True),
    (None, "http://english.ahram.org.eg/NewsContent/2/8/1.aspx", False),
    (None, "https://www.sana.sy/en/?p=1", False),
    ("Ya Libnan", "https://yalibnan.com/2015/12/24/x", None),
    (None, "https://syria.io/x", None),
    (None, None, None),
])
def test_the_outlets_convention(outlet, url, want):
    assert month_first(outlet, url) is want
