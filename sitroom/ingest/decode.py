"""Bytes to text, or a coded reason why not.

Order matters: a byte-order mark is proof, strict UTF-8 is nearly proof (random bytes
almost never validate), and only then do we let charset_normalizer guess, accepting its
guess only when the decoded text is not chaotic. UTF-16 without a BOM is recognised by its NULs
at every other byte (Latin-script text puts one in each code unit); a few stray NULs in otherwise
plain text are dropped rather than condemning the file as binary (PostgreSQL cannot even store them).
"""
from __future__ import annotations

import codecs

from ..errors import InputError

SNIFF = 8192
MAX_NUL = 200  # text may carry at most one stray NUL per this many bytes; more is binary
MAX_CHAOS = 0.2  # charset_normalizer's "mess" ratio above which a guess is refused
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\x1f\x8b",
                b"BZh", b"\xfd7zXZ", b"Rar!", b"7z\xbc\xaf", b"MZ", b"\x00\x00\x01\x00", b"SQLite format")


def _has_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def looks_binary(data: bytes) -> bool:
    """Known binary signatures, NUL bytes, or many control characters in the first kilobytes."""
    if _has_bom(data):
        return False
    head = data[:SNIFF]
    if head.startswith(BINARY_MAGIC) or head.count(0) > max(2, len(head) // MAX_NUL):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 20)


def decode_bytes(data: bytes, source: str = "") -> str:
    """Text from bytes; raises InputError E101 (empty), E102 (binary) or E104 (undecodable)."""
    if not data.strip(b" \t\r\n\x0b\x0c\x00"):
        raise InputError("E101", source)
    order = utf16_order(data[:SNIFF])
    if order and not _has_bom(data):
        return _text_or_binary(_strict(data, order, source).replace("\x00", ""), source)
    if looks_binary(data):
        raise InputError("E102", source)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", source)
    data = data.replace(b"\x00", b"")  # the few stray NULs looks_binary let through
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _guess(data, source)


def utf16_order(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when NULs sit in one byte of nearly every code unit, else None."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    if odd >= pairs * 0.3 and even <= pairs * 0.02:
        return "utf-16-le"
    if even >= pairs * 0.3 and odd <= pairs * 0.02:
        return "utf-16-be"
    return None


def _text_or_binary(text: str, source: str) -> str:
    """UTF-16 decoding succeeds on most even-length bytes: the result must also read as text."""
    head = text[:SNIFF]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\x0c\r\x1b")
    if controls > max(8, len(head) // 20) or not any(ch.isalpha() for ch in head):
        raise InputError("E102", source)
    return text


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError("E104", f"{source}: invalid {encoding} ({e.reason} at byte {e.start})") from e


def _guess(data: bytes, source: str) -> str:
    from charset_normalizer import from_bytes
    results = [m for m in from_bytes(data) if m.chaos <= MAX_CHAOS]
    if not results:
        raise InputError("E104", f"{source}: not UTF-8 and no confident guess")
    # On short Latin-script texts the guesser often ties windows-1252 with Baltic or Central
    # European code pages; windows-1252 is the web's legacy default (WHATWG), so it wins a tie.
    western = [m for m in results if "cp1252" in m.could_be_from_charset]
    best = western[0] if western else results[0]
    return data.decode("cp1252") if western else str(best)
