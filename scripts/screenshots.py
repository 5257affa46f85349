#!/usr/bin/env python3
"""Screenshots of the situation room for the docs, taken in real headless Chromium (1400x900).

usage: screenshots.py [--db FILE] [--out docs/img]

Builds a database from ``../shared/seeds`` unless ``--db`` names one, serves it with ``sitroom serve``
on a free loopback port, and has Debian's ``chromium`` (driven by Playwright) write one PNG per view:
``situation-room.png`` (the map), ``table.png``, ``trends.png``, ``event.png`` (the event panel),
``briefing.png`` and ``control.png``. Every request off 127.0.0.1 is refused, as in the tests.
"""
from __future__ import annotations

import argparse
import shutil
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


def shoot_all(base: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS[:7])
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base + "/") else r.abort())

        def ready(path: str) -> None:
            pg.goto(base + path)
            pg.wait_for_selector("body[data-ready='1']", timeout=30000)
            pg.wait_for_timeout(1500)  # basemap tiles and labels

        def save(name: str) -> None:
            path = out / name
            pg.screenshot(path=str(path))
            if shutil.which("pngquant"):  # the docs' PNGs, a third the size (apt-get install pngquant)
                subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality", "70-95", "--output", str(path), str(path)],
                               check=False)
            print(f"{path} ({path.stat().st_size:,} bytes)")

        ready("/")
        save("situation-room.png")
        events = pg.evaluate("fetch('/api/events').then(r => r.json()).then(d => d.events)")
        # The event with the most claims: the panel at its fullest.
        target = max(events, key=lambda e: (e["n_claims"], e["n_reports"]))["event_id"]
        ready(f"/#ev={target}")
        pg.wait_for_selector("#claims")
        pg.wait_for_timeout(800)
        save("event.png")
        ready("/#view=table&sort=deaths-desc")
        save("table.png")
        ready("/#view=trends&group=admin1")
        save("trends.png")
        ready("/#tab=briefing")
        pg.wait_for_selector("#briefing h2", timeout=60000)
        save("briefing.png")
        ready("/#tab=control")
        save("control.png")
        browser.close()


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
        shoot_all(f"http://127.0.0.1:{port}", args.out)
    finally:
        proc.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
