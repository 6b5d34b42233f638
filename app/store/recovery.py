"""Organisation recovery: a store's key sealed to the council's recovery key, and a new
passphrase set with the council's private key when a worker has forgotten theirs.

Each device seals its database key to the council's public key (served by the central
service) when it connects and, for a store connected before recovery was set up, at its
next sync (:class:`StoreSealer`, used by the sync engine). IT, with the device in hand
and the council's private key file, run ``hearth recover`` (:func:`recover_store`): the
key is unsealed, checked against the database, and wrapped under the worker's new
passphrase. Every record and draft stays as it was; the database is not touched.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import NotAHearthStore, StoreMissing
from app.store import key_change, vault
from app.store.caseload_store import Store, db_path, key_files, key_path
from app.store.key_change import KeyFiles, key_opens_database
from app.store.recovery_seal import (
    NOTHING_CHANGED,
    RecoveryProblem,
    RecoveryPublicKey,
    load_private_key,
)
from app.store.vault import DatabaseKey


class StoreSealer:
    """Seals an open store's key to the council's recovery key, when it has no sealed
    copy for that key yet (what the sync engine and enrolment call)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def sealed_path(self) -> Path:
        return key_files(self._store.folder).sealed

    def needs_key(self) -> bool:
        """True when the store has no sealed copy (or a damaged one)."""
        return vault.sealed_for(self.sealed_path) is None

    def seal(self, council: RecoveryPublicKey) -> bool:
        """Seal the key to ``council`` unless it already is; True if a copy was written."""
        key = self._store.database_key
        if key is None:
            return False
        sealed = vault.sealed_for(self.sealed_path)
        if sealed is not None and sealed.fingerprint == council.fingerprint:
            return False
        vault.seal_for_recovery(self.sealed_path, key, council)
        return True


def _check_store(folder: Path) -> None:
    if not db_path(folder).exists() or not key_path(folder).exists():
        if not folder.is_dir() or not (db_path(folder).exists() or key_path(folder).exists()):
            raise StoreMissing(f"There is no Hearth store in {folder}. {NOTHING_CHANGED}")
        raise NotAHearthStore(
            f"{folder} does not hold both a database and a key file, so it cannot be "
            f"recovered. {NOTHING_CHANGED}"
        )


def _unsealed_key(files: KeyFiles, recovery_file: Path,
                  recovery_passphrase: str) -> tuple[DatabaseKey, Path]:
    """The key that opens the database and the sealed copy it came from (the store's,
    or after an interrupted re-key, its replacement)."""
    council_key = load_private_key(recovery_file, recovery_passphrase)
    candidates = [files.sealed] + ([files.sealed_pending] if files.sealed_pending.exists() else [])
    problem: RecoveryProblem | None = None
    for sealed in candidates:
        try:
            key = vault.unseal_for_recovery(sealed, council_key)
        except RecoveryProblem as exc:
            problem = problem or exc
            continue
        if key_opens_database(files.database, key):
            return key, sealed
        problem = problem or RecoveryProblem(
            f"The store's sealed copy of its key does not open its database (the two do not "
            f"belong together), so it cannot be recovered. {NOTHING_CHANGED}"
        )
    assert problem is not None
    raise problem


def recover_store(folder: Path, recovery_file: Path, recovery_passphrase: str,
                  new_passphrase: str) -> None:
    """Set ``new_passphrase`` on the store in ``folder`` with the council's private key in
    ``recovery_file``. Raises a HearthError (one sentence) and changes nothing if that
    cannot be done."""
    folder = Path(folder)
    _check_store(folder)
    vault.check_passphrase_strength(new_passphrase)
    files = key_files(folder)
    key, sealed = _unsealed_key(files, recovery_file, recovery_passphrase)
    vault.write_key_file(files.key, key, new_passphrase)
    # Whatever change was left part way is over: the recovered key is the one in force.
    if sealed != files.sealed:
        sealed.replace(files.sealed)
    key_change.discard_pending(files)
    key_change.acknowledge_change(files)
