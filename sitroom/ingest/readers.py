"""Readers: paths in, RawDoc or Rejection out, one at a time, never raising.

A folder is walked recursively in name order; ``.txt``/``.html``/``.htm``/``.jsonl``/
``.warc``/``.warc.gz`` files are read, a ``manifest.csv`` beside them is applied without
being asked. Every bad input becomes a Rejection with a one-line reason, and the batch goes on.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from ..errors import InputError, SitroomError
from ..records import RawDoc, Rejection
from .decode import decode_bytes
from .manifest import MANIFEST_NAME, Entry, read_manifest
from .metadata import iso_date

TEXT_EXT = (".txt", ".text")
HTML_EXT = (".html", ".htm", ".xhtml")
WARC_EXT = (".warc", ".warc.gz")
KNOWN = TEXT_EXT + HTML_EXT + (".jsonl",) + WARC_EXT
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
            yield reject(manifest, e)
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield reject(str(path), InputError("E100", str(path)))
        elif path.is_dir():
            yield from _walk(path, explicit, max_bytes)
        else:
            entries = {**_auto_manifest(path.parent), **explicit}
            yield from read_file(path, entries, max_bytes)


def _auto_manifest(folder: Path) -> dict[str, Entry]:
    """A manifest.csv in the folder, read silently; a broken one is reported by _walk."""
    try:
        return read_manifest(folder / MANIFEST_NAME) if (folder / MANIFEST_NAME).is_file() else {}
    except (InputError, OSError, UnicodeDecodeError):
        return {}


def _walk(root: Path, explicit: dict[str, Entry], max_bytes: int) -> Iterator[Item]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        entries = dict(explicit)
        if MANIFEST_NAME in files:
            try:  # a bad manifest is reported once; the articles are still read
                entries = {**read_manifest(here / MANIFEST_NAME), **explicit}
            except (InputError, OSError, UnicodeDecodeError) as e:
                yield reject(str(here / MANIFEST_NAME), e if isinstance(e, InputError) else InputError("E104", str(e)))
        for name in sorted(files):
            if name.startswith(".") or name == MANIFEST_NAME:
                continue
            yield from read_file(here / name, entries, max_bytes)


def read_file(path: Path, entries: dict[str, Entry], max_bytes: int) -> Iterator[Item]:
    """One file: its articles (several for JSONL and WARC) or a Rejection."""
    name = path.name.lower()
    if not name.endswith(KNOWN):
        yield reject(str(path), InputError("E108", f"{path} (expected {', '.join(KNOWN)})"))
        return
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError("E101", str(path))
        # Archives and feeds hold many articles: the size limit applies to each of them, not the file.
        if name.endswith(WARC_EXT):
            from .warc import read_warc
            yield from read_warc(path, max_bytes)
        elif name.endswith(".jsonl"):
            yield from read_jsonl(path, max_bytes)
        elif size > max_bytes:
            raise InputError("E103", f"{path}: {size} bytes > {max_bytes}")
        else:
            yield _single(path, entries.get(path.name, Entry()))
    except InputError as e:
        yield reject(str(path), e)
    except OSError as e:
        yield reject(str(path), InputError("E100", f"{path}: {e.strerror or e}"))


def _single(path: Path, entry: Entry) -> RawDoc:
    body = decode_bytes(path.read_bytes(), str(path))
    fmt = "html" if path.name.lower().endswith(HTML_EXT) else "text"
    return RawDoc(str(path), path.name, body, fmt, title=entry.title, outlet=entry.outlet,
                  url=entry.url, published=entry.published)


def read_jsonl(path: Path, max_bytes: int = 5_000_000) -> Iterator[Item]:
    """One article per line: ``text`` or ``html``, with ``url``, ``title``, ``outlet``, ``published``.

    Read line by line, so a feed of any size streams; each line is decoded and size-checked alone."""
    with path.open("rb") as fh:
        for n, data in enumerate(fh, start=1):
            source = f"{path}#L{n}"
            if not data.strip():
                continue
            try:
                if len(data) > max_bytes:
                    raise InputError("E103", f"{source}: {len(data)} bytes > {max_bytes}")
                line = decode_bytes(data.lstrip(b"\xef\xbb\xbf") if n == 1 else data, source)
            except InputError as e:
                yield reject(source, e)
                continue
            yield _jsonl_item(path, n, line)


def _jsonl_item(path: Path, n: int, line: str) -> Item:
    source = f"{path}#L{n}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return reject(source, InputError("E107", f"{source}: {e.msg} at column {e.colno}"))
    body = obj.get("html") if isinstance(obj, dict) else None
    fmt = "html" if body else "text"
    body = body or (obj.get("text") if isinstance(obj, dict) else None)
    if not isinstance(body, str) or not body.strip():
        return reject(source, InputError("E107", f"{source}: no 'text' or 'html' string"))
    url = _str(obj.get("url"))
    return RawDoc(source, url or f"{path.name}#L{n}", body, fmt, title=_str(obj.get("title")),
                  outlet=_str(obj.get("outlet")), url=url, published=iso_date(_str(obj.get("published"))))


def _str(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
