"""Runs the store's Alembic migrations at unlock, after a backup copy."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

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
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def backup_copy(engine: Engine, db_path: Path, label: str) -> Path:
    """Checkpoint the WAL into the main file and copy it (still encrypted) aside."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    folder = db_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{db_path.stem}-{label}-{stamp}{db_path.suffix}"
    shutil.copy2(db_path, target)
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
