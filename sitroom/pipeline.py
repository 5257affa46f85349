"""The whole job: articles in, events out.

``Pipeline.process`` is pure (RawDoc in; Document or Rejection and Mentions out), so a local loop and
a Dask worker run the very same code. ``run_corpus`` is the driver: it reads inputs, has them cleaned
and extracted (by the workers, cleaning included, so every core cleans), skips what the store already
holds, stores each document with its mentions in one transaction (a kill mid-batch leaves whole
documents or none), then resolves mentions into events and writes the exports.

Inputs stream: the local engine reads, cleans, extracts and stores one batch at a time, so a feed of
any length commits its first documents within seconds and memory stays flat. The whole run holds the
database's writer lock: a second run waits for it, and as every run re-resolves all stored mentions,
runs one after another end as one run over the union of their inputs.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator

from .config import load_config
from .errors import ExtractionError
from .records import Document, Mention, RawDoc, Rejection

FIRST_BATCH = 4  # documents cleaned, extracted and committed first, before full-size batches
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
    not_extracted: list[Rejection] = field(default_factory=list)  # E114: stored, no extractor for its language
    # per language ("en", "ar", "zh"...): documents stored and mentions extracted; events counted after resolution
    languages: dict[str, dict[str, int]] = field(default_factory=dict)
    _doc_lang: dict[str, str] = field(default_factory=dict, repr=False)  # this run's documents -> language
    unplaced: int = 0  # events with no resolved place
    undated: int = 0  # events no report dates (inferred from publication, or not dated at all)

    @property
    def exit_status(self) -> int:
        """The documented policy (docs/safety.md): 0 all read, 1 some rejected, 3 nothing read."""
        from .errors import exit_status
        return exit_status(self.documents + self.skipped, len(self.rejected) + len(self.not_extracted))

    def tick(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - since
        return now


READ_LANGUAGES = ("en", "ar")  # languages with an extractor (a document of unknown language is read as English)


def language_of(doc: Document) -> str:
    return doc.language or "en"


class Pipeline:
    """clean -> nlp -> typer + extract, built from a configuration dict (never from pickled models)."""

    def __init__(self, cfg: dict):
        from . import typer
        from .nlp.pipeline import load_nlp
        self.cfg = cfg
        self.nlp = load_nlp(cfg)
        self.typer = typer.get(cfg.get("typer"))

    @classmethod
    def from_config(cls, cfg: dict | None = None) -> "Pipeline":
        return cls(cfg or load_config())

    def clean(self, raw: RawDoc | Document | Rejection) -> Document | Rejection:
        from .ingest import clean
        return clean(raw) if isinstance(raw, RawDoc) else raw  # already cleaned by the driver

    def extract(self, doc: Document, sdoc=None) -> list[Mention]:
        from .extract.mentions import extract_mentions
        if language_of(doc) == "ar":
            from .arabic import extract_mentions as arabic_mentions
            return arabic_mentions(doc, self.cfg.get("arabic"))
        if language_of(doc) not in READ_LANGUAGES:
            return []  # stored and flagged: no extractor reads its language
        sdoc = sdoc if sdoc is not None else self.parse([doc])[0]
        return extract_mentions(doc, sdoc, self.cfg["extract"]["skip_headline"], self.typer)

    def _nlp_text(self, doc: Document) -> str:
        return doc.text[: self.cfg["nlp"]["max_chars"]]

    def process(self, raw: RawDoc | Document | Rejection) -> Result:
        doc = self.clean(raw)
        return (doc, []) if isinstance(doc, Rejection) else (doc, self.extract(doc))

    def parse(self, docs: list[Document]) -> list:
        from .nlp.pipeline import parse
        # the statistical NER runs on the sentences the typer says may report an event
        return parse(self.nlp, [self._nlp_text(d) for d in docs], self.typer.may_report, self.cfg["nlp"]["batch_size"])

    def extract_many(self, docs: list[Document]) -> list[list[Mention]]:
        """Extraction for a batch of clean documents, with spaCy batching the texts. Two copies of one
        article (one doc_id) each get their own mentions: they name their own file, outlet and date."""
        english = [d for d in docs if language_of(d) == "en"]
        by_doc = {id(d): self.extract(d, s) for d, s in zip(english, self.parse(english))}
        by_doc.update({id(d): self.extract(d) for d in docs if language_of(d) != "en"})  # Arabic reads natively
        return [by_doc.get(id(d), []) for d in docs]

    def process_many(self, raws: Iterable[RawDoc | Document | Rejection],
                     skip: Collection[str] = ()) -> Iterator[Result]:
        """Clean and extract, in input order; a document whose doc_id is in ``skip`` comes back clean
        with None for mentions (the driver's "already extracted": a doc_id is known only once cleaned)."""
        batch, it = self.cfg["nlp"]["batch_size"], iter(raws)
        size = min(FIRST_BATCH, batch)  # a small first batch: the first documents are stored within seconds
        while chunk := [self.clean(r) for r in itertools.islice(it, size)]:  # one batch in memory at a time
            size = batch
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
    lang = language_of(doc)
    tally = report.languages.setdefault(lang, {"documents": 0, "mentions": 0, "events": 0})
    tally["documents"] += 1
    tally["mentions"] += len(mentions)
    report._doc_lang[doc.doc_id] = lang
    if lang not in READ_LANGUAGES:  # stored, but no extractor was run on it: say so
        note = Rejection(doc.source, "E114", str(ExtractionError("E114", f"{doc.source}: language {doc.language!r}")))
        store.add_rejection(note)
        report.not_extracted.append(note)


def _process(raws: Iterable, cfg: dict, engine: str, scheduler: str | None, skip: Collection[str]) -> Iterator[Result]:
    if engine == "dask":  # streamed too: inputs are read as the workers take chunks
        from .batch.dask_engine import iter_dask_run
        yield from iter_dask_run(raws, cfg, scheduler, skip)
    else:
        yield from Pipeline.from_config(cfg).process_many(raws, skip)


def resolve_and_export(store, out: str | Path | None, report: RunReport | None = None) -> int:
    """Re-resolve every stored mention into events (respecting analyst overrides) and write the outputs
    (a run's outputs are the database's events by definition: they may replace older files). Both
    stream: events are stored as each chunk of mentions resolves, and the files are written from the
    store, so memory does not grow with the database. Returns the number of events."""
    from .export import write_run_outputs
    from .resolve import resolve_store
    tally = _Tally(report._doc_lang if report is not None else {})
    n = store.replace_events(tally.count(resolve_store(store)))
    if report is not None:
        report.events, report.unplaced, report.undated = n, tally.unplaced, tally.undated
        for lang, k in tally.by_language.items():
            report.languages.setdefault(lang, {"documents": 0, "mentions": 0, "events": 0})["events"] = k
    if out:
        paths = write_run_outputs(store.iter_events, Path(out))
        if report is not None:
            report.outputs = [str(p) for p in paths]
    return n


class _Tally:
    """What the run report says of the events, counted as they stream past."""

    def __init__(self, doc_lang: dict[str, str]):
        self.unplaced = self.undated = 0
        self.doc_lang = doc_lang  # this run's documents -> their language (one entry a document, not a mention)
        self.by_language: dict[str, int] = {}  # events with a report in that language (a merged event counts in each)

    def count(self, events: Iterable) -> Iterator:
        for e in events:
            self.unplaced += "no_place" in e.flags
            self.undated += "undated" in e.flags or "date_inferred" in e.flags
            for lang in {self.doc_lang[r.doc_id] for r in e.reports if r.doc_id in self.doc_lang}:
                self.by_language[lang] = self.by_language.get(lang, 0) + 1
            yield e


def run_corpus(paths: list[str], db: str | None = None, out: str | Path | None = None, manifest: str | None = None,
               engine: str = "local", scheduler: str | None = None, cfg: dict | None = None,
               progress: bool = False, on_wait: Callable[[str], None] | None = None) -> RunReport:
    """Ingest, extract, resolve and export: the one command a newcomer runs. ``on_wait`` hears why
    the run waits when another process is writing the database."""
    from .store import open_store
    cfg = cfg or load_config()
    report = RunReport()
    store = open_store(db)
    try:
        with store.writer(cfg["store"].get("lock_wait"), on_wait):
            _run_locked(store, paths, out, manifest, engine, scheduler, cfg, progress, report)
    finally:
        store.close()
    return report


def _run_locked(store, paths, out, manifest, engine, scheduler, cfg, progress, report: RunReport) -> None:
    from .ingest import iter_raw
    from .ingest.dedup import index_for
    version, t = cfg["extract"]["version"], time.perf_counter()
    index = index_for(store)  # near-duplicate index loaded once, grown as documents are stored
    done = store.extracted_ids(version)  # what a re-run skips (the workers know a doc_id once they clean)
    raws = iter_raw(paths, manifest, cfg["ingest"]["max_bytes"])  # lazy: read as the batches need
    results = _progress(_process(raws, cfg, engine, scheduler, done), progress)
    seen: set[str] = set()
    for batch in _batches(results, cfg["store"]["batch"], first=FIRST_BATCH):
        with store.transaction():  # one commit per batch; a kill loses at most the batch in flight
            for doc, mentions in batch:
                if not _skipped(doc, mentions, seen, report):
                    _store(store, doc, mentions, version, report, index)
    t = report.tick("read+clean+process", t)
    resolve_and_export(store, out, report)
    report.tick("resolve+export", t)


def _batches(it: Iterable, size: int, first: int | None = None) -> Iterator[list]:
    """Lists of ``size`` items (the first of ``first``), the last one shorter."""
    batch: list = []
    want = min(first or size, size)
    for item in it:
        batch.append(item)
        if len(batch) >= want:
            yield batch
            batch, want = [], size
    if batch:
        yield batch


def _progress(it: Iterator, enabled: bool) -> Iterator:
    """A counter on stderr (no total: inputs stream, so their number is not known in advance)."""
    if not enabled:
        return it
    from tqdm import tqdm
    return tqdm(it, unit="doc", file=__import__("sys").stderr, mininterval=1.0, delay=2.0)
