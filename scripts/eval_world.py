#!/usr/bin/env python3
"""Evaluate places and actors on real conflict sentences from many countries (eval/world/).

usage: eval_world.py [--split dev|test|all] [--show-misses K] [--json]

Each sentence runs through the real pipeline as a one-sentence article. Printed over the split:
- place: the main event's location within 25 km of the gold place (gold at country precision: the
  right country); beside it, the same share with region-level gold (precision admin1) counted right
  when the event lies in the named region, since the two points taken for a region differ;
- actors: the share of gold actors that the main event names with the same actor and country (a
  state force's period in brackets is ignored: "Military Forces of Mali" matches "(2021-)", and so is
  a named group's leading acronym: "Arakan Army" matches "AA: Arakan Army"), and
  the looser share named with the right country whatever the name.
The test split is never looked at while tuning (eval/world/README.md).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

from sitroom.config import load_config
from sitroom.geo.names import key
from sitroom.normalize.actors import ACLED_COUNTRY, ActorCatalogue
from sitroom.pipeline import Pipeline
from sitroom.records import Document, RawDoc

SET = Path(__file__).resolve().parents[1] / "eval" / "world" / "sentences.jsonl"


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


def bare(name: str | None) -> str:
    """An actor name without its period, leading acronym and case: "Military Forces of Mali (2021-)" ->
    "military forces of mali", "AA: Arakan Army" -> "arakan army"."""
    name = re.sub(r"\s*\((?:\d{4}-?\d{0,4}|\d{4}-)\)", "", name or "")
    name = re.sub(r"^[^:]{1,20}:\s+", "", name)
    return re.sub(r"\s+", " ", name).strip().lower()


def actor_country(name: str | None) -> str | None:
    """The country an output actor belongs to: the catalogue's, else the one its generic name says."""
    if not name:
        return None
    a = ActorCatalogue.default().get(name)
    if a and a.country:
        return a.country
    m = re.search(r"\(([^()]*[A-Za-z][^()]*)\)\s*$", name) or re.search(r"\bof (?:the )?([A-Z][\w ]+?)(?: \(|$)", name)
    geonames = {acled: g for g, acled in ACLED_COUNTRY.items()}  # "Democratic Republic of Congo" is GeoNames' "... of the Congo"
    return geonames.get(m.group(1), m.group(1)) if m else None


def score_item(item: dict, mentions: list) -> dict:
    m = mentions[0] if mentions else None
    loc = m.location if m else None
    g = item["place"]
    if g.get("precision") == "country":
        place_ok = bool(loc and loc.country == item["country"])
    else:
        place_ok = bool(loc and loc.lat is not None and km((loc.lat, loc.lon), (g["lat"], g["lon"])) <= 25)
    # a region-level event placed in the right region, whatever point each side took for the region
    region_ok = place_ok or bool(g.get("precision") == "admin1" and loc and loc.admin1 and g.get("admin1")
                                 and key(loc.admin1) in key(g["admin1"]) + " " + key(g["name"]))
    got = [n for n in ((m.actor1, m.actor2) if m else ()) if n]
    named = sum(any(bare(n) == bare(a["name"]) for n in got) for a in item["actors"])
    country = sum(any(actor_country(n) == a["country"] for n in got) for a in item["actors"])
    return {"id": item["id"], "place": place_ok, "region": region_ok, "named": named, "country": country, "gold_actors": len(item["actors"]),
            "got_place": loc.name if loc else None, "got_country": loc.country if loc else None,
            "got_actors": got, "gold": {"place": g["name"], "country": item["country"],
                                        "actors": [a["name"] for a in item["actors"]]}, "text": item["text"]}


def evaluate(items: list[dict], pipe: Pipeline) -> list[dict]:
    docs = [pipe.clean(RawDoc(item["id"], item["id"], item["text"], "text")) for item in items]
    ok = [d for d in docs if isinstance(d, Document)]
    found = dict(zip((d.doc_id for d in ok), pipe.extract_many(ok)))
    return [score_item(item, found.get(getattr(doc, "doc_id", None), [])) for item, doc in zip(items, docs)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "test", "all"))
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    items = [json.loads(ln) for ln in SET.read_text(encoding="utf-8").splitlines() if ln.strip()]
    items = [i for i in items if a.split == "all" or i["split"] == a.split]
    res = evaluate(items, Pipeline.from_config(load_config()))
    n, actors = len(res), sum(r["gold_actors"] for r in res) or 1
    share = {"place": sum(r["place"] for r in res) / n, "region": sum(r["region"] for r in res) / n,
             "actor_named": sum(r["named"] for r in res) / actors,
             "actor_country": sum(r["country"] for r in res) / actors}
    for r in [r for r in res if not r["place"] or r["named"] < r["gold_actors"]][: a.show_misses]:
        print(json.dumps(r, ensure_ascii=False))
    print(f"world {a.split} ({n} sentences, {len({i['country'] for i in items})} countries, {actors} actors): "
          f"place within 25 km {share['place']:.3f} (region-level gold read as its region {share['region']:.3f}); actor named with its country {share['actor_named']:.3f}; "
          f"actor of the right country {share['actor_country']:.3f}")
    if a.json:
        print(json.dumps({"split": a.split, "sentences": n, **{k: round(v, 3) for k, v in share.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
