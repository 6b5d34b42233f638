"""The store's encryption settings: the ones chosen for speed (db/engine.py) keep the file
format every existing store has, so a store made before them opens and reads whole."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import text

from db.engine import make_engine

RAW_KEY = "x'" + "5a" * 32 + "'"  # a synthetic key, for this test only


def _made_the_old_way(path: Path) -> None:
    """A database written as stores were before the settings were chosen: SQLCipher 4's
    own defaults, pinned (``cipher_compatibility = 4``), with no pragma of ours."""
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f'PRAGMA key = "{RAW_KEY}"')
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        conn.executemany("INSERT INTO note (body) VALUES (?)",
                         [(f"synthetic note {n} " + "x" * 300,) for n in range(2000)])
        conn.commit()
    finally:
        conn.close()


def test_a_store_made_with_sqlcipher_4_defaults_opens_and_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _made_the_old_way(path)
    engine = make_engine(path, RAW_KEY)
    try:
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM note")).scalar() == 2000
            assert conn.execute(text("PRAGMA cipher_integrity_check")).fetchall() == []
            conn.execute(text("INSERT INTO note (body) VALUES ('written after')"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM note")).scalar() == 2001
    finally:
        engine.dispose()


def test_a_store_made_now_reads_with_sqlcipher_4_defaults(tmp_path: Path) -> None:
    """The other way round: the settings change nothing in the file, so a copy of Hearth
    from before them (or SQLCipher's own tools, with the key) still reads a new store."""
    path = tmp_path / "new.db"
    engine = make_engine(path, RAW_KEY)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)"))
            conn.execute(text("INSERT INTO note (body) VALUES ('synthetic')"))
    finally:
        engine.dispose()
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f'PRAGMA key = "{RAW_KEY}"')
        conn.execute("PRAGMA cipher_compatibility = 4")
        assert conn.execute("SELECT body FROM note").fetchall() == [("synthetic",)]
    finally:
        conn.close()


def test_the_chosen_settings_are_in_effect(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "s.db", RAW_KEY)
    try:
        with engine.connect() as conn:
            def pragma(name: str) -> str:
                return str(conn.execute(text(f"PRAGMA {name}")).scalar())

            assert pragma("cipher_memory_security") == "0"
            assert pragma("cipher_page_size") == "4096"
            assert pragma("cipher_hmac_algorithm") == "HMAC_SHA512"
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == "2"  # FULL
            assert pragma("foreign_keys") == "1"
    finally:
        engine.dispose()


def test_plain_sqlite_takes_the_same_pragmas(tmp_path: Path) -> None:
    """The benchmark's floor: plain SQLite ignores the cipher pragmas and keeps the rest."""
    engine = make_engine(tmp_path / "plain.db", None)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2
    finally:
        engine.dispose()
