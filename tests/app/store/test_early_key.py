"""The store key derived early, beside a command's imports (app.store.early_key): the
unlock gets the same key as deriving it then, only for the same passphrase and key
file, once; a missing or damaged key file is left for the unlock to report."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import WrongPassphrase
from app.store import early_key, vault
from app.store.caseload_store import Store, open_store
from app.store.store_files import key_path


def test_the_early_key_unlocks_the_store_once_and_only_for_its_passphrase(
    store: Store, store_dir: Path, passphrase: str
) -> None:
    store.close()
    salt, costs = vault.salt_and_costs(key_path(store_dir))
    early_key.start(costs, passphrase, salt)
    assert early_key.take(costs, "some other passphrase", salt) is None
    assert early_key.take(costs, passphrase, salt) == costs.derive_now(passphrase, salt)
    assert early_key.take(costs, passphrase, salt) is None  # once

    early_key.start(costs, "a wrong but long passphrase", salt)
    with pytest.raises(WrongPassphrase):
        open_store(store_dir, "a wrong but long passphrase")
    early_key.start(costs, passphrase, salt)
    again = open_store(store_dir, passphrase)
    try:
        assert again.profile.username == store.profile.username
    finally:
        again.close()
    assert early_key._waiting == []  # each was taken by its unlock


def test_a_missing_or_damaged_key_file_is_left_for_the_unlock_to_report(
    tmp_path: Path, store: Store, store_dir: Path, passphrase: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """Through the command line: the early start says nothing and leaves nothing waiting;
    the command reports the problem as it always did."""
    from app.cli.main import main

    store.close()
    monkeypatch.setenv("HEARTH_PASSPHRASE", passphrase)
    assert main(["families", "--store", str(tmp_path / "nowhere")]) == 1
    key_path(store_dir).write_text("{not json", encoding="utf-8")
    assert main(["families", "--store", str(store_dir)]) == 1
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 2 and "There is no Hearth store" in said[0], said
    assert "key file" in said[1], said
    assert early_key._waiting == []
