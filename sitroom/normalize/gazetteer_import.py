"""Import a GeoNames dump into the store, so that lookups know every village a user cares about.

GeoNames publishes tab-separated files of 19 columns (``allCountries.txt``, ``SY.txt``... or the same
zipped). We stream them line by line and write in batches, so memory stays flat on the 1.5 GB world
file. Feature classes P (populated places), A (admin areas), S (buildings, bases) and T (mountains,
hills) are kept; roads, rivers, parks and the like are not event locations.
"""
from __future__ import annotations

import io
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..errors import ConfigError
from .places import SKELETON_COUNTRIES, Place, admin1_table, name_key, skeleton

KEEP_CLASSES = frozenset("PAST")
BATCH = 5000
# GeoNames feature codes -> sitroom feature kinds.
KINDS = {"PPLC": "city", "PPLA": "city", "PPLA2": "town", "PPLA3": "town", "PPLA4": "town", "PPLX": "district",
         "ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin2", "PCLI": "country", "PCLD": "country",
         "AIRB": "base", "MILB": "base", "AIRF": "base", "AIRP": "facility", "INSM": "base"}
COLUMNS = ("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
           "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
           "population", "elevation", "dem", "timezone", "modification_date")


@contextmanager
def open_dump(path: str | Path) -> Iterator[IO[str]]:
    """A GeoNames text file, or the first .txt member of a GeoNames zip, as a text stream."""
    path = Path(path)
    if not path.exists():
        raise ConfigError("E401", f"{path}: no such file")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            members = [n for n in z.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not members:
                raise ConfigError("E401", f"{path}: no .txt file in the archive")
            with z.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as f:
            yield f


def parse_rows(lines: Iterable[str], admin1: dict[str, str]) -> Iterator[tuple[Place, str, str, str]]:
    """(place, feature class, feature code, country code) from GeoNames lines; lines of another shape
    or feature class are skipped."""
    from .places import geonames_country_names
    countries = geonames_country_names()
    for line in lines:
        cols = line.rstrip("\n").split("\t")
        if len(cols) != len(COLUMNS) or cols[6] not in KEEP_CLASSES:
            continue
        try:
            lat, lon = float(cols[4]), float(cols[5])
        except ValueError:
            continue
        cc, code = cols[8], cols[7]
        pop = int(cols[14]) if cols[14].isdigit() else 0
        alts = tuple(a for a in cols[3].split(",") if a and a.isascii())[:50]
        place = Place(f"geonames:{cols[0]}", cols[1], _kind(cols[6], code, pop), lat, lon, countries.get(cc, cc),
                      admin1.get(f"{cc}.{cols[10]}"), None, tuple(dict.fromkeys((cols[2],) + alts)), "store", pop)
        yield place, cols[6], code, cc


def _kind(feature_class: str, code: str, population: int) -> str:
    if code in KINDS:
        return KINDS[code]
    if feature_class == "P":
        return "city" if population >= 100_000 else "town" if population >= 5_000 else "village"
    return {"A": "admin2", "S": "facility"}.get(feature_class, "region")


def load_admin1(path: str | Path | None) -> dict[str, str]:
    """``admin1CodesASCII.txt`` ("SY.07<TAB>Deir ez-Zor<TAB>...") or the built-in Syria/Iraq table."""
    if path is None:
        return {f"{cc}.{code}": name for (cc, code), (name, _label) in admin1_table().items()}
    out = {}
    with open_dump(path) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and "." in cols[0]:
                out[cols[0]] = cols[1]
    return out


def import_geonames(path: str | Path, store, admin1_path: str | Path | None = None) -> int:
    """Stream a GeoNames dump into the store's ``places`` table; returns the number of places written."""
    admin1 = load_admin1(admin1_path)
    _write_admin1(store, admin1)
    n = 0
    with open_dump(path) as f:
        batch: list[tuple] = []
        for row in parse_rows(f, admin1):
            batch.append(row)
            if len(batch) >= BATCH:
                n += _write(store, batch)
                batch = []
        n += _write(store, batch)
    return n


def _write_admin1(store, admin1: dict[str, str]) -> None:
    with store.transaction():
        for code, name in admin1.items():
            store.execute("DELETE FROM admin1_codes WHERE code = ?", (code,))
            store.execute("INSERT INTO admin1_codes VALUES (?, ?)", (code, name))


def _write(store, batch: list[tuple]) -> int:
    """One transaction per batch: a re-import replaces a place and all its names."""
    if not batch:
        return 0
    cur = store.conn.cursor()
    with store.transaction():
        ids = [(row[0].id,) for row in batch]
        cur.executemany(store._sql("DELETE FROM place_names WHERE place_id = ?"), ids)
        cur.executemany(store._sql("DELETE FROM places WHERE place_id = ?"), ids)
        cur.executemany(store._sql("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        [_place_row(*row) for row in batch])
        cur.executemany(store._sql("INSERT INTO place_names VALUES (?, ?, ?)"),
                        [names for row in batch for names in _name_rows(row[0])])
    return len(batch)


def _place_row(p: Place, feature_class: str, feature_code: str, country_code: str) -> tuple:
    return (p.id, p.name, "|".join(p.variants), p.kind, feature_class, feature_code, p.lat, p.lon, country_code,
            p.country, p.admin1, p.population)


def _name_rows(p: Place) -> list[tuple[str, str, str]]:
    keys = {(name_key(n), skeleton(n)) for n in (p.name, *p.variants) if name_key(n)}
    return [(k, s, p.id) for k, s in sorted(keys)]


def store_lookup(store, key: str, skel: str | None = None) -> list[Place]:
    """Imported places whose name (or alternate name) has this normalised key; with ``skel``, those of
    Syria and Iraq whose name has this consonant skeleton."""
    if skel is None:
        rows = store.query("SELECT DISTINCT p.* FROM place_names n JOIN places p ON p.place_id = n.place_id "
                           "WHERE n.name_key = ?", (key,))
    else:
        marks = ", ".join("?" * len(SKELETON_COUNTRIES))
        rows = store.query("SELECT DISTINCT p.* FROM place_names n JOIN places p ON p.place_id = n.place_id "
                           f"WHERE n.skeleton = ? AND p.country_code IN ({marks})", (skel, *SKELETON_COUNTRIES))
    return [Place(r["place_id"], r["name"], r["kind"], r["lat"], r["lon"], r["country"], r["admin1"], None,
                  tuple(v for v in (r["variants"] or "").split("|") if v), "store", r["population"] or 0)
            for r in rows]


def count_places(store) -> int:
    return store.query("SELECT COUNT(*) AS n FROM places")[0]["n"]
