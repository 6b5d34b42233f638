"""The files of a store, by name: what can be said about a store folder before anything
opens it (and before SQLAlchemy is imported: the unlock dialog shows without it)."""

from __future__ import annotations

from pathlib import Path

DB_NAME = "hearth.db"
KEY_NAME = "hearth.key"


def db_path(folder: Path) -> Path:
    return Path(folder) / DB_NAME


def key_path(folder: Path) -> Path:
    return Path(folder) / KEY_NAME
