"""The council's recovery key pair, kept by the service: its public half, served to devices.

``hearth-server recovery-key create`` makes an X25519 key pair (why X25519 and how a
device seals its key to it: ``app.store.recovery_seal``). The private half is written
only to the file IT name, encrypted under a passphrase (PKCS#8 PEM,
``BestAvailableEncryption``, mode 0600), for the council to keep offline; the service
never keeps it. The public half is a row of ``reference_data`` (``recovery_key``),
which ``GET /api/v1/recovery-key`` serves to enrolled devices.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.orm import Session

from app.sync.protocol import RECOVERY_ALGORITHM, recovery_key_fingerprint
from server.models import ReferenceData, utcnow

ROW_NAME = "recovery_key"
MIN_PASSPHRASE_LENGTH = 12


class RecoveryKeyError(Exception):
    """A recovery key cannot be made or read; the message says why."""


@dataclass(frozen=True)
class RecoveryKey:
    """The council's recovery public key as the service keeps and serves it."""

    algorithm: str
    public_key: str  # base64 of the 32 raw bytes
    fingerprint: str

    def as_reply(self) -> dict[str, str]:
        return {"algorithm": self.algorithm, "public_key": self.public_key,
                "fingerprint": self.fingerprint}


def current_key(session: Session) -> RecoveryKey | None:
    """The recovery public key set for this service (None: none yet)."""
    row = session.get(ReferenceData, ROW_NAME)
    data: Any = row.data if row is not None else None
    if not isinstance(data, dict):
        return None
    return RecoveryKey(str(data.get("algorithm")), str(data.get("public_key")),
                       str(data.get("fingerprint")))


def _write_private(out: Path, pem: bytes) -> None:
    """Write the encrypted private key to ``out`` (a new file, 0600 from the start)."""
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise RecoveryKeyError(f"{out} already exists; choose a new file name.") from None
    except OSError as exc:
        raise RecoveryKeyError(f"Cannot write {out}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def create_key(session: Session, out: Path, passphrase: str, *, replace: bool = False
               ) -> RecoveryKey:
    """Make the council's key pair: the private half to ``out`` under ``passphrase``, the
    public half kept here. Refuses to replace a key already set unless ``replace``."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise RecoveryKeyError(
            f"Use a passphrase of at least {MIN_PASSPHRASE_LENGTH} characters for the "
            "recovery key; it guards every store's key.")
    existing = current_key(session)
    if existing is not None and not replace:
        raise RecoveryKeyError(
            f"This service already has a recovery key (fingerprint {existing.fingerprint}). "
            "Give --replace to make a new one (devices then seal their keys to it as they "
            "sync; keep the old private key until they have).")
    private = X25519PrivateKey.generate()
    raw = private.public_key().public_bytes_raw()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")))
    key = RecoveryKey(RECOVERY_ALGORITHM, base64.b64encode(raw).decode("ascii"),
                      recovery_key_fingerprint(raw))
    _write_private(out, pem)
    row = session.get(ReferenceData, ROW_NAME)
    if row is None:
        row = ReferenceData(name=ROW_NAME, data=key.as_reply())
        session.add(row)
    row.data = key.as_reply()
    row.updated_at = utcnow()
    session.flush()
    return key
