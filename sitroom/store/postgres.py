"""The PostgreSQL backend, for deployments where several writers or readers share one database.

It is the base ``Store`` unchanged: the same SQL (``?`` rewritten to psycopg's ``%s``), the same
migrations, the same transactions. Only the connection and the migration runner differ.
"""
from __future__ import annotations

import re

from ..errors import StoreError
from .base import Store
from .lock import pg_lock
from .sqlite import _statements

# A single-quoted SQL literal ('' inside is an escaped quote) or a double-quoted identifier.
_QUOTED = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")""")


class PostgresStore(Store):
    placeholder = "%s"

    def _lock(self, wait: float, on_wait):
        return pg_lock(self.conn, wait, on_wait, self.url)

    def _sql(self, sql: str) -> str:
        """SQLite's ``?`` placeholders as psycopg's ``%s``, leaving quoted literals ('why?') alone;
        every literal "%" is doubled, since psycopg reads "%" as the start of a placeholder."""
        parts = _QUOTED.split(sql)  # odd items are the quoted literals
        return "".join(p.replace("%", "%%") if i % 2 else p.replace("%", "%%").replace("?", "%s")
                       for i, p in enumerate(parts))

    def run_script(self, sql: str) -> None:
        # One statement per execute: the extended protocol (used with parameters) refuses several at once.
        cur = self.conn.cursor()
        for stmt in _statements(sql):
            cur.execute(stmt)


def connect(url: str) -> PostgresStore:
    """Open ``postgresql://user@host:port/db``; migrations run on first use, as with SQLite."""
    try:
        import psycopg
    except ImportError as e:  # psycopg is a dependency, but a trimmed install may lack it
        raise StoreError("E301", f"{url}: psycopg is not installed ({e})") from e
    try:
        conn = psycopg.connect(url, connect_timeout=10)
    except psycopg.OperationalError as e:
        raise StoreError("E301", f"{_redact(url)}: {str(e).strip().splitlines()[0]}") from e
    return PostgresStore(conn, _redact(url))


def _redact(url: str) -> str:
    """The URL without its password, for messages and ``store.url``."""
    scheme, sep, rest = url.partition("://")
    cred, at, host = rest.rpartition("@")
    if not at or ":" not in cred:
        return url
    return f"{scheme}{sep}{cred.split(':', 1)[0]}:***@{host}"
