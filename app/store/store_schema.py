"""The store's schema at unlock: brought up to date (backed up first), refused when a
newer Hearth wrote it, and left as it is when the store may only be read."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine

from app.errors import HearthError, NotAHearthStore, StoreNotWritable
from db.schema_revision import is_newest

# db.migrate (Alembic) is imported only when a store is not at the newest revision:
# it costs a fifth of a second, and a store that is up to date needs none of it.


def folder_writable(folder: Path, db: Path) -> bool:
    """Whether this process may change the store's files (a store on a read-only folder
    or file opens read-only: it says so, and refuses every change up front)."""
    journals = (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))
    files = [folder, db, *(p for p in journals if p.exists())]
    return all(os.access(path, os.W_OK) for path in files)


def check_current(engine: Engine) -> None:
    """A read-only store can be read only if it needs no update."""
    if is_newest(engine):
        return
    from db.migrate import current_revision, head_revision

    if current_revision(engine) != head_revision():
        raise StoreNotWritable()


def bring_up_to_date(engine: Engine, folder: Path, db: Path) -> None:
    """Migrate the store to this version's schema (backing it up first), saying plainly
    what went wrong if that cannot be done."""
    if is_newest(engine):
        return
    from db.migrate import BackupFailed

    check_revision(engine, folder)
    try:
        migrate_with_backup(engine, db)
    except BackupFailed as exc:
        raise HearthError(
            f"The store in {folder} needs updating for this version of Hearth, but {exc}. "
            "Close any other Hearth window and unlock again; nothing was changed."
        ) from exc
    except Exception as exc:
        raise HearthError(
            f"The store in {folder} could not be brought up to date for this version of "
            f"Hearth ({type(exc).__name__}). Nothing in it was changed, and a copy from "
            "before the attempt is in its backups folder. Please tell your administrator."
        ) from exc


def migrate_with_backup(engine: Engine, db: Path) -> Path | None:
    """:func:`db.migrate.migrate_with_backup`, importing Alembic only now."""
    from db import migrate

    return migrate.migrate_with_backup(engine, db)


def check_revision(engine: Engine, folder: Path) -> None:
    """A store written by a newer Hearth cannot be opened (or migrated) by this one."""
    from db.migrate import current_revision, known_revision

    current = current_revision(engine)
    if current is not None and not known_revision(current):
        raise NotAHearthStore(
            f"The store in {folder} was last used by a newer version of Hearth "
            f"(schema {current}). Update Hearth to open it; nothing was changed."
        )
