"""Changing the passphrase, and finishing or undoing a change that was interrupted.

The files beside the store (:class:`KeyFiles`): ``hearth.key`` (the wrapped key),
``hearth.key.new`` (a new key file written, not yet in place), ``hearth.key.changed``
(a change applied that the worker has not yet been told about; no secrets, only
when), ``hearth.key.recovery`` and ``hearth.key.recovery.new`` (the sealed copy for
the council's recovery key, and its replacement during a re-key).

A change writes ``hearth.key.new`` and then moves it into place; a re-key
(:mod:`app.store.rekey`) re-encrypts the database in between. If the computer stops
part way, the next unlock (:func:`unlock_key`) settles it with the passphrase the
worker types, and says which passphrase is in force.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from app.errors import HearthError, KeyFileDamaged, WrongPassphrase
from app.store import vault
from app.store.vault import DatabaseKey
from db.engine import make_engine

NEW_IN_FORCE = "Your new passphrase is now in force: use it from now on."
OLD_IN_FORCE = (
    "A change of passphrase was interrupted before it took effect, so your previous "
    "passphrase is still in force."
)


@dataclass(frozen=True)
class KeyFiles:
    """The key files of the store whose key file is ``key``."""

    key: Path
    database: Path

    @property
    def pending(self) -> Path:
        return self.key.with_name(self.key.name + ".new")

    @property
    def changed(self) -> Path:
        return self.key.with_name(self.key.name + ".changed")

    @property
    def sealed(self) -> Path:
        return self.key.with_name(self.key.name + ".recovery")

    @property
    def sealed_pending(self) -> Path:
        return self.sealed.with_name(self.sealed.name + ".new")


def key_opens_database(database: Path, key: DatabaseKey) -> bool:
    """Whether ``key`` opens the database (read only; the file is not changed)."""
    engine = make_engine(database, key.sqlcipher_pragma_value())
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        return True
    except DatabaseError:
        return False
    finally:
        engine.dispose()


def finish_pending(files: KeyFiles) -> None:
    """Move the new key file (and new sealed copy, if any) into place."""
    if files.sealed_pending.exists():
        os.replace(files.sealed_pending, files.sealed)
    os.replace(files.pending, files.key)


def discard_pending(files: KeyFiles) -> None:
    files.pending.unlink(missing_ok=True)
    files.sealed_pending.unlink(missing_ok=True)


def mark_changed(files: KeyFiles) -> None:
    """Note that a change is being applied, until the worker has been told of it."""
    files.changed.write_text(json.dumps({"changed_at": dt.datetime.now(dt.UTC).isoformat()}))


def acknowledge_change(files: KeyFiles) -> None:
    """The worker has been told their new passphrase is in force."""
    files.changed.unlink(missing_ok=True)


def change_passphrase(files: KeyFiles, old: str, new: str) -> None:
    """Re-wrap the same database key under ``new``; the worker is told by the caller,
    which then calls :func:`acknowledge_change` (or the next unlock tells them)."""
    vault.check_passphrase_strength(new)
    vault.unwrap_key(files.key, old)
    mark_changed(files)
    try:
        vault.change_passphrase(files.key, old, new)
    except BaseException:
        acknowledge_change(files)
        raise


def _try_unwrap(path: Path, passphrase: str) -> DatabaseKey | None:
    try:
        return vault.unwrap_key(path, passphrase)
    except (WrongPassphrase, KeyFileDamaged):
        return None


def _settle_pending(files: KeyFiles, passphrase: str) -> tuple[DatabaseKey, str]:
    """Unlock with a change left part way: finish it or undo it, by what the database
    itself says (the key that opens it is the one in force)."""
    pending = _try_unwrap(files.pending, passphrase)
    if pending is not None and key_opens_database(files.database, pending):
        finish_pending(files)
        acknowledge_change(files)
        return pending, NEW_IN_FORCE
    current = _try_unwrap(files.key, passphrase)
    if current is not None and key_opens_database(files.database, current):
        discard_pending(files)
        acknowledge_change(files)
        return current, OLD_IN_FORCE
    if pending is not None:
        discard_pending(files)
        raise HearthError(OLD_IN_FORCE + " Unlock with that one.")
    if current is not None:
        raise HearthError(
            "A change of passphrase and database key was interrupted after the database "
            "was re-encrypted: unlock with your new passphrase. Nothing was changed."
        )
    raise WrongPassphrase()


def unlock_key(files: KeyFiles, passphrase: str) -> tuple[DatabaseKey, str]:
    """The database key for ``passphrase``, and a note for the worker ('' if none)
    about a passphrase change that was interrupted or not yet told."""
    if files.pending.exists():
        return _settle_pending(files, passphrase)
    files.sealed_pending.unlink(missing_ok=True)  # a re-key that never began
    try:
        key = vault.unwrap_key(files.key, passphrase)
    except WrongPassphrase:
        if files.changed.exists():
            raise WrongPassphrase(
                "That passphrase is not right for this store. Your passphrase was changed "
                "recently (Hearth closed before saying so): try your new passphrase. "
                "Nothing was changed."
            ) from None
        raise
    if files.changed.exists():
        acknowledge_change(files)
        return key, NEW_IN_FORCE
    return key, ""
