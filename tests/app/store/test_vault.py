"""The key vault: wrapping the database key, and refusing damaged key files clearly."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.errors import HearthError, KeyFileDamaged, WeakPassphrase, WrongPassphrase
from app.store import caseload_store as store_module
from app.store import vault
from app.store.caseload_store import Profile, create_store, open_store

# Cheap Argon2id parameters for tests that unwrap many times; real files use DEFAULT_KDF.
FAST_KDF = vault.KdfParams(iterations=1, lanes=1, memory_kib=8)
OTHER_PASSPHRASE = "harbour-thistle-velvet-engine-7"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def key_file(tmp_path: Path, passphrase: str) -> tuple[Path, vault.DatabaseKey]:
    path = tmp_path / "hearth.key"
    key = vault.create_key_file(path, passphrase, FAST_KDF)
    return path, key


def load(path: Path) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return body


def rewrite(path: Path, body: dict[str, Any], *, fix_checksum: bool) -> None:
    """Write ``body`` back; with ``fix_checksum`` the checksum is recomputed, as a
    deliberate tamperer would, so the check behind the checksum is what is tested."""
    body = dict(body)
    body.pop("checksum", None)
    if fix_checksum:
        body["checksum"] = vault._checksum(body)
    path.write_text(json.dumps(body), encoding="utf-8")


def flip_b64(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[0] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


# ------------------------------------------------------------------ round trip


def test_round_trip_gives_the_same_key(
    key_file: tuple[Path, vault.DatabaseKey], passphrase: str
) -> None:
    path, key = key_file
    again = vault.unwrap_key(path, passphrase)
    assert again.sqlcipher_pragma_value() == key.sqlcipher_pragma_value()
    value = key.sqlcipher_pragma_value()
    assert value.startswith("x'") and value.endswith("'") and len(value) == 2 + 64 + 1


def test_each_key_file_holds_a_new_random_key(tmp_path: Path, passphrase: str) -> None:
    one = vault.create_key_file(tmp_path / "one.key", passphrase, FAST_KDF)
    two = vault.create_key_file(tmp_path / "two.key", passphrase, FAST_KDF)
    assert one.sqlcipher_pragma_value() != two.sqlcipher_pragma_value()
    # Same passphrase, different salt and nonce: nothing in the files repeats.
    a, b = load(tmp_path / "one.key"), load(tmp_path / "two.key")
    assert (
        a["salt"] != b["salt"] and a["nonce"] != b["nonce"] and a["wrapped_key"] != b["wrapped_key"]
    )


def test_the_key_file_never_holds_the_key_or_passphrase_in_clear(
    key_file: tuple[Path, vault.DatabaseKey], passphrase: str
) -> None:
    path, key = key_file
    text = path.read_bytes()
    hex_key = key.sqlcipher_pragma_value()[2:-1]
    raw = bytes.fromhex(hex_key)
    assert hex_key.encode() not in text.lower()
    assert raw not in text
    assert base64.b64encode(raw) not in text
    assert passphrase.encode() not in text


@pytest.mark.real_kdf
def test_default_kdf_is_argon2id_with_real_cost(tmp_path: Path, passphrase: str) -> None:
    vault.create_key_file(tmp_path / "hearth.key", passphrase)
    kdf = load(tmp_path / "hearth.key")["kdf"]
    assert kdf["name"] == "argon2id"
    assert kdf["memory_kib"] >= 64 * 1024 and kdf["iterations"] >= 3


def test_key_file_is_private_to_the_user(key_file: tuple[Path, vault.DatabaseKey]) -> None:
    path, _ = key_file
    assert path.stat().st_mode & 0o077 == 0
    assert not path.with_name(path.name + ".new").exists()


# ------------------------------------------------------------------ wrong passphrase


def test_wrong_passphrase_is_refused_and_the_file_is_untouched(
    key_file: tuple[Path, vault.DatabaseKey],
) -> None:
    path, _ = key_file
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase) as caught:
        vault.unwrap_key(path, OTHER_PASSPHRASE)
    assert "not right" in caught.value.message
    assert path.read_bytes() == before


def test_passphrase_is_case_and_space_sensitive(
    key_file: tuple[Path, vault.DatabaseKey], passphrase: str
) -> None:
    path, _ = key_file
    for attempt in (passphrase.upper(), passphrase + " ", " " + passphrase, passphrase[:-1]):
        with pytest.raises(WrongPassphrase):
            vault.unwrap_key(path, attempt)


# ------------------------------------------------------------------ damage


def _damage_cases() -> dict[str, Callable[[Path], None]]:
    def truncate(n: int) -> Callable[[Path], None]:
        return lambda p: p.write_bytes(p.read_bytes()[:n])

    def edit(
        change: Callable[[dict[str, Any]], None], fix_checksum: bool
    ) -> Callable[[Path], None]:
        def apply(p: Path) -> None:
            body = load(p)
            change(body)
            rewrite(p, body, fix_checksum=fix_checksum)

        return apply

    def set_kdf(**values: Any) -> Callable[[dict[str, Any]], None]:
        return lambda b: b["kdf"].update(values)

    def drop(name: str) -> Callable[[dict[str, Any]], None]:
        return lambda b: b.pop(name)

    def flip(name: str) -> Callable[[dict[str, Any]], None]:
        return lambda b: b.update({name: flip_b64(b[name])})

    cases: dict[str, Callable[[Path], None]] = {
        "empty": truncate(0),
        "truncated to one byte": truncate(1),
        "truncated to half": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        "truncated by one byte": lambda p: p.write_bytes(p.read_bytes()[:-2]),
        "not JSON": lambda p: p.write_bytes(b"this is not a key file\n"),
        "binary noise": lambda p: p.write_bytes(bytes(range(256)) * 4),
        "not UTF-8": lambda p: p.write_bytes(b"\xff\xfe{\x00}\x00"),
        "JSON list": lambda p: p.write_text("[1, 2, 3]"),
        "JSON string": lambda p: p.write_text('"hearth-key-file"'),
        "JSON null": lambda p: p.write_text("null"),
        "deeply nested JSON": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
        "wrong format": edit(lambda b: b.update(format="something-else"), True),
        "no format": edit(drop("format"), True),
        "future version": edit(lambda b: b.update(version=2), True),
        "version as text": edit(lambda b: b.update(version="1"), True),
        "version as boolean": edit(lambda b: b.update(version=True), True),
        "flipped salt": edit(flip("salt"), False),
        "flipped nonce": edit(flip("nonce"), False),
        "flipped wrapped key": edit(flip("wrapped_key"), False),
        "flipped kdf parameter": edit(set_kdf(iterations=2), False),
        "checksum removed": edit(lambda b: None, False),
        "checksum of other content": lambda p: p.write_text(
            json.dumps({**load(p), "checksum": "0" * 64})
        ),
        "salt missing": edit(drop("salt"), True),
        "nonce missing": edit(drop("nonce"), True),
        "wrapped key missing": edit(drop("wrapped_key"), True),
        "kdf missing": edit(drop("kdf"), True),
        "kdf not an object": edit(lambda b: b.update(kdf="argon2id"), True),
        "kdf a list": edit(lambda b: b.update(kdf=[1, 2, 3]), True),
        "kdf unknown": edit(set_kdf(name="rot13"), True),
        "kdf field missing": edit(lambda b: b["kdf"].pop("memory_kib"), True),
        "iterations zero": edit(set_kdf(iterations=0), True),
        "iterations negative": edit(set_kdf(iterations=-3), True),
        "iterations huge": edit(set_kdf(iterations=10**9), True),
        "iterations infinite": edit(set_kdf(iterations=float("inf")), True),
        "iterations not a number": edit(set_kdf(iterations="three"), True),
        "iterations a list": edit(set_kdf(iterations=[3]), True),
        "iterations as text": edit(set_kdf(iterations="3"), True),
        "iterations a boolean": edit(set_kdf(iterations=True), True),
        "iterations a fraction": edit(set_kdf(iterations=2.5), True),
        "iterations times memory too costly": edit(
            set_kdf(iterations=16, memory_kib=1024 * 1024), True
        ),
        "lanes zero": edit(set_kdf(lanes=0), True),
        "lanes huge": edit(set_kdf(lanes=10**6), True),
        "memory tiny": edit(set_kdf(memory_kib=1), True),
        "memory absurd": edit(set_kdf(memory_kib=2**40), True),
        "memory several gigabytes": edit(set_kdf(memory_kib=4 * 1024 * 1024), True),
        "memory infinite": edit(set_kdf(memory_kib=float("-inf")), True),
        "salt not base64": edit(lambda b: b.update(salt="!!not base64!!"), True),
        "salt not ASCII": edit(lambda b: b.update(salt="sält"), True),
        "salt too short": edit(lambda b: b.update(salt=base64.b64encode(b"short").decode()), True),
        "salt a number": edit(lambda b: b.update(salt=12345), True),
        "nonce wrong length": edit(
            lambda b: b.update(nonce=base64.b64encode(b"x" * 16).decode()), True
        ),
        "wrapped key wrong length": edit(
            lambda b: b.update(wrapped_key=base64.b64encode(b"x" * 32).decode()), True
        ),
    }
    return cases


DAMAGE = _damage_cases()


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_every_kind_of_damage_is_reported_as_key_file_damaged(
    key_file: tuple[Path, vault.DatabaseKey], passphrase: str, damage: str
) -> None:
    path, _ = key_file
    DAMAGE[damage](path)
    damaged = path.read_bytes()
    with pytest.raises(KeyFileDamaged) as caught:
        vault.unwrap_key(path, passphrase)
    message = caught.value.message
    assert message.startswith("The store's key file is damaged or has been altered (")
    assert "nothing was changed" in message
    assert "Traceback" not in message
    # Refusing never "repairs" or rewrites the file.
    assert path.read_bytes() == damaged


def test_flipping_any_byte_never_gives_another_error_or_another_key(
    tmp_path: Path, passphrase: str
) -> None:
    path = tmp_path / "hearth.key"
    key = vault.create_key_file(path, passphrase, FAST_KDF)
    original = path.read_bytes()
    outcomes: dict[str, int] = {"damaged": 0, "same key": 0}
    for index in range(len(original)):
        for mask in (0x01, 0x20, 0x80):
            changed = bytearray(original)
            changed[index] ^= mask
            path.write_bytes(bytes(changed))
            try:
                again = vault.unwrap_key(path, passphrase)
            except KeyFileDamaged:
                outcomes["damaged"] += 1
            else:
                # Only a change that leaves the JSON content identical (whitespace) may pass.
                assert json.loads(bytes(changed)) == json.loads(original)
                assert again.sqlcipher_pragma_value() == key.sqlcipher_pragma_value()
                outcomes["same key"] += 1
    assert outcomes["damaged"] > len(original)


def test_every_truncation_is_key_file_damaged(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "hearth.key"
    vault.create_key_file(path, passphrase, FAST_KDF)
    original = path.read_bytes()
    # Cutting only trailing whitespace leaves a whole file; anything more is damage.
    whole = len(original.rstrip())
    for length in range(whole):
        path.write_bytes(original[:length])
        with pytest.raises(KeyFileDamaged):
            vault.unwrap_key(path, passphrase)


def test_missing_key_file_is_key_file_damaged(tmp_path: Path, passphrase: str) -> None:
    with pytest.raises(KeyFileDamaged) as caught:
        vault.unwrap_key(tmp_path / "nowhere.key", passphrase)
    assert "missing" in caught.value.message


def test_a_folder_in_place_of_the_key_file_is_key_file_damaged(
    tmp_path: Path, passphrase: str
) -> None:
    (tmp_path / "hearth.key").mkdir()
    with pytest.raises(KeyFileDamaged):
        vault.unwrap_key(tmp_path / "hearth.key", passphrase)


def test_tampering_behind_a_recomputed_checksum_is_never_accepted(
    key_file: tuple[Path, vault.DatabaseKey], passphrase: str
) -> None:
    """The salt, nonce and KDF parameters are bound to the wrapped key (AEAD data):
    changing them with a fixed-up checksum cannot yield a key, only a refusal."""
    path, _ = key_file
    original = load(path)
    for change in (
        lambda b: b.update(salt=flip_b64(b["salt"])),
        lambda b: b.update(nonce=flip_b64(b["nonce"])),
        lambda b: b.update(wrapped_key=flip_b64(b["wrapped_key"])),
        lambda b: b["kdf"].update(iterations=2),
    ):
        body = json.loads(json.dumps(original))
        change(body)
        rewrite(path, body, fix_checksum=True)
        with pytest.raises((WrongPassphrase, KeyFileDamaged)):
            vault.unwrap_key(path, passphrase)


# ------------------------------------------------------------------ change passphrase


def test_change_passphrase_rewraps_the_same_key(
    key_file: tuple[Path, vault.DatabaseKey], passphrase: str
) -> None:
    path, key = key_file
    old_salt = load(path)["salt"]
    vault.change_passphrase(path, passphrase, OTHER_PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        vault.unwrap_key(path, passphrase)
    assert (
        vault.unwrap_key(path, OTHER_PASSPHRASE).sqlcipher_pragma_value()
        == key.sqlcipher_pragma_value()
    )
    body = load(path)
    assert body["salt"] != old_salt
    # The KDF parameters of the file are kept.
    assert body["kdf"]["memory_kib"] == FAST_KDF.memory_kib
    assert not path.with_name(path.name + ".new").exists()


def test_change_passphrase_with_wrong_old_passphrase_changes_nothing(
    key_file: tuple[Path, vault.DatabaseKey], passphrase: str
) -> None:
    path, _ = key_file
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase(path, "not-the-passphrase-at-all", OTHER_PASSPHRASE)
    assert path.read_bytes() == before
    vault.unwrap_key(path, passphrase)


def test_change_passphrase_to_a_weak_one_changes_nothing(
    key_file: tuple[Path, vault.DatabaseKey], passphrase: str
) -> None:
    path, _ = key_file
    before = path.read_bytes()
    with pytest.raises(WeakPassphrase):
        vault.change_passphrase(path, passphrase, "short")
    assert path.read_bytes() == before


def test_change_passphrase_on_a_damaged_file_changes_nothing(
    key_file: tuple[Path, vault.DatabaseKey], passphrase: str
) -> None:
    path, _ = key_file
    body = load(path)
    body["salt"] = flip_b64(body["salt"])
    rewrite(path, body, fix_checksum=False)
    before = path.read_bytes()
    with pytest.raises(KeyFileDamaged):
        vault.change_passphrase(path, passphrase, OTHER_PASSPHRASE)
    assert path.read_bytes() == before


def test_changing_the_passphrase_does_not_rewrite_the_database(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    store = create_store(store_dir, passphrase, profile)
    store.close()
    db = store_module.db_path(store_dir)
    before = sha256(db)
    other_files = sorted(p.name for p in store_dir.iterdir())

    store_module.change_passphrase(store_dir, passphrase, OTHER_PASSPHRASE)
    store_module.passphrase_change_told(store_dir)

    assert sha256(db) == before
    assert sorted(p.name for p in store_dir.iterdir()) == other_files
    with pytest.raises(WrongPassphrase):
        open_store(store_dir, passphrase)
    reopened = open_store(store_dir, OTHER_PASSPHRASE)
    try:
        assert reopened.profile == profile
    finally:
        reopened.close()


# ------------------------------------------------------------------ the key object


def test_database_key_repr_hides_the_key(key_file: tuple[Path, vault.DatabaseKey]) -> None:
    _, key = key_file
    hex_key = key.sqlcipher_pragma_value()[2:-1]
    for shown in (repr(key), str(key), f"{key!r}", f"{key}", repr([key]), repr({"k": key})):
        assert hex_key not in shown
        assert hex_key[:8] not in shown
    assert "hidden" in repr(key)


def test_database_key_has_no_instance_dict_to_leak(
    key_file: tuple[Path, vault.DatabaseKey],
) -> None:
    _, key = key_file
    assert not hasattr(key, "__dict__")
    with pytest.raises(AttributeError):
        key.extra = 1  # type: ignore[attr-defined]


def test_database_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError):
        vault.DatabaseKey(b"\x00" * 16)
    assert "hidden" in repr(vault.DatabaseKey(b"\x01" * 32))


# ------------------------------------------------------------------ strength


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("", "at least"),
        ("short", "at least"),
        ("abcdefghi", "at least"),
        ("aaaaaaaaaaaaaaaa", "repeats"),
        ("abababababababab", "repeats"),
        ("password123", "common"),
        ("  Password123 ", "common"),
        ("1234567890", "common"),
        ("QWERTYUIOP", "common"),
    ],
)
def test_weak_passphrases_are_refused_with_a_reason(tmp_path: Path, weak: str, reason: str) -> None:
    with pytest.raises(WeakPassphrase) as caught:
        vault.check_passphrase_strength(weak)
    assert reason in caught.value.message
    assert caught.value.message.endswith(".")
    path = tmp_path / "hearth.key"
    with pytest.raises(WeakPassphrase):
        vault.create_key_file(path, weak, FAST_KDF)
    assert not path.exists()


@pytest.mark.parametrize(
    "strong",
    ["lantern-orchard-copper-meadow-42", "correct horse battery staple", "Tŷ Gwyn 1987 café"],
)
def test_reasonable_passphrases_are_accepted(tmp_path: Path, strong: str) -> None:
    vault.check_passphrase_strength(strong)
    path = tmp_path / "hearth.key"
    key = vault.create_key_file(path, strong, FAST_KDF)
    assert vault.unwrap_key(path, strong).sqlcipher_pragma_value() == key.sqlcipher_pragma_value()


def test_vault_errors_are_hearth_errors() -> None:
    for error in (WrongPassphrase(), KeyFileDamaged("x"), WeakPassphrase("y")):
        assert isinstance(error, HearthError)
        assert error.message == str(error)
