"""Creating, opening and refusing stores: nothing is ever overwritten by a failed open."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import (
    HearthError,
    KeyFileDamaged,
    NotAHearthStore,
    StoreExists,
    StoreLocked,
    StoreMissing,
    ValidationFailed,
    WeakPassphrase,
    WrongPassphrase,
)
from app.store import vault
from app.store.caseload_store import (
    DB_NAME,
    KEY_NAME,
    Profile,
    Store,
    create_store,
    db_path,
    key_path,
    open_store,
    read_meta,
    write_meta,
)
from db.migrate import current_revision, head_revision
from db.models import STORE_MARKER, StoreMeta

OTHER_PASSPHRASE = "harbour-thistle-velvet-engine-7"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_closed_store(folder: Path, passphrase: str, profile: Profile) -> None:
    create_store(folder, passphrase, profile).close()


def test_create_then_open_round_trip(store_dir: Path, passphrase: str, profile: Profile) -> None:
    store = create_store(store_dir, passphrase, profile)
    assert store.is_open and not store.is_demo
    store.run(lambda s: write_meta(s, "setting.idle_minutes", "7"))
    store.close()
    assert not store.is_open
    with pytest.raises(StoreLocked):
        store.run(lambda s: None)

    reopened = open_store(store_dir, passphrase)
    try:
        assert reopened.profile == profile
        assert reopened.run(read_meta, "setting.idle_minutes") == "7"
        assert reopened.run(read_meta, "marker") == STORE_MARKER
        assert json.loads(reopened.run(read_meta, "profile"))["username"] == profile.username
        assert reopened.engine is not None
        assert current_revision(reopened.engine) == head_revision()
    finally:
        reopened.close()


def test_demo_flag_survives_reopening(store_dir: Path, passphrase: str, profile: Profile) -> None:
    create_store(store_dir, passphrase, profile, demo=True).close()
    store = open_store(store_dir, passphrase)
    try:
        assert store.is_demo
    finally:
        store.close()


def test_a_new_store_holds_only_its_database_and_key_file(store: Store, store_dir: Path) -> None:
    store.close()
    assert sorted(p.name for p in store_dir.iterdir()) == [DB_NAME, KEY_NAME]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_new_store_folder_is_private_to_its_user(store: Store, store_dir: Path) -> None:
    assert store_dir.stat().st_mode & 0o777 == 0o700


def test_store_run_rolls_back_on_error(store: Store) -> None:
    def fail(session: object) -> None:
        write_meta(session, "half", "done")  # type: ignore[arg-type]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.run(fail)
    assert store.run(read_meta, "half", "absent") == "absent"


def test_wal_foreign_keys_and_memory_temp_store_are_on(store: Store) -> None:
    assert store.engine is not None
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        version = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        assert version and version.startswith("4.")


def test_foreign_keys_are_enforced(store: Store) -> None:
    from sqlalchemy.exc import IntegrityError

    from db.models import Person

    with pytest.raises(IntegrityError):
        store.run(
            lambda s: (
                s.add(Person(family_id="no-such-family", role="child", given_name="X")),
                s.flush(),
            )
        )


def test_the_database_is_encrypted_on_disk(store: Store, store_dir: Path) -> None:
    store.close()
    head = db_path(store_dir).read_bytes()[:16]
    assert head != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):
        conn = sqlite3.connect(db_path(store_dir))
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            conn.close()


def test_create_store_refuses_an_existing_store(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    make_closed_store(store_dir, passphrase, profile)
    before = snapshot(store_dir)
    with pytest.raises(StoreExists) as caught:
        create_store(store_dir, OTHER_PASSPHRASE, profile)
    assert "left as it is" in caught.value.message
    assert snapshot(store_dir) == before


@pytest.mark.parametrize("leftover", [DB_NAME, KEY_NAME])
def test_create_store_refuses_a_folder_with_half_a_store(
    store_dir: Path, passphrase: str, profile: Profile, leftover: str
) -> None:
    store_dir.mkdir()
    (store_dir / leftover).write_bytes(b"something precious")
    with pytest.raises(StoreExists):
        create_store(store_dir, passphrase, profile)
    assert (store_dir / leftover).read_bytes() == b"something precious"
    assert [p.name for p in store_dir.iterdir()] == [leftover]


def test_create_store_validates_before_writing_anything(store_dir: Path, passphrase: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_store(store_dir, passphrase, Profile(name=" ", role="wizard", team="", username="x"))
    assert set(caught.value.problems) == {"name", "role", "team"}
    with pytest.raises(WeakPassphrase):
        create_store(
            store_dir, "short", Profile("Robin T", "family_support_worker", "North", "robin.t")
        )
    assert not store_dir.exists() or list(store_dir.iterdir()) == []


def test_a_failed_create_leaves_no_half_made_store(
    store_dir: Path, passphrase: str, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.store.caseload_store as store_module

    def broken_migration(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_module, "migrate_with_backup", broken_migration)
    with pytest.raises(RuntimeError):
        create_store(store_dir, passphrase, profile)
    assert not store_dir.exists()
    assert list(store_dir.parent.iterdir()) == []  # nor the folder it was built in
    monkeypatch.undo()
    create_store(store_dir, passphrase, profile).close()


# ------------------------------------------------------------------ refusals


def test_wrong_passphrase_leaves_every_file_identical(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    store = create_store(store_dir, passphrase, profile)
    store.run(lambda s: write_meta(s, "note", "x"))
    store.close()
    before = snapshot(store_dir)
    for attempt in (OTHER_PASSPHRASE, passphrase.upper(), ""):
        with pytest.raises(WrongPassphrase):
            open_store(store_dir, attempt)
    assert snapshot(store_dir) == before


def test_wrong_passphrase_while_the_store_is_open_elsewhere(store: Store, store_dir: Path) -> None:
    """The WAL is live; a wrong unlock from a second window must not disturb it."""
    store.run(lambda s: write_meta(s, "note", "x"))
    before = snapshot(store_dir)
    with pytest.raises(WrongPassphrase):
        open_store(store_dir, OTHER_PASSPHRASE)
    assert snapshot(store_dir) == before


def test_missing_folder_or_empty_folder_is_store_missing(tmp_path: Path, passphrase: str) -> None:
    with pytest.raises(StoreMissing):
        open_store(tmp_path / "nowhere", passphrase)
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreMissing):
        open_store(tmp_path / "empty", passphrase)
    assert list((tmp_path / "empty").iterdir()) == []


def test_only_a_database_says_the_key_file_is_missing(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    make_closed_store(store_dir, passphrase, profile)
    key_path(store_dir).unlink()
    before = snapshot(store_dir)
    with pytest.raises(NotAHearthStore) as caught:
        open_store(store_dir, passphrase)
    assert "no key file" in caught.value.message
    assert snapshot(store_dir) == before


def test_only_a_key_file_says_the_database_is_missing(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    make_closed_store(store_dir, passphrase, profile)
    db_path(store_dir).unlink()
    before = snapshot(store_dir)
    with pytest.raises(NotAHearthStore) as caught:
        open_store(store_dir, passphrase)
    assert "no database" in caught.value.message
    assert snapshot(store_dir) == before
    assert not db_path(store_dir).exists()


def _key_only_folder(tmp_path: Path, passphrase: str, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    vault.create_key_file(key_path(folder), passphrase, vault.KdfParams(1, 1, 8))
    return folder


def test_plain_sqlite_database_is_named_as_such(tmp_path: Path, passphrase: str) -> None:
    folder = _key_only_folder(tmp_path, passphrase, "plain")
    conn = sqlite3.connect(db_path(folder))
    conn.execute("CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO store_meta VALUES ('marker', ?)", (STORE_MARKER,))
    conn.commit()
    conn.close()
    before = snapshot(folder)
    with pytest.raises(NotAHearthStore) as caught:
        open_store(folder, passphrase)
    assert "unencrypted SQLite" in caught.value.message
    assert "Nothing was changed" in caught.value.message
    assert snapshot(folder) == before


def test_random_bytes_database_is_refused(tmp_path: Path, passphrase: str) -> None:
    folder = _key_only_folder(tmp_path, passphrase, "random")
    db_path(folder).write_bytes(os.urandom(3 * 4096))
    before = snapshot(folder)
    with pytest.raises(NotAHearthStore) as caught:
        open_store(folder, passphrase)
    assert "cannot be read with this key file" in caught.value.message
    assert snapshot(folder) == before


def test_empty_database_file_is_refused_and_not_initialised(
    tmp_path: Path, passphrase: str
) -> None:
    folder = _key_only_folder(tmp_path, passphrase, "empty-db")
    db_path(folder).write_bytes(b"")
    before = snapshot(folder)
    with pytest.raises(NotAHearthStore) as caught:
        open_store(folder, passphrase)
    assert "is empty" in caught.value.message
    assert snapshot(folder) == before
    assert db_path(folder).stat().st_size == 0


def test_database_of_another_key_file_is_refused(
    tmp_path: Path, passphrase: str, profile: Profile
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    make_closed_store(first, passphrase, profile)
    make_closed_store(second, passphrase, profile)
    shutil.copy(db_path(second), db_path(first))
    before = snapshot(first)
    with pytest.raises(NotAHearthStore) as caught:
        open_store(first, passphrase)
    assert "different key file" in caught.value.message
    assert snapshot(first) == before


def test_damaged_key_file_in_a_store_is_refused(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    make_closed_store(store_dir, passphrase, profile)
    key = key_path(store_dir)
    key.write_bytes(key.read_bytes()[:-40])
    before = snapshot(store_dir)
    with pytest.raises(KeyFileDamaged):
        open_store(store_dir, passphrase)
    assert snapshot(store_dir) == before


def test_encrypted_database_without_the_marker_is_refused(tmp_path: Path, passphrase: str) -> None:
    from db.engine import make_engine

    folder = tmp_path / "unmarked"
    folder.mkdir()
    key = vault.create_key_file(key_path(folder), passphrase, vault.KdfParams(1, 1, 8))
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value())
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (x TEXT)")
    engine.dispose()
    with pytest.raises(NotAHearthStore) as caught:
        open_store(folder, passphrase)
    assert "not a Hearth caseload store" in caught.value.message


def test_damaged_profile_is_a_clear_error(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    store = create_store(store_dir, passphrase, profile)
    store.run(lambda s: write_meta(s, "profile", "{not json"))
    store.close()
    with pytest.raises(NotAHearthStore) as caught:
        open_store(store_dir, passphrase)
    assert "profile" in caught.value.message


def test_store_from_a_newer_hearth_is_refused_untouched(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    store = create_store(store_dir, passphrase, profile)
    assert store.engine is not None
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    store.close()
    before = snapshot(store_dir)
    with pytest.raises(NotAHearthStore) as caught:
        open_store(store_dir, passphrase)
    assert "newer version of Hearth" in caught.value.message
    assert snapshot(store_dir) == before


def test_every_refusal_is_a_hearth_error_with_a_sentence(tmp_path: Path, passphrase: str) -> None:
    folder = _key_only_folder(tmp_path, passphrase, "noise")
    db_path(folder).write_bytes(b"\x00" * 4096)
    with pytest.raises(HearthError) as caught:
        open_store(folder, passphrase)
    assert caught.value.message.endswith(".")
    assert "Traceback" not in caught.value.message


def test_opening_twice_sees_the_same_data(store: Store, store_dir: Path, passphrase: str) -> None:
    store.run(lambda s: write_meta(s, "shared", "yes"))
    second = open_store(store_dir, passphrase)
    try:
        assert second.run(read_meta, "shared") == "yes"
        rows = second.run(lambda s: [m.key for m in s.scalars(select(StoreMeta))])
        assert "marker" in rows
    finally:
        second.close()
