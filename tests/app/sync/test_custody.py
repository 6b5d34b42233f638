"""A family leaves a worker's caseload: nothing typed on their device is deleted before
the service has it (app.sync.custody), and conflicts say who made a change and when.

Real SQLCipher stores and the real service in process (fixtures in this folder's
conftest.py); every person and family is synthetic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from app.errors import ValidationFailed
from app.sync import conflicts
from app.sync.conflict_intake import NEW_RECORD_FIELD, refresh_conflicts
from app.sync.engine import SyncEngine
from app.sync.scope_check import reset_for_full_pull
from app.sync.transport import PullPage
from db.models import Family, OutboxOp, Person, SyncConflict, SyncPurgeDue
from server import admin
from server.models import Conflict as ServerConflict
from server.models import Record as ServerRecord
from tests.app.sync.devices import (
    Recording,
    Service,
    add_child,
    count,
    edit_family,
    family_field,
    new_family,
)


class TypingDuringSync(Recording):
    """The worker types while the sync runs: an edit lands between push and pull."""

    def __init__(self, inner: Any, typing: Any) -> None:
        super().__init__(inner)
        self.typing = typing
        self.typed = False

    def pull(self, cursor: int, limit: int) -> PullPage:
        if not self.typed:
            self.typed = True
            self.typing()
        return super().pull(cursor, limit)


def test_every_pushed_op_says_when_it_was_made_here(device: Any) -> None:
    robin = device("robin", "robin")
    before = dt.datetime.now(dt.UTC)
    fid = new_family(robin, "Alder")
    rec = Recording(robin.transport())
    robin.sync(rec)
    [batch] = rec.pushed
    family_op = next(op for op in batch if op["entity"] == "family" and op["id"] == fid)
    made = dt.datetime.fromisoformat(family_op["made_at"])
    assert made.tzinfo is not None and made.utcoffset() == dt.timedelta(0)
    assert before - dt.timedelta(seconds=1) <= made <= dt.datetime.now(dt.UTC)


def test_a_family_with_changes_the_server_has_not_taken_is_kept_until_it_has(
    device: Any, service: Service
) -> None:
    robin, sam = device("robin", "robin"), device("sam", "sam")
    fid = new_family(robin, "Birch", town="Widnes")
    pid = add_child(robin, fid, "Cai")
    robin.sync()
    edit_family(robin, fid, town="Runcorn")  # offline, before the family moves
    with service.session() as s:
        admin.allocate(s, fid, "sam")

    rec = TypingDuringSync(robin.transport(),
                           lambda: edit_family(robin, fid, phone="01632 960123"))
    report = robin.sync(rec)

    # The first edit went to the server before the pull named the family for purge; the
    # one typed during the sync has not: the family stays, with everything typed.
    assert [op["fields"] for batch in rec.pushed for op in batch
            if op["entity"] == "family"] == [{"town": "Runcorn"}]
    assert report.purged_families == 0 and report.digest_ok and not report.repulled
    assert report.purge_waiting == 1
    assert family_field(robin, fid, "phone") == "01632 960123"
    assert robin.run(lambda s: s.get(Person, pid)) is not None
    assert count(robin, OutboxOp, OutboxOp.family_id == fid, OutboxOp.entity == "family") == 1
    assert count(robin, SyncPurgeDue, SyncPurgeDue.family_id == fid) == 1

    # The next sync hands it over, then purges the family.
    rec = Recording(robin.transport())
    report = robin.sync(rec)
    assert [op["fields"] for batch in rec.pushed for op in batch
            if op["entity"] == "family"] == [{"phone": "01632 960123"}]
    assert report.purged_families == 1 and report.digest_ok and report.purge_waiting == 0
    assert robin.run(lambda s: s.get(Family, fid)) is None
    assert robin.run(lambda s: s.get(Person, pid)) is None
    assert count(robin, OutboxOp, OutboxOp.family_id == fid) == 0
    assert count(robin, SyncPurgeDue) == 0
    # The service has both: the edit made while robin held the family was applied, the
    # one typed after it moved is kept there as a conflict; nothing is left here.
    with service.session() as s:
        town = s.get(ServerRecord, ("family", fid)).data["town"]
        kept = {c.field: (c.local_value, c.made_by, c.reason)
                for c in s.scalars(select(ServerConflict).where(ServerConflict.family_id == fid))}
    assert town == "Runcorn"
    assert kept == {"phone": ("01632 960123", "robin", "out_of_scope")}
    assert count(robin, SyncConflict, SyncConflict.family_id == fid) == 0
    # The new holder has the family as the server keeps it.
    sam.sync()
    assert family_field(sam, fid, "allocated_to") == "sam"


def test_a_family_named_for_purge_that_comes_back_is_kept(device: Any, service: Service) -> None:
    robin = device("robin", "robin")
    fid = new_family(robin, "Cherry")
    robin.sync()
    with service.session() as s:
        admin.allocate(s, fid, "sam")
    robin.sync(TypingDuringSync(robin.transport(),
                                lambda: edit_family(robin, fid, town="Halton")))
    assert count(robin, SyncPurgeDue) == 1
    with service.session() as s:
        admin.allocate(s, fid, "robin")
    robin.sync()
    robin.sync()
    assert count(robin, SyncPurgeDue) == 0
    assert family_field(robin, fid, "family_name") == "Cherry"


def test_a_full_download_keeps_a_family_with_waiting_changes(
    device: Any, service: Service
) -> None:
    """reset_for_full_pull applies the same rule as a purge named on a page."""
    robin = device("robin", "robin")
    fid = new_family(robin, "Damson")
    robin.sync()
    with service.session() as s:
        admin.allocate(s, fid, "sam")
    edit_family(robin, fid, town="Frodsham")
    robin.run(reset_for_full_pull, [])
    assert family_field(robin, fid, "town") == "Frodsham"
    assert count(robin, SyncPurgeDue) == 1
    report = robin.sync()
    assert robin.run(lambda s: s.get(Family, fid)) is None and report.digest_ok


class NewServerConflicts(Recording):
    """The service as issue 10 makes it: conflicts say who made the change, and when."""

    def conflicts(self) -> list[dict[str, Any]]:
        return [dict(c, made_by="robin", made_at="2026-12-03T14:05:00+00:00")
                for c in self.inner.conflicts()]


def test_conflicts_keep_who_made_the_change_and_when(device: Any, service: Service) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Elder", contact_notes="Mornings")
    robin.sync()
    lee.sync()
    edit_family(robin, fid, contact_notes="Afternoons")
    edit_family(lee, fid, contact_notes="Evenings")
    lee.sync()
    robin.sync()
    lee.sync(NewServerConflicts(lee.transport()))
    [item] = lee.run(conflicts.list_conflicts)
    assert item.made_by == "robin"
    assert item.made_at == dt.datetime(2026, 12, 3, 14, 5, tzinfo=dt.UTC)
    assert item.made_text == "Changed by robin on 03/12/2026 at 14:05."


def _out_of_scope_conflict(family_id: str, record_id: str, field: str, local: Any,
                           server: Any) -> dict[str, Any]:
    return {"id": "c-" + "".join(ch for ch in field if ch.isalnum()),
            "entity": "person" if field == NEW_RECORD_FIELD else "family",
            "record_id": record_id, "family_id": family_id, "field": field,
            "base_value": None, "local_value": local, "server_value": server,
            "created_at": "2026-12-03T15:00:00+00:00", "status": "open",
            "reason": "out_of_scope", "made_by": "robin",
            "made_at": "2026-12-03T14:05:00+00:00"}


def test_the_new_holder_keeps_a_new_record_made_by_the_old_one(
    device: Any, service: Service
) -> None:
    """A "(new record)" conflict: keeping it creates the record, and tells the server."""
    robin, sam = device("robin", "robin"), device("sam", "sam")
    fid = new_family(robin, "Fig")
    robin.sync()
    with service.session() as s:
        admin.allocate(s, fid, "sam")
    sam.sync()
    pid = "7c3e1a52-93b4-4f57-8a77-0d6f0c9a1e01"
    fields = {"family_id": fid, "role": "child", "given_name": "Rowan",
              "family_name": "Synthetic", "date_of_birth": "2020-02-02"}
    item = _out_of_scope_conflict(fid, pid, NEW_RECORD_FIELD, fields, None)
    sam.run(refresh_conflicts, [item])
    [shown] = sam.run(conflicts.list_conflicts)
    assert shown.is_new_record and shown.can_merge
    assert "Rowan" in shown.here_text and shown.record_label.startswith("Person")
    assert "no longer holds this family" in shown.reason_text
    op_id = sam.run(conflicts.resolve, sam.actor, conflicts.Resolution(shown.id, "here"))
    assert op_id is not None
    person = sam.run(lambda s: s.get(Person, pid))
    assert person is not None and person.given_name == "Rowan"
    assert person.date_of_birth == dt.date(2020, 2, 2)
    rec = Recording(sam.transport())
    sam.sync(rec)
    [op] = [o for b in rec.pushed for o in b if o["id"] == pid]
    assert op["resolves"] == [shown.id] and op["base_version"] is None
    assert sam.run(lambda s: s.get(Person, pid)).version is not None  # the server has it


def test_the_new_holder_can_leave_out_a_new_record_without_making_an_empty_one(
    device: Any, service: Service
) -> None:
    sam = device("sam", "sam")
    fid = new_family(sam, "Gean")
    sam.sync()
    pid = "7c3e1a52-93b4-4f57-8a77-0d6f0c9a1e02"
    item = _out_of_scope_conflict(fid, pid, NEW_RECORD_FIELD,
                                  {"family_id": fid, "role": "child", "given_name": "Ash"}, None)
    sam.run(refresh_conflicts, [item])
    [shown] = sam.run(conflicts.list_conflicts)
    sam.run(conflicts.resolve, sam.actor, conflicts.Resolution(shown.id, "server"))
    rec = Recording(sam.transport())
    sam.sync(rec)
    # The decision travels on an op of the family (which exists), not of the record.
    [op] = [o for b in rec.pushed for o in b if o["resolves"]]
    assert op["entity"] == "family" and op["id"] == fid and op["fields"] == {}
    assert sam.run(lambda s: s.get(Person, pid)) is None
    from server.models import Record

    with service.session() as s:
        assert s.get(Record, ("person", pid)) is None


def test_engine_push_alone_purges_once_custody_is_complete(
    device: Any, service: Service
) -> None:
    robin = device("robin", "robin")
    fid = new_family(robin, "Hazel")
    robin.sync()
    with service.session() as s:
        admin.allocate(s, fid, "sam")
    robin.sync(TypingDuringSync(robin.transport(),
                                lambda: edit_family(robin, fid, town="Moore")))
    assert robin.run(lambda s: s.get(Family, fid)) is not None
    engine = SyncEngine(robin.store.run, robin.transport())
    engine.push()
    assert robin.run(lambda s: s.get(Family, fid)) is None


class NewServerPushConflicts(Recording):
    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        results = super().push(ops)
        return [dict(r, conflicts=[dict(c, made_by="lee", made_at=None)
                                   for c in r["conflicts"]]) for r in results]


def test_a_conflict_in_a_push_answer_keeps_who_made_it(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Ivy", contact_notes="Mornings")
    robin.sync()
    lee.sync()
    edit_family(robin, fid, contact_notes="Afternoons")
    edit_family(lee, fid, contact_notes="Evenings")
    robin.sync()
    lee.sync(NewServerPushConflicts(lee.transport()))
    [item] = lee.run(conflicts.list_conflicts)
    assert (item.made_by, item.made_at) == ("lee", None)
    assert item.made_text == "Changed by lee."


def test_a_new_record_that_cannot_be_added_says_why_and_changes_nothing(
    device: Any, service: Service
) -> None:
    sam = device("sam", "sam")
    fid = new_family(sam, "Juniper")
    elsewhere = "9e8d7c6b-0000-4000-8000-000000000001"
    pid = "7c3e1a52-93b4-4f57-8a77-0d6f0c9a1e03"
    items = [
        dict(_out_of_scope_conflict(elsewhere, pid, NEW_RECORD_FIELD,
                                    {"family_id": elsewhere, "role": "child",
                                     "given_name": "Wren", "family_name": "Synthetic"}, None),
             id="c-away"),
        dict(_out_of_scope_conflict(fid, pid, NEW_RECORD_FIELD,
                                    {"family_id": fid, "role": "child",
                                     "given_name": "Wren", "family_name": "Synthetic",
                                     "date_of_birth": "2020-02-31"}, None), id="c-date"),
    ]
    sam.run(refresh_conflicts, items)
    for conflict_id, problem in (("c-away", "family is not on this computer"),
                                 ("c-date", "date of birth does not fit")):
        with pytest.raises(ValidationFailed) as caught:
            sam.run(conflicts.resolve, sam.actor, conflicts.Resolution(conflict_id, "here"))
        assert problem in caught.value.problems["choice"]
        with pytest.raises(ValidationFailed):
            sam.run(conflicts.resolve, sam.actor,
                    conflicts.Resolution(conflict_id, "merged", "anything"))
    assert sam.run(lambda s: s.get(Person, pid)) is None
    assert {i.status for i in sam.run(conflicts.list_conflicts)} == {"open"}
