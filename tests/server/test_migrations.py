"""The service's Alembic migrations: they build exactly the schema the models declare,
and upgrade a database that already holds data."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, column, insert, select, table

from server import admin
from server.db import (
    alembic_config,
    current_revision,
    head_revision,
    init_database,
    make_engine,
    session_factory,
)
from server.models import (
    CHANGE_COUNTER,
    Base,
    Counter,
    Device,
    Lockout,
    LoginFailure,
    Record,
    User,
)


def test_migrations_match_the_models(database_url: str) -> None:
    engine = init_database(database_url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        with engine.connect() as conn:
            assert conn.execute(select(Counter.value).where(
                Counter.name == CHANGE_COUNTER)).scalar_one() == 0
        init_database(database_url).dispose()  # again: nothing to do, nothing breaks
    finally:
        engine.dispose()


# user_account as it was before 0007 (the model's own table has columns added since).
USER_0004 = table("user_account", *(column(name) for name in (
    "username", "name", "role", "gcp2_trained", "password_hash", "created_at")))


def _upgrade_to(engine: Engine, revision: str) -> None:
    """Build the schema as it was at ``revision`` (to upgrade from with data in it)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_upgrade_keeps_data_from_the_first_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        _upgrade_to(engine, "0001")
        with engine.begin() as conn:
            conn.execute(insert(Record.__table__).values(
                entity="family", id="f-1", family_id="f-1", owner="w", version=1, seq=1,
                deleted=False, data={"town": "Widnes"}, updated_by="w"))
        init_database(database_url).dispose()
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert conn.execute(select(Record.data)).scalar_one() == {"town": "Widnes"}
    finally:
        engine.dispose()


def test_upgrade_numbers_the_devices_already_enrolled(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        _upgrade_to(engine, "0004")
        with engine.begin() as conn:
            conn.execute(insert(USER_0004).values(
                username="w", name="Synthetic Worker", role="worker", password_hash="x",
                gcp2_trained=False, created_at=dt.datetime(2026, 1, 1)))
            for device_id, day in [("d-later", 2), ("d-first", 1)]:
                conn.execute(insert(Device.__table__).values(
                    id=device_id, username="w", name=device_id, token_hash=device_id,
                    created_at=dt.datetime(2026, 1, day, tzinfo=dt.timezone.utc)))
        init_database(database_url).dispose()
        sessions = session_factory(engine)
        with sessions.begin() as s:
            user = s.get(User, "w")
            assert user is not None
            latest = admin.new_device(s, user, "Tablet")
        with engine.connect() as conn:
            numbers = dict(conn.execute(select(Device.id, Device.number)).all())
        assert numbers == {"d-first": 1, "d-later": 2, latest.device_id: 3}
        assert latest.device_number == 3
    finally:
        engine.dispose()


def test_upgrade_to_accounts_keeps_users_active_and_devices_unsynced(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        _upgrade_to(engine, "0005")
        with engine.begin() as conn:
            conn.execute(insert(USER_0004).values(
                username="w", name="Synthetic Worker", role="worker", password_hash="x",
                gcp2_trained=False, created_at=dt.datetime(2026, 1, 1)))
            conn.execute(insert(table("device", *(column(n) for n in (
                "id", "username", "name", "token_hash", "number", "created_at")))).values(
                id="d-1", username="w", name="Laptop", token_hash="t", number=1,
                created_at=dt.datetime(2026, 1, 2)))
        init_database(database_url).dispose()
        assert current_revision(engine) == head_revision() == "0007_accounts"
        sessions = session_factory(engine)
        with sessions() as s:
            user = s.get(User, "w")
            device = s.get(Device, "d-1")
            assert user is not None and user.active and user.deactivated_at is None
            assert device is not None and device.last_cursor is None
            assert device.last_sync_at is None and device.number == 1
        with sessions.begin() as s:  # the new tables take rows
            s.add(LoginFailure(username="w", address="127.0.0.1",
                               at=dt.datetime(2026, 1, 3, tzinfo=dt.timezone.utc)))
            s.add(Lockout(kind="account", subject="w", failures=5,
                          locked_at=dt.datetime(2026, 1, 3, tzinfo=dt.timezone.utc),
                          until=dt.datetime(2026, 1, 3, 0, 15, tzinfo=dt.timezone.utc)))
        with sessions() as s:
            assert s.get(Lockout, ("account", "w")).failures == 5
    finally:
        engine.dispose()
