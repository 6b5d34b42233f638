"""The store benchmark's floor: a plain copy of an encrypted store with the very same
pages (bench/same_pages.py), so that the two differ in the encryption alone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.store import vault
from app.store.caseload_store import Profile, db_path, key_path
from bench.same_pages import decrypt_pages
from tests.builders import add_family
from tests.conftest import StoreMaker


def test_each_page_is_decrypted_where_it_lies(
    tmp_path: Path, passphrase: str, profile: Profile, new_store: StoreMaker
) -> None:
    folder = tmp_path / "store"
    store = new_store(folder, passphrase, profile)

    def fill(session: Session) -> None:
        for n in range(40):
            add_family(session, profile, f"Samplefamily{n}")

    store.run(fill)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        layout = conn.exec_driver_sql(
            "SELECT name, rootpage FROM sqlite_master ORDER BY name").fetchall()
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    store.close()
    raw = bytes.fromhex(vault.unwrap_key(key_path(folder), passphrase)
                        .sqlcipher_pragma_value()[2:-1])
    plain = tmp_path / "plain.db"
    decrypt_pages(db_path(folder), raw, plain)
    copy = sqlite3.connect(plain)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA page_count").fetchone() == (pages,)
        assert copy.execute("SELECT name, rootpage FROM sqlite_master ORDER BY name"
                            ).fetchall() == [tuple(row) for row in layout]
        assert copy.execute("SELECT count(*) FROM family WHERE family_name LIKE 'Samplefamily%'"
                            ).fetchone() == (40,)
    finally:
        copy.close()


def test_a_wrong_key_is_refused_and_leaves_no_copy(
    tmp_path: Path, passphrase: str, profile: Profile, new_store: StoreMaker
) -> None:
    folder = tmp_path / "store"
    new_store(folder, passphrase, profile).close()
    plain = tmp_path / "plain.db"
    with pytest.raises(ValueError, match="not a whole database"):
        decrypt_pages(db_path(folder), bytes(32), plain)
    assert not plain.exists()
