"""A push the database aborts because of another transaction (deadlock, serialisation
failure, the same new row at once) is run again from the start; if the database stays
busy the device is told to come back (503 with Retry-After), never given a 500."""

from __future__ import annotations

from typing import Any

import pytest
from live_service import LiveServer, new_family
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from server import endpoints, sync_api, sync_service
from server.models import AuditLog, Record


class _Collision(Exception):
    """What the driver raises when PostgreSQL aborts a transaction for a deadlock."""

    sqlstate = "40P01"


def _deadlock() -> DBAPIError:
    return DBAPIError("UPDATE record ...", {}, _Collision("deadlock detected"))


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_api, "PUSH_BACKOFF_SECONDS", 0.0)


def test_a_push_aborted_by_a_deadlock_is_run_again(
    people: LiveServer, monkeypatch: pytest.MonkeyPatch, no_backoff: None,
) -> None:
    alice = people.enrol("alice")
    real_push = sync_service.push
    calls: list[int] = []

    def collide_twice(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= 2:
            real_push(*args, **kwargs)  # does the work, then the database aborts it
            raise _deadlock()
        return real_push(*args, **kwargs)

    monkeypatch.setattr(sync_service, "push", collide_twice)
    fid, fam = new_family("T-1")
    assert alice.push(fam)[0]["status"] == "applied"
    assert len(calls) == 3
    with people.sessions() as s:
        assert list(s.scalars(select(Record.id))) == [fid]  # taken once


def test_a_push_that_keeps_colliding_is_answered_503_with_retry_after(
    people: LiveServer, monkeypatch: pytest.MonkeyPatch, no_backoff: None,
) -> None:
    alice = people.enrol("alice")
    calls: list[int] = []

    def always(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise _deadlock()

    monkeypatch.setattr(sync_service, "push", always)
    _, fam = new_family("T-2")
    r = alice.http.post("/sync/push", json={"ops": [fam]})
    assert r.status_code == 503
    assert int(r.headers["Retry-After"]) >= 1
    assert r.json()["detail"]["code"] == "busy"
    assert len(calls) == endpoints.PUSH_ATTEMPTS
    # The connection is still good for the next request.
    monkeypatch.undo()
    assert alice.push(fam)[0]["status"] == "applied"
    with people.sessions() as s:
        statuses = list(s.scalars(select(AuditLog.status).where(
            AuditLog.username == "alice", AuditLog.path == "/api/v1/sync/push")))
    assert 503 in statuses and 500 not in statuses
