"""The whole job: articles in, events out.

``Pipeline.process`` is pure (RawDoc in; Document or Rejection and Mentions out), so a local loop and
a Dask worker run the very same code. ``run_corpus`` is the driver: it reads inputs, has them cleaned
and extracted (by the workers, cleaning included, so every core cleans), skips what the store already
holds, stores each document with its mentions in one transaction (a kill mid-batch leaves whole
documents or none), then resolves mentions into events and writes the exports.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable, Iterator

from .config import load_config
from .records import Document, Mention, RawDoc, Rejection

# A document's mentions; None for a document in the ``skip`` set (extracted before: left unprocessed)
Result = tuple[Document | Rejection, list[Mention] | None]


@dataclass
class RunReport:
    documents: int = 0
    skipped: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    mentions: int = 0
    events: int = 0
    near_dups: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)

    def tick(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - since
        return now


class Pipeline:
    """clean -> nlp -> extract, built from a configuration dict (never from pickled models)."""

    def __init__(self, cfg: dict):
        from .nlp.pipeline import load_nlp
        self.cfg = cfg
        self.nlp = load_nlp(cfg)

    @classmethod
    def from_config(cls, cfg: dict | None = None) -> "Pipeline":
        return cls(cfg or load_config())

    def clean(self, raw: RawDoc | Document | Rejection) -> Document | Rejection:
        from .ingest import clean
        return clean(raw) if isinstance(raw, RawDoc) else raw  # already cleaned by the driver

    def extract(self, doc: Document, sdoc=None) -> list[Mention]:
        from .extract.mentions import extract_mentions
        if doc.language not in (None, "en"):
            return []  # stored and flagged, but our lexicons are English
        sdoc = sdoc if sdoc is not None else self.parse([doc])[0]
        return extract_mentions(doc, sdoc, self.cfg["extract"]["skip_headline"])

    def _nlp_text(self, doc: Document) -> str:
        return doc.text[: self.cfg["nlp"]["max_chars"]]

    def process(self, raw: RawDoc | Document | Rejection) -> Result:
        doc = self.clean(raw)
        return (doc, []) if isinstance(doc, Rejection) else (doc, self.extract(doc))

    def parse(self, docs: list[Document]) -> list:
        from .extract.triggers import may_report_event
        from .nlp.pipeline import parse
        return parse(self.nlp, [self._nlp_text(d) for d in docs], may_report_event, self.cfg["nlp"]["batch_size"])

    def extract_many(self, docs: list[Document]) -> list[list[Mention]]:
        """Extraction for a batch of clean documents, with spaCy batching the texts. Two copies of one
        article (one doc_id) each get their own mentions: they name their own file, outlet and date."""
        english = [d for d in docs if d.language in (None, "en")]
        by_doc = {id(d): self.extract(d, s) for d, s in zip(english, self.parse(english))}
        return [by_doc.get(id(d), []) for d in docs]

    def process_many(self, raws: Iterable[RawDoc | Document | Rejection],
                     skip: Collection[str] = ()) -> Iterator[Result]:
        """Clean and extract, in input order; a document whose doc_id is in ``skip`` comes back clean
        with None for mentions (the driver's "already extracted": a doc_id is known only once cleaned)."""
        batch = self.cfg["nlp"]["batch_size"]
        cleaned = [self.clean(r) for r in raws]
        for i in range(0, len(cleaned), batch):
            chunk = cleaned[i:i + batch]
            docs = [d for d in chunk if isinstance(d, Document) and d.doc_id not in skip]
            found = dict(zip(map(id, docs), self.extract_many(docs)))
            for d in chunk:
                yield (d, []) if isinstance(d, Rejection) else (d, found.get(id(d)))


def _skipped(doc: Document | Rejection, mentions: list[Mention] | None, seen: set[str], report: RunReport) -> bool:
    """Is this result not to be stored? A document this extractor version already extracted (the workers
    left it unprocessed) or a second copy of one in this run: a re-run redoes only what an interrupted
    run left unfinished, and the first copy in input order is the one stored, as when this process cleaned."""
    if isinstance(doc, Rejection):
        return False
    if mentions is None or doc.doc_id in seen:
        report.skipped += 1
        return True
    seen.add(doc.doc_id)
    return False


def _store(store, doc: Document | Rejection, mentions: list[Mention], version: str, report: RunReport,
           index=None) -> None:
    from .ingest import link_near_duplicate
    if isinstance(doc, Rejection):
        store.add_rejection(doc)
        report.rejected.append(doc)
        return
    if not store.has_document(doc.doc_id):
        report.near_dups += bool(link_near_duplicate(doc, store, index))
        store.add_document(doc)
    store.replace_mentions(doc.doc_id, mentions, version)
    report.documents += 1
    report.mentions += len(mentions)


def _process(raws: list, cfg: dict, engine: str, scheduler: str | None, skip: Collection[str]) -> Iterator[Result]:
    if engine == "dask":
        from .batch.dask_engine import iter_dask_run
        yield from iter_dask_run(raws, cfg, scheduler, skip)
    else:
        yield from Pipeline.from_config(cfg).process_many(raws, skip)


def resolve_and_export(store, out: str | Path | None, report: RunReport | None = None) -> list:
    """Re-resolve every stored mention into events (respecting analyst overrides) and write the outputs."""
    from .export import write_run_outputs
    from .resolve import resolve
    events = resolve(store.mentions(), store.overrides())
    store.replace_events(events)
    if report is not None:
        report.events = len(events)
    if out:
        paths = write_run_outputs(events, Path(out))
        if report is not None:
            report.outputs = [str(p) for p in paths]
    return events


def run_corpus(paths: list[str], db: str | None = None, out: str | Path | None = None, manifest: str | None = None,
               engine: str = "local", scheduler: str | None = None, cfg: dict | None = None,
               progress: bool = False) -> RunReport:
    """Ingest, extract, resolve and export: the one command a newcomer runs."""
    from .ingest import iter_raw
    from .ingest.dedup import index_for
    from .store import open_store
    cfg = cfg or load_config()
    version, report, t = cfg["extract"]["version"], RunReport(), time.perf_counter()
    store = open_store(db)
    try:
        raws = list(iter_raw(paths, manifest, cfg["ingest"]["max_bytes"]))
        t = report.tick("read", t)
        index = index_for(store)  # near-duplicate index loaded once, grown as documents are stored
        done = store.extracted_ids(version)  # what a re-run skips (the workers know a doc_id once they clean)
        results = _progress(_process(raws, cfg, engine, scheduler, done), len(raws), progress)
        seen: set[str] = set()
        for batch in _batches(results, cfg["store"]["batch"]):
            with store.transaction():  # one commit per batch; a kill loses at most the batch in flight
                for doc, mentions in batch:
                    if not _skipped(doc, mentions, seen, report):
                        _store(store, doc, mentions, version, report, index)
        t = report.tick("clean+process", t)
        resolve_and_export(store, out, report)
        report.tick("resolve+export", t)
    finally:
        store.close()
    return report


def _batches(it: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in it:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _progress(it: Iterator, total: int, enabled: bool) -> Iterator:
    if not enabled or total < 50:
        return it
    from tqdm import tqdm
    return tqdm(it, total=total, unit="doc", file=__import__("sys").stderr)
