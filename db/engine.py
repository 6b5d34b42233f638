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
#
# The encryption settings, chosen by measurement (``python -m bench store``, README
# "Benchmarks"; figures from a shared 2-CPU machine, SQLCipher 4.19 over OpenSSL 3):
# - The key is raw (``x'...'``, from Argon2id in app.store.vault), so SQLCipher's own
#   PBKDF2 never runs: opening takes 0.5 ms with the raw key against 390 ms with a
#   passphrase. ``kdf_iter`` therefore changes nothing and is left alone.
# - ``cipher_memory_security = OFF``: ON (zeroing every buffer SQLCipher frees, and
#   locking its memory) made the store workload 1.6x slower in CPU. The key already
#   lives in this process; core dumps are off (app.store.no_core_dump). It is the
#   default of SQLCipher 4.5 and later; said here so a build with another default
#   cannot slow every store down unnoticed.
# - The page format stays SQLCipher 4's default (4096-byte pages, HMAC-SHA512,
#   no plaintext header), which every existing store on a worker's laptop has:
#   reading the caseload's tables cold cost the same within noise with 8192- and
#   16384-byte pages or HMAC-SHA256/SHA1 (about +15% over plain SQLite each), and
#   16384-byte pages cost 1.3x more CPU per small commit, since each commit
#   encrypts whole pages. Changing the format would make every existing store need
#   converting for no gain (tests/db/test_engine.py opens one made the old way).
# - ``synchronous = FULL`` in WAL mode: a commit is on disk when it returns (nothing
#   typed is lost to a power cut). Both stores make the same fsyncs (104 for 100
#   commits, plain and encrypted), so it costs encryption nothing; it is most of the
#   time of a small commit, and its variance on a busy disk is what moves the wall
#   clock ratio most, so the benchmark reports the CPU ratio beside it.
# - ``cache_size`` 64 MiB: a page read once stays decrypted in memory for the
#   session (plain SQLite gets the same from the operating system's file cache).
CIPHER_PRAGMAS = (
    # SQLCipher would otherwise print its own errors (a wrong key, say) on
    # stderr; they reach the caller as exceptions with a clear message instead.
    # Plain SQLite ignores these unknown pragmas.
    "PRAGMA cipher_log_level = NONE",
    "PRAGMA cipher_memory_security = OFF",
)
CONNECTION_PRAGMAS = (
    *CIPHER_PRAGMAS,
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA cache_size = -65536",
)


def apply_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """The connection pragmas above, on a new DB-API connection (an engine's "connect" event)."""
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
    event.listen(engine, "connect", apply_pragmas)
    if read_only:  # every write is refused at once, with SQLite's "readonly" error
        event.listen(engine, "connect", _read_only)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
