"""A pull from the start works its scope out ahead (server.scope_warmup), so its last page
only reads what changed since; what it gives is always the digest of the scope as it is,
a failure ahead leaves the pull as it was, and working out ahead holds no writer up.
Real service on loopback, on SQLite and PostgreSQL; synthetic data."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any

import pytest

from server import scope_check, scope_warmup
from server.db import current_seq, read_only_snapshot
from server.scope import Caller
from tests.server.live_service import LiveServer, new_family, new_person
from tests.server.test_scope_check import fresh

LENA = Caller("lena", "team_lead", "North")


def _fresh(live: LiveServer) -> tuple[int, str]:
    """Lena's scope digest worked out afresh, as the service's own tests do."""
    with live.sessions() as s:
        return fresh(s, LENA)


def _caseload(live: LiveServer, families: int) -> list[str]:
    alice = live.enrol("alice")
    made = []
    for n in range(families):
        fid, family = new_family(f"WU-{n:03d}")
        _pid, person = new_person(fid)
        assert [r["status"] for r in alice.push(family, person)] == ["applied", "applied"]
        made.append(fid)
    return made


def _watching(live: LiveServer, monkeypatch: pytest.MonkeyPatch) -> list[Future[None] | None]:
    """The futures of the work the warmer starts ahead (None where it started none)."""
    started: list[Future[None] | None] = []
    warmer = live.app.state.scope_warmer
    ahead = warmer.ahead
    monkeypatch.setattr(warmer, "ahead", lambda caller: started.append(ahead(caller))
                        or started[-1])
    return started


def test_a_pull_from_the_start_works_its_scope_out_ahead(
        people: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    families = _caseload(people, 6)
    scope_check.forget()
    full_readings: list[int] = []
    full = scope_check._full
    monkeypatch.setattr(scope_check, "_full",
                        lambda *a: full_readings.append(1) or full(*a))  # type: ignore[func-returns-value]
    started = _watching(people, monkeypatch)
    lena = people.enrol("lena")
    first = lena.pull_page(cursor=0, limit=4)
    assert first["has_more"] and len(started) == 1 and started[0] is not None
    started[0].result(timeout=30)
    assert full_readings == [1]  # the whole scope, read once, ahead
    # A change after it was worked out (in a family it has: the same families in scope).
    assert people.enrol("alice", "phone").push(new_person(families[2])[1])[0]["status"] == (
        "applied")
    lena.cursor = first["next_cursor"]
    _changes, _purge, scope = lena.pull_all(limit=4)
    assert (scope["count"], scope["digest"]) == _fresh(people)
    assert full_readings == [1]  # the last page brought it up to date, not read it again
    assert len(started) == 1  # only a pull from the start works out ahead
    lena.pull_page(cursor=0, limit=100)  # everything on one page: nothing to work out ahead
    assert len(started) == 1


def test_a_failure_ahead_leaves_the_pull_as_it_was(
        people: LiveServer, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    families = _caseload(people, 4)
    scope_check.forget()

    def failing(*_args: Any) -> Any:
        raise ConnectionResetError("the database went away at WU-000")

    monkeypatch.setattr(scope_warmup, "scope_summary", failing)
    started = _watching(people, monkeypatch)
    lena = people.enrol("lena")
    with caplog.at_level(logging.WARNING, logger="hearth.server"):
        changes, _purge, scope = lena.pull_all(limit=3)
        assert started and started[0] is not None
        started[0].result(timeout=30)
    assert (scope["count"], scope["digest"]) == _fresh(people)
    assert {c["id"] for c in changes} >= set(families)
    noted = [r.getMessage() for r in caplog.records if "ahead" in r.getMessage()]
    assert noted == ["a scope could not be worked out ahead of its last page "
                     "(ConnectionResetError)"]
    assert not any("WU-" in m or "lena" in m for m in caplog.messages)


def test_reading_ahead_holds_no_writer_up(people: LiveServer) -> None:
    _caseload(people, 1)
    alice = people.enrol("alice", "phone")
    alice.http.timeout = 10  # far below the database's 30 s wait for a writer
    with people.sessions() as reading:
        read_only_snapshot(reading)
        seen = current_seq(reading)  # the snapshot is taken, and held open
        fid, family = new_family("WU-WHILE-READ")
        assert alice.push(family)[0]["status"] == "applied"
        assert current_seq(reading) == seen  # still its own snapshot
        reading.rollback()
    with people.sessions() as after:
        assert current_seq(after) > seen
