"""Bytes to text, or a coded reason why not.

Order matters: a byte-order mark is proof, strict UTF-8 is nearly proof (random bytes
almost never validate), and only then do we let charset_normalizer guess, accepting its
guess only when the decoded text is not chaotic.
"""
from __future__ import annotations

import codecs

from ..errors import InputError

SNIFF = 8192
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
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 20)


def decode_bytes(data: bytes, source: str = "") -> str:
    """Text from bytes; raises InputError E101 (empty), E102 (binary) or E104 (undecodable)."""
    if not data.strip():
        raise InputError("E101", source)
    if looks_binary(data):
        raise InputError("E102", source)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _guess(data, source)


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
