"""Runs the store's Alembic migrations at unlock, after a backup copy."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

import migrations

MIGRATIONS_DIR = Path(migrations.__file__).parent


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revision(revision: str) -> bool:
    """Whether this version of Hearth has the migration ``revision`` (a newer one may not)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown revision
        return False


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` as ONE transaction: all or nothing.

    The Python sqlite driver does not put DDL in a transaction by itself, so a
    migration failing half way would leave tables made and the revision not
    recorded, and every later unlock would fail. Here the transaction is begun
    explicitly, so a failure rolls every statement back. Foreign keys are off
    while tables are rebuilt (batch mode copies and drops them; SQLite ignores
    this pragma inside a transaction, so it is set before), and checked before
    committing.
    """
    cfg = alembic_config()
    with engine.connect() as conn:
        dbapi: Any = conn.connection.dbapi_connection
        previous = dbapi.isolation_level
        # The driver stops starting (and committing) transactions on its own;
        # BEGIN is issued here, and COMMIT or ROLLBACK when the block ends.
        dbapi.isolation_level = None
        try:
            _pragma(dbapi, "PRAGMA foreign_keys = OFF")
            with conn.begin():
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(
                        f"the migration to {revision} left {len(broken)} broken references"
                    )
        finally:
            _pragma(dbapi, "PRAGMA foreign_keys = ON")
            dbapi.isolation_level = previous


def _pragma(dbapi: Any, statement: str) -> None:
    cursor = dbapi.cursor()
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


class BackupFailed(RuntimeError):
    """A complete backup copy could not be made, so the store was not migrated."""


def backup_copy(engine: Engine, db_path: Path, label: str) -> Path:
    """Checkpoint the WAL into the main file and copy it (still encrypted) aside.

    The copy is refused (:class:`BackupFailed`) unless the checkpoint moved every
    committed page into the main file: otherwise it would silently miss changes
    still held in the WAL (another connection reading the store can block that).
    The copy is written under a temporary name and renamed when complete, and
    never replaces an earlier backup.
    """
    with engine.connect() as conn:
        busy, wal_pages, moved = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy or wal_pages != moved:
        raise BackupFailed(
            "the store is in use elsewhere (another Hearth window?), so a complete backup "
            "could not be made"
        )
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)  # only this user may look inside
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{db_path.stem}-{label}-{stamp}{db_path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db_path.stem}-{label}-{stamp}-{n}{db_path.suffix}"
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copy2(db_path, partial)
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def migrate_with_backup(engine: Engine, db_path: Path) -> Path | None:
    """Bring the store to the newest schema; back it up first if it holds data.

    Returns the backup's path when one was made.
    """
    current = current_revision(engine)
    if current == head_revision():
        return None
    backup = None
    if current is not None or inspect(engine).get_table_names():
        backup = backup_copy(engine, db_path, f"before-{current or 'unversioned'}")
    upgrade(engine)
    return backup
