"""One exception hierarchy, with coded messages (spaCy style: the code is stable, the text may improve).

Codes:
  E1xx  input the ingest stage rejects (recorded as a Rejection, the batch goes on)
  E2xx  configuration and usage
  E3xx  storage
  E4xx  extraction / resolution

Exit statuses every command follows (docs/safety.md): 0 everything read, 1 some inputs rejected
(the rest stored), 2 usage error (bad option, missing database, unknown id, refused write),
3 nothing read (no input could be stored), 70 an internal error (a bug: please report it).
"""
from __future__ import annotations

import os

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_NOTHING, EXIT_INTERNAL = 0, 1, 2, 3, 70


class Codes:
    E100 = "input path does not exist"
    E101 = "empty file"
    E102 = "binary file (not text or HTML)"
    E103 = "file is larger than the size limit"
    E104 = "bytes cannot be decoded as text"
    E105 = "HTML with no extractable article text"
    E106 = "corrupt WARC record"
    E107 = "malformed JSONL line"
    E108 = "unsupported file type"
    E109 = "no article text left after cleaning"
    E110 = "corrupt or unreadable archive"
    E111 = "truncated record (the file ends inside it)"
    E112 = "manifest cell refused (the row's other cells are used)"
    E113 = "file or folder cannot be read"
    E114 = "language the extractor does not support (stored, not extracted)"
    E115 = "input could not be read (unexpected reader failure)"
    E116 = "not an RSS or Atom feed"
    E117 = "bad line in a list of saved pages"
    E500 = "could not fetch (network error, refused by robots.txt, or an error status)"
    E200 = "bad configuration value"
    E201 = "unknown name (not one of the registered choices)"
    E202 = "bad command-line usage"
    E203 = "refusing to replace a non-empty file with an empty export (use --force)"
    E204 = "invalid override"
    E300 = "database schema is newer than this sitroom"
    E301 = "unsupported database URL"
    E302 = "no such record"
    E303 = "database does not exist (read commands never create one)"
    E304 = "database is being written by another sitroom process"
    E400 = "language model could not be loaded"
    E401 = "gazetteer file could not be read"


class SitroomError(Exception):
    """Base of every error sitroom raises on purpose."""

    code = "E000"

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        # One line whatever the detail carries: a file may be named "a\nb.txt".
        self.detail = detail = detail.replace("\r", "\\r").replace("\n", "\\n")
        base = getattr(Codes, code, "error")
        super().__init__(f"[{code}] {base}" + (f": {detail}" if detail else ""))


class InputError(SitroomError):
    """An input that cannot be ingested; becomes a Rejection."""


class ConfigError(SitroomError):
    pass


class StoreError(SitroomError):
    pass


class ExtractionError(SitroomError):
    pass


def printable(text: object) -> str:
    """Untrusted text (article text, file names) made safe for a terminal: control characters
    (escape sequences included) and undecodable name bytes are shown escaped, never sent."""
    out = []
    for c in str(text):
        if c in "\n\t" or c.isprintable():
            out.append(c)
        elif 0xDC80 <= ord(c) <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape)
            out.append(f"\\x{ord(c) - 0xDC00:02x}")
        else:
            out.append(c.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def path_text(path: object) -> str:
    """A path as text that can be stored, printed and encoded: non-UTF-8 bytes of a file name as \\xNN."""
    return os.fsencode(os.fspath(path)).decode("utf-8", "backslashreplace")


def exit_status(read: int, rejected: int) -> int:
    """The exit-status policy for commands that read inputs: ``read`` inputs stored (or already
    stored), ``rejected`` refused or only partly used (a refused manifest cell counts). Finding
    nothing at all to read (an empty folder) is "nothing read" too."""
    if read == 0:
        return EXIT_NOTHING
    return EXIT_PARTIAL if rejected else EXIT_OK
