"""Run find_claims over the seed articles and report which reference claims it finds.

    .venv/bin/python scripts/claims_on_seeds.py [--seeds DIR] [--gold FILE] [-v]

A reference claim (count, kind, claimant) counts as found when a claim in the same document has the
same count and kind, and a claimant that is the reference's (through the catalogue's aliases).
Sentences are split simply (end punctuation or line breaks); text after `body_ends_at` is left out.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

from sitroom.extract.claims import find_claims, lookup

SHARED = Path(__file__).resolve().parents[2] / "shared"  # ../shared beside the checkout
_SPLIT = re.compile(r"(?<!\bMr\.)(?<!\bDr\.)(?<!\bMrs\.)(?<=[.!?:])[”\"]?\s+(?=[A-Z“\"‘])|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SPLIT.finditer(text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def same_claimant(claim, ref: str, outlet: str) -> bool:
    """The reference's claimant, through the catalogue; a reference 'unattributed' is the outlet's own figure."""
    if ref == "unattributed":
        return claim.claimant in ("unattributed", outlet)
    ka, kb = lookup(claim.claimant), lookup(ref)
    return claim.claimant.lower() == ref.lower() or (ka is not None and ka == kb)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default=str(SHARED / "seeds"))
    ap.add_argument("--gold", default=str(SHARED / "reference/seeds-gold.json"))
    ap.add_argument("-v", action="store_true", help="print every claim found")
    args = ap.parse_args()
    gold = json.loads(Path(args.gold).read_text("utf-8"))
    manifest = {r["file"]: r for r in csv.DictReader(open(Path(args.seeds) / "manifest.csv", encoding="utf-8"))}
    found_by_doc = {}
    for name, row in manifest.items():
        text = (Path(args.seeds) / name).read_text("utf-8")
        marker = gold["body_ends_at"].get(name)
        if marker and marker in text:
            text = text[:text.index(marker)]
        found_by_doc[name] = [c for _, c in find_claims(text, split_sentences(text), row["outlet"])]
        if args.v:
            for c in found_by_doc[name]:
                print(f"  {name[:3]} {c.count:>6} {c.qualifier:<9} {c.kind:<9} {c.claimant} [{c.claimant_kind}] "
                      f"victims={c.victims!r} enemy={c.about_enemy}")
    total = hit = 0
    for ev in gold["events"]:
        docs = {m["doc"] for m in ev["mentions"]}
        for ref in ev["fatality_claims"]:
            total += 1
            ok = any(c.count == ref["count"] and c.kind == ref["kind"]
                     and same_claimant(c, ref["claimant"], manifest[d]["outlet"])
                     for d in docs for c in found_by_doc.get(d, []))
            near = ok or any(c.count == ref["count"] and c.kind == ref["kind"] for d in docs for c in found_by_doc.get(d, []))
            hit += ok
            print(f"{'FOUND' if ok else ('count' if near else 'MISS '):5} {ev['id']} {ref['count']:>5} {ref['kind']:<9} {ref['claimant']}")
    n_all = sum(len(v) for v in found_by_doc.values())
    print(f"reference claims found (count, kind, claimant): {hit}/{total}; claims output in all: {n_all}")


if __name__ == "__main__":
    main()
