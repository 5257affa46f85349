"""Document metadata: title, and a publication date read from a dateline or the article's address.

The dateline reader is deliberately narrow: it looks only at the first characters of
the text and only at full dates (day, month and year), so "1700 GMT" or "we" never
become dates (dateparser's pitfalls). Month and weekday names are data
(``sitroom/data/ingest/months.json``).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

DATELINE_CHARS = 200  # a dateline sits above or at the start of the story
YEARS = (1990, 2040)
# Publication dates outside [FIRST_PUBLISHED, tomorrow] are refused: news is not published in the
# future (a manifest's 2999 would date every event 2998), and tomorrow allows for time zones.
FIRST_PUBLISHED = dt.date(1990, 1, 1)


@dataclass(frozen=True)
class Dateline:
    date: str  # ISO yyyy-mm-dd
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, int], re.Pattern, re.Pattern, re.Pattern]:
    raw = json.loads((resources.files("sitroom.data") / "ingest" / "months.json").read_text(encoding="utf-8"))
    months = raw["months"]
    mon = "|".join(sorted(months, key=len, reverse=True))
    wd = "|".join(sorted(raw["weekdays"], key=len, reverse=True))
    # Sept. 5, 2017 / Tuesday, September 5, 2017 / Jul 262016 (a lost space between day and year)
    mdy = re.compile(rf"\b(?:(?:{wd})\.?,?\s+)?({mon})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*|\s+)(\d{{4}})\b", re.I)
    # 5 September 2017 / Sun 10 Jul 2016
    dmy = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({mon})\.?,?\s+(\d{{4}})\b", re.I)
    # 2017-09-05 / 21.08.2013 / 6-09-2013 / 9/4/2017
    num = re.compile(r"(?<![\d.])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})([./-])(\d{1,2})\5(\d{4}))(?![\d])")
    return months, mdy, dmy, num


def _valid(y: int, m: int, d: int) -> str | None:
    if not YEARS[0] <= y <= YEARS[1]:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _numeric(m: re.Match) -> str | None:
    if m.group(1):
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    a, sep, b, y = int(m.group(4)), m.group(5), int(m.group(6)), int(m.group(7))
    # Slashes are mostly US month-first; dots and dashes day-first (European, Arab outlets).
    month_day = (a, b) if sep == "/" else (b, a)
    return _valid(y, *month_day) or _valid(y, *reversed(month_day))


def find_dateline(text: str, limit: int = DATELINE_CHARS) -> Dateline | None:
    """The earliest full date in the first ``limit`` characters, if any."""
    months, mdy, dmy, num = _names()
    head = text[:limit]
    found: list[tuple[int, int, str]] = []
    for m in mdy.finditer(head):
        iso = _valid(int(m.group(3)), months[m.group(1).lower()], int(m.group(2)))
        found.append((m.start(), m.end(), iso))
    for m in dmy.finditer(head):
        found.append((m.start(), m.end(), _valid(int(m.group(3)), months[m.group(2).lower()], int(m.group(1)))))
    for m in num.finditer(head):
        found.append((m.start(), m.end(), _numeric(m)))
    found = sorted(f for f in found if f[2])
    if not found:
        return None
    start, end, iso = found[0]
    return Dateline(iso, start, end, text[start:end])


# A date in an article's address: /2017/07/15/, /2017-07-15-slug, _2017_07_15; /2017/07/ names a month only.
_URL_DAY = re.compile(r"(?<![\d])((?:19|20)\d{2})([/_-])(\d{1,2})\2(\d{1,2})(?![\d])")
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})(?:/|$)")


def url_date(url: str | None) -> tuple[str | None, str | None]:
    """(day, month) an article's address states: ("2017-07-15", "2017-07"), (None, "2017-07") for
    /2017/07/slug, (None, None) when it states none. Only the path is read: a query's numbers are ids."""
    path = urlsplit(url).path if url else ""
    m = _URL_DAY.search(path)
    if m and (day := _valid(int(m.group(1)), int(m.group(3)), int(m.group(4)))):
        return day, day[:7]
    m = _URL_MONTH.search(path)
    if m and 1 <= int(m.group(2)) <= 12 and YEARS[0] <= int(m.group(1)) <= YEARS[1]:
        return None, f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    return None, None


def iso_date(value: str | None) -> str | None:
    """A metadata date (ISO timestamp, plain date, or a written date) as yyyy-mm-dd."""
    if not value:
        return None
    value = value.strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = find_dateline(value, len(value))
    return found.date if found else None


def published_problem(value: str | None) -> tuple[str | None, str | None]:
    """(ISO date, None) for a usable publication date; (None, why) for one that is refused."""
    if not value:
        return None, None
    iso = iso_date(value)
    if iso is None:
        return None, f"{value[:40]!r} is not a calendar date"
    if not FIRST_PUBLISHED <= dt.date.fromisoformat(iso) <= _latest():
        return None, f"{iso} is outside {FIRST_PUBLISHED} to {_latest()}"
    return iso, None


def sane_published(value: str | None) -> str | None:
    """A publication date as ISO, or None when it is not a date or lies outside the sane window."""
    return published_problem(value)[0]


def _latest() -> dt.date:
    return dt.date.today() + dt.timedelta(days=1)


def title_from_text(text: str) -> str | None:
    """The first line that is not just a date: plain-text articles open with their headline."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        dl = find_dateline(line, len(line))
        if dl and len(line) - len(dl.text) < 12:
            continue
        return line[:300]
    return None
