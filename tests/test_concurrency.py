"""One writer at a time: two real ``sitroom run`` processes on one SQLite file end as one run over the
union of their inputs, whether the inputs differ or are the same, and a kill -9 of one leaves a
database the other (and a re-run) completes. The lock itself is tested on its own first."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitroom.errors import StoreError
from sitroom.store import open_store


def split_seeds(seeds: Path, root: Path) -> tuple[Path, Path]:
    """The seeds in two folders (three and two articles), each with the manifest."""
    a, b = root / "a", root / "b"
    names = sorted(p.name for p in seeds.glob("*.txt"))
    for folder, part in ((a, names[:3]), (b, names[3:])):
        folder.mkdir(parents=True)
        shutil.copy(seeds / "manifest.csv", folder / "manifest.csv")
        for n in part:
            shutil.copy(seeds / n, folder / n)
    return a, b


def start(db: str, *paths: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "sitroom.cli", "run", *map(str, paths), "--db", db]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out + err


def state(db: str) -> dict:
    """What a run leaves, minus wall-clock stamps: documents, extracted mentions and resolved events."""
    con = sqlite3.connect(db)
    docs = sorted(con.execute("SELECT doc_id, name, outlet, published, near_dup_of FROM documents"))
    mentions = sorted(r[0] for r in con.execute("SELECT mention_id FROM mentions"))
    events = sorted(json.loads(r[0])["event_id"] for r in con.execute("SELECT body FROM events"))
    members = sorted(con.execute("SELECT event_id, mention_id FROM event_mentions"))
    con.close()
    return {"documents": docs, "mentions": mentions, "events": events, "members": members}


@pytest.fixture(scope="module")
def union(tmp_path_factory, seeds_dir) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("union")
    a, b = split_seeds(seeds_dir, root)
    db = str(root / "one.db")
    code, out = finish(start(db, a, b))
    assert code == 0, out
    return a, b, state(db)


def test_the_lock_waits_then_refuses_clearly(tmp_path):
    db = str(tmp_path / "l.db")
    first, second = open_store(db), open_store(db)
    heard: list[str] = []
    with first.writer():
        t = time.monotonic()
        with pytest.raises(StoreError) as err:
            with second.writer(wait=0.6, on_wait=heard.append):
                pass
        assert time.monotonic() - t >= 0.5
    assert err.value.code == "E304" and f"process {os.getpid()}" in str(err.value)
    assert heard and "waiting for" in heard[0]
    with second.writer(wait=0):  # released: the next writer gets it at once
        pass
    first.close(), second.close()


def _open_at(path: str, barrier, answers) -> None:
    barrier.wait()  # both processes open the new file at the same moment
    try:
        open_store(path).close()
        answers.put("ok")
    except Exception as e:  # noqa: BLE001 - the answer is what the test compares
        answers.put(repr(e))


def test_two_processes_opening_a_new_database_at_once_both_get_it(tmp_path):
    # two runs started together both switch the new file to WAL; SQLite refused one of them at once
    # ("database is locked", in CI on 2026-12-07; 44 of 100 such pairs here before the retry)
    import multiprocessing
    ctx = multiprocessing.get_context("fork")
    for i in range(10):
        barrier, answers = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=_open_at, args=(str(tmp_path / f"{i}.db"), barrier, answers)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [answers.get(timeout=5), answers.get(timeout=5)] == ["ok", "ok"]


def test_two_runs_with_different_inputs_equal_one_run_over_both(union, tmp_path):
    a, b, expected = union
    db = str(tmp_path / "two.db")
    p1, p2 = start(db, a), start(db, b)
    (c1, o1), (c2, o2) = finish(p1), finish(p2)
    assert (c1, c2) == (0, 0), o1 + o2
    assert state(db) == expected


def test_two_runs_with_the_same_input_store_it_once(union, tmp_path):
    a, b, expected = union
    db = str(tmp_path / "same.db")
    p1, p2 = start(db, a, b), start(db, a, b)
    (c1, o1), (c2, o2) = finish(p1), finish(p2)
    assert (c1, c2) == (0, 0), o1 + o2
    assert "IntegrityError" not in o1 + o2 and "Traceback" not in o1 + o2
    assert state(db) == expected


def test_a_killed_writer_leaves_a_database_the_next_run_completes(union, tmp_path):
    a, b, expected = union
    db = str(tmp_path / "kill.db")
    victim = start(db, a)
    lock = Path(db + ".lock")
    deadline = time.time() + 60
    while time.time() < deadline and not (lock.exists() and lock.read_text().strip() == str(victim.pid)):
        time.sleep(0.02)
    assert lock.read_text().strip() == str(victim.pid), "the first run never took the writer lock"
    waiter = start(db, a, b)  # overlaps the victim's input: the re-run of what it was doing, and more
    time.sleep(0.3)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    code, out = finish(waiter)  # gets the lock the dead process held
    assert code == 0, out
    assert state(db) == expected
