"""Properties of resolution on generated mentions: order independence, and the never-merge rules."""
import datetime as dt
import random

from hypothesis import given, settings, strategies as st

from sitroom.records import Location, Mention
from sitroom.resolve import resolve

# Real towns far enough apart that no distance threshold could join them.
TOWNS = [Location("Deir ez-Zor", "Syria", "Deir ez-Zor", 35.336, 40.14, "exact"),
         Location("Mayadin", "Syria", "Deir ez-Zor", 35.02, 40.45, "exact"),
         Location("Raqqa", "Syria", "Raqqa", 35.95, 39.01, "exact"),
         Location("Mosul", "Iraq", "Nineveh", 36.34, 43.13, "exact")]
SENTENCE = "Islamic State fighters clashed with government forces near {place}, a monitor said."


def _mention(i: int, town: int, day: int, sub: str = "Armed clash") -> Mention:
    loc = TOWNS[town]
    date = (dt.date(2016, 1, 1) + dt.timedelta(days=day)).isoformat()
    quote = SENTENCE.format(place=loc.name)
    actors = ["Islamic State", "Military Forces of Syria (2000-)"]
    return Mention(f"m{i:04d}", f"d{i % 3}", f"{i % 3:03d}.txt", "Battles", sub, quote, 0, len(quote), "outlet",
                   date, date, date, "day", loc, *actors, [], "clashed",
                   {"location": loc.name, "actor1": actors[0], "actor2": actors[1]}, actors)


mentions = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 400)), min_size=1, max_size=25).map(
    lambda specs: [_mention(i, t, d) for i, (t, d) in enumerate(specs)])


@settings(max_examples=40, deadline=None)
@given(mentions, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(ms, rnd):
    shuffled = list(ms)
    rnd.shuffle(shuffled)
    assert [(e.event_id, e.mention_ids) for e in resolve(ms)] == [(e.event_id, e.mention_ids) for e in resolve(shuffled)]


@settings(max_examples=40, deadline=None)
@given(mentions)
def test_no_event_spans_two_towns_or_distant_days(ms):
    by_id = {m.mention_id: m for m in ms}
    events = resolve(ms)
    assert sorted(mid for e in events for mid in e.mention_ids) == sorted(by_id)
    for e in events:
        members = [by_id[mid] for mid in e.mention_ids]
        assert len({m.location.name for m in members}) == 1
        days = [dt.date.fromisoformat(m.date_start) for m in members]
        assert (max(days) - min(days)).days <= 1  # complete linkage: every pair within a day's slack


def test_same_town_same_day_reports_merge_and_keep_every_report():
    ms = [_mention(i, 0, 10) for i in range(3)]
    (event,) = resolve(ms)
    assert len(event.reports) == 3 and len(event.merge_reasons) == 2
    assert all("Battles" in why for why in event.merge_reasons)


def test_territory_taken_months_apart_stays_two_events():
    ms = [_mention(0, 0, 10, "Non-state actor overtakes territory"), _mention(1, 0, 130, "Non-state actor overtakes territory")]
    assert len(resolve(ms)) == 2
