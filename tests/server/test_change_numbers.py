"""Change numbers (the pull cursor's order) are given at commit, in the order the
changes were handed in, on SQLite (by the service) and on PostgreSQL (by the
database as it commits, migration 0004)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from server.db import current_seq, init_database, number_on_commit, session_factory
from server.models import Record, ScopeEvent


@pytest.fixture
def sessions(migrated_database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = init_database(migrated_database_url)
    yield session_factory(engine)
    engine.dispose()


def _record(record_id: str) -> Record:
    return Record(entity="person", id=record_id, family_id="fam-1", owner="alice", version=1, updated_by="alice",
                  deleted=False, data={"given_name": "Synthetic"})


def _numbers(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as s:
        records = {r.id: r.seq for r in s.scalars(select(Record))}
        events = {f"event {e.username}": e.seq for e in s.scalars(select(ScopeEvent))}
    return {**records, **events}


def test_numbers_follow_the_order_changes_were_handed_in(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as s:
        before = current_seq(s)
    with sessions() as s:
        with s.begin():
            first, second, third = _record("rec-a"), _record("rec-b"), _record("rec-c")
            s.add_all([first, second, third])
            for change in (third, first, second):
                number_on_commit(s, change)
            event = ScopeEvent(family_id="fam-1", username="bob", kind="lost")
            s.add(event)
            number_on_commit(s, event)
            number_on_commit(s, third)  # handed in again: it goes to the end
        # The objects the writer holds read their real numbers after the commit.
        assert (first.seq, second.seq, event.seq, third.seq) == (
            before + 1, before + 2, before + 3, before + 4)
        assert current_seq(s) == before + 4
    assert _numbers(sessions) == {
        "rec-a": before + 1,
        "rec-b": before + 2,
        "event bob": before + 3,
        "rec-c": before + 4,
    }
    with sessions() as s:
        assert s.execute(select(func.min(Record.seq))).scalar_one() == before + 1


def test_a_later_transaction_numbers_after_an_earlier_one(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        s.add(record := _record("rec-a"))
        number_on_commit(s, record)
    with sessions.begin() as s:
        again = s.get(Record, ("person", "rec-a"))
        assert again is not None
        again.data = {"given_name": "Renamed"}
        number_on_commit(s, again)
        s.add(other := _record("rec-b"))
        number_on_commit(s, other)
    numbers = _numbers(sessions)
    assert numbers["rec-a"] < numbers["rec-b"]
    with sessions() as s:
        assert current_seq(s) == numbers["rec-b"]


def test_a_rolled_back_transaction_takes_no_numbers(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        before = current_seq(s)
    with sessions() as s:
        s.add(record := _record("rec-a"))
        number_on_commit(s, record)
        s.flush()
        s.rollback()
    with sessions.begin() as s:
        s.add(kept := _record("rec-b"))
        number_on_commit(s, kept)
    assert _numbers(sessions) == {"rec-b": before + 1}
