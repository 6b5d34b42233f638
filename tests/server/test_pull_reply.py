"""The pull reply the service sends (its rows read plainly and written as JSON text,
``server.sync_pull.pull_reply``) says exactly what :func:`server.sync_pull.pull` says,
on SQLite and on PostgreSQL, instants with and without fractions of a second included."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import update

from server import admin, sync_service
from server.custody import iso
from server.db import init_database, session_factory
from server.models import Record
from server.scope import Caller
from server.sync_pull import _instant_text, pull, pull_reply

ALICE = Caller("alice", "worker", "North", None)


@pytest.fixture
def far_from_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The service's computer set to a zone far from UTC (its instants must not move)."""
    monkeypatch.setenv("TZ", "America/Anchorage")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("far_from_utc")
def test_the_reply_says_what_pull_says(migrated_database_url: str) -> None:
    engine = init_database(migrated_database_url)
    factory = session_factory(engine)
    try:
        with factory.begin() as s:
            admin.add_team(s, "North")
            admin.add_user(s, "alice", name="Alice", role="worker", team="North",
                           password="x" * 12)
        family = str(uuid.uuid4())
        ops = [sync_service.PushOp(op_id=str(uuid.uuid4()), entity="family", id=family,
                                   family_id=family, base_version=None,
                                   fields={"reference": "EH-1", "family_name": "Synthetic"})]
        ops += [sync_service.PushOp(op_id=str(uuid.uuid4()), entity="person",
                                    id=str(uuid.uuid4()), family_id=family, base_version=None,
                                    fields={"family_id": family, "given_name": f"Kit {n}",
                                            "family_name": "Synthétique \u0645"})
                for n in range(3)]
        with factory.begin() as s:
            sync_service.push(s, ALICE, ops)
        with factory.begin() as s:  # one instant on the second exactly, one before 1970
            s.execute(update(Record).where(Record.entity == "family").values(
                updated_at=dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)))
            s.execute(update(Record).where(Record.id == ops[1].id).values(
                updated_at=dt.datetime(1969, 7, 20, 20, 17, 40, 5, tzinfo=dt.UTC)))
        for cursor, limit in ((0, 2), (0, 100)):
            with factory() as s:
                expected = pull(s, ALICE, cursor, limit)
            with factory() as s:
                page, body = pull_reply(s, ALICE, cursor, limit)
            sent = json.loads(body)
            assert sent == expected
            assert page["change_count"] == len(expected["changes"])
        instants = {c["updated_at"] for c in expected["changes"]}
        assert {"2026-03-29T01:00:00+00:00", "1969-07-20T20:17:40.000005+00:00"} <= instants
    finally:
        engine.dispose()


def test_every_stored_instant_is_written_as_pull_writes_it() -> None:
    """SQLite's text of an instant (as SQLAlchemy stores it) is cut and joined into the
    reply's form: the same text :func:`server.custody.iso` writes, for instants across
    years 1 to 9999, on the second and not, and for any other form the text may take."""
    rnd = random.Random(18)
    for _ in range(20_000):
        moment = dt.datetime(1, 1, 1) + dt.timedelta(
            seconds=rnd.randrange(315_537_897_600),
            microseconds=rnd.choice([0, rnd.randrange(1_000_000)]))
        stored = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
                  f"{moment:%H:%M:%S}.{moment.microsecond:06d}")
        assert _instant_text(stored) == iso(moment.replace(tzinfo=dt.UTC)), stored
    for other in ("2026-12-07 04:00:00", "2026-12-07T04:00:00.123456", "2026-12-07 04:00:00.1",
                  "2026-12-07 04:00:00.123456+01:00", "2026-12-07 04:00:00,123456"):
        parsed = dt.datetime.fromisoformat(other)
        expected = iso(parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC))
        assert _instant_text(other) == expected, other
    with pytest.raises(ValueError):
        _instant_text("2026-02-31 04:00:00.000000")
