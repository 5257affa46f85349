"""The default backend: one embedded SQLite file in WAL mode."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from ..errors import StoreError
from .base import Store
from .lock import file_lock


class SQLiteStore(Store):
    placeholder = "?"

    def _lock(self, wait: float, on_wait):
        if self.url == ":memory:":  # private to this connection: nobody else can write it
            from contextlib import nullcontext
            return nullcontext()
        return file_lock(self.url, wait, on_wait)

    def run_script(self, sql: str) -> None:
        # executescript would COMMIT first; run statement by statement inside our transaction.
        for stmt in _statements(sql):
            self.conn.execute(stmt)


def _statements(sql: str) -> list[str]:
    lines = [ln.split("--", 1)[0] for ln in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


BUSY_WAIT = 30.0  # seconds a connection waits for another process's lock on the file


def _use_wal(conn: sqlite3.Connection) -> None:
    """WAL mode: readers (the web app) never block the writer. Two runs that open a new file at once
    both switch it, and SQLite answers one of them "database is locked" at once rather than letting
    the two wait on each other; that one tries again until the other has switched it."""
    deadline = time.monotonic() + BUSY_WAIT
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def connect(path: str, create: bool = True) -> SQLiteStore:
    """Open (``create``: or create, folders included) the SQLite file at ``path``; E303 when
    ``create`` is False and there is no such database (read commands never make one)."""
    if path != ":memory:" and not create and not Path(path).is_file():
        raise StoreError("E303", f"{path}; build it with `sitroom run DIR --db {path}`")
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_WAIT, isolation_level="DEFERRED", check_same_thread=False)
    _use_wal(conn)
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return SQLiteStore(conn, path)
