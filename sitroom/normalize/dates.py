"""Time expressions in news sentences, resolved against the publication date.

A small parser of our own (month/weekday names and relative phrases from
``sitroom/data/lexicon/dates.json``) rather than dateparser: dateparser reads "we" as Wednesday and
"1700 GMT" as a year, and it resolves a bare weekday into the future.

Conventions, because news reports the past:
* a weekday is the latest such day on or before publication ("on Monday" in a Monday article is that
  day); "last Friday" in a Friday article is seven days earlier; "next Friday" is the only future one;
* a day and month without a year take the latest such date on or before publication;
* "since Saturday" / "since March" is a range ending at publication;
* with no publication date, only expressions that carry their own year resolve: weekdays, "yesterday",
  "last month", "27 August" and the like come back as nothing rather than as a guess.
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from .numbers import parse_count

PRECISIONS = ("day", "week", "month", "year")


@dataclass(slots=True)
class TimeExpr:
    start: date
    end: date
    precision: str  # day | week | month | year
    text: str
    char_start: int
    char_end: int
    reporting: bool = False  # dates a speech act ("said Thursday"), not the event


def _data(name: str) -> dict:
    return json.loads(resources.files("sitroom.data").joinpath(f"lexicon/{name}.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _lex() -> dict:
    lex = _data("dates")
    lex["speech"] = set(_data("attribution")["speech_verbs"]) | {"according"}
    lex["glue"] = set(lex["reporting_glue"])
    return lex


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    lex = _lex()
    mon, wd = _alt(lex["months"]), _alt(lex["weekdays"])
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    # a year is not a time ("1700 GMT") nor a count ("the deaths of 2000 people")
    year = r"(?P<y>(?:19[5-9]|20\d)\d)(?!\s*(?:GMT|UTC|hrs|hours|local|h\b|[-:]))" \
           r"(?!\s+(?:people|civilians|persons|men|women|children|soldiers|troops|fighters|militants|rebels|" \
           r"families|refugees|residents|others|more|killed|dead|wounded|injured|were|have)\b)"
    yprep = _alt(lex["year_prepositions"])
    rel = _alt(lex["relative"])
    num = r"(?P<n>\d+|an?|a few|several|(?:[a-z]+-)?[a-z]+)"
    return [
        ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)\b")),
        ("dmy", re.compile(rf"\b{day}\s+(?:of\s+)?(?P<m>{mon})\b\.?(?:,?\s+{year}\b)?")),
        ("mdy", re.compile(rf"\b(?P<m>{mon})\b\.?\s+{day}\b(?![,.]?\d)(?:,?\s+{year}\b)?")),
        ("my", re.compile(rf"\b(?:(?P<part>early|mid|late)[\s-]+)?(?P<m>{mon})\b\.?,?\s+{year}\b")),
        ("m", re.compile(rf"(?i:\b(?P<since>since|in|during|until|by|through|last|this|early|mid|late)[\s-]+)(?:(?P<part>early|mid|late)[\s-]+)?(?P<m>{mon})\b(?!\s+\d)")),
        ("y", re.compile(rf"(?i:\b(?P<prep>{yprep})[\s-]+)(?:the\s+(?:year\s+)?)?{year}\b")),
        ("wd", re.compile(rf"(?i:\b(?:(?P<part>late|early)\s+)?(?:on\s+)?(?:(?P<mod>last|this|past|next|since|from|between|until|by)\s+)?)(?P<wd>{wd})(?:\s+(?:and|or|to|through|until|-)\s+(?P<wd2>{wd}))?(?:\s+(?i:morning|afternoon|evening|night))?\b")),
        ("ago", re.compile(rf"(?i)\b{num}\s+(?P<u>hours?|days?|weeks?|months?|years?)\s+ago\b")),
        ("past", re.compile(rf"(?i)\b(?:(?:over|in|during|for|within|throughout)\s+)?the\s+(?:past|last|previous)\s+(?:{num}\s+)?(?P<u>hours?|days?|weeks?|months?|years?)\b")),
        ("rel", re.compile(rf"(?i)\b(?P<rel>{rel})\b")),
    ]


def _ym(published: date | None, month: int, year: str | None) -> int | None:
    """The year of a month named without one: the latest on or before publication."""
    if year:
        return int(year)
    if published is None:
        return None
    return published.year if month <= published.month else published.year - 1


def _month_span(y: int, m: int, part: str | None = None) -> tuple[date, date]:
    last = calendar.monthrange(y, m)[1]
    lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(part or "", (1, last))
    return date(y, m, lo), date(y, m, hi)


def _r_iso(g: dict, pub: date | None):
    d = date(int(g["y"]), int(g["mo"]), int(g["d"]))
    return d, d, "day"


def _r_day_month(g: dict, pub: date | None):
    m = _lex()["months"][g["m"]]
    y = _ym(pub, m, g.get("y"))
    if y is None:
        return None
    d = date(y, m, int(g["d"]))
    if not g.get("y") and pub and d > pub:  # "31 December" in a mid-December article: last year
        d = date(y - 1, m, int(g["d"]))
    return d, d, "day"


def _r_month_year(g: dict, pub: date | None):
    a, b = _month_span(int(g["y"]), _lex()["months"][g["m"]], g.get("part"))
    return a, b, "month"


def _r_month(g: dict, pub: date | None):
    m = _lex()["months"][g["m"]]
    y = _ym(pub, m, None)
    if y is None:
        return None
    if (g.get("since") or "").lower() == "last" and y == pub.year and m == pub.month:
        y -= 1  # "last December" in December: a year ago
    a, b = _month_span(y, m, g.get("part"))
    if (g.get("since") or "").lower() == "since":
        b = pub
    return a, min(b, pub) if b >= a and pub >= a else b, "month"


def _r_year(g: dict, pub: date | None):
    y = int(g["y"])
    prep = g["prep"].lower()
    a, b = date(y, 1, 1), date(y, 12, 31)
    if prep in ("early",):
        b = date(y, 4, 30)
    elif prep in ("late", "the end of", "end of"):
        a = date(y, 9, 1)
    if prep == "since" and pub:
        b = pub
    return a, b, "year"


def _latest_weekday(pub: date, wd: int, strictly_before: bool = False) -> date:
    back = (pub.weekday() - wd) % 7
    if strictly_before and back == 0:
        back = 7
    return pub - timedelta(days=back)


def _r_weekday(g: dict, pub: date | None):
    if pub is None:
        return None
    wds, mod = _lex()["weekdays"], (g.get("mod") or "").lower()
    wd = wds[g["wd"].capitalize()]
    if mod == "next":
        d = pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
        return d, d, "day"
    d = _latest_weekday(pub, wd, strictly_before=mod in ("last", "past"))
    if g.get("wd2"):
        d2 = _latest_weekday(pub, wds[g["wd2"].capitalize()])
        d = d2 - timedelta(days=(d2 - d).days % 7)  # "Saturday and Sunday": the pair ending on d2
        return d, d2, "day"
    return d, (pub if mod == "since" else d), "day"


def _amount(text: str | None) -> int | None:
    if not text:
        return 1
    hit = parse_count(text)
    return hit[0] if hit else None


def _r_ago(g: dict, pub: date | None):
    n, unit = _amount(g.get("n")), g["u"].lower().rstrip("s")
    if pub is None or n is None:
        return None
    days = n * (_lex()["units"][unit] or 0)
    prec = _lex()["unit_precision"][unit]
    d = pub - timedelta(days=days)
    if prec == "month":
        return (*_month_span(d.year, d.month), "month")
    if prec == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31), "year"
    slack = 3 if prec == "week" else 0
    return d - timedelta(days=slack), d + timedelta(days=slack), prec


def _r_past(g: dict, pub: date | None):
    n, unit = _amount(g.get("n")), g["u"].lower().rstrip("s")
    if pub is None or n is None:
        return None
    days = max(1, n * (_lex()["units"][unit] or 0))
    prec = _lex()["unit_precision"][unit]
    if unit == "day" and n > 7:
        prec = "week"
    return pub - timedelta(days=days), pub, prec


def _r_rel(g: dict, pub: date | None):
    spec = _lex()["relative"][g["rel"].lower()]
    if pub is None or spec[0] == "skip":
        return None
    kind, off, part = spec[0], spec[1], (spec[2] if len(spec) > 2 else None)
    if kind == "day":
        d = pub + timedelta(days=off)
        return d, d, "day"
    if kind == "span":
        return pub + timedelta(days=off), pub, "day"
    if kind == "past":
        return pub - timedelta(days=off), pub, part
    if kind == "weekend":
        sun = _latest_weekday(pub, 6)
        return sun - timedelta(days=1), sun, "week"
    return _period(kind, off, part, pub)


def _period(kind: str, off: int, part: str | None, pub: date):
    """A calendar week / month / year relative to publication, or its early / late / elapsed part."""
    if kind == "week":
        a = pub - timedelta(days=pub.weekday()) + timedelta(weeks=off)
        b = a + timedelta(days=6)
        if part in ("early", "late"):
            a, b = (a, a + timedelta(days=2)) if part == "early" else (a + timedelta(days=3), b)
    elif kind == "month":
        y, m = (pub.year, pub.month) if off == 0 else ((pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12))
        a, b = _month_span(y, m, part if part in ("early", "late") else None)
    else:
        y = pub.year + off
        a, b = date(y, 1, 1), date(y, 12, 31)
        if part == "early":
            b = date(y, 4, 30)
        elif part == "late":
            a = date(y, 9, 1)
    if part == "before" or b > pub:
        b = max(a, pub - timedelta(days=1) if part == "before" and pub > a else pub)
    return a, b, kind


_RESOLVERS = {"iso": _r_iso, "dmy": _r_day_month, "mdy": _r_day_month, "my": _r_month_year, "m": _r_month,
              "y": _r_year, "wd": _r_weekday, "ago": _r_ago, "past": _r_past, "rel": _r_rel}


def _candidates(text: str) -> list[tuple[int, int, str, dict]]:
    """All matches of all patterns, longest first among those that overlap."""
    found = []
    for name, pat in _patterns():
        for m in pat.finditer(text):
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            found.append((m.start(), m.end(), name, g))
    found.sort(key=lambda c: (c[0] - c[1], c[0]))
    kept: list = []
    for c in found:
        if all(c[1] <= k[0] or c[0] >= k[1] for k in kept):
            kept.append(c)
    return sorted(kept)


def _words_before(text: str, i: int, n: int) -> list[str]:
    clause = re.split(r"[.;:!?,\"“”()]", text[:i])[-1]
    return re.findall(r"[a-z]+", clause.lower())[-n:]


def is_reporting(text: str, start: int, end: int) -> bool:
    """Does the time phrase at [start, end) date a speech act? 'said Thursday', 'told reporters on Monday',
    'the monitor on Monday said'."""
    lex = _lex()
    before = _words_before(text, start, 6)
    for k in range(len(before) - 1, -1, -1):
        if before[k] in lex["speech"]:
            return True
        if before[k] not in lex["glue"]:
            break
    after = re.match(r"\s*([a-z]+)", text[end:end + 20].lower())
    return bool(after and after.group(1) in lex["speech"] and before and before[-1] not in lex["speech"]
                and not re.match(r"\s*[,.]", text[end:end + 2]))


def find_dates(text: str, published: date | None) -> list[TimeExpr]:
    """Every time expression in `text` (a sentence), resolved against `published`, left to right."""
    out = []
    for a, b, name, g in _candidates(text):
        try:
            hit = _RESOLVERS[name](g, published)
        except (ValueError, KeyError):  # "31 February", an unknown weekday spelling
            hit = None
        if hit is None:
            continue
        start, end, prec = hit
        out.append(TimeExpr(start, max(start, end), prec, text[a:b], a, b, is_reporting(text, a, b)))
    return out


def event_date(sentence: str, published: date | None) -> TimeExpr | None:
    """The date of the event a sentence reports: its finest non-reporting time expression (the first of
    those), else the date of the report ('announced on 27 August that it had ousted ...'), else None."""
    found = find_dates(sentence, published)
    for pool in ([t for t in found if not t.reporting], found):
        if pool:
            return min(pool, key=lambda t: (PRECISIONS.index(t.precision), t.char_start))
    return None
