#!/usr/bin/env python3
"""Screenshots of the situation room for the docs, taken in real headless Chromium (1400x900).

usage: screenshots.py [--db FILE] [--out docs/img]

Builds a database from ``../shared/seeds`` unless ``--db`` names one, serves it with ``sitroom serve``
on a free loopback port, and has Debian's ``chromium`` write ``situation-room.png`` (the map view).
"""
from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
                  "--window-size=1400,900", "--virtual-time-budget=8000"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "sitroom.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/settings", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("sitroom serve did not start")


def shoot(url: str, path: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={path}", url],
                       check=True, capture_output=True, timeout=120)
    print(f"{path} ({path.stat().st_size:,} bytes)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="shots-"))
    db = args.db or work / "seeds.db"
    if args.db is None:
        subprocess.run([sys.executable, "-m", "sitroom.cli", "run", str(ROOT.parent / "shared" / "seeds"),
                        "--db", str(db)], check=True, capture_output=True)
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    proc = serve(db, port)
    try:
        shoot(f"http://127.0.0.1:{port}/", args.out / "situation-room.png")
    finally:
        proc.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
