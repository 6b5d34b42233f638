"""The only code that handles key material (with :mod:`app.store.recovery_seal`, its
public-key half).

The store's database key is 32 random bytes. It is never written in clear: the
key file beside the store holds it wrapped with AES-256-GCM under a key derived
from the worker's passphrase with Argon2id (salt and parameters stored in the
file). A SHA-256 checksum over the file's content tells a damaged or altered
file apart from a wrong passphrase. Changing the passphrase re-wraps the same
database key; the database is not rewritten (unless the worker asks for a new
database key too: :mod:`app.store.rekey`).

A second copy of the key may be sealed to the council's recovery public key
(``hearth.key.recovery``), so that IT, with the council's private key, can set a
new passphrase for a worker who forgot theirs (:mod:`app.store.recovery`).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.errors import KeyFileDamaged, WeakPassphrase, WrongPassphrase
from app.store import early_key, recovery_seal
from app.store.folder_sync import fsync_folder
from app.store.recovery_seal import RecoveryPublicKey

KEY_FILE_FORMAT = "hearth-key-file"
KEY_FILE_VERSION = 1
MIN_PASSPHRASE_LENGTH = 10
MAX_KEY_FILE_BYTES = 64 * 1024
# Limits on the Argon2id parameters a key file may ask for (the default is
# 3 iterations over 64 MiB): beyond them the file is treated as damaged.
MAX_KDF_ITERATIONS = 16
MAX_KDF_LANES = 16
MAX_KDF_MEMORY_KIB = 1024 * 1024
MAX_KDF_WORK_KIB = 4 * 1024 * 1024  # iterations x memory


@dataclass(frozen=True)
class KdfParams:
    iterations: int = 3
    lanes: int = 4
    memory_kib: int = 64 * 1024

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        """The wrapping key (taken from :mod:`app.store.early_key` if it was begun)."""
        early = early_key.take(self, passphrase, salt)
        return early if early is not None else self.derive_now(passphrase, salt)

    def derive_now(self, passphrase: str, salt: bytes) -> bytes:
        kdf = Argon2id(
            salt=salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        return kdf.derive(passphrase.encode("utf-8"))


DEFAULT_KDF = KdfParams()


class DatabaseKey:
    """The raw database key. Its repr never shows the bytes."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        if len(raw) != 32:
            raise ValueError("a database key is 32 bytes")
        self._raw = raw

    def sqlcipher_pragma_value(self) -> str:
        """The value for ``PRAGMA key``: a raw key, so SQLCipher skips its own KDF."""
        return f"x'{self._raw.hex()}'"

    def __repr__(self) -> str:
        return "DatabaseKey(<hidden>)"


def check_passphrase_strength(passphrase: str) -> None:
    """Refuse passphrases that are easy to guess, with a message saying why."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(
            f"Use at least {MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well."
        )
    if len(set(passphrase)) < 5:
        raise WeakPassphrase("Use a mix of different characters; this one repeats too much.")
    if passphrase.strip().lower() in {"password123", "passphrase", "1234567890", "qwertyuiop"}:
        raise WeakPassphrase("That passphrase is too common; choose something of your own.")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, name: str, length: int | None = None) -> bytes:
    try:
        data = base64.b64decode(str(text), validate=True)
    except ValueError:
        raise KeyFileDamaged(f"{name} is not valid") from None
    if length is not None and len(data) != length:
        raise KeyFileDamaged(f"{name} has the wrong length")
    return data


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()


def _aad(body: dict[str, Any]) -> bytes:
    return json.dumps(
        {k: body[k] for k in ("format", "version", "kdf", "salt")},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def _wrap(key: bytes, passphrase: str, kdf: KdfParams) -> dict[str, Any]:
    salt = os.urandom(16)
    nonce = os.urandom(12)
    body: dict[str, Any] = {
        "format": KEY_FILE_FORMAT,
        "version": KEY_FILE_VERSION,
        "kdf": {
            "name": "argon2id",
            "iterations": kdf.iterations,
            "lanes": kdf.lanes,
            "memory_kib": kdf.memory_kib,
        },
        "salt": _b64(salt),
    }
    wrapping_key = kdf.derive(passphrase, salt)
    body["nonce"] = _b64(nonce)
    body["wrapped_key"] = _b64(AESGCM(wrapping_key).encrypt(nonce, key, _aad(body)))
    body["checksum"] = _checksum(body)
    return body


def _write_atomically(path: Path, body: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".new")
    # Created private (0600) from the start, never readable by others even briefly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(body, fh, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileDamaged("the key file is missing") from None
    except OSError:
        raise KeyFileDamaged("the key file cannot be read") from None
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise KeyFileDamaged("it is far too large to be a key file")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise KeyFileDamaged("it is not readable") from None
    if not isinstance(body, dict) or body.get("format") != KEY_FILE_FORMAT:
        raise KeyFileDamaged("it is not a Hearth key file")
    version = body.get("version")
    if type(version) is not int or version != KEY_FILE_VERSION:
        raise KeyFileDamaged(f"unknown key file version {version!r}")
    checksum = body.pop("checksum", None)
    if checksum != _checksum(body):
        raise KeyFileDamaged("its checksum does not match its content")
    return body


def _params(body: dict[str, Any]) -> KdfParams:
    kdf = body.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        raise KeyFileDamaged("unknown key derivation")
    values: list[int] = []
    for name in ("iterations", "lanes", "memory_kib"):
        value = kdf.get(name)
        # Whole numbers only: not text, floats or booleans (json gives True for "true").
        if type(value) is not int:
            raise KeyFileDamaged("key derivation parameters are incomplete")
        values.append(value)
    params = KdfParams(iterations=values[0], lanes=values[1], memory_kib=values[2])
    # Bounds keep a tampered file from making unlock take minutes or all the memory.
    if not (1 <= params.iterations <= MAX_KDF_ITERATIONS and 1 <= params.lanes <= MAX_KDF_LANES):
        raise KeyFileDamaged("key derivation parameters are out of range")
    if not (8 * params.lanes <= params.memory_kib <= MAX_KDF_MEMORY_KIB):
        raise KeyFileDamaged("key derivation memory is out of range")
    if params.iterations * params.memory_kib > MAX_KDF_WORK_KIB:
        raise KeyFileDamaged("key derivation parameters are out of range")
    return params


def create_key_file(path: Path, passphrase: str, kdf: KdfParams | None = None) -> DatabaseKey:
    """Make a new random database key and write it, wrapped, to ``path``.

    ``kdf`` defaults to :data:`DEFAULT_KDF` (looked up at call time).
    """
    kdf = kdf or DEFAULT_KDF
    check_passphrase_strength(passphrase)
    raw = os.urandom(32)
    _write_atomically(path, _wrap(raw, passphrase, kdf))
    return DatabaseKey(raw)


def salt_and_costs(path: Path) -> tuple[bytes, KdfParams]:
    """The salt and Argon2id costs a key file asks for (raises as :func:`unwrap_key`)."""
    body = _read(path)
    return _unb64(body.get("salt"), "salt", 16), _params(body)


def unwrap_key(path: Path, passphrase: str) -> DatabaseKey:
    """Derive the wrapping key from ``passphrase`` and recover the database key."""
    body = _read(path)
    params = _params(body)
    salt = _unb64(body.get("salt"), "salt", 16)
    nonce = _unb64(body.get("nonce"), "nonce", 12)
    wrapped = _unb64(body.get("wrapped_key"), "wrapped key", 48)
    wrapping_key = params.derive(passphrase, salt)
    try:
        raw = AESGCM(wrapping_key).decrypt(nonce, wrapped, _aad(body))
    except InvalidTag:
        raise WrongPassphrase() from None
    return DatabaseKey(raw)


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Re-wrap the same database key under a new passphrase."""
    check_passphrase_strength(new)
    key = unwrap_key(path, old)
    body = _read(path)
    _write_atomically(path, _wrap(key._raw, new, _params(body)))


def new_database_key() -> DatabaseKey:
    """A fresh random database key (for re-keying a store)."""
    return DatabaseKey(os.urandom(32))


def write_key_file(path: Path, key: DatabaseKey, passphrase: str) -> None:
    """Write ``key`` wrapped under ``passphrase`` to ``path`` (atomic, private)."""
    check_passphrase_strength(passphrase)
    _write_atomically(path, _wrap(key._raw, passphrase, DEFAULT_KDF))


def seal_for_recovery(path: Path, key: DatabaseKey, council: RecoveryPublicKey) -> None:
    """Write to ``path`` a copy of ``key`` sealed to the council's recovery key."""
    _write_atomically(path, recovery_seal.seal(key._raw, council))


def unseal_for_recovery(path: Path, council_key: X25519PrivateKey) -> DatabaseKey:
    """The database key in the sealed copy at ``path``, opened with the council's
    private key (:class:`~app.store.recovery_seal.RecoveryProblem` if it cannot be)."""
    body = recovery_seal.read_sealed(path)
    return DatabaseKey(recovery_seal.unseal(body, council_key, path.name))


def sealed_for(path: Path) -> RecoveryPublicKey | None:
    """The council key the sealed copy at ``path`` was made for (None: none, or damaged)."""
    try:
        return recovery_seal.sealed_public_key(recovery_seal.read_sealed(path))
    except recovery_seal.RecoveryProblem:
        return None
