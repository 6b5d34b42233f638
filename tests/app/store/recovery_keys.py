"""Council recovery keys for tests: an X25519 pair, its PEM file and its public half."""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import Engine

from app.store.recovery_seal import RecoveryPublicKey
from app.sync.protocol import RECOVERY_ALGORITHM, recovery_key_fingerprint

COUNCIL_PHRASE = "council-vault-orchard-1234"


def council_key(folder: Path, name: str = "council.pem") -> tuple[Path, RecoveryPublicKey]:
    """A council key pair: the private half in a passphrase-protected PEM, the public half."""
    private = X25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(COUNCIL_PHRASE.encode()))
    path = folder / name
    path.write_bytes(pem)
    raw = private.public_key().public_bytes_raw()
    return path, RecoveryPublicKey(RECOVERY_ALGORITHM, base64.b64encode(raw).decode(),
                                   recovery_key_fingerprint(raw))


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (records, drafts, outbox, audit, meta)."""
    with engine.connect() as conn:
        tables = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").scalars().all()
        return {t: sorted(map(tuple, conn.exec_driver_sql(f'SELECT * FROM "{t}"').all()),
                          key=repr) for t in tables}
