"""Changing the passphrase *and* the database key, for a suspected compromise.

A plain passphrase change re-wraps the same database key, so an old copy of the key
file opens the database with the old passphrase. Here the database itself is
re-encrypted under a fresh key (SQLCipher's ``PRAGMA rekey`` on the open store), so an
old key file, with the old passphrase, opens nothing.

The steps, each safe to stop after (:mod:`app.store.key_change` settles it at the next
unlock): the new key file is written beside the old (``hearth.key.new``) with a new
sealed copy for the recovery key if there was one; the database is re-keyed (one
SQLCipher transaction); then both files move into place. Backup copies made before
migrations are encrypted under the old key: they are removed, since the same records are
in the re-keyed store and an old key file would open them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Engine

from app.store import key_change, vault
from app.store.caseload_store import Store, key_files
from app.store.vault import DatabaseKey

BACKUPS = "backups"


class RekeyStep:
    """Re-encrypts the database under ``key`` on one connection of the given engine."""

    def __init__(self, key: DatabaseKey) -> None:
        self._key = key

    def __call__(self, engine: Engine) -> None:
        with engine.connect() as conn:
            # Checkpoint first, so no page waits in the write-ahead log under the old key.
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            value = self._key.sqlcipher_pragma_value()
            conn.exec_driver_sql(f'PRAGMA rekey = "{value}"')
            conn.commit()
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _remove_old_backups(folder: Path) -> None:
    backups = folder / BACKUPS
    if backups.is_dir():
        shutil.rmtree(backups)


def rekey_store(store: Store, new_passphrase: str, current_passphrase: str | None = None) -> None:
    """Give the open ``store`` a fresh database key wrapped under ``new_passphrase``.

    ``current_passphrase``, if given, is checked first (WrongPassphrase, nothing changed).
    Run it on the store's thread: it waits for the unit of work under way.
    """
    files = key_files(store.folder)
    vault.check_passphrase_strength(new_passphrase)
    if current_passphrase is not None:
        vault.unwrap_key(files.key, current_passphrase)
    key = vault.new_database_key()
    sealed_for = vault.sealed_for(files.sealed)
    vault.write_key_file(files.pending, key, new_passphrase)
    if sealed_for is not None:
        vault.seal_for_recovery(files.sealed_pending, key, sealed_for)
    key_change.mark_changed(files)
    try:
        store.swap_key(RekeyStep(key), key)
    except BaseException:
        # Whichever key the database answers to now is the one kept.
        if key_change.key_opens_database(files.database, key):
            key_change.finish_pending(files)
        else:
            key_change.discard_pending(files)
            key_change.acknowledge_change(files)
        raise
    key_change.finish_pending(files)
    _remove_old_backups(store.folder)
