"""The storage layer: one narrow class over a DB-API connection.

The stages only call the methods below; SQL lives here and in ``migrations/``.
A backend (SQLite, PostgreSQL) supplies a connection, its placeholder style and
how to run a migration script. Every write that belongs together is one
transaction, so a kill mid-batch leaves whole documents or none.
"""
from __future__ import annotations

import datetime as _dt
import json
from contextlib import contextmanager
from importlib import resources
from typing import Any, Iterable, Iterator

from ..errors import ConfigError, StoreError
from ..records import (CutSpan, Document, Event, Mention, Rejection, document_from_dict,
                       event_from_dict, mention_from_dict, to_dict)

PAGE = 2000  # rows read at once by the streaming readers (iter_mentions, iter_events)
DEFAULT_LOCK_WAIT = 600.0  # seconds a second writer waits for the first before refusing (E304)
_DOC_COLS = ("doc_id", "name", "source", "url", "title", "outlet", "published", "published_source",
             "language", "fmt", "original", "text", "offsets", "signature", "near_dup_of", "ingested_at")


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str]]:
    """(version, sql) for every script in migrations/, in order."""
    folder = resources.files("sitroom.store") / "migrations"
    out = []
    for item in folder.iterdir():
        if item.name.endswith(".sql"):
            out.append((int(item.name.split("_", 1)[0]), item.read_text(encoding="utf-8")))
    return sorted(out)


class Store:
    """Documents, cuts, rejections, mentions, events and analyst overrides."""

    placeholder = "?"

    def __init__(self, conn, url: str):
        self.conn = conn
        self.url = url
        self.migrate()

    # -- plumbing -------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def execute(self, sql: str, params: Iterable[Any] = ()):
        cur = self.conn.cursor()
        cur.execute(self._sql(sql), tuple(params))
        return cur

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[dict]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing. Nested calls join the outer transaction, so a driver can store a batch
        of documents in one commit (far fewer syncs) and still never leave half a document."""
        if getattr(self, "_open_tx", False):
            yield
            return
        self._open_tx = True
        try:
            yield
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        finally:
            self._open_tx = False

    @contextmanager
    def writer(self, wait: float | None = None, on_wait=None) -> Iterator[None]:
        """Hold the database's writer lock (see ``store.lock``): one writing process at a time.
        Re-entrant on this store, so a command and the library calls it makes share one hold."""
        if getattr(self, "_writer_depth", 0):
            self._writer_depth += 1
            try:
                yield
            finally:
                self._writer_depth -= 1
            return
        with self._lock(DEFAULT_LOCK_WAIT if wait is None else wait, on_wait):
            self._writer_depth = 1
            try:
                yield
            finally:
                self._writer_depth = 0

    def _lock(self, wait: float, on_wait):
        raise NotImplementedError

    def run_script(self, sql: str) -> None:
        raise NotImplementedError

    def migrate(self) -> None:
        self.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, at TEXT NOT NULL)")
        self.conn.commit()
        known = migrations()
        if not self._pending(known):
            return
        with self.writer():  # two processes opening a new database must not both create its tables
            for version, sql in self._pending(known):
                with self.transaction():
                    self.run_script(sql)
                    self.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, now()))

    def _pending(self, known: list[tuple[int, str]]) -> list[tuple[int, str]]:
        done = {r["version"] for r in self.query("SELECT version FROM schema_migrations")}
        self.conn.commit()  # end the read, so that the next look sees another process's migrations
        if done and max(done) > known[-1][0]:
            raise StoreError("E300", f"{self.url} is at schema {max(done)}, this sitroom knows {known[-1][0]}")
        return [(v, sql) for v, sql in known if v not in done]

    def close(self) -> None:
        self.conn.close()

    # -- documents --------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return bool(self.query("SELECT 1 AS x FROM documents WHERE doc_id = ?", (doc_id,)))

    def add_document(self, doc: Document) -> bool:
        """Store a document and its cut spans; False (and nothing changed) if already there."""
        if self.has_document(doc.doc_id):
            return False
        row = to_dict(doc)
        row["offsets"] = json.dumps(row["offsets"])
        row["signature"] = json.dumps(row["signature"]) if row["signature"] is not None else None
        row["ingested_at"] = now()
        with self.transaction():
            # ON CONFLICT: another writer (one without the lock, e.g. an older sitroom) may have stored it meanwhile
            cur = self.execute(f"INSERT INTO documents ({', '.join(_DOC_COLS)}) VALUES "
                               f"({', '.join('?' * len(_DOC_COLS))}) ON CONFLICT (doc_id) DO NOTHING",
                               [row[c] for c in _DOC_COLS])
            if cur.rowcount == 0:
                return False
            for c in doc.cuts:
                self.execute("INSERT INTO cuts VALUES (?, ?, ?, ?, ?)", (doc.doc_id, c.start, c.end, c.reason, c.text))
        return True

    def _doc_from_row(self, row: dict) -> Document:
        row = dict(row)
        row.pop("ingested_at", None)
        row["offsets"] = json.loads(row["offsets"])
        row["signature"] = json.loads(row["signature"]) if row.get("signature") else None
        row["cuts"] = [to_dict(c) for c in self.cuts(row["doc_id"])]
        return document_from_dict(row)

    def get_document(self, key: str) -> Document:
        """A document by doc_id, doc_id prefix or name."""
        rows = self.query("SELECT * FROM documents WHERE doc_id = ? OR name = ?", (key, key))
        if not rows and len(key) >= 6:  # a prefix: the key's own % and _ are literal, not wildcards
            rows = self.query("SELECT * FROM documents WHERE doc_id LIKE ? ESCAPE '\\'", (like_prefix(key),))
        if not rows:
            raise StoreError("E302", f"document {key!r}")
        return self._doc_from_row(rows[0])

    def documents(self, with_text: bool = True) -> list[Document] | list[dict]:
        if with_text:
            return [self._doc_from_row(r) for r in self.query("SELECT * FROM documents ORDER BY name, doc_id")]
        return self.query("SELECT doc_id, name, outlet, published, published_source, language, title, "
                          "near_dup_of, length(text) AS chars FROM documents ORDER BY name, doc_id")

    def signatures(self, page: int = PAGE) -> Iterator[tuple[str, list[int]]]:
        """(doc_id, MinHash signature) of every signed document in the order they were stored, a page at a time."""
        last = ("", "")
        while rows := self.query("SELECT ingested_at, doc_id, signature FROM documents WHERE signature IS NOT NULL "
                                 "AND (ingested_at > ? OR (ingested_at = ? AND doc_id > ?)) ORDER BY ingested_at, doc_id "
                                 f"LIMIT {int(page)}", (last[0], last[0], last[1])):
            last = (rows[-1]["ingested_at"], rows[-1]["doc_id"])
            yield from ((r["doc_id"], json.loads(r["signature"])) for r in rows)

    def cuts(self, doc_id: str) -> list[CutSpan]:
        rows = self.query("SELECT start_offset, end_offset, reason, text FROM cuts WHERE doc_id = ? ORDER BY start_offset", (doc_id,))
        return [CutSpan(r["start_offset"], r["end_offset"], r["reason"], r["text"]) for r in rows]

    # -- rejections -------------------------------------------------------------------------
    def add_rejection(self, rej: Rejection) -> bool:
        """Record a rejection once: re-running a batch does not repeat it."""
        if self.query("SELECT 1 AS x FROM rejections WHERE source = ? AND code = ?", (rej.source, rej.code)):
            return False
        with self.transaction():
            self.execute("INSERT INTO rejections VALUES (?, ?, ?, ?)", (rej.source, rej.code, rej.reason, now()))
        return True

    def rejections(self) -> list[dict]:
        return self.query("SELECT source, code, reason, at FROM rejections ORDER BY at, source")

    # -- mentions ---------------------------------------------------------------------------
    def is_extracted(self, doc_id: str, extractor: str) -> bool:
        return bool(self.query("SELECT 1 AS x FROM extracted WHERE doc_id = ? AND extractor = ?", (doc_id, extractor)))

    def extracted_ids(self, extractor: str) -> set[str]:
        """Every doc_id this extractor version has extracted: what a re-run of ``sitroom run`` skips."""
        return {r["doc_id"] for r in self.query("SELECT doc_id FROM extracted WHERE extractor = ?", (extractor,))}

    def replace_mentions(self, doc_id: str, mentions: list[Mention], extractor: str) -> None:
        """Swap a document's mentions for a new set, and mark it extracted, atomically."""
        with self.transaction():
            self.execute("DELETE FROM mentions WHERE doc_id = ?", (doc_id,))
            self.execute("DELETE FROM extracted WHERE doc_id = ?", (doc_id,))
            for m in mentions:
                lat = m.location.lat if m.location else None
                lon = m.location.lon if m.location else None
                self.execute("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (m.mention_id, doc_id, m.event_type, m.sub_event_type, m.date_start, m.date_end,
                              lat, lon, json.dumps(to_dict(m), ensure_ascii=False)))
            self.execute("INSERT INTO extracted VALUES (?, ?, ?)", (doc_id, extractor, now()))

    def mentions(self, doc_id: str | None = None) -> list[Mention]:
        if doc_id:
            rows = self.query("SELECT body FROM mentions WHERE doc_id = ? ORDER BY mention_id", (doc_id,))
        else:
            rows = self.query("SELECT body FROM mentions ORDER BY mention_id")
        return [mention_from_dict(json.loads(r["body"])) for r in rows]

    def iter_mentions(self, page: int = PAGE) -> Iterator[Mention]:
        """Every mention in id order, read a page at a time (keyset paging: no cursor stays open
        across the caller's own statements, on SQLite and PostgreSQL alike)."""
        last = ""
        while rows := self.query("SELECT mention_id, body FROM mentions WHERE mention_id > ? ORDER BY mention_id "
                                 f"LIMIT {int(page)}", (last,)):
            last = rows[-1]["mention_id"]
            yield from (mention_from_dict(json.loads(r["body"])) for r in rows)

    def iter_document_mentions(self, page: int = PAGE) -> Iterator[list[Mention]]:
        """Each document's mentions (by id), documents in id order, read about a page at a time."""
        last, doc, current = ("", ""), None, []
        while rows := self.query("SELECT doc_id, mention_id, body FROM mentions WHERE doc_id > ? OR (doc_id = ? AND "
                                 f"mention_id > ?) ORDER BY doc_id, mention_id LIMIT {int(page)}",
                                 (last[0], last[0], last[1])):
            last = (rows[-1]["doc_id"], rows[-1]["mention_id"])
            for r in rows:
                if r["doc_id"] != doc and current:
                    yield current
                    current = []
                doc = r["doc_id"]
                current.append(mention_from_dict(json.loads(r["body"])))
        if current:
            yield current

    def mentions_by_ids(self, ids: list[str]) -> list[Mention]:
        """The mentions with these ids (any that is not stored is left out), in id order."""
        out = []
        for i in range(0, len(ids), 500):  # well under SQLite's limit of bound parameters
            part = ids[i:i + 500]
            marks = ", ".join("?" * len(part))
            out += [mention_from_dict(json.loads(r["body"]))
                    for r in self.query(f"SELECT body FROM mentions WHERE mention_id IN ({marks})", part)]
        return sorted(out, key=lambda m: m.mention_id)

    # -- events -----------------------------------------------------------------------------
    def replace_events(self, events: Iterable[Event]) -> int:
        """Replace the resolved event table in one transaction, consuming ``events`` as they come (a
        generator is never held whole); the number stored."""
        added, n = self._ingested(), 0
        with self.transaction():
            self.execute("DELETE FROM event_mentions")
            self.execute("DELETE FROM events")
            for e in events:
                self._stamp([e], added)
                self._insert_event(e)
                n += 1
        return n

    def swap_events(self, remove: list[str], add: list[Event]) -> None:
        """Replace some events by others in one transaction (incremental resolution)."""
        self._stamp(add)
        with self.transaction():
            for eid in remove:
                self.execute("DELETE FROM event_mentions WHERE event_id = ?", (eid,))
                self.execute("DELETE FROM events WHERE event_id = ?", (eid,))
            for e in add:
                self.execute("DELETE FROM event_mentions WHERE event_id = ?", (e.event_id,))
                self.execute("DELETE FROM events WHERE event_id = ?", (e.event_id,))
                self._insert_event(e)

    def _ingested(self) -> dict[str, str]:
        return {r["doc_id"]: r["ingested_at"] for r in self.query("SELECT doc_id, ingested_at FROM documents")}

    def _stamp(self, events: list[Event], added: dict[str, str] | None = None) -> None:
        """ACLED's ``timestamp``: when the latest of an event's documents entered this database (Unix
        seconds). An event changes only when a document joins it, so re-resolving keeps its stamp."""
        added = self._ingested() if added is None else added
        for e in events:
            times = [added[r.doc_id] for r in e.reports if r.doc_id in added]
            e.timestamp = int(_dt.datetime.fromisoformat(max(times)).timestamp()) if times else None

    def _insert_event(self, e: Event) -> None:
        loc = e.location
        best = (e.fatalities or {}).get("best")
        self.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (e.event_id, e.event_type, e.sub_event_type, e.date_start, e.date_end,
                      loc.country if loc else None, loc.admin1 if loc else None, loc.name if loc else None,
                      loc.lat if loc else None, loc.lon if loc else None, e.actor1, e.actor2, best,
                      json.dumps(to_dict(e), ensure_ascii=False)))
        for mid in e.mention_ids:
            self.execute("INSERT INTO event_mentions VALUES (?, ?)", (e.event_id, mid))

    def events(self, where: str = "", params: Iterable[Any] = ()) -> list[Event]:
        """Events, optionally filtered by a parameterised WHERE clause over the events columns."""
        sql = "SELECT body FROM events" + (f" WHERE {where}" if where else "") + " ORDER BY COALESCE(date_start, ''), event_id"
        return [event_from_dict(json.loads(r["body"])) for r in self.query(sql, params)]

    def events_of_mentions(self, ids: list[str]) -> list[str]:
        """The ids of the stored events that hold any of these mentions."""
        out: set[str] = set()
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            marks = ", ".join("?" * len(part))
            rows = self.query(f"SELECT DISTINCT event_id FROM event_mentions WHERE mention_id IN ({marks})", part)
            out |= {r["event_id"] for r in rows}
        return sorted(out)

    def count_events(self) -> int:
        return self.query("SELECT count(*) AS n FROM events")[0]["n"]

    def iter_events(self, page: int = PAGE) -> Iterator[Event]:
        """Every event in the order of ``events()`` (undated first, then by date and id), a page at a time."""
        last: tuple[str, str] = ("", "")
        key = "COALESCE(date_start, '')"
        while rows := self.query(f"SELECT {key} AS k, event_id, body FROM events WHERE {key} > ? OR ({key} = ? "
                                 f"AND event_id > ?) ORDER BY {key}, event_id LIMIT {int(page)}",
                                 (last[0], last[0], last[1])):
            last = (rows[-1]["k"], rows[-1]["event_id"])
            yield from (event_from_dict(json.loads(r["body"])) for r in rows)

    def get_event(self, event_id: str) -> Event:
        rows = self.query("SELECT body FROM events WHERE event_id = ?", (event_id,))
        if not rows:
            raise StoreError("E302", f"event {event_id!r}")
        return event_from_dict(json.loads(rows[0]["body"]))

    # -- overrides --------------------------------------------------------------------------
    def add_override(self, action: str, a: list[str], b: list[str] | None = None, note: str | None = None) -> dict:
        """Record an override in the one stored format (docs/safety.md): ``a`` and ``b`` are lists of
        mention ids, kept as JSON arrays. ``sitroom.resolve.overrides.record`` checks that they exist."""
        a_json, b_json = _id_list(a, "a"), (_id_list(b, "b") if b is not None else None)
        if action not in ("merge", "split") or (action == "merge") != (b is not None):
            raise ConfigError("E204", f"action {action!r} with b={'set' if b is not None else 'none'} "
                                      "(merge takes a and b, split takes a only)")
        with self.transaction():
            seq = (self.query("SELECT MAX(seq) AS m FROM overrides")[0]["m"] or 0) + 1
            self.execute("INSERT INTO overrides (seq, action, a, b, note, at) VALUES (?, ?, ?, ?, ?, ?)",
                         (seq, action, a_json, b_json, note, now()))
        return self.get_override(seq)

    def overrides(self, include_undone: bool = False) -> list[dict]:
        """The overrides in force (or all, undone ones too), oldest first."""
        where = "" if include_undone else " WHERE undone_at IS NULL"
        return self.query(f"SELECT seq, action, a, b, note, at, undone_at FROM overrides{where} ORDER BY seq")

    def get_override(self, seq: int) -> dict:
        rows = self.query("SELECT seq, action, a, b, note, at, undone_at FROM overrides WHERE seq = ?", (seq,))
        if not rows:
            raise StoreError("E302", f"override {seq}")
        return rows[0]

    def undo_override(self, seq: int) -> dict:
        """Take an override back: kept in the history, no longer applied."""
        rec = self.get_override(seq)
        if rec["undone_at"]:
            raise ConfigError("E204", f"override {seq} was already undone at {rec['undone_at']}")
        with self.transaction():
            self.execute("UPDATE overrides SET undone_at = ? WHERE seq = ?", (now(), seq))
        return self.get_override(seq)


def _id_list(ids, name: str) -> str:
    if not isinstance(ids, (list, tuple)) or not ids or not all(isinstance(x, str) and x for x in ids):
        raise ConfigError("E204", f"{name} must be a non-empty list of mention ids, got {ids!r:.80}")
    return json.dumps(list(ids))


def like_prefix(text: str) -> str:
    """``text%`` with LIKE's wildcards in ``text`` taken literally (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
