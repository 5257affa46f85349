"""One exception hierarchy, with coded messages (spaCy style: the code is stable, the text may improve).

Codes:
  E1xx  input the ingest stage rejects (recorded as a Rejection, the batch goes on)
  E2xx  configuration and usage
  E3xx  storage
  E4xx  extraction / resolution
"""
from __future__ import annotations


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
    E200 = "bad configuration value"
    E201 = "unknown registry name"
    E202 = "bad command-line usage"
    E300 = "database schema is newer than this sitroom"
    E301 = "unsupported database URL"
    E302 = "no such record"
    E400 = "language model could not be loaded"
    E401 = "gazetteer file could not be read"


class SitroomError(Exception):
    """Base of every error sitroom raises on purpose."""

    code = "E000"

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail
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
