"""Creating, opening and closing a worker's encrypted caseload store.

A store is a folder holding ``hearth.db`` (SQLCipher) and ``hearth.key`` (the
wrapped database key, see :mod:`app.store.vault`). Opening derives the key, opens the
database with it, checks that it is a Hearth store and runs migrations (after a
backup copy). Nothing is created or overwritten by a failed open.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import (
    IncompleteStore,
    NotAHearthStore,
    StoreExists,
    StoreLocked,
    StoreMissing,
    ValidationFailed,
)
from app.store import key_change, vault
from app.store.building import building_folder, discard, move_into_place
from app.store.key_change import KeyFiles
from app.store.store_files import DB_NAME as DB_NAME
from app.store.store_files import KEY_NAME as KEY_NAME
from app.store.store_files import db_path as db_path
from app.store.store_files import key_path as key_path
from app.store.store_schema import (
    bring_up_to_date,
    check_current,
    folder_writable,
    migrate_with_backup,
)
from db.engine import make_engine, make_session_factory
from db.models import STORE_MARKER, StoreMeta

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
    # Trained (and so allowed) to use Graded Care Profile 2; stores written
    # before this existed load with False.
    gcp2_trained: bool = False

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def username_for(name: str) -> str:
    parts = [part.lower() for part in name.split() if part.isalnum() or part.isalpha()]
    return ".".join(parts) or "worker"


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


def key_files(folder: Path) -> KeyFiles:
    return KeyFiles(key_path(folder), db_path(folder))


def store_exists(folder: Path) -> bool:
    return key_path(folder).exists() or db_path(folder).exists()


class Store:
    """An open store: the engine, a session factory and the worker's profile.

    Services run inside :meth:`run`, one Session per unit of work. Only the
    store's worker thread should call it. :meth:`close` may come from any
    thread: it waits for the unit of work under way, so a connection is never
    closed beneath a running query (SQLCipher would crash the process).
    """

    def __init__(self, folder: Path, engine: Engine, profile: Profile) -> None:
        self.folder = Path(folder)
        self.engine: Engine | None = engine
        self._sessions: sessionmaker[Session] | None = make_session_factory(engine)
        self._in_use = threading.RLock()
        self._profile = profile
        self._former: set[Profile] = set()  # who the worker was before (enrolment renames)
        self.is_demo = False
        self.read_only = False  # opened from a folder it may not change (see open_store)
        # Held while open (for sealing it to the council's recovery key); dropped at close.
        self.database_key: vault.DatabaseKey | None = None
        # What the worker is told at unlock about an interrupted passphrase change.
        self.unlock_note = ""

    @property
    def profile(self) -> Profile:
        """The worker using this store: the one actor every write records."""
        return self._profile

    @profile.setter
    def profile(self, profile: Profile) -> None:
        if profile != self._profile:
            self._former.add(self._profile)
            self._former.discard(profile)
        self._profile = profile

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(session, *args)`` in one transaction. A profile among ``args`` that this
        store's worker had before (screens opened before enrolment still hold it) is
        replaced by the current one, so no write records a name the worker no longer has."""
        args = tuple(
            self._profile if isinstance(arg, Profile) and arg in self._former else arg
            for arg in args
        )
        with self._in_use:
            if self._sessions is None:
                raise StoreLocked()
            with self._sessions.begin() as session:
                return fn(session, *args)

    def close(self) -> None:
        """Dispose the engine: the key leaves memory with its connections."""
        with self._in_use:
            if self.engine is not None:
                self.engine.dispose()
            self.engine = None
            self._sessions = None
            self.database_key = None

    def swap_key(self, rekey: Callable[[Engine], None], key: vault.DatabaseKey) -> None:
        """Run ``rekey(engine)`` with no unit of work under way and no other connection
        open, then open the database with ``key`` from now on."""
        with self._in_use:
            if self.engine is None:
                raise StoreLocked()
            self.engine.dispose()
            rekey(self.engine)
            self.engine.dispose()
            self.engine = make_engine(db_path(self.folder), key.sqlcipher_pragma_value())
            self._sessions = make_session_factory(self.engine)
            self.database_key = key

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
    """Make a new store in ``folder`` (which must not hold one already).

    The store is built in a private folder beside ``folder`` and moved into place
    only when complete (:mod:`app.store.building`): a crash at any moment leaves
    either no store or a whole one.
    """
    folder = Path(folder)
    if store_exists(folder):
        raise StoreExists(f"There is already a store in {folder}; it was left as it is.")
    validate_profile(profile.name, profile.role, profile.team)
    vault.check_passphrase_strength(passphrase)
    building = building_folder(folder)
    try:
        key = _build_store(building, passphrase, profile, demo)
        move_into_place(building, folder, last=KEY_NAME)
    except BaseException:
        discard(building)
        raise
    store = Store(folder, make_engine(db_path(folder), key.sqlcipher_pragma_value()), profile)
    store.is_demo = demo
    store.database_key = key
    return store


def _build_store(
    folder: Path, passphrase: str, profile: Profile, demo: bool
) -> vault.DatabaseKey:
    """Write a complete, closed store into the (new, empty) ``folder``; its key."""
    key = vault.create_key_file(key_path(folder), passphrase)
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value())

    try:
        migrate_with_backup(engine, db_path(folder))
        with make_session_factory(engine).begin() as session:
            write_meta(session, "marker", STORE_MARKER)
            write_meta(session, "profile", json.dumps(asdict(profile)))
            write_meta(session, "demo", "1" if demo else "0")
    finally:
        # Closing the last connection folds the WAL into the database file, so
        # the folder holds just the database and the key file when it is moved.
        engine.dispose()
    return key


SQLITE_HEADER = b"SQLite format 3\x00"


def _check_database_file(folder: Path) -> None:
    """Refuse, before SQLCipher touches it, a database file that cannot be a store.

    An encrypted store's first bytes look random; a plain SQLite file starts with
    its well-known header, and an empty file would be turned into a new database.
    """
    path = db_path(folder)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError:
        raise NotAHearthStore(
            f"{DB_NAME} in {folder} cannot be read, so the store cannot be opened. "
            "Nothing was changed."
        ) from None
    if not head:
        raise NotAHearthStore(
            f"{DB_NAME} in {folder} is empty: it is not a Hearth store. Nothing was changed."
        )
    if head == SQLITE_HEADER:
        raise NotAHearthStore(
            f"{DB_NAME} in {folder} is an ordinary, unencrypted SQLite database, "
            "not a Hearth store. Nothing was changed."
        )


def open_store(folder: Path, passphrase: str) -> Store:
    """Unlock ``folder`` with ``passphrase``.

    Raises a :class:`HearthError` that says what is wrong; nothing is changed then.
    """
    folder = Path(folder)
    _check_store_files(folder)
    key, note = key_change.unlock_key(key_files(folder), passphrase)
    _check_database_file(folder)
    read_only = not folder_writable(folder, db_path(folder))
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value(), read_only=read_only)
    _check_marker(engine, folder)
    try:
        if read_only:
            check_current(engine)
        else:
            bring_up_to_date(engine, folder, db_path(folder))
        with make_session_factory(engine).begin() as session:
            facts = _read_meta(session)
        profile = _profile_from(facts.get("profile"), folder)
    except BaseException:
        engine.dispose()
        raise
    store = Store(folder, engine, profile)
    store.is_demo = facts.get("demo") == "1"
    store.database_key = key
    store.unlock_note = note
    store.read_only = read_only
    return store


def _check_store_files(folder: Path) -> None:
    """Refuse a folder without both of a store's files (its database and its key file)."""
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


def _check_marker(engine: Engine, folder: Path) -> None:
    """Refuse (and close ``engine``) a database the key does not open, or one that opens
    but is not a Hearth caseload store."""
    try:
        with engine.connect() as conn:
            tables = set(
                conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'").scalars()
            )
            marker = None
            if "store_meta" in tables:
                marker = conn.exec_driver_sql(
                    "SELECT value FROM store_meta WHERE key = 'marker'"
                ).scalar()
    except DatabaseError:
        engine.dispose()
        raise NotAHearthStore(
            f"{DB_NAME} in {folder} cannot be read with this key file: either it belongs to "
            f"a different key file, or it is damaged or not a Hearth store at all. "
            "Nothing was changed."
        ) from None
    if marker != STORE_MARKER and (not tables or "alembic_version" in tables):
        engine.dispose()
        raise IncompleteStore(
            f"{folder} holds a store whose making was interrupted: Hearth stopped while "
            "creating it, before any record was saved. Set it aside and start a new store; "
            "nothing was changed."
        )
    if marker != STORE_MARKER:
        engine.dispose()
        raise NotAHearthStore(
            f"{folder} opens, but it is not a Hearth caseload store. Nothing was changed."
        )


def _profile_from(text: str | None, folder: Path) -> Profile:
    try:
        data = json.loads(text or "")
        return Profile(
            **{name: str(data[name]) for name in ("name", "role", "team", "username")},
            gcp2_trained=data.get("gcp2_trained") is True,
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        raise NotAHearthStore(
            f"The store in {folder} opens, but the worker's profile in it is missing or damaged."
        ) from None


def change_passphrase(folder: Path, old: str, new: str) -> None:
    """Re-wrap the key under ``new``; call :func:`passphrase_change_told` once the worker
    has been told (until then the next unlock tells them)."""
    key_change.change_passphrase(key_files(folder), old, new)


def passphrase_change_told(folder: Path) -> None:
    key_change.acknowledge_change(key_files(folder))
