"""The service's Alembic migrations: they build exactly the schema the models declare,
and upgrade a database that already holds data."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, column, insert, select, table

from db.models import UTCDateTime
from server import admin, sync_service
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
    LEGACY_DEVICE,
    AppliedOp,
    Base,
    Conflict,
    Counter,
    Device,
    Lockout,
    LoginFailure,
    Record,
    User,
)
from server.push_op import PushOp
from server.scope import Caller


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
                    created_at=dt.datetime(2026, 1, day, tzinfo=dt.UTC)))
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


def test_upgrade_keeps_applied_ops_and_conflicts_from_before_custody(database_url: str) -> None:
    """0005 -> 0006_custody: an op taken before is still answered "duplicate" to its own
    user, another user's op with the same id is taken, and old conflicts name their maker."""
    engine = make_engine(database_url)
    raised = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    try:
        _upgrade_to(engine, "0005")
        team = sa.table("team", sa.column("name", sa.String), sa.column("created_at", UTCDateTime))
        user = sa.table("user_account", *(sa.column(c, sa.String) for c in (
            "username", "name", "role", "team", "password_hash")), sa.column("gcp2_trained"),
            sa.column("created_at", UTCDateTime))
        applied = sa.table("applied_op", sa.column("op_id", sa.String),
                           sa.column("username", sa.String), sa.column("result", sa.JSON),
                           sa.column("at", UTCDateTime))
        conflict = sa.table("conflict", *(sa.column(c, sa.String) for c in (
            "id", "entity", "record_id", "family_id", "field", "reason", "status",
            "raised_by")), sa.column("local_value", sa.JSON), sa.column("created_at", UTCDateTime))
        with engine.begin() as conn:
            conn.execute(insert(team).values(name="North", created_at=raised))
            for name in ("w", "v"):
                conn.execute(insert(user).values(username=name, name="Synthetic", role="worker",
                                                 team="North", password_hash="x",
                                                 gcp2_trained=False, created_at=raised))
            conn.execute(insert(applied).values(op_id="op-1", username="w", at=raised, result={
                "op_id": "op-1", "status": "applied", "version": 1, "conflicts": [],
                "reason": None}))
            conn.execute(insert(conflict).values(
                id="c-1", entity="person", record_id="p-1", family_id="f-1", field="given_name",
                reason="conflict", status="open", raised_by="w", local_value="Synthetic",
                created_at=raised))
        init_database(database_url).dispose()
        assert current_revision(engine) == head_revision()
        sessions = session_factory(engine)
        with sessions.begin() as s:
            old = s.get(Conflict, "c-1")
            assert old is not None and (old.made_by, old.made_at) == ("w", raised)
            users = {name: s.get(User, name) for name in ("w", "v")}
            devices = {name: admin.new_device(s, user, "Tablet")
                       for name, user in users.items() if user is not None}
        family = PushOp(op_id="op-1", entity="family", id="f-2", family_id="f-2",
                        base_version=None, fields={"reference": "F-1"})
        with sessions.begin() as s:
            again = sync_service.push(s, Caller("w", "worker", "North",
                                                devices["w"].device_id), [family])
        assert again.results[0]["status"] == "duplicate"
        with sessions.begin() as s:
            taken = sync_service.push(s, Caller("v", "worker", "North",
                                                devices["v"].device_id), [family])
        assert taken.results[0]["status"] == "applied"
        with engine.connect() as conn:
            keys = sorted(conn.execute(select(AppliedOp.device_id, AppliedOp.op_id)).all())
        assert [tuple(k) for k in keys] == sorted([(LEGACY_DEVICE, "op-1"),
                                                   (devices["v"].device_id, "op-1")])
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
                               at=dt.datetime(2026, 1, 3, tzinfo=dt.UTC)))
            s.add(Lockout(kind="account", subject="w", failures=5,
                          locked_at=dt.datetime(2026, 1, 3, tzinfo=dt.UTC),
                          until=dt.datetime(2026, 1, 3, 0, 15, tzinfo=dt.UTC)))
        with sessions() as s:
            assert s.get(Lockout, ("account", "w")).failures == 5
    finally:
        engine.dispose()
