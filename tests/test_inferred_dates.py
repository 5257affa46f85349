"""Dates inferred from publication: how resolution, the store and the exports carry them.

An undated report ("Syrian government air strikes killed 14 people in Douma.") is dated by its
publication at week precision with ``date_inferred``; a report that states the day outranks it."""
import csv
import json

from sitroom.export.writers import write_csv, write_json
from sitroom.records import Document, Location, Mention
from sitroom.resolve import resolve
from sitroom.resolve.assemble import build_event
from sitroom.resolve.compat import compatible
from sitroom.store import open_store

DOUMA = Location("Douma", "Syria", "Rif Dimashq", 33.57, 36.40, "exact")
ACTORS = ("Military Forces of Syria (2000-)", "Civilians (Syria)")


def _mention(mid: str, doc: str, quote: str, day: str, published: str, stated: str | None) -> Mention:
    """A report of the Douma strike; `stated` is the date's words, None for an undated sentence."""
    evidence = {"event_type": "air strikes", "location": "Douma", "actor1": "Syrian government air strikes"}
    if stated:
        evidence["date"] = stated
    return Mention(mid, doc, f"{doc}.txt", "Explosions/Remote violence", "Air/drone strike", quote, 0, len(quote),
                   "outlet", published, day, day, "day" if stated else "week", DOUMA, *ACTORS, [], "air strikes",
                   evidence, [ACTORS[0]], date_inferred=not stated)


UNDATED = "Syrian government air strikes killed 14 people in the town of Douma."
DATED = "Syrian government air strikes on Sunday killed 14 people in the rebel-held town of Douma."


def test_a_stated_day_outranks_any_number_of_inferred_ones():
    undated = [_mention(f"u{i}", f"d{i}", UNDATED, "2016-02-23", "2016-02-23", None) for i in range(3)]
    dated = _mention("s", "d9", DATED, "2016-02-21", "2016-02-22", "on Sunday")
    e = build_event(undated + [dated], ["test"])
    assert (e.date_start, e.date_end, e.time_precision, e.date_inferred) == ("2016-02-21", "2016-02-21", "day", False)


def test_an_event_no_report_dates_is_inferred_at_week_precision():
    e = build_event([_mention(f"u{i}", f"d{i}", UNDATED, "2016-02-23", "2016-02-23", None) for i in range(2)], [])
    assert (e.date_start, e.time_precision, e.date_inferred) == ("2016-02-23", "week", True)


def test_inferred_dates_merge_across_outlets_as_the_day_they_stand_on():
    a = _mention("a", "d1", UNDATED, "2016-02-23", "2016-02-23", None)
    b = _mention("b", "d2", DATED, "2016-02-22", "2016-02-23", "on Monday")
    assert compatible(a, b).ok  # week precision of an inferred date is not a coarse date of the text
    far = _mention("c", "d3", DATED, "2016-02-18", "2016-02-23", "on Thursday")
    assert not compatible(a, far).ok  # ... nor a licence to join reports days apart


def test_the_flag_survives_the_store_and_reaches_the_exports(tmp_path):
    ms = [_mention("a", "d1", UNDATED, "2016-02-23", "2016-02-23", None)]
    store = open_store(str(tmp_path / "s.db"))
    store.add_document(Document("d1", "d1.txt", "/in/d1.txt", UNDATED, UNDATED, published="2016-02-23"))
    store.replace_mentions("d1", ms, "test")
    back = store.mentions()
    assert back[0].date_inferred and back[0].time_precision == "week"
    store.replace_events(resolve(back))
    events = store.events()
    assert events[0].date_inferred
    exported = json.loads(write_json(events, tmp_path / "e.json").read_text(encoding="utf-8"))
    assert exported[0]["date_inferred"] is True and exported[0]["date_start"] == "2016-02-23"
    with write_csv(events, tmp_path / "e.csv").open(encoding="utf-8") as f:
        assert next(csv.DictReader(f))["time_precision"] == "2"  # ACLED: the week is known, not the day
