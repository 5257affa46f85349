"""The polite HTTP client and the fetch driver (see the package docstring)."""
from __future__ import annotations

import csv
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from ..errors import InputError
from ..ingest.feeds import looks_like_feed
from ..records import Rejection

USER_AGENT = f"sitroom/{__version__} (+https://github.com/sitroom/sitroom; conflict-news archiving)"
MANIFEST_COLUMNS = ["file", "outlet", "published", "url", "title"]


@dataclass
class FetchReport:
    saved: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        from ..errors import exit_status
        return exit_status(len(self.saved), len(self.rejected))


class Fetcher:
    """GET with a timeout, a size cap, robots.txt and a per-host pause; errors are coded (E500)."""

    def __init__(self, delay: float = 1.0, timeout: float = 20.0, max_bytes: int = 5_000_000, client=None):
        self.delay, self.max_bytes = delay, max_bytes
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser] = {}

    def get(self, url: str) -> tuple[bytes, str]:
        """(body, content type) of ``url``; InputError E500 when it cannot or may not be fetched."""
        if not url.startswith(("http://", "https://")):
            raise InputError("E500", f"{url[:200]}: not an http(s) address")
        if not self._allowed(url):
            raise InputError("E500", f"{url[:200]}: disallowed by robots.txt")
        try:
            return self._read(url)
        except httpx.HTTPError as e:
            raise InputError("E500", f"{url[:200]}: {type(e).__name__}: {e}") from e

    def _read(self, url: str) -> tuple[bytes, str]:
        self._pause(url)
        with self.client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise InputError("E500", f"{url[:200]}: HTTP {resp.status_code}")
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise InputError("E500", f"{url[:200]}: more than {self.max_bytes} bytes")
            return bytes(body), resp.headers.get("content-type", "")

    def _pause(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self._last.get(host, -1e9) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self._robots:
            self._robots[base] = self._load_robots(base)
        return self._robots[base].can_fetch(USER_AGENT, url)

    def _load_robots(self, base: str) -> RobotFileParser:
        """robots.txt as the convention reads it: missing = all allowed; 401/403 = nothing allowed."""
        rp = RobotFileParser(base + "/robots.txt")
        try:
            self._pause(base)
            resp = self.client.get(base + "/robots.txt")
        except httpx.HTTPError:
            rp.parse([])
            return rp
        if resp.status_code in (401, 403):
            rp.disallow_all = True
        else:
            rp.parse(resp.text.splitlines() if resp.status_code < 400 else [])
        return rp

    def close(self) -> None:
        self.client.close()


def fetch(urls: list[str], out: str | Path, pages: bool = False, fetcher: Fetcher | None = None) -> FetchReport:
    """Save each URL under ``out``: a feed as a feed file (``pages``: the pages it links to instead), a
    page as ``.html``; pages get their manifest row (outlet, published, url, title)."""
    out, report = Path(out), FetchReport()
    out.mkdir(parents=True, exist_ok=True)
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        for url in urls:
            _one(fetcher, url, out, pages, report)
    finally:
        if own:
            fetcher.close()
    return report


def _one(fetcher: Fetcher, url: str, out: Path, pages: bool, report: FetchReport) -> None:
    try:
        body, ctype = fetcher.get(url)
    except InputError as e:
        report.rejected.append(Rejection(url, e.code, str(e)))
        return
    if looks_like_feed(body) or "rss" in ctype or "atom" in ctype:
        if pages:
            _save_linked_pages(fetcher, body, out, report)
        else:
            report.saved.append(_save(out, url, body, ".rss" if b"<rss" in body[:2048].lower() else ".atom"))
        return
    report.saved.append(_save_page(out, url, body, {}))


def _save_page(out: Path, url: str, body: bytes, meta: dict) -> str:
    """A page and its manifest row, the row first: a watcher that sees the page already has its metadata."""
    name = _name(url, ".html")
    _write_manifest(out, {name: {"file": name, "url": url, **meta}})
    return _save(out, url, body, ".html")


def _save_linked_pages(fetcher: Fetcher, feed: bytes, out: Path, report: FetchReport) -> None:
    """The pages a feed's items link to, each with the item's title, date and outlet as its metadata."""
    from ..ingest.feeds import read_feed_bytes
    for item in read_feed_bytes(feed, source="feed"):
        if isinstance(item, Rejection) or not item.url:
            continue
        try:
            body, _ = fetcher.get(item.url)
        except InputError as e:
            report.rejected.append(Rejection(item.url, e.code, str(e)))
            continue
        meta = {"outlet": item.outlet, "published": item.published, "title": item.title}
        report.saved.append(_save_page(out, item.url, body, meta))


def _name(url: str, ext: str) -> str:
    """``host-<hash of the address><ext>``: the same address is the same file on every fetch."""
    host = (urlsplit(url).hostname or "site").replace(":", "_")
    return f"{host}-{hashlib.sha1(url.encode()).hexdigest()[:12]}{ext}"


def _save(out: Path, url: str, body: bytes, ext: str) -> str:
    path = out / _name(url, ext)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(body)
    os.replace(tmp, path)  # a watcher never sees half a file
    return str(path)


def _write_manifest(out: Path, rows: dict[str, dict]) -> None:
    """Merge the new rows into ``out/manifest.csv`` (a re-fetch updates its row), written atomically."""
    path, merged = out / "manifest.csv", {}
    if path.is_file():
        with path.open(encoding="utf-8-sig", newline="") as fh:
            merged = {r["file"]: r for r in csv.DictReader(fh) if r.get("file")}
    merged.update(rows)
    tmp = path.with_name(f".manifest.csv.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=MANIFEST_COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in merged.values():
            w.writerow({k: r.get(k) or "" for k in MANIFEST_COLUMNS})
    os.replace(tmp, path)
