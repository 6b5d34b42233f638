"""A push's records are written as plain rows (server.record_rows): the changed ones by one
UPDATE for the whole batch, the new ones by one INSERT, each at its newest version, with
a change number a pull finds them by. A team lead's batch that may move a family keeps the
ORM's objects (its reallocation feeds the family again through the session)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from live_service import LiveServer, new_family, new_person, op
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from server import sync_service
from server.models import Record, RecordHistory
from server.scope import Caller


@contextmanager
def updates_of_records(server: LiveServer) -> Iterator[list[tuple[int, bool]]]:
    """Each UPDATE of the record table the service sends meanwhile: (rows, sent as many)."""
    engine = server.sessions.kw["bind"]
    sent: list[tuple[int, bool]] = []

    def seen(_c: Any, _cur: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        if sql.lstrip().upper().startswith("UPDATE RECORD "):
            sent.append((len(params) if many else 1, many))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def _stored(server: LiveServer) -> dict[str, tuple[int, int]]:
    """Each record's (version, change number) as stored."""
    with server.sessions() as s:
        return {r.id: (r.version, r.seq) for r in s.scalars(select(Record))}


def test_a_batch_of_changes_is_one_update_and_a_pull_finds_them(people: LiveServer) -> None:
    alice = people.enrol("alice")
    fid, fam = new_family("R-1")
    (p1, one), (p2, two) = new_person(fid, "Ada"), new_person(fid, "Ben")
    assert [r["status"] for r in alice.push(fam, one, two)] == ["applied"] * 3
    before = _stored(people)
    assert {version for version, _ in before.values()} == {1}
    cursor = alice.pull_page()["next_cursor"]
    with updates_of_records(people) as sent:
        results = alice.push(
            op("person", p1, {"given_name": "Adaeze"}, base=1, family_id=fid),
            op("person", p2, {"given_name": "Benedict"}, base=1, family_id=fid),
            op("family", fid, {"contact_notes": "Visit booked."}, base=1, family_id=fid))
    assert [(r["status"], r["version"]) for r in results] == [("applied", 2)] * 3
    assert sent == [(3, True)]  # one statement for the batch, not one a record
    after = _stored(people)
    assert {version for version, _ in after.values()} == {2}
    # New change numbers, after every earlier one, in the order the ops came.
    assert min(seq for _, seq in after.values()) > max(seq for _, seq in before.values())
    assert after[p1][1] < after[p2][1] < after[fid][1]
    page = alice.pull_page(cursor)
    names = {c["id"]: c["data"].get("given_name") for c in page["changes"]}
    assert names[p1] == "Adaeze" and names[p2] == "Benedict"


def test_a_record_made_and_changed_in_one_batch_is_inserted_once_at_its_newest(
    people: LiveServer,
) -> None:
    alice = people.enrol("alice")
    fid, fam = new_family("R-2")
    pid, person = new_person(fid, "Cai")
    with updates_of_records(people) as sent:
        results = alice.push(fam, person,
                             op("person", pid, {"given_name": "Caius"}, family_id=fid))
    # (sent as new, the edit is merged with what the batch made of it)
    assert [(r["status"], r["version"]) for r in results] == [
        ("applied", 1), ("applied", 1), ("merged", 2)]
    assert sent == []  # inserted as it ended, never updated
    assert _stored(people)[pid][0] == 2
    with people.sessions() as s:
        kept = s.execute(select(RecordHistory.version, RecordHistory.data)
                         .where(RecordHistory.record_id == pid)
                         .order_by(RecordHistory.version)).all()
    assert [(v, d["given_name"]) for v, d in kept] == [(1, "Cai"), (2, "Caius")]
    stored = {c["id"]: c for c in alice.pull_all()[0]}
    assert stored[pid]["data"]["given_name"] == "Caius" and stored[pid]["version"] == 2


def test_a_team_leads_move_of_a_family_and_an_edit_in_one_batch_agree(
    people: LiveServer,
) -> None:
    """The batch may reallocate, so its records stay ORM objects: the family's move (a new
    version) and a change to one of its people in the same batch are both kept."""
    alice, lena = people.enrol("alice"), people.enrol("lena")
    fid, fam = new_family("R-3")
    pid, person = new_person(fid, "Dee")
    alice.push(fam, person)
    results = lena.push(
        op("family", fid, {"allocated_to": "bob"}, base=1, family_id=fid),
        op("person", pid, {"given_name": "Delyth"}, base=1, family_id=fid))
    assert [r["status"] for r in results] == ["applied", "applied"]
    bob = people.enrol("bob")
    stored = {c["id"]: c for c in bob.pull_all()[0]}
    assert stored[fid]["data"]["allocated_to"] == "bob"
    assert stored[pid]["data"]["given_name"] == "Delyth"


def test_a_push_in_a_session_that_writes_nothing_at_commit_keeps_its_records(
    people: LiveServer,
) -> None:
    """A session not made by the service's factory has no one to write waiting rows at its
    commit (a script's, say): the push's records go through the ORM there, and are kept."""
    fid, fam = new_family("R-4")
    ops = [sync_service.PushOp(op_id=fam["op_id"], entity="family", id=fid, family_id=fid,
                               base_version=None, fields=fam["fields"])]
    with Session(people.sessions.kw["bind"]) as session:
        outcome = sync_service.push(session, Caller("alice", "worker", "North"), ops)
        session.commit()
    assert [r["status"] for r in outcome.results] == ["applied"]
    assert _stored(people)[fid][0] == 1
