"""Score the Arabic path on the hand-labelled sentences of eval/arabic/sentences.jsonl.

    .venv/bin/python scripts/eval_arabic.py [--split test|train|all] [--errors]

Each sentence is read as a one-sentence article (its page's publication date when known; for dates
without one, the anchor its page's labelled sentences state, as a reader of the whole page has). Prints:
event detection (a sentence reports an event: precision, recall, F1), sub-event type accuracy on the
events found, places (recognition precision and recall by span overlap; the country of each place
found and labelled), stated dates (labelled dates with a day or month, read to the same value).
Tune on train only: the test split is held out (see eval/arabic/README.md).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitroom.arabic import extract as ar  # noqa: E402
from sitroom.arabic import places  # noqa: E402
from sitroom.arabic.dates import find_dates  # noqa: E402
from sitroom.ingest import clean  # noqa: E402
from sitroom.records import Document, RawDoc  # noqa: E402


def load(split: str) -> list[dict]:
    rows = [json.loads(x) for x in (ROOT / "eval" / "arabic" / "sentences.jsonl").read_text("utf-8").splitlines() if x]
    return [r for r in rows if split == "all" or r["split"] == split]


def document(r: dict) -> Document:
    doc = clean(RawDoc(r["id"], r["id"], r["text"], published=r.get("published"), url=r["source"]["url"]))
    return doc


SAME_COUNTRY = {"Palestinian Territory": "Palestine"}  # GeoNames' name and the labels' for one country


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0
        self.type_ok = self.type_n = 0
        self.pl_tp = self.pl_fp = self.pl_fn = self.cc_ok = self.cc_n = 0
        self.date_ok = self.date_n = 0
        self.errors: list[str] = []

    def add_event(self, r: dict, mentions: list) -> None:
        gold, got = r["label"] != "none", bool(mentions)
        self.tp += gold and got
        self.fp += got and not gold
        self.fn += gold and not got
        if gold and got:
            self.type_n += 1
            self.type_ok += mentions[0].sub_event_type == r["label"]
        if gold != got or gold and got and mentions[0].sub_event_type != r["label"]:
            self.errors.append(f"{r['id']} gold={r['label']} got={[m.sub_event_type for m in mentions]} | {r['text'][:140]}")

    def add_places(self, r: dict, found: list[tuple[int, int, str | None]]) -> None:
        gold = [(p["start"], p["start"] + len(p["words"]), p["country"]) for p in r["places"]]
        for g in gold:
            hit = next((f for f in found if overlap(f, g)), None)
            self.pl_fn += hit is None
            if hit is not None and g[2]:
                self.cc_n += 1
                self.cc_ok += hit[2] == g[2]
                if hit[2] != g[2]:
                    self.errors.append(f"{r['id']} place {r['text'][g[0]:g[1]]}: {hit[2]} not {g[2]}")
        for f in found:
            ok = any(overlap(f, g) for g in gold)
            self.pl_tp += ok
            self.pl_fp += not ok
            if not ok:
                self.errors.append(f"{r['id']} extra place {r['text'][f[0]:f[1]]}")
        for g in gold:
            if not any(overlap(f, g) for f in found):
                self.errors.append(f"{r['id']} missed place {r['text'][g[0]:g[1]]}")

    def add_dates(self, r: dict, found) -> None:
        for d in r["dates"]:
            if not d.get("date") or d.get("period"):
                continue
            self.date_n += 1
            span = (d["start"], d["start"] + len(d["words"]))
            hit = next((t for t in found if overlap((t.char_start, t.char_end), span)), None)
            ok = hit is not None and hit.start.isoformat().startswith(d["date"]) and \
                (len(d["date"]) > 7 or hit.precision == "month")
            self.date_ok += ok
            if not ok:
                self.errors.append(f"{r['id']} date {d['words']} gold {d['date']} got {hit and hit.start}")


def _found_places(doc: Document) -> list[tuple[int, int, str | None]]:
    sents = ar.split(doc.text)
    ar._read_names(sents, None)
    story = ar._story(doc, sents)
    out = []
    for s in sents:
        for t in s.toponyms:  # every place named, the scene of an event or not (a reporter's "في ليبيا")
            p = places.resolve(t, story.countries)
            base = story.main_place or ar._country_place(story)  # a place no gazetteer knows: under the story's
            cc = p.country if p else (base.country if base else None)
            out.append((s.start + t.start, s.start + t.end, SAME_COUNTRY.get(cc, cc)))
    return out


def _found_dates(doc: Document, page: str):
    """Dates as an article reads them: a sentence without a publication date takes its anchor (the
    date its page states as today's, the year it states) from the labelled sentences of its page."""
    import datetime as dt
    from sitroom.arabic.dates import anchor
    from sitroom.arabic.text import words
    from sitroom.ingest.metadata import url_date
    pub = dt.date.fromisoformat(doc.published[:10]) if doc.published else \
        anchor(words(page), page, url_date(doc.url)[1])
    out = []
    for s in ar.split(doc.text):
        for t in find_dates(s.words, s.text, pub):
            t.char_start += s.start
            t.char_end += s.start
            out.append(t)
    return out


def evaluate(rows: list[dict], veto: dict | None = None) -> Tally:
    t = Tally()
    pages: dict[str, list[str]] = {}
    for r in rows:
        pages.setdefault(r["source"]["url"], []).append(r["text"])
    for r in rows:
        doc = document(r)
        if doc.text != r["text"]:  # offsets are the sentence's: keep it whole
            doc = Document(doc.doc_id, r["id"], r["id"], r["text"], r["text"], published=doc.published,
                           url=doc.url, language="ar")
        t.add_event(r, ar.extract_mentions(doc, veto))
        t.add_places(r, _found_places(doc))
        t.add_dates(r, _found_dates(doc, " ".join(pages[r["source"]["url"]])))
    return t


def report(t: Tally, n: int, gold_places: int | None = None) -> dict:
    p = t.tp / (t.tp + t.fp) if t.tp + t.fp else 0.0
    rc = t.tp / (t.tp + t.fn) if t.tp + t.fn else 0.0
    pp = t.pl_tp / (t.pl_tp + t.pl_fp) if t.pl_tp + t.pl_fp else 0.0
    return {"sentences": n, "detection_precision": round(p, 3), "detection_recall": round(rc, 3),
            "detection_f1": round(2 * p * rc / (p + rc), 3) if p + rc else 0.0,
            "type_accuracy": round(t.type_ok / t.type_n, 3) if t.type_n else 0.0, "typed": t.type_n,
            "places_precision": round(pp, 3),
            "places_recall": round((gold_places - t.pl_fn) / gold_places, 3) if gold_places else None,
            "place_country_accuracy":
            round(t.cc_ok / t.cc_n, 3) if t.cc_n else 0.0, "dates_read_right": round(t.date_ok / t.date_n, 3) if t.date_n else 0.0,
            "dates": t.date_n}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="train", choices=["train", "test", "all"])
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--veto", type=float, default=None, help="[arabic] none_veto (default: the configuration's)")
    args = ap.parse_args()
    rows = load(args.split)
    from sitroom.config import load_config
    veto = dict(load_config()["arabic"])
    if args.veto is not None:
        veto["none_veto"] = veto["precise_veto"] = args.veto
    t = evaluate(rows, veto)
    gold_places = sum(len(r["places"]) for r in rows)
    out = report(t, len(rows), gold_places)
    out["places"] = gold_places
    if args.errors:
        print("\n".join(t.errors))
    print(json.dumps({"split": args.split, "none_veto": veto, **out}, ensure_ascii=False))


if __name__ == "__main__":
    main()
