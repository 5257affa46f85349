"""One writer at a time on a database.

Two ``sitroom run`` on one database used to interleave their stores and their resolutions: each
resolved a snapshot that missed the other's documents, and inserting the same document twice
raised a raw IntegrityError. Every writer now holds the database's writer lock for its whole
write; a second one waits (up to ``[store] lock_wait`` seconds, saying whom it waits for) and then
refuses with E304. Runs therefore happen one after the other, and since a run re-resolves every
stored mention, any sequence of runs ends as one run over the union of their inputs.

SQLite: an advisory ``flock`` on ``DB.lock`` beside the file. PostgreSQL: a session advisory lock.
Both are released by the operating system or the server when the holder dies, even by kill -9,
so a crashed run never leaves a database locked.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import StoreError

POLL = 0.2  # seconds between attempts
PG_KEY = 0x5175_7200  # the advisory lock id sitroom's writers share ("sitr")


@contextmanager
def file_lock(db_path: str, wait: float, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``db_path + '.lock'`` exclusively; E304 after ``wait`` seconds of someone else holding it."""
    import fcntl
    lock_path = Path(db_path + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(lambda: _try_flock(fd, fcntl), lambda: _holder(lock_path), wait, on_wait, db_path)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # who holds it, for the next writer's message
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _try_flock(fd: int, fcntl) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _holder(lock_path: Path) -> str:
    try:
        pid = lock_path.read_text().strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid else "another process"


@contextmanager
def pg_lock(conn, wait: float, on_wait: Callable[[str], None] | None = None, url: str = "") -> Iterator[None]:
    """A PostgreSQL session advisory lock, with the same wait-then-refuse behaviour."""
    def attempt() -> bool:
        got = conn.execute("SELECT pg_try_advisory_lock(%s)", (PG_KEY,)).fetchone()[0]
        conn.commit()
        return bool(got)
    _acquire(attempt, lambda: "another sitroom process", wait, on_wait, url)
    try:
        yield
    finally:
        _pg_unlock(conn)


def _pg_unlock(conn) -> None:
    try:
        if conn.closed:  # the session is gone, and its advisory locks with it
            return
        conn.rollback()  # a failed statement would refuse the unlock; committed work is kept
        conn.execute("SELECT pg_advisory_unlock(%s)", (PG_KEY,))
        conn.commit()
    except Exception:  # noqa: BLE001 - closing the connection releases the lock anyway
        conn.close()


def _acquire(attempt: Callable[[], bool], holder: Callable[[], str], wait: float,
             on_wait: Callable[[str], None] | None, where: str) -> None:
    deadline = time.monotonic() + max(0.0, wait)
    told = False
    while not attempt():
        if time.monotonic() >= deadline:
            raise StoreError("E304", f"{where} is held by {holder()}; gave up after {wait:g} s "
                                     "(try again when it finishes, or raise [store] lock_wait)")
        if on_wait and not told:
            on_wait(f"waiting for {holder()} to finish writing {where} (up to {wait:g} s)")
            told = True
        time.sleep(POLL)
