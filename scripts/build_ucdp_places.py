#!/usr/bin/env python3
"""Rebuild ``sitroom/data/gazetteer/world/ucdp_places.tsv``: the villages and towns UCDP GED names.

Only place facts are kept (name, coordinates, country, first-level region) for rows UCDP located at a
settlement ("Shamarikh village", "Avdiivka town"); nothing of the events themselves (dates, sides,
deaths) is written, and the table is never consulted as a list of known events. Source: UCDP GED,
CC BY 4.0 (../shared/data/ucdp-ged/README.md).

usage: python scripts/build_ucdp_places.py [UCDP_DIR]
"""
from __future__ import annotations

import csv
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from sitroom.geo.names import key  # noqa: E402

OUT = ROOT / "sitroom" / "data" / "gazetteer" / "world" / "ucdp_places.tsv"
SETTLEMENT = re.compile(r"^(.*\S)\s+(village|town|city)$")
# UCDP's Syrian governorates by the names the curated gazetteer gives them
SYRIA = {"Al Hasakah": "Hasakah", "Ar Raqqah": "Raqqa", "As Suwayda": "Sweida", "Deir ez Zor": "Deir ez-Zor",
         "Hamah": "Hama"}


def ukraine_regions() -> dict[str, str]:
    rows = csv.reader((ROOT / "sitroom/data/gazetteer/world/admin1.tsv").open(encoding="utf-8"), delimiter="\t")
    return {key(r[2]): r[2] for r in rows if r and r[0] == "UA"}


def region(country: str, adm1: str, ua: dict[str, str]) -> str:
    bare = re.sub(r"\s+(Governorate|[Oo]blast)$", "", adm1).strip()
    if country == "Syria":
        return SYRIA.get(bare, bare)
    if "Kiev Special" in adm1:
        return "Kiev City"
    return ua.get(key(bare), bare)


def rows(path: Path, country: str, ua: dict[str, str]):
    for r in csv.DictReader(path.open(encoding="utf-8")):
        m = SETTLEMENT.match(r["where_coordinates"].strip())
        if m and r["latitude"] and r["longitude"]:
            yield m.group(1), m.group(2), float(r["latitude"]), float(r["longitude"]), country, region(country, r["adm_1"], ua)


def main(argv: list[str]) -> None:
    src = Path(argv[0]) if argv else ROOT.parent / "shared" / "data" / "ucdp-ged"
    ua, seen, out = ukraine_regions(), set(), []
    for fname, country in (("syria_2016-2019.csv", "Syria"), ("ukraine_2014-2023.csv", "Ukraine")):
        for name, feature, lat, lon, cc, adm1 in rows(src / fname, country, ua):
            k = (key(name), round(lat, 2), round(lon, 2))
            if k not in seen:
                seen.add(k)
                pid = hashlib.sha1(f"{country}:{k}".encode()).hexdigest()[:10]
                out.append(f"{pid}\t{name}\t{feature}\t{lat:.5f}\t{lon:.5f}\t{cc}\t{adm1}\n")
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# id\tname\tfeature\tlat\tlon\tcountry\tadmin1   (UCDP GED place names only, CC BY 4.0)\n")
        f.writelines(sorted(out, key=lambda ln: ln.split("\t")[5:7] + ln.split("\t")[1:2]))
    print(f"{len(out)} places -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
