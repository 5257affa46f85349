"""Time expressions in news sentences, resolved against the publication date.

A small parser of our own (month/weekday names and relative phrases from
``sitroom/data/lexicon/dates.json``) rather than dateparser: dateparser reads "we" as Wednesday and
"1700 GMT" as a year, and it resolves a bare weekday into the future.

Conventions, because news reports the past:
* a weekday is the latest such day on or before publication ("on Monday" in a Monday article is that
  day); "last Friday" in a Friday article is seven days earlier; "next Friday" is the only future one;
* a day and month without a year take the latest such date on or before publication;
* "since Saturday" / "since March" is a range ending at publication;
* numeric dates (13/01, 20/02/2016, 20.02.16, 2016-02-20, 2/20/2016): year first is always y-m-d; otherwise
  a part over 12 settles the order, then the outlet's convention when known (``month_first``: US and
  Philippine outlets write month/day), then the reading on or before publication nearest to it, then
  day/month. A day/month without a year is read only after a date word ("on 13/01", "since 2/3"), so that
  figures ("1/2 of", "24/7", "the 9/11 attacks") stay figures; dots and dashes need a year, so times
  ("13.01", "13:01"), scores ("3-1") and decimals never read as dates, nor does anything in a URL or
  a longer run of digits (a phone number);
* a date after publication (beyond a day of timezone slack) dates a plan or a forecast: it is never an
  event's date (``event_date``);
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
TZ_SLACK = timedelta(days=1)  # an article stamped in one timezone about an evening in another
NUMERIC_PAST = timedelta(days=730)  # an ambiguous numeric date this far back is no news: neither reading is nearer


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
    num = lex["numeric"]
    for key in ("month_first_outlets", "day_first_outlets"):
        num[key] = {_outlet_key(o) for o in num[key]}
    return lex


def _outlet_key(name: str) -> str:
    """'The Washington Post (website)' and 'washington post' name the same outlet."""
    name = re.sub(r"\(.*?\)", " ", name.lower())
    return " ".join(re.sub(r"^\s*the\s+", "", name).split())


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
        *_numeric_patterns(lex["numeric"]),
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


def _numeric_patterns(num: dict) -> list[tuple[str, re.Pattern]]:
    """yyyy-mm-dd and dd/mm(/yy): not inside a longer run of digits, separators or a word (a phone number,
    a path, "v1.2.3"), and not before a figure's noun ("2/3 of the town")."""
    edge_l, edge_r = r"(?<![\w./:+#$=&?\u00a3\u20ac-])", r"(?![\d/:%-]|[.,]\d|[a-z])"
    figure = rf"(?!\s+(?:{_alt(num['not_before'])})\b)"
    lead = rf"(?:(?P<lead>(?i:\b(?:{_alt(num['bare_lead'])}))\s+)|(?P<open>(?<=\()))?"
    return [
        ("ymd", re.compile(rf"{edge_l}(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<mo>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)"
                           rf"{edge_r}")),
        ("num", re.compile(rf"{lead}{edge_l}(?P<a>[0-3]?\d)(?P<sep>[-/.])(?P<b>[0-3]?\d)"
                           rf"(?:(?P=sep)(?P<y>(?:19|20)\d\d|\d\d))?{edge_r}{figure}")),
    ]


def month_first(outlet: str | None, url: str | None = None) -> bool | None:
    """The outlet's numeric-date convention: True for month/day (US and Philippine outlets), False for
    day/month, None when neither its name nor its web address tells."""
    num = _lex()["numeric"]
    key = _outlet_key(outlet or "")
    if key in num["month_first_outlets"] or key in num["day_first_outlets"]:
        return key in num["month_first_outlets"]
    host = re.sub(r"^www\.", "", re.sub(r"^[a-z]+://", "", (url or "").lower()).split("/")[0].split(":")[0])
    if not host:
        return None
    for domains, verdict in ((num["month_first_domains"], True), (num["day_first_domains"], False)):
        if any(host == d or host.endswith("." + d) for d in domains):
            return verdict
    tld = host.rsplit(".", 1)[-1]
    if len(tld) != 2 or tld in num["generic_tlds"]:
        return None  # .com, .org, .io: no country
    return tld in num["month_first_tlds"]


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


def _r_ymd(g: dict, pub: date | None):
    d = date(int(g["y"]), int(g["mo"]), int(g["d"]))
    return d, d, "day"


def _year(text: str, pub: date | None) -> int:
    """A two-digit year in the century that puts it latest on or before publication ('16' -> 2016)."""
    if len(text) == 4:
        return int(text)
    ref = pub.year if pub else date.today().year
    y = ref - ref % 100 + int(text)
    return y - 100 if y > ref + 1 else y


def _on_or_before(pub: date, month: int, day: int) -> date | None:
    """A day and month without a year: the latest such date on or before publication."""
    for y in (pub.year, pub.year - 1, pub.year - 4):  # 29 February may be a leap year back
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d <= pub:
            return d
    return None


def _readings(a: int, b: int, year: str | None, pub: date | None) -> dict[str, date]:
    """The valid dates 'a/b(/year)' may be: 'dm' (day first) and 'md' (month first)."""
    out = {}
    for order, (day, month) in (("dm", (a, b)), ("md", (b, a))):
        try:
            d = date(_year(year, pub), month, day) if year else (_on_or_before(pub, month, day) if pub else None)
        except ValueError:
            d = None
        if d:
            out[order] = d
    return out


def _settle(readings: dict[str, date], pub: date | None, month_first: bool | None) -> date | None:
    """Day-month order: the only valid reading; the outlet's convention; the reading on or before
    publication nearest to it (news reports the past); day/month."""
    if len(readings) < 2:
        return next(iter(readings.values()), None)
    if month_first is not None:
        return readings["md" if month_first else "dm"]
    if pub:
        near = [d for d in readings.values() if pub - NUMERIC_PAST <= d <= pub + TZ_SLACK]
        if near:
            return min(near, key=lambda d: (abs((pub - d).days), d != readings["dm"]))
    return readings["dm"]


def _r_numeric(g: dict, pub: date | None, month_first: bool | None = None):
    if not g.get("y") and (g["sep"] != "/" or "lead" not in g and "open" not in g):
        return None  # "3-1", "8.15", "1/2": a score, a time, a figure; a bare day/month needs "on", "since"...
    d = _settle(_readings(int(g["a"]), int(g["b"]), g.get("y"), pub), pub, month_first)
    if d is None:
        return None
    since = (g.get("lead") or "").strip().lower() == "since" and pub and d <= pub
    return d, (pub if since else d), "day"  # "since 13/01": a range ending at publication, as "since Saturday"


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


_RESOLVERS = {"ymd": _r_ymd, "num": _r_numeric, "dmy": _r_day_month, "mdy": _r_day_month, "my": _r_month_year,
              "m": _r_month, "y": _r_year, "wd": _r_weekday, "ago": _r_ago, "past": _r_past, "rel": _r_rel}


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


def _after_number(text: str, a: int) -> bool:
    """'+963 11-12-2015', '2 1/2 years': digits right before make it part of a longer number."""
    return bool(re.search(r"\d[\s\u00a0]*$", text[max(0, a - 4):a]))


def _resolve(name: str, g: dict, pub: date | None, month_first: bool | None):
    try:
        return _r_numeric(g, pub, month_first) if name == "num" else _RESOLVERS[name](g, pub)
    except (ValueError, KeyError):  # "31 February", an unknown weekday spelling
        return None


def attributed(text: str, start: int) -> bool:
    """Does the clause leading up to `start` attribute what it says? A date there is the report's
    ("..., according to a ministry statement quoted by news agencies on Monday"), whatever stands between
    the speech word and the date."""
    return bool(set(_words_before(text, start, 12)) & _lex()["speech"])


def find_dates(text: str, published: date | None, month_first: bool | None = None) -> list[TimeExpr]:
    """Every time expression in `text` (a sentence), resolved against `published`, left to right.
    `month_first` is the outlet's numeric-date convention (``month_first()``), None when unknown."""
    out = []
    for a, b, name, g in _candidates(text):
        if name in ("num", "ymd") and "lead" not in g and _after_number(text, a):
            continue
        hit = _resolve(name, g, published, month_first)
        if hit is None:
            continue
        start, end, prec = hit
        out.append(TimeExpr(start, max(start, end), prec, text[a:b], a, b, is_reporting(text, a, b)))
    return out


def plausible(t: TimeExpr, published: date | None) -> bool:
    """Could `t` date an event the article reports? Not if it starts after publication (beyond a day of
    timezone slack): that is a plan, a deadline or a forecast."""
    return published is None or t.start <= published + TZ_SLACK


def finest(found: list[TimeExpr]) -> TimeExpr | None:
    """The most precise of some time expressions, the first of those; None for none."""
    return min(found, key=lambda t: (PRECISIONS.index(t.precision), t.char_start)) if found else None


def event_date(sentence: str, published: date | None, month_first: bool | None = None) -> TimeExpr | None:
    """The date of the event a sentence reports: its finest non-reporting time expression (the first of
    those), else the date of the report ('announced on 27 August that it had ousted ...'), else None.
    Dates after publication are never the event's."""
    found = [t for t in find_dates(sentence, published, month_first) if plausible(t, published)]
    return finest([t for t in found if not t.reporting]) or finest(found)
