"""The service's database: URL, engine, sessions, migrations and the change counter.

``HEARTH_DATABASE_URL`` chooses the database (``postgresql+psycopg://...`` in
production). Without it the service uses an embedded SQLite file in the
app-data folder (``HEARTH_SERVER_HOME`` moves it).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from db.plain_rows import plain_rows
from db.plain_writes import plain_insert
from server import record_rows
from server.fast_json import dumps_text
from server.models import CHANGE_COUNTER, Counter

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
log = logging.getLogger("hearth.server")


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
    # Only the service's user may look inside a folder the service makes; a folder that
    # already existed keeps the permissions its administrator gave it (the database
    # files in it are private to the service's user either way: see make_engine).
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{home / 'hearth-server.db'}"


# SQLite's files beside a database: the write-ahead log, its index, a rollback journal.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def make_private(database: Path) -> None:
    """Make an embedded database file, and the files SQLite keeps beside it, readable and
    writable by the service's user only (0600). The file is created that way before
    SQLite opens it, and SQLite gives the files it makes beside it the same permissions;
    files left by an older version are narrowed here. Nothing to do on Windows, where the
    user's profile folder is private already."""
    if os.name == "nt":
        return
    if not database.exists() and database.parent.is_dir():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
    for path in (database, *(Path(f"{database}{end}") for end in SQLITE_COMPANIONS)):
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        except FileNotFoundError:
            continue
        except OSError as exc:  # e.g. another user's file: say so, and carry on
            log.warning("could not make %s private to this user: %s", path, exc.strerror)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several types here
        raise DatabaseError(f"The database address is not valid: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
            make_private(Path(parsed.database))
        # hide_parameters: an error's text never quotes the values (families' records).
        engine = create_engine(
            parsed, connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True, json_serializer=dumps_text,
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
            # One that only reads (read_only_snapshot) takes no lock: in WAL mode it
            # reads its snapshot beside the writer.
            only_reads = conn.get_execution_options().get(_ONLY_READS)
            conn.exec_driver_sql("BEGIN" if only_reads else "BEGIN IMMEDIATE")

        return engine
    try:
        engine = create_engine(
            parsed, pool_size=10, max_overflow=40, pool_recycle=1800, hide_parameters=True,
            json_serializer=dumps_text,
        )
    except Exception as exc:  # noqa: BLE001 - e.g. a missing driver
        raise DatabaseError(f"Cannot use the database: {exc}") from None
    # New rows the ORM flushes together (a push's new records, its conflicts) go as one
    # statement of many VALUES, as SQLAlchemy does on SQLite, rather than psycopg's
    # pipeline of one statement a row (which costs the service more CPU for the few rows
    # of a push). History and applied-op rows go their own way (insert_rows).
    engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


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
    factory = sessionmaker(engine, expire_on_commit=False, info={_ROWS_ON_COMMIT: True})
    event.listen(factory, "before_commit", write_rows)
    event.listen(factory, "before_commit", _number_changes)
    # A push's records, last: numbered by now on SQLite (server.record_rows).
    event.listen(factory, "before_commit", record_rows.write_records)
    event.listen(factory, "after_commit", _forget_numbers)
    event.listen(factory, "after_transaction_end", _forget_changes)
    return factory


def read_in_one_snapshot(session: Session) -> None:
    """Make the session's transaction read one snapshot on PostgreSQL (REPEATABLE READ), so
    a pull's page, cursor and scope digest agree; SQLite transactions are serialised anyway."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def statements_on_their_own(session: Session) -> None:
    """On PostgreSQL, run the session's statements without a transaction around them, each
    committed as it runs: for a request that only reads, then writes its audit row, this
    saves the BEGIN and the COMMIT, two of its five round trips to the database. (SQLite's
    transactions cost no round trip.)"""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


_ONLY_READS = "hearth_only_reads"


def read_only_snapshot(session: Session) -> None:
    """Make the session's transaction one that only reads, from one snapshot, holding no
    writer up: REPEATABLE READ on PostgreSQL; on SQLite, a transaction begun without the
    write lock every other one takes at its start."""
    if session.get_bind().dialect.name == "postgresql":
        read_in_one_snapshot(session)
    else:
        session.connection(execution_options={_ONLY_READS: True})


# ---------------------------------------------------------------------------
# Rows written in bulk
#
# Rows that a transaction only adds and never changes again (a record's history, the
# ops it took) are gathered as plain values and written with one INSERT of many rows
# per table, not one ORM object each through the unit of work: what makes an object
# (state tracking, identity map, the flush's dependency sort) costs more than the row.

_ROWS_ON_COMMIT = "hearth_rows_on_commit"
_ROWS = "hearth_rows_to_write"


def insert_later(session: Session, table: Any, row: dict[str, Any]) -> None:
    """Insert ``row`` into ``table`` (a model class) by the time the session commits, with
    the other rows waiting for that table (or at once, in a session not made by
    :func:`session_factory`, which has nobody to write them at its commit)."""
    if not rows_written_at_commit(session):
        insert_rows(session, table, [row])
        return
    session.info.setdefault(_ROWS, {}).setdefault(table, []).append(row)


def rows_written_at_commit(session: Session) -> bool:
    """Whether rows left waiting are written when ``session`` commits (a session made by
    :func:`session_factory`)."""
    return bool(session.info.get(_ROWS_ON_COMMIT))


def write_rows(session: Session, table: Any = None) -> None:
    """Write the rows waiting for ``table`` (every table when None) now: before a query
    that must see them, and when the session commits."""
    waiting: dict[Any, list[dict[str, Any]]] | None = session.info.get(_ROWS)
    if not waiting:
        return
    for model in [table] if table is not None else list(waiting):
        rows = waiting.pop(model, None)
        if rows:
            insert_rows(session, model, rows)


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) into ``table`` (a model class) in the
    session's transaction: one statement of many VALUES, sent to the database driver
    as compiled once (db.plain_writes)."""
    plain_insert(session.connection(), table.__table__, rows)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory.begin() as session:
        yield session


# ---------------------------------------------------------------------------
# The change counter
#
# Every accepted change (a record's new version, a family leaving someone's
# scope) gets the next number of one counter; pulls read changes in that order
# from a cursor. Numbers are given as the very last step of a transaction, under
# the counter row's lock, which the COMMIT releases: so numbers become visible in
# order and a pull never skips a change that commits late, while writers hold
# the lock for a moment rather than their whole transaction (two pushes to
# different records run side by side; two pushes to the same record queue on its
# row lock).
#
# Until then a change carries a provisional number below zero, in the order it
# was handed in. On PostgreSQL the COMMIT itself numbers them (a deferred trigger,
# migration 0004), so the lock is held only inside the database; on SQLite, which
# has one writer at a time, the service numbers them just before the COMMIT.

_WAITING = "hearth_changes_waiting_for_numbers"
_HANDED = "hearth_changes_handed_in"
_NUMBERED_BY_DATABASE = "hearth_changes_numbered_by_database"


class Numbered(Protocol):
    seq: int


def numbers_in_database(session: Session) -> bool:
    """Whether the database numbers changes as it commits (PostgreSQL, migration 0004)."""
    return session.get_bind().dialect.name == "postgresql"


def number_on_commit(session: Session, change: Numbered) -> None:
    """Give ``change`` (a Record or a ScopeEvent) the next change number when the
    session commits; numbers follow the order changes were handed in (a change
    handed in again goes to the end)."""
    handed = session.info.get(_HANDED, 0) + 1
    session.info[_HANDED] = handed
    change.seq = -handed
    session.info.setdefault(_WAITING, {})[id(change)] = change


def reserve_numbers(session: Session, count: int) -> int:
    """Take ``count`` numbers from the counter (locking its row to commit); return the first."""
    top = session.execute(
        update(Counter)
        .where(Counter.name == CHANGE_COUNTER)
        .values(value=Counter.value + count)
        .returning(Counter.value)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if top is None:  # a database made before the counter row existed
        session.add(Counter(name=CHANGE_COUNTER, value=count))
        session.flush()
        top = count
    return int(top) - count + 1


def _number_changes(session: Session) -> None:
    waiting = session.info.pop(_WAITING, None)
    session.info.pop(_HANDED, None)
    if not waiting:
        return
    if numbers_in_database(session):
        # The COMMIT numbers them; afterwards their numbers are read again if asked for.
        session.info[_NUMBERED_BY_DATABASE] = list(waiting.values())
        return
    changes = sorted(waiting.values(), key=lambda change: -change.seq)  # as handed in
    first = reserve_numbers(session, len(changes))
    for offset, change in enumerate(changes):
        change.seq = first + offset
    session.flush()


def _forget_numbers(session: Session) -> None:
    for change in session.info.pop(_NUMBERED_BY_DATABASE, ()):
        if not isinstance(change, record_rows.RecordRow):  # (a push's rows are done with)
            session.expire(change, ["seq"])


def _forget_changes(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # committed, rolled back or closed: nothing waits now
        for key in (_WAITING, _HANDED, _NUMBERED_BY_DATABASE, _ROWS):
            session.info.pop(key, None)
        record_rows.forget(session)


_CURRENT_SEQ = select(Counter.value).where(Counter.name == CHANGE_COUNTER)


def current_seq(session: Session) -> int:
    # Read by every pull: as the driver's row (db.plain_rows).
    found = plain_rows(session.connection(), _CURRENT_SEQ)
    return int(found[0][0] or 0) if found else 0
