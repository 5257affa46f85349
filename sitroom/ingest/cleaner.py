"""``clean``: one RawDoc in, one Document (or Rejection) out. Pure: no store, no network.

Text:  original = the text as received; the comment/furniture tail is found on the original
       (indentation is evidence), cut, and kept as a CutSpan; the rest is whitespace-normalised.
HTML:  original = trafilatura's article text followed by the comments it recognised; the
       comments part is a CutSpan ("html-comments"), then the article part is cleaned as text.
"""
from __future__ import annotations

import hashlib
import re

from ..errors import InputError
from ..records import CutSpan, Document, OffsetMap, RawDoc, Rejection
from .boilerplate import find_tail
from .dedup import signature
from .html import extract_html
from .language import detect_language
from .metadata import find_dateline, sane_published, title_from_text, url_date
from .textclean import normalize

COMMENTS_JOIN = "\n\n"


def clean(raw: RawDoc) -> Document | Rejection:
    """The clean, identified Document for a raw article, or the reason there is none (never raises:
    hostile text that trips a library is one article's E115, not the batch's end)."""
    try:
        return _clean(raw)
    except InputError as e:
        return Rejection(raw.source, e.code, str(e))
    except Exception as e:  # noqa: BLE001 - RecursionError, MemoryError-adjacent regex blowups, library bugs
        return Rejection(raw.source, "E115", str(InputError("E115", f"{raw.source}: {type(e).__name__} while cleaning")))


def _clean(raw: RawDoc) -> Document:
    meta: dict = {}
    body = raw.body.replace("\x00", "")  # NUL is never text; any driver (not only our readers) may pass one
    if raw.fmt == "html":
        ex = extract_html(body, raw.source, raw.url)
        original = ex.main + (COMMENTS_JOIN + ex.comments if ex.comments else "")
        cuts = [CutSpan(len(ex.main), len(original), "html-comments", original[len(ex.main):])] if ex.comments else []
        body_end = len(ex.main)
        meta = {"title": ex.title, "published": ex.published, "outlet": ex.outlet, "url": ex.url}
    else:
        original, cuts, body_end = body, [], len(body)
    text, offsets, tail = _clean_text(original, body_end)
    if not text:
        raise InputError("E109", raw.source)
    cuts = ([tail] if tail else []) + cuts
    return _document(raw, original, text, offsets, cuts, meta)


def _clean_text(original: str, end: int) -> tuple[str, OffsetMap, CutSpan | None]:
    """Normalised article text from ``original[:end]``, minus its tail (returned as a CutSpan)."""
    found = find_tail(original[:end])
    cut = None
    if found is not None:
        cut = CutSpan(found.start, end, found.reason, original[found.start:end])
        end = found.start
    text, offsets = normalize(original[:end])
    return text, offsets, cut


def _document(raw: RawDoc, original: str, text: str, offsets: OffsetMap, cuts: list[CutSpan], meta: dict) -> Document:
    published, source = _published(raw, meta, text)
    return Document(
        doc_id=hashlib.sha256(original.encode("utf-8")).hexdigest(), name=raw.name, source=raw.source,
        original=original, text=text, offsets=offsets, cuts=sorted(cuts, key=lambda c: c.start),
        title=raw.title or meta.get("title") or title_from_text(text), outlet=raw.outlet or meta.get("outlet"),
        url=raw.url or meta.get("url"), published=published, published_source=source,
        language=detect_language(text), signature=signature(text), fmt=raw.fmt)


def _published(raw: RawDoc, meta: dict, text: str) -> tuple[str | None, str | None]:
    """Publication date and where it came from: supplied (manifest/JSONL), HTML metadata, dateline,
    the article's address (/2017/07/15/)."""
    supplied = sane_published(raw.published)  # a date outside the sane window is no date at all
    if supplied:
        return supplied, _supplied_by(raw)
    if sane_published(meta.get("published")):
        return meta["published"], "html"
    dl = find_dateline(text)
    if dl and sane_published(dl.date):
        return dl.date, "dateline"
    day = sane_published(url_date(raw.url or meta.get("url"))[0])
    return (day, "url") if day else (None, None)


def _supplied_by(raw: RawDoc) -> str:
    return "jsonl" if re.search(r"\.jsonl#L\d+$", raw.source) else "manifest"
