"""A first sync into an empty store: bigger pages after the first, records known to be new
stored without looking for them, and still nothing lost when a record changes on both sides
while the pull is under way. Real stores and the real service in process; synthetic data."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from sqlalchemy import Boolean, Date
from sqlalchemy.dialects import sqlite

from app.sync.engine import SyncEngine
from app.sync.new_rows import _fast_processor
from app.sync.transport import PullPage
from db.models import Family, OutboxOp, UTCDateTime
from tests.app.sync.devices import Recording, count, edit_family, family_field, new_family


class Meddling(Recording):
    """Remembers each page size asked for; before the third pull (page one is stored by
    then) runs ``meddle`` once."""

    def __init__(self, inner: Any, meddle: Any) -> None:
        super().__init__(inner)
        self.limits: list[int] = []
        self.meddle = meddle

    def pull(self, cursor: int, limit: int) -> PullPage:
        self.limits.append(limit)
        if len(self.limits) == 3:
            self.meddle()
        return super().pull(cursor, limit)


def test_first_sync_takes_bigger_pages_and_keeps_edits_made_on_both_sides_meanwhile(
    device: Any,
) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    ids = [new_family(robin, f"Family {n}") for n in range(6)]
    robin.sync()
    held_when_meddled: list[Any] = []

    def meddle() -> None:
        held_when_meddled.append(family_field(lee, ids[0], "version"))
        edit_family(lee, ids[0], phone="01632 960111")  # on this device, not yet sent
        edit_family(robin, ids[0], town="Frodsham")  # on the service: comes again later
        robin.sync()

    meddling = Meddling(lee.transport(), meddle)
    report = SyncEngine(lee.store.run, meddling, pull_limit=2, first_pull_limit=3).sync()

    assert held_when_meddled[0] is not None  # it came on the first page
    assert meddling.limits[:3] == [2, 3, 3]
    assert report.digest_ok and report.set_aside == 0
    assert count(lee, Family) == len(ids)
    assert family_field(lee, ids[0], "town") == "Frodsham"
    assert family_field(lee, ids[0], "phone") == "01632 960111"
    assert count(lee, OutboxOp, OutboxOp.entity == "family") == 1


def test_a_store_with_records_takes_pages_of_the_usual_size(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    new_family(lee, "Already here")
    for n in range(5):
        new_family(robin, f"Family {n}")
    robin.sync()
    meddling = Meddling(lee.transport(), lambda: None)
    SyncEngine(lee.store.run, meddling, pull_limit=2, first_pull_limit=3).sync()
    assert set(meddling.limits) == {2}


def test_pulled_instants_and_dates_are_written_as_sqlalchemy_writes_them() -> None:
    dialect = sqlite.dialect()
    zones = [dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
             dt.timezone(-dt.timedelta(hours=7))]
    for zone in zones:
        for value in (dt.datetime(2026, 3, 29, 1, 30, tzinfo=zone),
                      dt.datetime(1, 1, 2, 0, 0, 0, 1, tzinfo=zone),
                      dt.datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=zone)):
            expected = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)(value)
            fast = _fast_processor(UTCDateTime())  # a column at a time
            assert fast is not None and fast([value]) == [expected]
            if zone is dt.UTC:
                assert fast([value, None, value]) == [expected, None, expected]
    date_fast = _fast_processor(Date())
    date_expected = Date().dialect_impl(dialect).bind_processor(dialect)
    for day in (dt.date(2019, 4, 1), dt.date(999, 12, 31), None):
        assert date_fast is not None and date_fast([day]) == [date_expected(day)]
    # Yes/no go as given: SQLite stores True and False as SQLAlchemy's 1 and 0.
    bool_fast = _fast_processor(Boolean())
    bool_expected = Boolean().dialect_impl(dialect).bind_processor(dialect)
    with sqlite3.connect(":memory:") as db:
        for flag in (True, False, None):
            assert bool_fast is not None and bool_expected is not None
            [given] = bool_fast([flag])
            stored = db.execute("SELECT typeof(?), ?", (given, given))
            assert stored.fetchone() == db.execute(
                "SELECT typeof(?), ?", (bool_expected(flag), bool_expected(flag))).fetchone()
