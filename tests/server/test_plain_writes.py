"""``db.plain_writes`` writes what SQLAlchemy would, converting each value by its column's
type (a UTC instant given in another zone is stored as the naive UTC the column holds),
in the caller's transaction, on SQLite and on PostgreSQL; and the service's per-request
statements sent that way (the audit row, a pull's note of the device's cursor) do what
they did through SQLAlchemy."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db import plain_writes
from db.plain_writes import plain_write
from server import admin
from server.db import init_database, insert_rows, session_factory
from server.endpoints import AUDIT_ROW, collided
from server.models import AppliedOp, AuditLog, Device, RecordHistory
from server.sync_api import NOTE_SYNCED, SYNC_STALE

ELSEWHERE = dt.timezone(dt.timedelta(hours=5, minutes=30))


def audit_values(at: dt.datetime, detail: str) -> dict[str, object]:
    return {"at": at, "username": "alice", "device_id": None, "method": "GET",
            "path": "/api/v1/sync/conflicts", "status": 200, "detail": detail}


def test_a_plain_write_stores_what_sqlalchemy_stores(migrated_database_url: str) -> None:
    engine = init_database(migrated_database_url)
    try:
        at = dt.datetime(2026, 3, 29, 6, 30, 5, 120, tzinfo=ELSEWHERE)  # 01:00:05 UTC
        with session_factory(engine)() as session:
            session.connection().execute(AUDIT_ROW, audit_values(at, "through SQLAlchemy"))
            written = plain_write(session.connection(), AUDIT_ROW, audit_values(at, "plain"))
            assert written == 1
            rows = session.execute(select(AuditLog.at, AuditLog.detail, AuditLog.username)
                                   .order_by(AuditLog.pk)).all()
            assert [tuple(row) for row in rows] == [
                (at, "through SQLAlchemy", "alice"), (at, "plain", "alice")]
            assert rows[1].at.astimezone(dt.UTC).hour == 1
            # As stored: both the same text or timestamp, so they sort and compare alike.
            stored = session.connection().exec_driver_sql(
                "SELECT at FROM audit_log ORDER BY pk").scalars().all()
            assert stored[0] == stored[1]
            session.rollback()
    finally:
        engine.dispose()


def test_the_note_of_a_pull_writes_only_when_the_cursor_moved_or_is_stale(
        migrated_database_url: str) -> None:
    engine = init_database(migrated_database_url)
    try:
        sessions = session_factory(engine)
        with sessions.begin() as session:
            admin.add_team(session, "North")
            admin.add_user(session, "alice", name="Alice (synthetic)", role="worker",
                           team="North", password="correct horse battery")
            session.add(Device(id="d1", username="alice", name="laptop", token_hash="h"))
        now = dt.datetime.now(dt.UTC)
        with sessions.begin() as session:
            def note(cursor: int, at: dt.datetime) -> int:
                return plain_write(session.connection(), NOTE_SYNCED, {
                    "device": "d1", "reached": cursor, "now": at, "stale": at - SYNC_STALE})

            assert note(7, now) == 1  # never synced
            assert note(7, now + dt.timedelta(seconds=5)) == 0  # same cursor, fresh
            assert note(9, now + dt.timedelta(seconds=6)) == 1  # the cursor moved
            assert note(9, now + SYNC_STALE + dt.timedelta(seconds=7)) == 1  # stale
        with sessions() as session:
            device = session.get(Device, "d1")
            assert device is not None and device.last_cursor == 9
            assert device.last_sync_at == (now + SYNC_STALE + dt.timedelta(seconds=7))
    finally:
        engine.dispose()


def test_rows_inserted_plainly_are_the_rows_given(migrated_database_url: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Several rows at once, in statements of at most ROWS_AT_ONCE rows, each value by its
    column's type (a JSON column's data, an instant given in another zone)."""
    monkeypatch.setattr(plain_writes, "ROWS_AT_ONCE", 3)
    engine = init_database(migrated_database_url)
    try:
        at = dt.datetime(2026, 3, 29, 6, 30, 5, tzinfo=ELSEWHERE)
        rows = [{"entity": "person", "record_id": f"p{n}", "version": n + 1, "family_id": "f1",
                 "deleted": n == 4, "data": {"given_name": f"Synthetic {n}", "tags": [n, None]},
                 "at": at, "by": "alice", "device_id": None} for n in range(7)]
        with session_factory(engine)() as session:
            insert_rows(session, RecordHistory, rows)
            got = session.execute(select(
                RecordHistory.record_id, RecordHistory.version, RecordHistory.deleted,
                RecordHistory.data, RecordHistory.at).order_by(RecordHistory.version)).all()
            assert [tuple(row) for row in got] == [
                (r["record_id"], r["version"], r["deleted"], r["data"], at) for r in rows]
            session.rollback()
    finally:
        engine.dispose()


def test_a_collision_in_a_plain_write_is_one_a_push_runs_again(
        migrated_database_url: str) -> None:
    """The same op taken by two transactions at once makes the second's applied-op row a
    duplicate: through the driver as through SQLAlchemy, that is an ``IntegrityError``
    which a push recognises as a collision and runs again (``server.endpoints.collided``),
    never a driver's error that would answer 500. Its text carries no value sent."""
    engine = init_database(migrated_database_url)
    try:
        row = {"device_id": "d1", "op_id": "op-1", "username": "alice",
               "result": {"status": "applied", "note": "Synthetic secret"},
               "at": dt.datetime.now(dt.UTC)}
        with session_factory(engine)() as session:
            insert_rows(session, AppliedOp, [row])
            with pytest.raises(IntegrityError) as raised:
                insert_rows(session, AppliedOp, [row])
            session.rollback()
            assert "Synthetic secret" not in str(raised.value)
            if engine.dialect.name == "postgresql":
                assert collided(raised.value)
            # The session's connection is still good after the rollback.
            insert_rows(session, AppliedOp, [row])
            session.rollback()
    finally:
        engine.dispose()
