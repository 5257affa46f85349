"""HTML pages through trafilatura: the article, the comments it recognised, and the page metadata.

One ``bare_extraction`` with comments included gives both parts separately, so what the
page shows as comments is kept as a cut span instead of being thrown away. Paragraphs are
joined by a blank line (trafilatura uses one newline) because sentence splitting relies on
paragraph breaks.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from .metadata import iso_date


@dataclass(frozen=True)
class Extracted:
    main: str
    comments: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


def _paragraphs(text: str | None) -> str:
    lines = [ln.strip() for ln in (text or "").splitlines()]
    return "\n\n".join(ln for ln in lines if ln)


def extract_html(html: str, source: str = "", url: str | None = None) -> Extracted:
    """Article text and metadata; InputError E105 when the page holds no extractable text."""
    import trafilatura
    try:
        doc = trafilatura.bare_extraction(html, url=url, include_comments=True, with_metadata=True,
                                          include_tables=True)
    except Exception as e:  # lxml/trafilatura raise many kinds on hostile markup
        raise InputError("E105", f"{source}: {type(e).__name__}") from e
    main = _paragraphs(getattr(doc, "text", None)) if doc is not None else ""
    if not main:
        raise InputError("E105", source)
    return Extracted(main, _paragraphs(doc.comments), doc.title or None, iso_date(doc.date),
                     doc.sitename or None, doc.url or url)
