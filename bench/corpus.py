#!/usr/bin/env python3
"""A large benchmark corpus from the FA-KES articles and the seeds, varied so the copies do not all merge.

Variant 0 of an article is the article itself. Variant v > 0 shifts every date it states (datelines,
"16 April 2017", "Apr 16, 2017", ISO dates) by the same number of days, moves every weekday name by
that shift modulo 7 so "on Sunday" still agrees with the dateline, and swaps every gazetteer town it
names for another town of the same country, chosen deterministically per (article, variant). The text
stays a real article's text, so NLP and extraction do their real work on it.

usage: corpus.py OUT_DIR [--n 10000]   (writes N .txt files and a manifest.csv)
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from sitroom.records import RawDoc

SHARED = Path(__file__).resolve().parents[2] / "shared"
FAKES_CSV = SHARED / "data" / "fa-kes-dev" / "articles.csv"
SEEDS = SHARED / "seeds"

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MON = r"(?P<mon>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*)\.?"
_WD = r"(?:(?P<wd>(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*),?\s+)?"
DATE_PATTERNS = [
    re.compile(_WD + r"(?P<day>\d{1,2})\s+" + _MON + r",?(?:\s+(?P<year>\d{4}))?\b"),
    re.compile(_WD + _MON + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b"),
]
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
WEEKDAY_WORD = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
SETTLEMENTS = ("city", "town", "village")


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    forms: tuple[str, ...]  # the names the article might use for it


def templates() -> list[RawDoc]:
    """The real articles every variant is made from: FA-KES rows, then the seeds."""
    from sitroom.ingest import iter_raw
    from sitroom.ingest.fakes import load_fakes
    out = [raw for raw, _ in load_fakes(FAKES_CSV)] if FAKES_CSV.exists() else []
    out += [r for r in iter_raw([str(SEEDS)]) if isinstance(r, RawDoc)] if SEEDS.exists() else []
    if not out:
        sys.exit(f"corpus.py: neither {FAKES_CSV} nor {SEEDS} exists")
    return out


def towns() -> list[Town]:
    """Settlements of the curated gazetteer (the same data the geocoder uses)."""
    from sitroom.normalize.places import curated_places
    out = []
    for p in curated_places():
        if p.kind in SETTLEMENTS and p.country:
            forms = {p.display, *(v for v in p.variants if v[:1].isupper())}
            out.append(Town(p.display, p.country, tuple(sorted((f for f in forms if len(f) >= 4), key=len, reverse=True))))
    return [t for t in out if t.forms]


class Varier:
    """Makes variant v of an article: dates shifted, weekdays moved, towns swapped."""

    def __init__(self, towns: list[Town]):
        self.towns = towns
        self.by_country: dict[str, list[Town]] = {}
        for t in towns:
            self.by_country.setdefault(t.country, []).append(t)
        form_to_town = {f: t for t in towns for f in t.forms}
        self.form_to_town = form_to_town
        alternation = "|".join(re.escape(f) for f in sorted(form_to_town, key=len, reverse=True))
        self.town_re = re.compile(r"\b(" + alternation + r")\b")

    def vary(self, raw: RawDoc, index: int, v: int) -> RawDoc:
        if v == 0:
            return raw
        rng = random.Random(f"{index}:{v}")
        shift = v * 23 + rng.randrange(0, 7)  # days; not a multiple of 7, so weekdays move too
        swap = self._swaps(raw.body + " " + (raw.title or ""), rng)
        body, title = (self._apply(s, shift, swap) if s else s for s in (raw.body, raw.title))
        published = _shift_iso(raw.published, shift) if raw.published else None
        return RawDoc(f"{raw.source}~v{v}", raw.name, body, raw.fmt, title, raw.outlet, None, published)

    def _swaps(self, text: str, rng: random.Random) -> dict[Town, Town]:
        found = sorted({self.form_to_town[m] for m in self.town_re.findall(text)}, key=lambda t: t.name)
        return {t: rng.choice([o for o in self.by_country[t.country] if o != t] or [t]) for t in found}

    def _apply(self, text: str, shift: int, swap: dict[Town, Town]) -> str:
        def town(m: re.Match) -> str:
            t = self.form_to_town[m.group(1)]
            return swap[t].name if t in swap else m.group(1)
        return shift_dates(self.town_re.sub(town, text), shift)


def shift_dates(text: str, days: int, default_year: int = 2016) -> str:
    """Every stated date moved by ``days``, weekday names by ``days % 7``; formats kept."""
    marks: list[tuple[int, int, str]] = []
    for pat in DATE_PATTERNS:
        for m in pat.finditer(text):
            if not any(a <= m.start() < b for a, b, _ in marks):
                new = _shift_match(m, days, default_year)
                if new:
                    marks.append((m.start(), m.end(), new))
    for m in ISO_DATE.finditer(text):
        marks.append((m.start(), m.end(), _shift_iso(m.group(0), days) or m.group(0)))
    covered = [(a, b) for a, b, _ in marks]
    for m in WEEKDAY_WORD.finditer(text):  # a weekday on its own: "said on Sunday"
        if not any(a <= m.start() < b for a, b in covered):
            marks.append((m.start(), m.end(), WEEKDAYS[(WEEKDAYS.index(m.group(1)) + days) % 7]))
    for a, b, new in sorted(marks, reverse=True):
        text = text[:a] + new + text[b:]
    return text


def _shift_match(m: re.Match, days: int, default_year: int) -> str | None:
    mon = _month(m.group("mon"))
    if mon is None:
        return None
    try:
        d = dt.date(int(m.group("year") or default_year), mon, int(m.group("day"))) + dt.timedelta(days=days)
    except ValueError:
        return None
    full = m.group("mon").lower() in MONTHS
    month = MONTHS[d.month - 1].capitalize() if full else MONTHS[d.month - 1][:3].capitalize()
    day_first = m.start("day") < m.start("mon")
    core = f"{d.day} {month}" if day_first else f"{month} {d.day}"
    if m.group("year"):
        core += f" {d.year}" if day_first else f", {d.year}"
    if m.group("wd"):
        wd = WEEKDAYS[d.weekday()]
        core = (wd if len(m.group("wd")) > 3 else wd[:3]) + " " + core
    return core


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    for i, name in enumerate(MONTHS):
        if name.startswith(w[:3]) and (w == name or len(w) <= 4):
            return i + 1
    return None


def _shift_iso(value: str | None, days: int) -> str | None:
    try:
        return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat()
    except (TypeError, ValueError):
        return None


def build(n: int) -> list[RawDoc]:
    """N articles: every template in turn, variant 0, 1, 2... so any prefix is a mix of all of them."""
    base, varier = templates(), Varier(towns())
    out = []
    for i in range(n):
        raw = varier.vary(base[i % len(base)], i % len(base), i // len(base))
        stem = raw.name.rsplit(".", 1)[0]  # FA-KES repeats some unit ids: the index keeps names unique
        out.append(RawDoc(raw.source, f"{i:06d}-{stem}.txt", raw.body, raw.fmt, raw.title, raw.outlet, raw.url,
                          raw.published))
    return out


def write(raws: list[RawDoc], folder: Path) -> Path:
    """The corpus as .txt files (title, blank line, body) with a manifest.csv, as a newsroom dump looks."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "outlet", "published"])
        for r in raws:
            text = f"{r.title}\n\n{r.body}" if r.title and not r.body.startswith(r.title) else r.body
            (folder / r.name).write_text(text, encoding="utf-8")
            w.writerow([r.name, r.outlet or "", r.published or ""])
    return folder


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=10_000)
    a = ap.parse_args(argv)
    write(build(a.n), a.out)
    print(f"wrote {a.n} articles to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
