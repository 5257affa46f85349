"""Time expressions from real news sentences, anchored to the publication date."""
from datetime import date, timedelta

from hypothesis import given, strategies as st

from sitroom.normalize.dates import event_date, find_dates

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
