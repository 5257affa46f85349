"""``watch``: ingest articles as they land in a folder, incrementally.

Polling, not inotify: it works on every filesystem (network mounts included) and needs no extra tool.
A file is taken only once its size and modification time are unchanged between two polls, so a file
still being copied in is not read half-written. Nothing is processed twice: a file whose bytes were
already taken (the same content under another name, or an unchanged file) is skipped by content hash,
and a document the store already holds for this extractor version is skipped by its doc_id, so a
restarted watcher does not redo the folder.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..config import load_config
from ..ingest.readers import KNOWN
from ..records import Document, Mention, RawDoc, Rejection

Stat = tuple[int, int]  # (size, mtime_ns)


@dataclass
class WatchReport:
    cycles: int = 0
    files: int = 0  # files taken (each read once)
    documents: int = 0  # new documents stored
    skipped: int = 0  # documents the store already held
    mentions: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    events: int | None = None  # after the last resolution; None when no resolver is installed


class FolderPoller:
    """Which files under a folder are new, complete and not yet taken."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.last: dict[Path, Stat] = {}  # what the previous poll saw
        self.taken: dict[Path, Stat] = {}  # the state in which each file was last taken
        self.hashes: set[str] = set()  # content already taken, whatever the file name

    def _scan(self) -> dict[Path, Stat]:
        seen = {}
        for p in sorted(self.folder.rglob("*")):
            # Only article files: a download's ".part" would otherwise be taken (and rejected) before
            # its rename, and the renamed file then skipped as content already seen.
            if p.name.lower().endswith(KNOWN) and not _hidden(p, self.folder):
                try:
                    st = p.stat()
                except OSError:  # moved away between the listing and now
                    continue
                if p.is_file():
                    seen[p] = (st.st_size, st.st_mtime_ns)
        return seen

    def ready(self) -> list[Path]:
        """Files unchanged since the previous poll that were not taken in this state, new content only."""
        now = self._scan()
        stable = [p for p, st in now.items() if self.last.get(p) == st and self.taken.get(p) != st]
        self.last = now
        out = []
        for p in stable:
            self.taken[p] = now[p]
            try:
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
            except OSError:  # gone or unreadable: the reader will not fare better; look again if it changes
                continue
            if digest not in self.hashes:
                self.hashes.add(digest)
                out.append(p)
        return out


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


class Watcher:
    """A poller, one loaded pipeline and one store; ``step()`` is one poll-and-ingest cycle."""

    def __init__(self, folder: str | Path, db: str | None = None, out: str | Path | None = None,
                 cfg: dict | None = None):
        from ..pipeline import Pipeline
        from ..store import open_store
        self.cfg = cfg or load_config()
        self.version = self.cfg["extract"]["version"]
        self.poller = FolderPoller(folder)
        self.out = out
        self.store = open_store(db)
        self.pipeline = Pipeline.from_config(self.cfg)  # spaCy loads once, not once per cycle
        self.report = WatchReport()
        # A restarted watcher meets the same bad files again: record each (source, code) once.
        self.known_rejections = {(r["source"], r["code"]) for r in self.store.rejections()}

    def step(self) -> list[Path]:
        """Poll once; ingest, extract and resolve what became ready. Returns the files taken."""
        self.report.cycles += 1
        paths = self.poller.ready()
        if paths:
            with self.store.writer(self.cfg["store"].get("lock_wait")):  # never interleaved with a `sitroom run`
                new = self._ingest(paths)
                self.report.files += len(paths)
                if new:
                    self._resolve(new)
        return paths

    def _ingest(self, paths: list[Path]) -> list[Mention]:
        from ..ingest import clean, iter_raw
        todo: list[Document | Rejection] = []
        for raw in iter_raw([str(p) for p in paths], None, self.cfg["ingest"]["max_bytes"]):
            doc = clean(raw) if isinstance(raw, RawDoc) else raw
            if isinstance(doc, Document) and self.store.is_extracted(doc.doc_id, self.version):
                self.report.skipped += 1
            else:
                todo.append(doc)
        new: list[Mention] = []
        for doc, mentions in self.pipeline.process_many(todo):
            self._store(doc, mentions)
            new.extend(mentions)
        return new

    def _store(self, doc: Document | Rejection, mentions: list[Mention]) -> None:
        from ..ingest import link_near_duplicate
        if isinstance(doc, Rejection):
            self.report.rejected.append(doc)
            if (doc.source, doc.code) not in self.known_rejections:
                self.store.add_rejection(doc)
                self.known_rejections.add((doc.source, doc.code))
            return
        if not self.store.has_document(doc.doc_id):
            link_near_duplicate(doc, self.store)
            self.store.add_document(doc)
        self.store.replace_mentions(doc.doc_id, mentions, self.version)
        self.report.documents += 1
        self.report.mentions += len(mentions)

    def _resolve(self, new: list[Mention]) -> None:
        """Attach the new mentions to the stored events (only the events they touch are re-resolved)."""
        from ..resolve import attach
        attach(new, self.store)
        self.report.events = self.store.count_events()
        if self.out:
            from ..export import write_run_outputs
            write_run_outputs(self.store.iter_events, Path(self.out))

    def close(self) -> None:
        self.store.close()


def watch(folder: str | Path, db: str | None = None, out: str | Path | None = None, interval: float = 2.0,
          once: bool = False, cycles: int | None = None, cfg: dict | None = None,
          on_cycle: Callable[[Watcher, list[Path]], None] | None = None) -> WatchReport:
    """Poll ``folder`` every ``interval`` seconds until interrupted, ``cycles`` polls, or (``once``) one
    settled pass: two polls ``interval`` apart, so that the files already there count as complete."""
    w = Watcher(folder, db, out, cfg)
    limit = 2 if once else cycles
    try:
        while limit is None or w.report.cycles < limit:
            if w.report.cycles:
                time.sleep(interval)
            taken = w.step()
            if on_cycle:
                on_cycle(w, taken)
    except KeyboardInterrupt:
        pass  # Ctrl-C is the normal way to stop a watcher; what was stored stays stored
    finally:
        w.close()
    return w.report
