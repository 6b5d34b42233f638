"""Sealing a database key to the council's recovery key, and opening it again.

With :mod:`app.store.vault` this is the only code that handles key material; the
vault hands it the key's bytes and takes them back, nothing else sees them.

The council's key is an X25519 key pair, not RSA-OAEP 3072: the public half is 32
bytes (easy to serve, store and fingerprint), there is no padding mode to get wrong,
and sealing is fast on any laptop. Sealing is the usual ephemeral-static scheme
(as in HPKE base mode or libsodium's sealed box): a fresh X25519 pair per seal, the
shared secret through HKDF-SHA256 (bound to both public keys) into an AES-256-GCM
key, the database key encrypted under it. Only the holder of the council's private
key, which IT keep offline in a passphrase-protected PEM file, can open it.

The sealed copy lives beside the store (``hearth.key.recovery``, JSON: format,
algorithm, the council key's fingerprint and public key, the ephemeral public key,
nonce and sealed bytes in base64). It never holds the raw key.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import HearthError

SEALED_FORMAT = "hearth-recovery-seal"
SEALED_VERSION = 1
MAX_SEALED_BYTES = 16 * 1024
MAX_RECOVERY_KEY_FILE_BYTES = 64 * 1024
NOTHING_CHANGED = "Nothing was changed."


class RecoveryProblem(HearthError):
    """Recovery cannot go ahead; the message says why in one sentence."""


@dataclass(frozen=True)
class RecoveryPublicKey:
    """The council's recovery public key as the service serves it (checked)."""

    algorithm: str
    public_key: str  # base64 of the 32 raw bytes
    fingerprint: str

    @classmethod
    def checked(cls, algorithm: Any, public_key: Any, fingerprint: Any) -> RecoveryPublicKey:
        """Refuse (ValueError) a key of another algorithm, the wrong size, or whose
        fingerprint is not its own."""
        from app.sync.protocol import RECOVERY_ALGORITHM, recovery_key_fingerprint

        if algorithm != RECOVERY_ALGORITHM:
            raise ValueError("an unknown recovery key algorithm")
        raw = _unb64(public_key, 32)
        if raw is None or fingerprint != recovery_key_fingerprint(raw):
            raise ValueError("a recovery key whose fingerprint does not match it")
        return cls(algorithm, str(public_key), str(fingerprint))

    @property
    def raw(self) -> bytes:
        return base64.b64decode(self.public_key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, length: int | None = None) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        data = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    return data if length is None or len(data) == length else None


def _aead_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    from app.sync.protocol import RECOVERY_ALGORITHM

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
        info=RECOVERY_ALGORITHM.encode(),
    ).derive(shared)


def seal(raw_key: bytes, council: RecoveryPublicKey) -> dict[str, Any]:
    """The sealed copy (a JSON-ready dict) of ``raw_key`` for the council's key."""
    from app.sync.protocol import RECOVERY_ALGORITHM

    recipient = council.raw
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    nonce = os.urandom(12)
    body: dict[str, Any] = {
        "format": SEALED_FORMAT,
        "version": SEALED_VERSION,
        "algorithm": RECOVERY_ALGORITHM,
        "fingerprint": council.fingerprint,
        "public_key": council.public_key,
        "ephemeral_key": _b64(ephemeral_public),
        "nonce": _b64(nonce),
    }
    key = _aead_key(shared, ephemeral_public, recipient)
    body["sealed_key"] = _b64(AESGCM(key).encrypt(nonce, raw_key, _aad(body)))
    return body


def _aad(body: dict[str, Any]) -> bytes:
    fields = ("format", "version", "algorithm", "fingerprint", "public_key", "ephemeral_key")
    return json.dumps({k: body[k] for k in fields}, sort_keys=True).encode()


def read_sealed(path: Path) -> dict[str, Any]:
    """A sealed copy's content, checked for shape (RecoveryProblem if missing or damaged)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecoveryProblem(
            "This store has no sealed copy of its key for the council's recovery key (it has "
            f"not synced since recovery was set up), so it cannot be recovered. {NOTHING_CHANGED}"
        ) from None
    try:
        if len(raw) > MAX_SEALED_BYTES:
            raise ValueError
        body = json.loads(raw.decode("utf-8"))
        if not isinstance(body, dict) or body.get("format") != SEALED_FORMAT:
            raise ValueError
        if body.get("version") != SEALED_VERSION:
            raise ValueError
        RecoveryPublicKey.checked(body.get("algorithm"), body.get("public_key"),
                                  body.get("fingerprint"))
        for name, length in (("ephemeral_key", 32), ("nonce", 12), ("sealed_key", 48)):
            if _unb64(body.get(name), length) is None:
                raise ValueError
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise RecoveryProblem(
            f"The store's sealed copy of its key ({path.name}) is damaged, so it cannot be "
            f"recovered with the recovery key. {NOTHING_CHANGED}"
        ) from None
    return body


def sealed_public_key(body: dict[str, Any]) -> RecoveryPublicKey:
    """The council key a (checked) sealed copy was made for."""
    return RecoveryPublicKey(body["algorithm"], body["public_key"], body["fingerprint"])


def load_private_key(path: Path, passphrase: str) -> X25519PrivateKey:
    """The council's private key from its PEM file (RecoveryProblem if it cannot be)."""
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise RecoveryProblem(
            f"The recovery key file {path} cannot be read ({exc.strerror}). {NOTHING_CHANGED}"
        ) from None
    damaged = RecoveryProblem(
        f"The recovery key file {path} is damaged or is not a Hearth recovery key. "
        f"{NOTHING_CHANGED}"
    )
    if len(pem) > MAX_RECOVERY_KEY_FILE_BYTES or b"ENCRYPTED PRIVATE KEY" not in pem:
        raise damaged
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase.encode("utf-8"))
    except ValueError as exc:
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise RecoveryProblem(
                f"That passphrase does not open the recovery key file {path}. {NOTHING_CHANGED}"
            ) from None
        raise damaged from None
    except (TypeError, UnsupportedAlgorithm):
        raise damaged from None
    if not isinstance(key, X25519PrivateKey):
        raise damaged
    return key


def private_key_fingerprint(key: X25519PrivateKey) -> str:
    from app.sync.protocol import recovery_key_fingerprint

    return recovery_key_fingerprint(key.public_key().public_bytes_raw())


def unseal(body: dict[str, Any], key: X25519PrivateKey, where: str) -> bytes:
    """The raw key in a (checked) sealed copy; RecoveryProblem if this is not its key
    (another council's) or the copy was altered."""
    fingerprint = private_key_fingerprint(key)
    if fingerprint != body["fingerprint"]:
        raise RecoveryProblem(
            f"This recovery key (fingerprint {fingerprint}) is not the one this store's key "
            f"was sealed to ({body['fingerprint']}); it may be another council's. "
            f"{NOTHING_CHANGED}"
        )
    ephemeral = base64.b64decode(body["ephemeral_key"])
    recipient = key.public_key().public_bytes_raw()
    shared = key.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    aead = AESGCM(_aead_key(shared, ephemeral, recipient))
    try:
        return aead.decrypt(base64.b64decode(body["nonce"]),
                            base64.b64decode(body["sealed_key"]), _aad(body))
    except InvalidTag:
        raise RecoveryProblem(
            f"The store's sealed copy of its key ({where}) has been altered or damaged, so "
            f"the recovery key cannot open it. {NOTHING_CHANGED}"
        ) from None
