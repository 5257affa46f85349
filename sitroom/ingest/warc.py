"""WARC archives (plain or gzipped): every HTML or text response record is an article.

A record that cannot be parsed ends the file with an E106 Rejection (warcio cannot resync
past it), but the records read before it are kept; a file that is not a WARC at all is E110.
A record whose body the file ends inside (a crawl cut short, a partial copy) is E111, never stored
as if it were the whole page; for gzipped files that shows as bytes left over after the last record.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import InputError, path_text
from ..records import RawDoc, Rejection
from .decode import decode_bytes

WANTED = ("response", "resource")


def read_warc(path: Path, max_bytes: int) -> Iterator[RawDoc | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    name = path_text(path)
    if not _is_warc(path):
        yield Rejection(name, "E110", str(InputError("E110", f"{name}: not a WARC file")))
        return
    seen = 0
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                seen += 1
                if not (record.format or "").startswith("warc"):  # warcio falls back to ARC on garbage
                    raise ArchiveLoadFailed(f"not a WARC record ({record.format})")
                item = _record(path, it, record, max_bytes)
                if item is not None:
                    yield item
        except Exception as e:  # noqa: BLE001 - warcio and zlib raise many kinds on a damaged record
            code = "E106" if seen else "E110"
            yield Rejection(f"{name}@{it.offset}", code, str(InputError(code, f"{name}: {e}".splitlines()[0])))
            return
    left = path.stat().st_size - it.offset
    if seen and left > 0:  # warcio stops quietly at a gzip member cut short: the tail was a record
        yield Rejection(f"{name}@{it.offset}", "E111", str(InputError("E111", f"{name}: {left} bytes after the last whole record")))


def _is_warc(path: Path) -> bool:
    """WARC files (gzipped or not) open with a WARC/1.x version line; warcio alone would accept junk."""
    import gzip
    with path.open("rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        try:
            start = gzip.GzipFile(fileobj=fh).read(5) if head == b"\x1f\x8b" else fh.read(5)
        except (OSError, EOFError):
            return False
    return start == b"WARC/"


def _record(path: Path, it, record, max_bytes: int) -> RawDoc | Rejection | None:
    if record.rec_type not in WANTED:
        return None
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers
             else record.rec_headers.get_header("Content-Type")) or ""
    if "html" not in ctype and "text/plain" not in ctype:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    data = record.content_stream().read(max_bytes + 1)
    source = f"{path_text(path)}@{it.get_record_offset()}"  # only after the read: asking first consumes the record
    missing = getattr(record.raw_stream, "limit", 0) if len(data) <= max_bytes else 0
    try:
        if len(data) > max_bytes:
            raise InputError("E103", source)
        if missing > 0:  # the record declared more bytes than the file holds
            raise InputError("E111", f"{source}: body ends {missing} bytes short of its Content-Length")
        body = decode_bytes(data, source)
    except InputError as e:
        return Rejection(source, e.code, str(e))
    # WARC-Date is when the page was crawled, not published: the HTML metadata says that.
    return RawDoc(source, url or source, body, "html" if "html" in ctype else "text", url=url)
