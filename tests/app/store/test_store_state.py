"""A store is built beside its folder and moved into place whole; a half-made store
left by an older Hearth is recognised, and can be set aside (renamed, never deleted)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest

from app.errors import HearthError, IncompleteStore, NotAHearthStore, StoreMissing
from app.store import vault
from app.store.caseload_store import (
    DB_NAME,
    KEY_NAME,
    Profile,
    create_store,
    db_path,
    key_path,
    open_store,
)
from app.store.set_aside import set_aside
from app.store.store_state import half_made_findings, store_state
from db.engine import make_engine
from db.migrate import upgrade

CHEAP = vault.KdfParams(1, 1, 8)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ------------------------------------------------------------------ building


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_store_made_in_an_existing_empty_folder_replaces_it_whole(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    store_dir.mkdir(mode=0o755)
    create_store(store_dir, passphrase, profile).close()
    assert sorted(p.name for p in store_dir.iterdir()) == [DB_NAME, KEY_NAME]
    assert store_dir.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in store_dir.parent.iterdir()] == ["store"]  # no build folder left
    assert store_state(store_dir) == "whole"
    open_store(store_dir, passphrase).close()


def test_a_store_made_in_a_folder_with_other_files_keeps_them(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    store_dir.mkdir()
    (store_dir / "notes.txt").write_text("kept")
    create_store(store_dir, passphrase, profile).close()
    assert sorted(p.name for p in store_dir.iterdir()) == [DB_NAME, KEY_NAME, "notes.txt"]
    assert (store_dir / "notes.txt").read_text() == "kept"
    assert [p.name for p in store_dir.parent.iterdir()] == ["store"]
    assert open_store(store_dir, passphrase).profile == profile


def test_the_open_store_returned_works_at_its_final_place(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    store = create_store(store_dir, passphrase, profile)
    try:
        assert store.folder == store_dir
        assert store.engine is not None and Path(str(store.engine.url.database)) == db_path(
            store_dir
        )
        assert store.run(lambda s: 1) == 1
    finally:
        store.close()


def test_a_build_left_by_a_killed_creation_is_tidied_next_time(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    stale = store_dir.with_name(".store.building-abc123")
    stale.mkdir()
    (stale / KEY_NAME).write_text("{}")
    create_store(store_dir, passphrase, profile).close()
    assert not stale.exists()
    assert [p.name for p in store_dir.parent.iterdir()] == ["store"]


# ------------------------------------------------------------------ recognising


def test_store_state_of_nothing_and_of_a_whole_store(
    tmp_path: Path, store_dir: Path, passphrase: str, profile: Profile
) -> None:
    assert store_state(tmp_path / "absent") == "none"
    (tmp_path / "empty").mkdir()
    assert store_state(tmp_path / "empty") == "none"
    create_store(store_dir, passphrase, profile).close()
    assert store_state(store_dir) == "whole"
    assert half_made_findings(store_dir) == []


def test_a_key_file_without_a_database_is_half_made(tmp_path: Path, passphrase: str) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    vault.create_key_file(key_path(folder), passphrase, CHEAP)
    assert store_state(folder) == "half_made"
    assert "a key file (hearth.key) but no database" in half_made_findings(folder)[0]


def test_a_database_without_a_key_file_is_half_made(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    create_store(store_dir, passphrase, profile).close()
    key_path(store_dir).unlink()
    assert store_state(store_dir) == "half_made"
    assert "no key file" in half_made_findings(store_dir)[0]


def test_an_empty_database_beside_a_key_file_is_half_made(
    tmp_path: Path, passphrase: str
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    vault.create_key_file(key_path(folder), passphrase, CHEAP)
    db_path(folder).write_bytes(b"")
    assert store_state(folder) == "half_made"
    assert "empty database" in half_made_findings(folder)[0]


def test_a_database_migrated_but_never_marked_is_an_incomplete_store(
    tmp_path: Path, passphrase: str
) -> None:
    """What an older Hearth left when killed between its migrations and its marker."""
    folder = tmp_path / "store"
    folder.mkdir()
    key = vault.create_key_file(key_path(folder), passphrase, CHEAP)
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value())
    upgrade(engine)
    engine.dispose()
    before = snapshot(folder)
    with pytest.raises(IncompleteStore) as caught:
        open_store(folder, passphrase)
    assert isinstance(caught.value, NotAHearthStore)
    assert "Set it aside" in caught.value.message
    assert snapshot(folder) == before


# ------------------------------------------------------------------ setting aside


def test_set_aside_renames_the_folder_and_keeps_every_byte(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    create_store(store_dir, passphrase, profile).close()
    before = snapshot(store_dir)
    moved = set_aside(store_dir, now=lambda: dt.datetime(2025, 3, 4, 5, 6, 7))
    assert moved == store_dir.with_name("store.set-aside-20250304-050607")
    assert not store_dir.exists()
    assert snapshot(moved) == before
    assert open_store(moved, passphrase).profile == profile
    assert store_state(store_dir) == "none"


def test_set_aside_twice_in_one_second_never_overwrites(tmp_path: Path) -> None:
    when = dt.datetime(2025, 3, 4, 5, 6, 7)
    names = []
    for content in ("first", "second", "third"):
        folder = tmp_path / "store"
        folder.mkdir()
        (folder / KEY_NAME).write_text(content)
        names.append(set_aside(folder, now=lambda: when).name)
    assert names == [
        "store.set-aside-20250304-050607",
        "store.set-aside-20250304-050607-2",
        "store.set-aside-20250304-050607-3",
    ]
    assert [(tmp_path / n / KEY_NAME).read_text() for n in names] == ["first", "second", "third"]


def test_set_aside_of_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing):
        set_aside(tmp_path / "absent")


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="POSIX permissions, not root")
def test_set_aside_that_cannot_rename_changes_nothing(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    folder = parent / "store"
    folder.mkdir(parents=True)
    (folder / KEY_NAME).write_text("key")
    parent.chmod(0o500)
    try:
        with pytest.raises(HearthError) as caught:
            set_aside(folder)
    finally:
        parent.chmod(0o700)
    assert "could not be set aside" in caught.value.message
    assert (folder / KEY_NAME).read_text() == "key"
