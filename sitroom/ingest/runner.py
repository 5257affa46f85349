"""``ingest``: read, clean and store a batch, one document per transaction.

A kill at any point leaves whole documents or none (the store commits each one), and a
re-run skips what is already stored (the content hash is the key), so it simply completes
the batch. Rejections already recorded for the same input and code are not recorded twice.
The whole batch holds the database's writer lock (``Store.writer``): one writer at a time.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Iterable

from ..records import Document, RawDoc, Rejection
from .cleaner import clean
from .dedup import index_for, link_near_duplicate
from .readers import iter_raw


@dataclass
class IngestReport:
    added: int = 0
    skipped: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    near_dups: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """0 all read, 1 some rejected, 3 nothing read (docs/safety.md)."""
        from ..errors import exit_status
        return exit_status(self.added + self.skipped, len(self.rejected))

    def summary(self) -> str:
        return (f"{self.added} added, {self.skipped} already stored, {len(self.rejected)} rejected, "
                f"{len(self.near_dups)} near-duplicates linked")


def ingest(paths: list[str], store, manifest: str | None = None, progress: bool = False,
           max_bytes: int = 5_000_000, lock_wait: float | None = None, on_wait=None) -> IngestReport:
    """Ingest files and folders into ``store``, holding its writer lock."""
    with store.writer(lock_wait, on_wait):
        return ingest_raws(iter_raw(paths, manifest, max_bytes), store, progress=progress)


def ingest_raws(raws: Iterable[RawDoc | Rejection | Document], store, progress: bool = False) -> IngestReport:
    """Clean and store what a reader (or any other driver) yields."""
    report = IngestReport()
    known = {(r["source"], r["code"]) for r in store.rejections()}
    index = index_for(store)
    for item in _progress(raws, progress):
        doc = clean(item) if isinstance(item, RawDoc) else item
        if isinstance(doc, Rejection):
            _reject(store, doc, known, report)
        elif store.has_document(doc.doc_id):
            report.skipped += 1
        else:
            _add(store, doc, index, report)
    return report


def _reject(store, rej: Rejection, known: set, report: IngestReport) -> None:
    report.rejected.append(rej)
    if (rej.source, rej.code) not in known:
        store.add_rejection(rej)
        known.add((rej.source, rej.code))


def _add(store, doc: Document, index, report: IngestReport) -> None:
    if link_near_duplicate(doc, store, index):
        report.near_dups.append((doc.doc_id, doc.near_dup_of))
    store.add_document(doc)
    report.added += 1


def _progress(items: Iterable, enabled: bool) -> Iterable:
    if not enabled:
        return items
    from tqdm import tqdm
    return tqdm(items, unit="doc", file=sys.stderr, mininterval=0.5)
