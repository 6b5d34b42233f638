"""Engines and session factories over the encrypted store (or plain SQLite for benchmarks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

# Pragmas applied on every connection: write-ahead log for crash safety and a
# free reader, foreign keys enforced, temporary tables kept in memory so no
# plaintext sort or index spill reaches the disk, and a page cache large enough
# that reads rarely pay for decryption.
CONNECTION_PRAGMAS = (
    # SQLCipher would otherwise print its own errors (a wrong key, say) on
    # stderr; they reach the caller as exceptions with a clear message instead.
    # Plain SQLite ignores the unknown pragma.
    "PRAGMA cipher_log_level = NONE",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA cache_size = -65536",
)


def _apply_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in CONNECTION_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def make_engine(path: Path, sqlcipher_key: str | None, *, read_only: bool = False) -> Engine:
    """An engine over ``path``: SQLCipher with a raw key, or plain SQLite if key is None.

    The key goes in the URL's password, which SQLAlchemy hides in every repr and log.
    """
    if sqlcipher_key is None:
        url = URL.create("sqlite", database=str(path))
    else:
        url = URL.create("sqlite+pysqlcipher", password=sqlcipher_key, database=str(path))
    # hide_parameters: an error's text never quotes the values (what people typed).
    engine = create_engine(url, pool_pre_ping=False, hide_parameters=True)
    event.listen(engine, "connect", _apply_pragmas)
    if read_only:  # every write is refused at once, with SQLite's "readonly" error
        event.listen(engine, "connect", _read_only)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
