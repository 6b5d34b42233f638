"""Passphrase changes: one interrupted at any step is settled at the next unlock, which
says which passphrase is in force; a re-key leaves an old key file useless."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.errors import HearthError, WrongPassphrase
from app.store import vault
from app.store.caseload_store import (
    Profile,
    Store,
    change_passphrase,
    key_files,
    open_store,
    passphrase_change_told,
)
from app.store.key_change import NEW_IN_FORCE, OLD_IN_FORCE
from app.store.recovery import StoreSealer, recover_store
from app.store.rekey import RekeyStep, rekey_store
from tests.app.store.recovery_keys import COUNCIL_PHRASE, council_key, snapshot
from tests.builders import small_family

NEW_PHRASE = "heather-canal-silver-kite-77"


def _reopen(folder: Path, phrase: str) -> Store:
    return open_store(folder, phrase)


def test_a_change_told_to_the_worker_leaves_nothing_behind(store: Store, passphrase: str) -> None:
    store.close()
    change_passphrase(store.folder, passphrase, NEW_PHRASE)
    passphrase_change_told(store.folder)
    files = key_files(store.folder)
    assert not files.pending.exists() and not files.changed.exists()
    opened = _reopen(store.folder, NEW_PHRASE)
    assert opened.unlock_note == ""
    opened.close()


def test_a_change_applied_but_not_told_is_told_at_the_next_unlock(
        store: Store, passphrase: str) -> None:
    store.close()
    change_passphrase(store.folder, passphrase, NEW_PHRASE)  # Hearth stops before telling
    with pytest.raises(WrongPassphrase, match="try your new passphrase"):
        _reopen(store.folder, passphrase)
    opened = _reopen(store.folder, NEW_PHRASE)
    assert opened.unlock_note == NEW_IN_FORCE
    opened.close()
    again = _reopen(store.folder, NEW_PHRASE)
    assert again.unlock_note == ""
    again.close()


def _interrupted_plain_change(store: Store, old: str) -> None:
    """hearth.key.new written whole (same key, new passphrase) but never moved into place."""
    store.close()
    files = key_files(store.folder)
    key = vault.unwrap_key(files.key, old)
    vault.write_key_file(files.pending, key, NEW_PHRASE)


def test_an_unfinished_change_with_the_old_passphrase_keeps_the_old(
        store: Store, passphrase: str) -> None:
    _interrupted_plain_change(store, passphrase)
    opened = _reopen(store.folder, passphrase)
    assert opened.unlock_note == OLD_IN_FORCE
    opened.close()
    assert not key_files(store.folder).pending.exists()
    with pytest.raises(WrongPassphrase):
        _reopen(store.folder, NEW_PHRASE)


def test_an_unfinished_change_with_the_new_passphrase_finishes_it(
        store: Store, passphrase: str) -> None:
    _interrupted_plain_change(store, passphrase)
    opened = _reopen(store.folder, NEW_PHRASE)
    assert opened.unlock_note == NEW_IN_FORCE
    opened.close()
    assert not key_files(store.folder).pending.exists()
    with pytest.raises(WrongPassphrase):
        _reopen(store.folder, passphrase)


def test_a_half_written_new_key_file_is_tidied(store: Store, passphrase: str) -> None:
    store.close()
    files = key_files(store.folder)
    files.pending.write_text('{"format": "hearth-key-fi')
    with pytest.raises(WrongPassphrase):
        _reopen(store.folder, "not-the-passphrase-at-all")
    assert files.pending.exists()  # a wrong passphrase changes nothing
    opened = _reopen(store.folder, passphrase)
    assert opened.unlock_note == OLD_IN_FORCE
    opened.close()
    assert not files.pending.exists()


def test_a_rekey_interrupted_after_the_database_changed_is_finished_with_the_new(
        store: Store, passphrase: str) -> None:
    files = key_files(store.folder)
    key = vault.new_database_key()
    vault.write_key_file(files.pending, key, NEW_PHRASE)
    store.swap_key(RekeyStep(key), key)  # ...and the computer stops here
    store.close()
    with pytest.raises(HearthError, match="unlock with your new passphrase"):
        _reopen(store.folder, passphrase)
    assert files.pending.exists()
    opened = _reopen(store.folder, NEW_PHRASE)
    assert opened.unlock_note == NEW_IN_FORCE
    opened.close()


def test_rekey_makes_an_old_key_file_useless_and_keeps_every_record(
        store: Store, actor: Profile, passphrase: str, tmp_path: Path) -> None:
    small_family(store, actor)
    pem, council = council_key(tmp_path)
    StoreSealer(store).seal(council)
    (store.folder / "backups").mkdir()
    (store.folder / "backups" / "hearth-old.db").write_bytes(b"old key")
    files = key_files(store.folder)
    old_key_file = tmp_path / "copy-of-hearth.key"
    shutil.copy(files.key, old_key_file)
    assert store.engine is not None
    before = snapshot(store.engine)

    rekey_store(store, NEW_PHRASE, current_passphrase=passphrase)
    assert store.engine is not None
    assert snapshot(store.engine) == before  # still open, same records
    store.close()
    assert not (store.folder / "backups").exists()
    assert not files.pending.exists() and not files.sealed_pending.exists()

    # The old key file, with the old passphrase, opens nothing now.
    shutil.copy(files.key, tmp_path / "new-hearth.key")
    shutil.copy(old_key_file, files.key)
    with pytest.raises(HearthError, match="cannot be read with this key file"):
        _reopen(store.folder, passphrase)
    shutil.copy(tmp_path / "new-hearth.key", files.key)
    files.changed.unlink(missing_ok=True)

    opened = _reopen(store.folder, NEW_PHRASE)
    assert opened.engine is not None
    assert snapshot(opened.engine) == before
    opened.close()
    # The sealed copy was re-sealed with the new key: recovery still works.
    recover_store(store.folder, pem, COUNCIL_PHRASE, "third-passphrase-birch-55")
    _reopen(store.folder, "third-passphrase-birch-55").close()


def test_rekey_with_a_wrong_current_passphrase_changes_nothing(
        store: Store, passphrase: str) -> None:
    files = key_files(store.folder)
    before = files.key.read_bytes()
    with pytest.raises(WrongPassphrase):
        rekey_store(store, NEW_PHRASE, current_passphrase="not-the-passphrase-at-all")
    assert files.key.read_bytes() == before and not files.pending.exists()
    store.close()
    _reopen(store.folder, passphrase).close()
