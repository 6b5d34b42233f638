"""Creating, opening and closing a worker's encrypted caseload store.

A store is a folder holding ``hearth.db`` (SQLCipher) and ``hearth.key`` (the
wrapped database key, see :mod:`app.vault`). Opening derives the key, opens the
database with it, checks that it is a Hearth store and runs migrations (after a
backup copy). Nothing is created or overwritten by a failed open.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app import vault
from app.errors import NotAHearthStore, StoreExists, StoreMissing, ValidationFailed
from db.engine import make_engine, make_session_factory
from db.migrate import migrate_with_backup
from db.models import STORE_MARKER, StoreMeta

DB_NAME = "hearth.db"
KEY_NAME = "hearth.key"

ROLES = {
    "family_support_worker": "Family support worker",
    "health_visitor": "Health visitor",
    "team_lead": "Team lead",
    "administrator": "Administrator",
}

T = TypeVar("T")


@dataclass(frozen=True)
class Profile:
    """The worker this store belongs to; also the actor recorded on every change."""

    name: str
    role: str
    team: str
    username: str

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def username_for(name: str) -> str:
    return ".".join(part.lower() for part in name.split() if part.isalnum() or part.isalpha()) or "worker"


def validate_profile(name: str, role: str, team: str) -> None:
    problems = {}
    if not name.strip():
        problems["name"] = "Enter your name."
    if role not in ROLES:
        problems["role"] = "Choose your role."
    if not team.strip():
        problems["team"] = "Enter your team."
    if problems:
        raise ValidationFailed(problems)


def db_path(folder: Path) -> Path:
    return Path(folder) / DB_NAME


def key_path(folder: Path) -> Path:
    return Path(folder) / KEY_NAME


def store_exists(folder: Path) -> bool:
    return key_path(folder).exists() or db_path(folder).exists()


class Store:
    """An open store: the engine, a session factory and the worker's profile.

    Services run inside :meth:`run`, one Session per unit of work. Only the
    store's worker thread should call it.
    """

    def __init__(self, folder: Path, engine: Engine, profile: Profile) -> None:
        self.folder = Path(folder)
        self.engine: Engine | None = engine
        self._sessions: sessionmaker[Session] | None = make_session_factory(engine)
        self.profile = profile
        self.is_demo = False

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._sessions is None:
            from app.errors import StoreLocked

            raise StoreLocked()
        with self._sessions.begin() as session:
            return fn(session, *args)

    def close(self) -> None:
        """Dispose the engine: the key leaves memory with its connections."""
        if self.engine is not None:
            self.engine.dispose()
        self.engine = None
        self._sessions = None

    @property
    def is_open(self) -> bool:
        return self._sessions is not None


def _read_meta(session: Session) -> dict[str, str]:
    return {row.key: row.value for row in session.scalars(select(StoreMeta))}


def write_meta(session: Session, key: str, value: str) -> None:
    row = session.get(StoreMeta, key)
    if row is None:
        session.add(StoreMeta(key=key, value=value))
    else:
        row.value = value


def read_meta(session: Session, key: str, default: str = "") -> str:
    row = session.get(StoreMeta, key)
    return default if row is None else row.value


def create_store(folder: Path, passphrase: str, profile: Profile, *, demo: bool = False) -> Store:
    """Make a new store in ``folder`` (which must not hold one already)."""
    folder = Path(folder)
    if store_exists(folder):
        raise StoreExists(f"There is already a store in {folder}; it was left as it is.")
    validate_profile(profile.name, profile.role, profile.team)
    vault.check_passphrase_strength(passphrase)
    folder.mkdir(parents=True, exist_ok=True)
    key = vault.create_key_file(key_path(folder), passphrase)
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value())
    migrate_with_backup(engine, db_path(folder))
    store = Store(folder, engine, profile)
    store.is_demo = demo

    def init(session: Session) -> None:
        write_meta(session, "marker", STORE_MARKER)
        write_meta(session, "profile", json.dumps(asdict(profile)))
        write_meta(session, "demo", "1" if demo else "0")

    store.run(init)
    return store


def open_store(folder: Path, passphrase: str) -> Store:
    """Unlock ``folder`` with ``passphrase``; raise a :class:`HearthError` that says what is wrong."""
    folder = Path(folder)
    if not folder.is_dir() or not store_exists(folder):
        raise StoreMissing(f"There is no Hearth store in {folder}.")
    if not db_path(folder).exists():
        raise NotAHearthStore(
            f"{folder} has a key file but no database ({DB_NAME}); nothing was changed."
        )
    if not key_path(folder).exists():
        raise NotAHearthStore(
            f"{folder} has a database but no key file ({KEY_NAME}), so it cannot be opened. "
            "Restore the key file from a backup; nothing was changed."
        )
    key = vault.unwrap_key(key_path(folder), passphrase)
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value())
    try:
        with engine.connect() as conn:
            tables = set(
                r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            )
            marker = None
            if "store_meta" in tables:
                marker = conn.exec_driver_sql(
                    "SELECT value FROM store_meta WHERE key = 'marker'"
                ).scalar()
    except DatabaseError:
        engine.dispose()
        raise NotAHearthStore(
            f"{db_path(folder).name} in {folder} is not a Hearth store, or does not belong to "
            "this key file. Nothing was changed."
        ) from None
    if marker != STORE_MARKER:
        engine.dispose()
        raise NotAHearthStore(
            f"{folder} opens, but it is not a Hearth caseload store. Nothing was changed."
        )
    migrate_with_backup(engine, db_path(folder))
    meta = make_session_factory(engine)
    with meta.begin() as session:
        facts = _read_meta(session)
    profile = Profile(**json.loads(facts["profile"]))
    store = Store(folder, engine, profile)
    store.is_demo = facts.get("demo") == "1"
    return store


def change_passphrase(folder: Path, old: str, new: str) -> None:
    vault.change_passphrase(key_path(folder), old, new)
