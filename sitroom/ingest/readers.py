"""Readers: paths in, RawDoc or Rejection out, one at a time, never raising.

A folder is walked recursively in name order; ``.txt``/``.html``/``.htm``/``.jsonl``/
``.warc``/``.warc.gz`` files, RSS/Atom feeds (``.rss``/``.atom``/``.rdf``, or an ``.xml`` whose root
is a feed) and lists of saved pages (``.list``) are read, a ``manifest.csv`` beside them is applied
without being asked. Every format, with an example: ``docs/inputs.md``. Every bad input becomes a Rejection with a one-line coded reason, and the batch
goes on: a folder that cannot be listed (E113), a name that is not UTF-8 (read, its bytes shown
as ``\\xNN``), a JSON line nested too deep (E107), and, as a last net, any failure no rule
foresaw (E115) are all Rejections, never an exception out of the batch.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from ..errors import InputError, SitroomError, path_text
from ..records import RawDoc, Rejection
from .decode import decode_bytes
from .feeds import FEED_EXT, looks_like_feed, read_feed
from .manifest import MANIFEST_NAME, Entry, read_manifest
from .metadata import published_problem

TEXT_EXT = (".txt", ".text")
HTML_EXT = (".html", ".htm", ".xhtml")
WARC_EXT = (".warc", ".warc.gz")
LIST_EXT = (".list",)
KNOWN = TEXT_EXT + HTML_EXT + (".jsonl",) + WARC_EXT + FEED_EXT + (".xml",) + LIST_EXT
Item = RawDoc | Rejection


def reject(source: str, err: SitroomError) -> Rejection:
    return Rejection(source, err.code, str(err))


def iter_raw(paths: list[str], manifest: str | None = None, max_bytes: int = 5_000_000) -> Iterator[Item]:
    """Every article found under ``paths``, or the reason it could not be read."""
    explicit: dict[str, Entry] = {}
    if manifest:
        try:
            explicit = read_manifest(manifest)
        except InputError as e:
            yield reject(path_text(manifest), e)
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield reject(path_text(path), InputError("E100", path_text(path)))
        elif path.is_dir():
            yield from _guarded(path, _walk(path, explicit, max_bytes))
        else:
            entries = {**_auto_manifest(path.parent), **explicit}
            yield from read_file(path, entries, max_bytes)


def _guarded(path: Path, items: Iterator[Item]) -> Iterator[Item]:
    """The last net under a folder walk: whatever escapes the rules ends that folder with E115."""
    try:
        yield from items
    except Exception as e:  # noqa: BLE001 - the batch must go on whatever a hostile input does
        yield reject(path_text(path), InputError("E115", f"{path_text(path)}: {type(e).__name__}"))


def _auto_manifest(folder: Path) -> dict[str, Entry]:
    """A manifest.csv in the folder, read silently; a broken one is reported by _walk."""
    try:
        return read_manifest(folder / MANIFEST_NAME) if (folder / MANIFEST_NAME).is_file() else {}
    except (InputError, OSError):
        return {}


def _walk(root: Path, explicit: dict[str, Entry], max_bytes: int) -> Iterator[Item]:
    unreadable: list[OSError] = []  # os.walk reports a folder it cannot list here, then skips it
    for folder, dirs, files in os.walk(root, onerror=unreadable.append):
        yield from _unreadable(unreadable)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        entries = dict(explicit)
        if MANIFEST_NAME in files:
            try:  # a bad manifest is reported once; the articles are still read
                entries = {**read_manifest(here / MANIFEST_NAME), **explicit}
            except (InputError, OSError) as e:
                yield reject(path_text(here / MANIFEST_NAME), _input_error(here / MANIFEST_NAME, e))
        for name in sorted(files):
            if name.startswith(".") or name == MANIFEST_NAME:
                continue
            yield from read_file(here / name, entries, max_bytes)
    yield from _unreadable(unreadable)


def _unreadable(errors: list[OSError]) -> Iterator[Rejection]:
    while errors:
        e = errors.pop(0)
        where = path_text(e.filename or "?")
        yield reject(where, InputError("E113", f"{where}: {e.strerror or e}"))


def _input_error(path: Path, e: Exception) -> InputError:
    if isinstance(e, InputError):
        return e
    return InputError("E113", f"{path_text(path)}: {getattr(e, 'strerror', None) or e}")


def read_file(path: Path, entries: dict[str, Entry], max_bytes: int) -> Iterator[Item]:
    """One file: its articles (several for JSONL and WARC) or a Rejection; never raises."""
    source = path_text(path)
    if not path.name.lower().endswith(KNOWN):
        yield reject(source, InputError("E108", f"{source} (expected {', '.join(KNOWN)})"))
        return
    try:
        yield from _read_known(path, source, entries.get(path.name, Entry()), max_bytes)
    except InputError as e:
        yield reject(source, e)
    except OSError as e:
        yield reject(source, InputError("E113", f"{source}: {e.strerror or e}"))
    except Exception as e:  # noqa: BLE001 - a reader bug must cost one file, not the batch
        yield reject(source, InputError("E115", f"{source}: {type(e).__name__}"))


def _read_known(path: Path, source: str, entry: Entry, max_bytes: int) -> Iterator[Item]:
    name = path.name.lower()
    yield from entry.warnings
    if not path.is_file():
        raise InputError("E113", f"{source}: not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise InputError("E101", source)
    # Archives and feeds hold many articles: the size limit applies to each of them, not the file.
    if name.endswith(WARC_EXT):
        from .warc import read_warc
        yield from read_warc(path, max_bytes)
    elif name.endswith(".jsonl"):
        yield from read_jsonl(path, max_bytes)
    elif name.endswith(FEED_EXT) or name.endswith(".xml"):
        if name.endswith(".xml") and not looks_like_feed(path.read_bytes()[:2048]):
            raise InputError("E108", f"{source}: an .xml file that is not an RSS or Atom feed")
        yield from read_feed(path, max_bytes)
    elif name.endswith(LIST_EXT):
        yield from read_page_list(path, max_bytes)
    elif size > max_bytes:
        raise InputError("E103", f"{source}: {size} bytes > {max_bytes}")
    else:
        yield _single(path, source, entry)


def _single(path: Path, source: str, entry: Entry) -> RawDoc:
    body = decode_bytes(path.read_bytes(), source)
    fmt = "html" if path.name.lower().endswith(HTML_EXT) else "text"
    return RawDoc(source, path_text(path.name), body, fmt, title=entry.title, outlet=entry.outlet,
                  url=entry.url, published=entry.published)


def read_page_list(path: Path, max_bytes: int) -> Iterator[Item]:
    """A list of saved pages: one per line, a path (relative to the list) and, after a space, the
    address the page was saved from; ``#`` starts a comment line. Each page is read as its own file
    (its url from the list, the rest from a manifest beside it). A line naming a web address instead
    of a saved file, or another list, is E117 (``sitroom fetch`` saves pages first)."""
    for n, line in enumerate(decode_bytes(path.read_bytes(), path_text(path)).splitlines(), start=1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        where = f"{path_text(path)}#L{n}"
        target, url = parts[0], (parts[1] if len(parts) > 1 else None)
        if target.startswith(("http://", "https://")) or target.lower().endswith(LIST_EXT) or (
                url and not url.startswith(("http://", "https://"))):
            yield reject(where, InputError("E117", f"{where}: {line.strip()[:80]!r}"))
            continue
        page = path.parent / target
        entry = _auto_manifest(page.parent).get(page.name, Entry())
        yield from read_file(page, {page.name: Entry(entry.outlet, entry.published, url or entry.url, entry.title,
                                                    entry.warnings)}, max_bytes)


def read_jsonl(path: Path, max_bytes: int = 5_000_000) -> Iterator[Item]:
    """One article per line: ``text`` or ``html``, with ``url``, ``title``, ``outlet``, ``published``.

    Read line by line, so a feed of any size streams; each line is decoded and size-checked alone."""
    with path.open("rb") as fh:
        for n, data in enumerate(fh, start=1):
            source = f"{path_text(path)}#L{n}"
            if not data.strip():
                continue
            try:
                if len(data) > max_bytes:
                    raise InputError("E103", f"{source}: {len(data)} bytes > {max_bytes}")
                line = decode_bytes(data.lstrip(b"\xef\xbb\xbf") if n == 1 else data, source)
            except InputError as e:
                yield reject(source, e)
                continue
            yield from _jsonl_item(path, n, line)


def _jsonl_item(path: Path, n: int, line: str) -> Iterator[Item]:
    source = f"{path_text(path)}#L{n}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        yield reject(source, InputError("E107", f"{source}: {e.msg} at column {e.colno}"))
        return
    except RecursionError:  # "[[[[..." 100,000 deep: json's C parser recurses per bracket
        yield reject(source, InputError("E107", f"{source}: nested too deep"))
        return
    body = obj.get("html") if isinstance(obj, dict) else None
    fmt = "html" if isinstance(body, str) and body.strip() else "text"
    body = body if fmt == "html" else (obj.get("text") if isinstance(obj, dict) else None)
    if not isinstance(body, str) or not body.strip():
        yield reject(source, InputError("E107", f"{source}: no 'text' or 'html' string"))
        return
    published, problem = published_problem(_str(obj.get("published")))
    if problem:
        yield reject(f"{source}:published", InputError("E112", f"{source} field 'published': {problem}"))
    url = _str(obj.get("url"))
    yield RawDoc(source, url or f"{path_text(path.name)}#L{n}", body, fmt, title=_str(obj.get("title")),
                 outlet=_str(obj.get("outlet")), url=url, published=published)


def _str(value) -> str | None:
    return value.replace("\x00", "").strip() or None if isinstance(value, str) else None
