#!/usr/bin/env python3
"""Write each country's centre point into the world gazetteer's countries.tsv, once.

usage: build_country_centres.py NE_ADMIN0_JSON [--tsv sitroom/data/gazetteer/world/countries.tsv]

NE_ADMIN0_JSON is Natural Earth 1:50m admin-0 countries (public domain), GeoJSON, as
``50m/cultural/ne_50m_admin_0_countries.7z`` in the repository martynafford/natural-earth-geojson.

A country named without a town ("fighting in Sudan") has no true point; the one we give is its
geographic centre, the area centroid of its mainland: of its largest part when that part holds at
least half its area (the contiguous United States, not Alaska), else of all its parts (Indonesia).
Where that centroid falls outside the country (Vietnam's falls in Laos, Israel's in the West Bank,
archipelagos' in the sea) the row keeps the point it had, the conventional one from mledoze/countries.
Only the lat and lon cells change; the script is deterministic.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TSV = ROOT / "sitroom" / "data" / "gazetteer" / "world" / "countries.tsv"


def ring_area_centroid(ring) -> tuple[float, float, float]:
    """(area, area*lon, area*lat) by fan triangulation; each triangle's area scaled by cos(lat)."""
    a_sum = x_sum = y_sum = 0.0
    x0, y0 = ring[0][:2]
    for (x1, y1, *_), (x2, y2, *_) in zip(ring[1:], ring[2:]):
        a = ((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)) / 2
        a *= math.cos(math.radians((y0 + y1 + y2) / 3))
        a_sum, x_sum, y_sum = a_sum + a, x_sum + a * (x0 + x1 + x2) / 3, y_sum + a * (y0 + y1 + y2) / 3
    sign = 1 if a_sum >= 0 else -1  # rings may wind either way
    return sign * a_sum, sign * x_sum, sign * y_sum


def parts(geom) -> list:
    return geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]


def mainland_centroid(geom) -> tuple[float, float]:
    """(lat, lon) of the largest part's centroid, or of all parts' when no part holds half the area.
    Holes are ignored: a lake or an enclave moves a country's centroid by little."""
    stats = [ring_area_centroid(p[0]) for p in parts(geom)]
    biggest = max(stats)
    use = [biggest] if biggest[0] >= sum(s[0] for s in stats) / 2 else stats
    area = sum(s[0] for s in use)
    return sum(s[2] for s in use) / area, sum(s[1] for s in use) / area


def inside(lat: float, lon: float, geom) -> bool:
    """Even-odd ray casting over every part, holes included."""
    for poly in parts(geom):
        crossings = 0
        for ring in poly:
            for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:]):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    crossings += 1
        if crossings % 2:
            return True
    return False


def centres(features) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> (lat, lon), for the countries whose centroid lies inside them."""
    out = {}
    for f in features:
        iso = f["properties"].get("ISO_A2")
        if not iso or iso == "-99":  # Natural Earth leaves a few (Norway, Kosovo) without a code
            continue
        lat, lon = mainland_centroid(f["geometry"])
        if inside(lat, lon, f["geometry"]):
            out[iso] = (lat, lon)
    return out


def rewrite(tsv: Path, points: dict[str, tuple[float, float]]) -> int:
    lines = tsv.read_text(encoding="utf-8").splitlines()
    changed = 0
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split("\t")
        if cells[0] in points:
            cells[4], cells[5] = (f"{v:.4f}" for v in points[cells[0]])
            lines[i], changed = "\t".join(cells), changed + 1
    tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("admin0", type=Path)
    ap.add_argument("--tsv", type=Path, default=TSV)
    args = ap.parse_args()
    features = json.loads(args.admin0.read_text(encoding="utf-8"))["features"]
    points = centres(features)
    print(f"{len(points)} of {len(features)} countries have a centroid inside them; "
          f"{rewrite(args.tsv, points)} rows of {args.tsv.name} rewritten")


if __name__ == "__main__":
    main()
