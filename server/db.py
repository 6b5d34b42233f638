"""The service's database: URL, engine, sessions, migrations and the change counter.

``HEARTH_DATABASE_URL`` chooses the database (``postgresql+psycopg://...`` in
production). Without it the service uses an embedded SQLite file in the
app-data folder (``HEARTH_SERVER_HOME`` moves it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from server.models import CHANGE_COUNTER, Counter

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseError(RuntimeError):
    """The database cannot be used (bad URL, unreachable, not initialised)."""


def server_home() -> Path:
    env = os.environ.get("HEARTH_SERVER_HOME")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("Hearth", appauthor=False)) / "server"


def default_database_url() -> str:
    env = os.environ.get("HEARTH_DATABASE_URL")
    if env:
        return env
    home = server_home()
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home / 'hearth-server.db'}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several types here
        raise DatabaseError(f"The database address is not valid: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            parsed, connect_args={"timeout": 30, "check_same_thread": False}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy (below) decide when transactions begin.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # One writer at a time, taken at the start: a transaction never
            # upgrades from reading to writing (which SQLite answers with "busy").
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        return create_engine(parsed, pool_size=10, max_overflow=40, pool_recycle=1800)
    except Exception as exc:  # noqa: BLE001 - e.g. a missing driver
        raise DatabaseError(f"Cannot use the database: {exc}") from None


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Create or upgrade the service's schema (idempotent)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def init_database(url: str) -> Engine:
    """Open the database at ``url`` and bring its schema up to date."""
    engine = make_engine(url)
    try:
        migrate(engine)
    except DatabaseError:
        raise
    except Exception as exc:  # noqa: BLE001 - driver errors: show one clear line
        engine.dispose()
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(f"Cannot open or upgrade the database: {first}") from None
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory.begin() as session:
        yield session


def _locked_counter(session: Session) -> Counter:
    """The change counter row, locked for this transaction (fetched once per transaction)."""
    transaction = session.get_transaction()
    cached = session.info.get("change_counter")
    if cached is not None and cached[0] is transaction:
        return cached[1]
    row = session.execute(
        select(Counter).where(Counter.name == CHANGE_COUNTER).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        row = Counter(name=CHANGE_COUNTER, value=0)
        session.add(row)
        session.flush()
    session.info["change_counter"] = (transaction, row)
    return row


def next_seq(session: Session, count: int = 1) -> int:
    """Reserve ``count`` change sequence numbers; return the first.

    The counter row stays locked until the transaction ends, so writers are
    serialised and sequence numbers commit in order.
    """
    row = _locked_counter(session)
    first = row.value + 1
    row.value = row.value + count
    return first


def lock_changes(session: Session) -> None:
    """Take the change lock now (before reading records that this transaction will change)."""
    _locked_counter(session)


def current_seq(session: Session) -> int:
    value = session.execute(
        select(Counter.value).where(Counter.name == CHANGE_COUNTER)
    ).scalar_one_or_none()
    return int(value or 0)
