#!/usr/bin/env python3
"""Merge the hand-labelled typer sentences (``eval/typer/raw/*.jsonl``) into ``eval/typer/sentences.jsonl``
with stable ids and a fixed split.

The split is by page: a sentence's split is decided by a hash of its page address, so the sentences of
one page are all on the same side, and adding sentences later never moves an old one. Half the pages
of rounds 1 and 2 are ``test`` (held out: never trained or tuned on), half ``train``; rounds 3 and 4
(``raw/r3*.jsonl``, ``raw/r4*.jsonl``), gathered after the first model to add training examples where it confused
sub-types, are ``train`` only, so the held-out split stays what it was. Duplicated texts are dropped.

usage: build_typer_set.py
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "eval" / "typer"
TEST_SHARE = 50  # percent of pages held out
TRAIN_ONLY = ("r3", "r4")  # batches gathered for training after the held-out split was fixed
SUBTYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
EVENT_OF = {sub: etype for etype, subs in SUBTYPES.items() for sub in subs}


def split_of(url: str) -> str:
    return "test" if int(hashlib.sha1(url.encode()).hexdigest(), 16) % 100 < TEST_SHARE else "train"


def main() -> int:
    items, seen = [], set()
    for path in sorted((ROOT / "raw").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            row = json.loads(line)
            text = " ".join(row["text"].split())
            if text.casefold() in seen:
                continue
            seen.add(text.casefold())
            label = row["label"]
            assert label == "none" or label in EVENT_OF, (path.name, n, label)
            items.append({"id": "", "text": text, "label": label, "event_type": EVENT_OF.get(label),
                          "country": row.get("country"), "source": row["source"], "why": row.get("why"),
                          "batch": f"{path.stem}#L{n}",
                          "split": "train" if path.stem.startswith(TRAIN_ONLY) else split_of(row["source"]["url"])})
    items.sort(key=lambda r: (r["batch"].split("#")[0], int(r["batch"].split("#L")[1])))
    for i, row in enumerate(items, start=1):
        row["id"] = f"t{i:04d}"
    out = ROOT / "sentences.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in items), encoding="utf-8")
    test = [r for r in items if r["split"] == "test"]
    print(f"{len(items)} sentences ({len(test)} test) from {len({r['source']['url'] for r in items})} pages, "
          f"{len({r['country'] for r in items if r['country']})} countries -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
