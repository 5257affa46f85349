#!/usr/bin/env python3
"""Resolution cost: time to resolve 10k and 100k synthetic mentions, and their ratio (target < 15).

usage: resolve_bench.py [--sizes 10000 100000] [--dup 0.3] [--json PATH]

Mentions are spread like a conflict record: dates over six years, places drawn from the curated
Syria/Iraq gazetteer, ACLED types and actor pairs, a share of them second reports of an earlier
mention (another outlet, a day later, other words), so merging really happens.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

from sitroom.normalize.places import curated_places
from sitroom.records import Location, Mention
from sitroom.resolve import resolve

TYPES = [("Battles", "Armed clash"), ("Battles", "Non-state actor overtakes territory"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"), ("Violence against civilians", "Attack")]
ACTORS = ["Islamic State", "Military Forces of Syria (2000-)", "Opposition Rebels (Syria)", "SDF: Syrian Democratic Forces",
          "Military Forces of Russia (2000-)", "Hayat Tahrir al-Sham", "Military Forces of Iraq (2014-)"]
WORDS = ("clashes fighters killed town village strike shelling army rebels militants forces attack monitor said "
         "soldiers civilians raid positions district airbase checkpoint convoy offensive").split()


def _mention(rng: random.Random, i: int, places, start: dt.date) -> Mention:
    et, sub = rng.choice(TYPES)
    p = rng.choice(places)
    day = (start + dt.timedelta(days=rng.randrange(6 * 365))).isoformat()
    a1, a2 = rng.sample(ACTORS, 2)
    loc = Location(p.name, p.country, p.admin1, p.lat, p.lon, "exact", quote=p.name)
    quote = " ".join(rng.choice(WORDS) for _ in range(14))
    return Mention(f"m{i:07d}", f"d{i:07d}", f"doc{i}.txt", et, sub, quote, 0, len(quote), "outlet", day, day, day,
                   "day", loc, a1, a2, [], "clashes", {"location": p.name, "actor1": a1, "actor2": a2}, [a1, a2])


def _second_report(rng: random.Random, m: Mention, i: int) -> Mention:
    day = (dt.date.fromisoformat(m.date_start) + dt.timedelta(days=rng.choice([0, 1]))).isoformat()
    words = m.quote.split()
    rng.shuffle(words)
    return Mention(f"m{i:07d}", f"d{i:07d}", f"doc{i}.txt", m.event_type, m.sub_event_type, " ".join(words), 0,
                   len(m.quote), "other outlet", day, day, day, "day", m.location, m.actor1, m.actor2, [], m.trigger,
                   dict(m.evidence), list(m.parties))


def corpus(n: int, dup: float, seed: int = 1) -> list[Mention]:
    rng = random.Random(seed)
    places = [p for p in curated_places() if p.kind in ("city", "town", "village") and p.lat is not None]
    out: list[Mention] = []
    for i in range(n):
        if out and rng.random() < dup:
            out.append(_second_report(rng, rng.choice(out), i))
        else:
            out.append(_mention(rng, i, places, dt.date(2012, 1, 1)))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--dup", type=float, default=0.3)
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    results = {}
    for n in a.sizes:
        mentions = corpus(n, a.dup)
        t = time.perf_counter()
        events = resolve(mentions)
        secs = time.perf_counter() - t
        results[n] = {"mentions": n, "events": len(events), "seconds": round(secs, 2)}
        print(f"{n:>8} mentions -> {len(events):>8} events in {secs:7.2f} s ({n / secs:,.0f} mentions/s)")
    if len(a.sizes) >= 2:
        lo, hi = a.sizes[0], a.sizes[-1]
        ratio = results[hi]["seconds"] / results[lo]["seconds"]
        print(f"time ratio {hi} / {lo} mentions: {ratio:.1f} (x{hi / lo:.0f} the input; target < 15)")
        results["ratio"] = round(ratio, 2)
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
