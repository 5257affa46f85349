"""The geoparser: a world gazetteer index, a recogniser over it, and one contextual scoring function.

    index.py      WorldIndex: folded name keys -> places (SQLite, built once per machine)
    recognize.py  candidate names: capitalised word runs that are index keys
    resolve.py    the story's country focus, the score of each place, the place-or-not decision
    geoparser.py  geoparse(text) -> [Toponym]
"""
from .geoparser import Parse, Toponym, geoparse, parse
from .index import GeoPlace, WorldIndex

__all__ = ["GeoPlace", "Parse", "Toponym", "WorldIndex", "geoparse", "parse"]
