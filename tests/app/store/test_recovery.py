"""Organisation recovery: a store's key sealed to the council's key, and a new passphrase set
with the council's private key; every wrong or damaged key changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import WrongPassphrase
from app.store.caseload_store import Profile, Store, key_files, open_store
from app.store.recovery import StoreSealer, recover_store
from app.store.recovery_seal import RecoveryProblem
from tests.app.store.recovery_keys import COUNCIL_PHRASE, council_key, snapshot
from tests.builders import small_family

NEW_PHRASE = "heather-canal-silver-kite-77"


@pytest.fixture
def sealed(store: Store, actor: Profile, tmp_path: Path) -> tuple[Store, Path]:
    """A store with a family, sealed to a council key; its PEM file."""
    small_family(store, actor)
    pem, council = council_key(tmp_path)
    sealer = StoreSealer(store)
    assert sealer.needs_key()
    assert sealer.seal(council) is True
    assert not sealer.needs_key()
    assert sealer.seal(council) is False  # already sealed to that key
    return store, pem


def test_the_sealed_copy_names_the_council_key_and_holds_no_raw_key(
        sealed: tuple[Store, Path]) -> None:
    store, _pem = sealed
    body = json.loads(key_files(store.folder).sealed.read_text())
    assert body["algorithm"] == "x25519-hkdf-sha256-aes256gcm"
    assert set(body) == {"format", "version", "algorithm", "fingerprint", "public_key",
                         "ephemeral_key", "nonce", "sealed_key"}
    assert key_files(store.folder).sealed.stat().st_mode & 0o077 == 0


def test_recovery_sets_a_new_passphrase_and_keeps_every_record(
        sealed: tuple[Store, Path], passphrase: str) -> None:
    store, pem = sealed
    assert store.engine is not None
    before = snapshot(store.engine)
    store.close()
    recover_store(store.folder, pem, COUNCIL_PHRASE, NEW_PHRASE)
    with pytest.raises(WrongPassphrase):
        open_store(store.folder, passphrase)
    reopened = open_store(store.folder, NEW_PHRASE)
    try:
        assert reopened.engine is not None
        assert snapshot(reopened.engine) == before
        assert reopened.unlock_note == ""
    finally:
        reopened.close()


def _unchanged(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("case", ["wrong passphrase", "another council", "damaged key file",
                                  "damaged sealed copy", "no sealed copy", "weak passphrase"])
def test_each_bad_recovery_says_why_and_changes_nothing(
        sealed: tuple[Store, Path], tmp_path: Path, passphrase: str, case: str) -> None:
    store, pem = sealed
    store.close()
    files = key_files(store.folder)
    phrase, new = COUNCIL_PHRASE, NEW_PHRASE
    expected = {"wrong passphrase": "passphrase does not open the recovery key file",
                "another council": "may be another council's",
                "damaged key file": "is damaged or is not a Hearth recovery key",
                "damaged sealed copy": "has been altered or damaged",
                "no sealed copy": "has no sealed copy",
                "weak passphrase": "at least"}[case]
    if case == "wrong passphrase":
        phrase = "not-the-council-phrase"
    elif case == "another council":
        pem, _other = council_key(tmp_path, "other.pem")
    elif case == "damaged key file":
        pem.write_bytes(pem.read_bytes()[:120] + b"garbage" + pem.read_bytes()[140:])
    elif case == "damaged sealed copy":
        body = json.loads(files.sealed.read_text())
        body["sealed_key"] = body["sealed_key"][::-1]
        files.sealed.write_text(json.dumps(body))
    elif case == "no sealed copy":
        files.sealed.unlink()
    else:
        new = "short"
    before = _unchanged(store.folder)
    with pytest.raises(Exception) as caught:
        recover_store(store.folder, pem, phrase, new)
    assert expected in caught.value.args[0]
    assert "Nothing was changed" in caught.value.args[0] or case == "weak passphrase"
    assert _unchanged(store.folder) == before
    open_store(store.folder, passphrase).close()


def test_a_garbled_sealed_copy_is_damaged_not_a_traceback(
        sealed: tuple[Store, Path], passphrase: str) -> None:
    store, pem = sealed
    store.close()
    key_files(store.folder).sealed.write_text("{not json")
    with pytest.raises(RecoveryProblem, match="is damaged"):
        recover_store(store.folder, pem, COUNCIL_PHRASE, NEW_PHRASE)
    # ...and the store asks for a sealed copy again at its next sync.
    reopened = open_store(store.folder, passphrase)
    try:
        assert StoreSealer(reopened).needs_key()
    finally:
        reopened.close()
