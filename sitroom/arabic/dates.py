"""Dates in Arabic news: both month series and the Maghreb's, the paired notation, ordinal days, Hijri
dates, weekdays, أمس and أول أمس, منذ N أيام, and numeric dates.

Reads: ``text.Word`` lists of a sentence and the publication date. Writes: ``TimeExpr`` records (the
English path's), offsets in the sentence. "١٥ كانون الثاني ٢٠١٧" and "27 كانون الأول / ديسمبر 2017" are
days; "يوم الخميس" is the last Thursday on or before publication; a Hijri date ("17 ربيع الآخر 1438 هـ",
as the Islamic State's media date) is converted with ``hijridate`` (Umm al-Qura tables).
"""
from __future__ import annotations

import datetime as dt
import re
import functools

from ..normalize.dates import TimeExpr
from .lexicon import lexicon, words_table
from .numbers import figure_at
from .text import Word

YEAR_RANGE = (1900, 2100)
HIJRI_RANGE = (1300, 1500)


def _table(key: str):
    return words_table(key)


def _number(words: list[Word], i: int, lo: int, hi: int) -> tuple[int, int] | None:
    """(value, end) of a number in [lo, hi] written at ``i`` (digits, words or an ordinal day word)."""
    if i >= len(words):
        return None
    if lo == 1 and hi == 31:
        m = _table("ordinal_days").at(words, i)
        if m:
            j = m.j + (m.j < len(words) and words[m.j].folded == "من")  # "الخامس عشر من آذار"
            return m.payload, j
    f = figure_at(words, i)
    if not f or not lo <= f.value <= hi or f.vague:
        return None
    j = f.j
    if lo == 1 and hi == 31:  # "15 من شهر آذار", "في الـ15 من الشهر الجاري"
        j += j < len(words) and words[j].folded == "من"
        j += j < len(words) and words[j].folded == "شهر"
    return f.value, j


def _month_at(words: list[Word], i: int):
    """(month, end, calendar) of a month name at ``i``; a paired "كانون الأول / ديسمبر" reads as one."""
    for key, cal in (("months", "g"), ("hijri_months", "h")):
        m = _table(key).at(words, i) if i < len(words) else None
        if m and m.start == words[i].start or m and m.start - words[i].start == 1 and words[i].folded[0] in "فو":
            j = m.j
            second = _table("months").at(words, j) if cal == "g" and j < len(words) else None
            if second and second.payload == m.payload:
                j = second.j
            return m.payload, j, cal
    return None


def _expr(words, i, j, start: dt.date, end: dt.date, precision: str, offset: int = 0) -> TimeExpr:
    a, b = words[i].start, words[j - 1].end
    return TimeExpr(start, end, precision, "", a + offset, b + offset)


def _hijri(y: int, m: int, d: int) -> dt.date | None:
    from hijridate import Hijri
    try:
        return Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None


HIJRI_ERA = {"ه", "هـ", "هجري", "هجريه", "للهجره"}


def _hijri_day(words: list[Word], i: int, j: int, day: int, month: int, year, pub) -> tuple[int, TimeExpr] | None:
    """"17 ربيع الآخر 1438 هـ"; without its year ("1 رمضان") the latest such day on or before
    publication. "صفر" without a year is a zero, not a month."""
    if year:
        j = year[1] + (year[1] < len(words) and words[year[1]].folded in HIJRI_ERA)
        d = _hijri(year[0], month, day)
    elif month == 2 or pub is None or getattr(pub, "year_only", False):
        return None
    else:
        from hijridate import Gregorian
        hy = Gregorian(pub.year, pub.month, pub.day).to_hijri().year
        d = _hijri(hy, month, day)
        d = _hijri(hy - 1, month, day) if d and d > pub else d
    return (j, _expr(words, i, j, d, d, "day")) if d else None


THIS_MONTH = ("الجاري", "الحالي")


def _this_month(words: list[Word], j: int, pub: dt.date | None):
    """"الشهر الجاري" / "الشهر الماضي" (or "الجاري" alone: "في 15 الجاري") after a day: publication's
    month, or the one before it."""
    if pub is None or getattr(pub, "year_only", False) or j >= len(words):
        return None
    if words[j].folded in THIS_MONTH:
        return pub.month, j + 1, pub.year
    if j + 1 >= len(words) or words[j].folded != "الشهر":
        return None
    which = words[j + 1].folded
    if which in THIS_MONTH:
        return pub.month, j + 2, pub.year
    if which in LAST:
        first = pub.replace(day=1) - dt.timedelta(days=1)
        return first.month, j + 2, first.year
    return None


def _day_month(words: list[Word], i: int, pub: dt.date | None) -> tuple[int, TimeExpr] | None:
    day = _number(words, i, 1, 31)
    if day and (rel := _this_month(words, day[1], pub)):
        month, j, y = rel
        try:
            d = dt.date(y, month, day[0])
        except ValueError:
            return None
        return j, _expr(words, i, j, d, d, "day")
    if not day or not (mon := _month_at(words, day[1])):
        return None
    month, j, cal = mon
    year = _number(words, j, *(HIJRI_RANGE if cal == "h" else YEAR_RANGE))
    year = year or _named_year(words, j)  # "7 مارس (من) عام 2024"
    if cal == "h":
        return _hijri_day(words, i, j, day[0], month, year, pub)
    rel = None if year else _which_year(words, j, pub)  # "من العام الماضي"
    coming = not (year or rel) and j < len(words) and words[j].folded in NEXT and pub is not None
    y = year[0] if year else rel[0] if rel else _year_for(month, day[0], pub)
    if coming:  # "16 سبتمبر المقبل": the next one after publication
        y = pub.year + ((month, day[0]) <= (pub.month, pub.day))
    if y is None:
        return None
    j = year[1] if year else rel[1] if rel else j + coming
    try:
        d = dt.date(y, month, day[0])
    except ValueError:
        return None
    return j, _expr(words, i, j, d, d, "day")


def _named_year(words: list[Word], j: int) -> tuple[int, int] | None:
    """"عام 2024", "من عام 2024", "سنة 2024" right after a day and month: its year."""
    k = j + (j < len(words) and words[j].folded == "من")
    if k >= len(words) or words[k].folded not in ("عام", "العام", "سنه", "السنه"):
        return None
    return _number(words, k + 1, *YEAR_RANGE)


def _which_year(words: list[Word], j: int, pub: dt.date | None) -> tuple[int, int] | None:
    """"(من) العام الماضي" / "(من) العام الجاري" after a day and month: the year before publication's, or its own."""
    if pub is None or getattr(pub, "year_only", False):
        return None
    k = j + (j < len(words) and words[j].folded == "من")
    if k + 1 >= len(words) or words[k].folded not in ("العام", "السنه"):
        return None
    which = words[k + 1].folded
    if which in THIS_MONTH:
        return pub.year, k + 2
    return (pub.year - 1, k + 2) if which in LAST else None


def _year_for(month: int, day: int, pub: dt.date | None) -> int | None:
    """A day and month without a year: the latest such day on or before publication (or the
    document's anchor, ``Anchor``)."""
    if pub is None:
        return None
    y = pub.year
    return y - 1 if (month, day) > (pub.month, pub.day) else y


PART_OF_MONTH = ("مطلع", "اوايل", "اول", "منتصف", "اواسط", "اواخر", "نهايه", "اخر", "بدايه")
MONTH_CUES = ("في", "خلال", "شهر", "منذ", "حتى", "ومنذ", "وفي", "بشهر", "لشهر")
LAST = ("الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفايت", "الفايته")  # folded: ئ is ي


def _month_year(words: list[Word], i: int, pub: dt.date | None = None) -> tuple[int, TimeExpr] | None:
    """"آذار 2016", "مطلع سبتمبر/أيلول 2015", "في مايو الماضي" (the last May before publication), and a
    month alone when publication says which year ("في مايو", a month on or before it): month precision."""
    k = i + (words[i].folded in PART_OF_MONTH and i + 1 < len(words))
    mon = _month_at(words, k)
    if not mon or mon[2] != "g":
        return None
    year, end = _number(words, mon[1], *YEAR_RANGE) or _named_year(words, mon[1]), mon[1]
    if year:
        y, end = year
    elif pub is None or getattr(pub, "year_only", False) and not k > i:
        return None
    else:
        last = end < len(words) and words[end].folded in LAST
        cued = k > i or i > 0 and words[i - 1].folded in MONTH_CUES
        if not (last or cued):
            return None  # "مارس الضغط": a verb, not March; a month alone needs "في", "شهر" or "الماضي"
        end += last
        y = pub.year - (mon[0] > pub.month or last and mon[0] == pub.month)
    first = dt.date(y, mon[0], 1)
    final = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return end, _expr(words, i, end, first, final, "month")


PERIOD_CUES = ("منذ", "ومنذ", "حتي", "وحتي", "طيله", "طوال")  # folded: ى is ي


def _this_period(words: list[Word], i: int, pub: dt.date | None) -> tuple[int, TimeExpr | None] | None:
    """"الشهر الماضي", "مطلع الشهر الجاري": that month; "العام الماضي": that year. After "منذ" or
    "حتى" it is the edge of a period ("منذ الشهر الماضي"), not the event's date."""
    k = i + (words[i].folded in PART_OF_MONTH and i + 1 < len(words))
    if k + 1 >= len(words) or words[k].folded not in ("الشهر", "العام", "السنه"):
        return None
    which = words[k + 1].folded
    if which not in THIS_MONTH + LAST:
        return None
    if pub is None or getattr(pub, "year_only", False) or i > 0 and words[i - 1].folded in PERIOD_CUES:
        return k + 2, None
    back = which in LAST
    if words[k].folded == "الشهر":
        first = (pub.replace(day=1) - dt.timedelta(days=1)).replace(day=1) if back else pub.replace(day=1)
        final = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return k + 2, _expr(words, i, k + 2, first, final, "month")
    y = pub.year - back
    return k + 2, _expr(words, i, k + 2, dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _same_day(words: list[Word], i: int, pub: dt.date | None) -> tuple[int, TimeExpr | None] | None:
    """"(في) مثل هذا اليوم من عام 2017": publication's day and month in that year."""
    if [w.folded for w in words[i:i + 3]] != ["مثل", "هذا", "اليوم"]:
        return None
    year = _named_year(words, i + 3)
    if not year:
        return None
    if pub is None or getattr(pub, "year_only", False):
        return year[1], None
    try:
        d = pub.replace(year=year[0])
    except ValueError:  # 29 February
        return year[1], None
    return year[1], _expr(words, i, year[1], d, d, "day")


def _year(words: list[Word], i: int) -> tuple[int, TimeExpr] | None:
    """"عام 2014", "العام 2014", "سنة 2014": a year."""
    if words[i].folded not in ("عام", "العام", "سنه", "السنه", "خلال عام") or i + 1 >= len(words):
        return None
    year = _number(words, i + 1, *YEAR_RANGE)
    if not year:
        return None
    return year[1], _expr(words, i, year[1], dt.date(year[0], 1, 1), dt.date(year[0], 12, 31), "year")


class Anchor(dt.date):
    """What a document without a publication date states of its own time: a full date given as today's
    ("اليوم الجمعة (15 أبريل/ نيسان 2016)") anchors its relative dates; a year stated elsewhere ("في 27
    مارس 2015 ... 28 مارس") dates its year-less days (``year_only``: that year, no day known)."""

    year_only = False


def anchor(words: list[Word], text: str, month: str | None = None) -> Anchor | None:
    """The anchor a text states for itself, for a document with no publication date; ``month``
    ("2017-07", from an address such as /2017/07/slug) says when it was written better than the years
    the text names."""
    found = find_dates(words, text, None)
    for t in (t for t in found if t.precision == "day"):  # "اليوم الجمعة (15 أبريل 2016)": today's date, a few words before or around it
        before = [w for w in words if w.end <= t.char_start][-3:]
        if any(w.folded == "اليوم" for w in before):
            return Anchor(t.start.year, t.start.month, t.start.day)
    if month:  # written that month: a day without a year is the latest on or before its end
        y, m = int(month[:4]), int(month[5:7])
        return _year_only(dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1))
    years = [t.start.year for t in found]
    if years:  # the latest year it states: news is about now, history about earlier years ("منذ عام 2014")
        return _year_only(dt.date(max(years), 12, 31))
    return None


def _year_only(last: dt.date) -> Anchor:
    a = Anchor(last.year, last.month, last.day)
    a.year_only = True  # no day known: relative dates ("أمس") stay unread
    return a


NEXT = ("المقبل", "المقبله", "القادم", "القادمه")
TOMORROW = ("غد", "غدا")
PARTS_OF_DAY = ("يوم", "اليوم", "ليله", "ليل", "صباح", "مساء", "فجر", "ظهر", "عصر", "ظهيره")


def _weekday(words: list[Word], i: int, pub: dt.date | None) -> tuple[int, TimeExpr | None] | None:
    """"(يوم) الخميس", "اليوم الأحد": the latest such weekday on or before publication (None: no date known)."""
    j = i + (words[i].folded in PARTS_OF_DAY and i + 1 < len(words))
    m = _table("weekdays").at(words, j)
    if not m:
        return None
    end = m.j
    before_last = end + 1 < len(words) and words[end].folded == "قبل" and words[end + 1].folded in LAST
    end += 2 * before_last  # "الأحد قبل الماضي": the one before that
    last = before_last or end < len(words) and words[end].folded in LAST  # "السبت الماضي": the week before
    end += last and not before_last
    coming = end < len(words) and words[end].folded in NEXT or i > 0 and words[i - 1].folded in TOMORROW
    end += coming and end < len(words) and words[end].folded in NEXT
    if pub is None or getattr(pub, "year_only", False):
        return end, None
    if coming:  # "الخميس المقبل", "(يوم) غد الاثنين": the next such day after publication
        d = pub + dt.timedelta(days=(m.payload - pub.weekday()) % 7 or 7)
        return end, _expr(words, i, end, d, d, "day")
    back = (pub.weekday() - m.payload) % 7 or (7 if last else 0)
    d = pub - dt.timedelta(days=back + 7 * before_last)
    return end, _expr(words, i, end, d, d, "day")


@functools.lru_cache(maxsize=1)
def _relative_table():
    """أمس, اليوم... compared with their article: "يوم" (a day) is not "اليوم" (today)."""
    from .matcher import PhraseTable
    return PhraseTable(lexicon()["relative"].items(), article=True)


def _relative(words: list[Word], i: int, pub: dt.date | None) -> tuple[int, TimeExpr | None] | None:
    m = _relative_table().at(words, i)
    if not m or m.payload == 0 and words[i].folded == "اليوم" and _weekday(words, i, pub):
        return None  # "اليوم الأحد" is read as the weekday
    if m.payload == 0 and (wd := _weekday(words, m.j - 1, pub)):  # "مساء اليوم الخميس" posted on Friday: that Thursday
        return wd if wd[1] is None else (wd[0], _expr(words, i, wd[0], wd[1].start, wd[1].end, "day"))
    if pub is None or getattr(pub, "year_only", False):
        return m.j, None
    d = pub + dt.timedelta(days=m.payload)
    return m.j, _expr(words, i, m.j, d, d, "day")


def _ago(words: list[Word], i: int, pub: dt.date | None) -> tuple[int, TimeExpr | None] | None:
    """"منذ ثلاثة أيام", "قبل يومين": a day that many days before publication."""
    if not any(r in ("منذ", "قبل") for _, r in words[i].readings()) or i + 1 >= len(words):
        return None  # "وقبل يومين" as "قبل يومين"
    n, j = 1, i + 1
    f = figure_at(words, j)
    if f and not f.vague:
        n, j = f.value, f.j
    m = _table("units").at(words, j) if j < len(words) else None
    if not m or m.payload not in (1, [1, 2]) and not (isinstance(m.payload, list) and m.payload[0] == 1):
        return None
    if isinstance(m.payload, list):
        n = m.payload[1]
    if pub is None or getattr(pub, "year_only", False):
        return m.j, None
    d = pub - dt.timedelta(days=n)
    return m.j, _expr(words, i, m.j, d, d, "day")


READERS = (_day_month, _month_year, lambda w, i, p: _year(w, i), _same_day, _this_period, _weekday, _relative, _ago)


_NUMERIC = re.compile(r"(?<![\d/.-])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/.-])|"
                      r"(?<![\d/.-])(\d{1,2})\s?([/.\\-])\s?(\d{1,2})\s?\6\s?(\d{4}|\d{2})(?![\d/.-])")
# A day and month without a year only after a word that says a date follows ("يوم 8/3", "بتاريخ 8/3"):
# elsewhere "3/8" is as often a score or a ratio.
_CUED_DAY_MONTH = re.compile(r"(?:(?<=\bيوم )|(?<=\bبتاريخ )|(?<=\bتاريخ )|(?<=\bليلة )|(?<=\bفي )|(?<=\bيوم الـ)|(?<=\(\b))"
                             r"(\d{1,2})/(\d{1,2})(?![\d/.-])")


def _numeric(text: str, pub: dt.date | None = None) -> list[TimeExpr]:
    """"15/1/2017", "١٥/١/٢٠١٧", "15.01.17", "2017-01-15", "2017/1/15": day first, as Arabic news writes
    them; "يوم 15/1" takes the year that puts it on or before publication."""
    out = []
    for m in _NUMERIC.finditer(text):
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
        else:
            d, mo, y = int(m.group(5)), int(m.group(7)), int(m.group(8))
            y += 2000 if y < 100 else 0
        out += _numeric_day(m, y, mo, d)
    if pub is not None:
        for m in _CUED_DAY_MONTH.finditer(text):
            d, mo = int(m.group(1)), int(m.group(2))
            y = _year_for(mo, d, pub) if 1 <= mo <= 12 else None
            out += _numeric_day(m, y, mo, d) if y else []
    return out


def _numeric_day(m: re.Match, y: int, mo: int, d: int) -> list[TimeExpr]:
    try:
        day = dt.date(y, mo, d)
    except ValueError:
        return []
    ok = YEAR_RANGE[0] <= y <= YEAR_RANGE[1]
    return [TimeExpr(day, day, "day", m.group(), m.start(), m.end())] if ok else []


def find_dates(words: list[Word], text: str, published: dt.date | None) -> list[TimeExpr]:
    """Every date the words state, with its words; an expression with no date known (a weekday
    without a publication date) is left out."""
    out, i = [], 0
    while i < len(words):
        for read in READERS:
            hit = read(words, i, published)
            if hit:
                j, te = hit
                if te is not None:
                    out.append(te)
                i = j
                break
        else:
            i += 1
    numeric = _numeric(text, published)
    out = [t for t in out if not any(n.char_start < t.char_end and t.char_start < n.char_end for n in numeric)]
    out = _merge_weekdays(sorted(out + numeric, key=lambda t: t.char_start), text)
    for te in out:
        te.text = text[te.char_start:te.char_end]
    return out


def _merge_weekdays(found: list[TimeExpr], text: str) -> list[TimeExpr]:
    """"يوم الأحد ١٥ كانون الثاني ٢٠١٧": a weekday right before a stated date is part of it."""
    out: list[TimeExpr] = []
    for te in found:
        prev = out[-1] if out else None
        gap = text[prev.char_end:te.char_start].strip(" ،,()/-") if prev else ""
        stated = any(c.isdigit() for c in text[te.char_start:te.char_end])  # "ليل الجمعة/السبت" is two nights' first
        same = prev is not None and (stated or prev.start == te.start)  # "أمس الخميس": one day, said twice
        if same and prev.precision == "day" and te.precision == "day" and gap in ("", "الموافق", "الموافقة", "الموافق لـ"):
            out[-1] = TimeExpr(te.start, te.end, "day", "", prev.char_start, te.char_end)
        else:
            out.append(te)
    return out
