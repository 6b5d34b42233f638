"""Sealing the store's key to the council's recovery key during a sync or an enrolment.

A store connected before the council made its recovery key, or one whose sealed copy
is missing or damaged, asks the service for the key and seals its database key to
it (:class:`app.store.recovery.StoreSealer`). A service with no recovery key yet, or
one that cannot be reached, is no failure: the next sync asks again.
"""

from __future__ import annotations

import logging
from typing import Protocol

from app.reference.machine_settings import machine_recovery_key
from app.store.recovery_seal import RecoveryPublicKey
from app.sync.transport import DeviceRevoked, SyncError

log = logging.getLogger(__name__)


class Sealer(Protocol):
    def needs_key(self) -> bool: ...

    def seal(self, council: RecoveryPublicKey) -> bool: ...


class RecoveryKeySource(Protocol):
    def recovery_key(self) -> RecoveryPublicKey | None: ...


def seal_if_needed(sealer: Sealer | None, source: RecoveryKeySource) -> bool:
    """Fetch the council's key and seal to it if the store has no sealed copy; True if
    a copy was written."""
    if sealer is None or not sealer.needs_key():
        return False
    try:
        # The key this computer's IT set wins over the one the service serves.
        council = machine_recovery_key() or source.recovery_key()
    except DeviceRevoked:
        raise
    except SyncError as exc:
        log.info("could not fetch the recovery key: %s", type(exc).__name__)
        return False
    if council is None:
        return False
    try:
        return sealer.seal(council)
    except OSError as exc:
        log.warning("could not write the sealed copy of the key: %s", exc.strerror)
        return False
