"""RSS and Atom feeds (a saved feed file): one RawDoc per item, with its link, outlet and date.

Parsed with feedparser from the file's bytes (never from the network: ``sitroom fetch`` saves feeds
first). An item becomes a plain-text article: its title, a blank line, then the text of its content
or summary with the markup taken out (feed HTML is a fragment, too short for page extraction, and
feedparser has already sanitised it). The item's link is its name and ``url``; the outlet is the
item's ``source`` or the feed's title; ``published`` is the item's date, refused (E112, the item
still read) when it is not a sane date. A file that is no feed is E116; an item with no text E107.
"""
from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path
from typing import Iterator

from ..errors import InputError, path_text
from ..records import RawDoc, Rejection
from .metadata import published_problem

FEED_EXT = (".rss", ".atom", ".rdf")
_BLOCKS = ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote")


def looks_like_feed(head: bytes) -> bool:
    """An ``.xml`` file is read as a feed when its root is one (<rss>, <feed>, <rdf:RDF>)."""
    text = head[:2048].decode("utf-8", "ignore").lower()
    return any(tag in text for tag in ("<rss", "<feed", "<rdf:rdf"))


def read_feed(path: Path, max_bytes: int) -> Iterator[RawDoc | Rejection]:
    source = path_text(path)
    if path.stat().st_size > max_bytes * 10:  # a feed holds many items; still bounded
        raise InputError("E103", f"{source}: {path.stat().st_size} bytes > {max_bytes * 10}")
    yield from read_feed_bytes(path.read_bytes(), source)


def read_feed_bytes(data: bytes, source: str) -> Iterator[RawDoc | Rejection]:
    """The items of a feed's bytes; E116 (raised) when they are no feed."""
    import feedparser
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise InputError("E116", f"{source}: {type(parsed.get('bozo_exception')).__name__ if parsed.bozo else 'no items'}")
    outlet = _clean(parsed.feed.get("title"))
    for n, entry in enumerate(parsed.entries, start=1):
        yield from _item(entry, f"{source}#item{n}", outlet)


def _item(entry, source: str, outlet: str | None) -> Iterator[RawDoc | Rejection]:
    title, text = _clean(entry.get("title")), _entry_text(entry)
    body = title if not text or text.startswith(title or "\0") else (f"{title}\n\n{text}" if title else text)
    if not body:
        yield Rejection(source, "E107", str(InputError("E107", f"{source}: feed item with no title or text")))
        return
    published, problem = published_problem(_entry_date(entry))
    if problem:
        yield Rejection(f"{source}:published", "E112", str(InputError("E112", f"{source} 'published': {problem}")))
    link = _clean(entry.get("link"))
    item_outlet = _clean((entry.get("source") or {}).get("title")) or outlet
    yield RawDoc(source, link or source, body, "text", title=title, outlet=item_outlet, url=link, published=published)


def _entry_text(entry) -> str:
    """The fullest text the item carries: its content, else its summary; markup out, paragraphs kept."""
    parts = [c.get("value", "") for c in entry.get("content") or []] or [entry.get("summary") or ""]
    return "\n\n".join(t for t in (_html_text(p) for p in parts) if t)


def _html_text(fragment: str) -> str:
    if "<" not in fragment:
        return _clean(fragment) or ""
    import lxml.html
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml's parser errors vary; a broken fragment is read as text
        return _clean(fragment) or ""
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().split("\n\n")]
    return "\n\n".join(line for line in lines if line)


def _entry_date(entry) -> str | None:
    """The item's own date (published, else updated) as an ISO day, in UTC as the feed states it."""
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp:
        return dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.timezone.utc).date().isoformat()
    return _clean(entry.get("published") or entry.get("updated"))


def _clean(value) -> str | None:
    return " ".join(value.replace("\x00", "").split()) or None if isinstance(value, str) else None
