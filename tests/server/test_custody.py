"""Nothing a device sends is lost when its family moves on, a stale delete never silently
beats an edit, and op ids are each device's own (issue 10, items 1, 4 and 5)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from live_service import Device, LiveServer, new_family, new_person, op
from sqlalchemy import select

from app.sync.protocol import NEW_RECORD_FIELD
from server.models import AppliedOp, AuditLog, Conflict, Record


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _made(record_op: dict[str, Any], made_at: str | None) -> dict[str, Any]:
    return {**record_op, "made_at": made_at}


def _open_conflicts(device: Device) -> list[dict[str, Any]]:
    r = device.http.get("/sync/conflicts")
    assert r.status_code == 200, r.text
    return r.json()["conflicts"]


def _versions(device: Device, entity: str, record_id: str) -> list[dict[str, Any]]:
    r = device.http.get(f"/sync/history/{entity}/{record_id}")
    assert r.status_code == 200, r.text
    return r.json()["versions"]


def _family_held_by_alice(people: LiveServer) -> tuple[Device, str, str, int, int]:
    """alice's device with a family and a child on it, both synced: (device, family id,
    person id, family version, person version)."""
    alice = people.enrol("alice")
    fid, fam = new_family("C-1", town="Widnes")
    pid, person = new_person(fid, "Pip")
    got = alice.push(fam, person)
    alice.pull_all()
    return alice, fid, pid, got[0]["version"], got[1]["version"]


def test_a_change_made_before_the_family_moved_is_applied_for_the_new_holder(
    people: LiveServer,
) -> None:
    alice, fid, pid, fam_v, person_v = _family_held_by_alice(people)
    bob = people.enrol("bob")
    bob.pull_all()
    # Offline, while alice still holds the family: an edit, and a new child.
    edit = _made(op("person", pid, {"given_name": "Pippa"}, base=person_v, family_id=fid),
                 _now())
    kid_id, kid = new_person(fid, "Robin")
    kid = _made(kid, _now())
    people.allocate(fid, "bob")
    got = alice.push(edit, kid)
    assert [r["status"] for r in got] == ["applied", "applied"]
    changes, _, scope = bob.pull_all()
    by_id = {c["id"]: c for c in changes}
    assert by_id[pid]["data"]["given_name"] == "Pippa" and by_id[pid]["updated_by"] == "alice"
    assert by_id[kid_id]["data"]["given_name"] == "Robin"
    assert set(scope["families"]) == {fid}
    assert _open_conflicts(bob) == []
    # alice's device is told to purge the family; her changes are on the server now.
    assert alice.pull_all()[1] == [fid]


def test_a_change_made_after_the_family_moved_is_kept_for_the_new_holder_and_lead(
    people: LiveServer,
) -> None:
    alice, fid, pid, fam_v, person_v = _family_held_by_alice(people)
    bob, lena, sue = people.enrol("bob"), people.enrol("lena"), people.enrol("sue")
    people.allocate(fid, "bob")
    late = _now()  # made after alice lost the family (her device had not synced yet)
    edit = _made(op("person", pid, {"given_name": "Late"}, base=person_v, family_id=fid), late)
    kid_id, kid = new_person(fid, "Robin")
    kid = _made(kid, late)
    gone = _made(op("family", fid, {}, base=fam_v, family_id=fid, deleted=True), late)
    unsaid = op("family", fid, {"town": "Runcorn"}, base=fam_v, family_id=fid)  # no made_at
    got = alice.push(edit, kid, gone, unsaid)
    assert [(r["status"], r["reason"]) for r in got] == [("rejected", "out_of_scope")] * 4
    # Each refusal carries what the server kept, so the device knows it has custody.
    kept_edit, kept_kid, kept_gone, kept_unsaid = (r["conflicts"] for r in got)
    assert [(c["field"], c["local_value"], c["server_value"]) for c in kept_edit] == [
        ("given_name", "Late", "Pip")]
    assert len(kept_kid) == 1 and kept_kid[0]["field"] == NEW_RECORD_FIELD
    assert kept_kid[0]["local_value"] == kid["fields"] and kept_kid[0]["record_id"] == kid_id
    assert [(c["field"], c["local_value"]) for c in kept_gone] == [("deleted", True)]
    assert [(c["field"], c["local_value"]) for c in kept_unsaid] == [("town", "Runcorn")]
    for c in kept_edit + kept_kid + kept_gone + kept_unsaid:
        assert (c["family_id"], c["made_by"], c["reason"]) == (fid, "alice", "out_of_scope")
    for c in kept_edit + kept_kid + kept_gone:
        assert dt.datetime.fromisoformat(c["made_at"]) == dt.datetime.fromisoformat(late)
    # Without its own time, a change is dated when it arrived.
    assert dt.datetime.fromisoformat(kept_unsaid[0]["made_at"]) >= dt.datetime.fromisoformat(late)

    every = {c["id"] for c in kept_edit + kept_kid + kept_gone + kept_unsaid}
    for viewer in (bob, lena):
        listed = {c["id"]: c for c in _open_conflicts(viewer)}
        assert set(listed) == every
        assert {c["made_by"] for c in listed.values()} == {"alice"}
    assert _open_conflicts(sue) == []
    # Nothing was applied: the record is as bob holds it, and no new child exists.
    changes, _, _ = bob.pull_all()
    assert next(c for c in changes if c["id"] == pid)["data"]["given_name"] == "Pip"
    with people.sessions() as s:
        assert s.get(Record, ("person", kid_id)) is None
        assert not s.get(Record, ("family", fid)).deleted  # type: ignore[union-attr]
    # Sent again (the answer was lost): the same answer, nothing kept twice.
    again = alice.push(edit)[0]
    assert [c["id"] for c in again["conflicts"]] == [c["id"] for c in kept_edit]
    with people.sessions() as s:
        assert len(list(s.scalars(select(Conflict.id)))) == len(every)
        denied = list(s.scalars(select(AuditLog.detail).where(
            AuditLog.username == "alice", AuditLog.status == 403)))
    assert sum("push out of scope: person" in d for d in denied) >= 2
    assert all("Late" not in d and "Robin" not in d for d in denied)
    # bob decides: he takes alice's name and closes the conflict.
    v = next(c for c in changes if c["id"] == pid)["version"]
    taken = bob.push(op("person", pid, {"given_name": "Late"}, base=v, family_id=fid,
                        resolves=[kept_edit[0]["id"]]))[0]
    assert taken["status"] == "applied"
    assert kept_edit[0]["id"] not in {c["id"] for c in _open_conflicts(lena)}


def test_a_devices_claimed_time_is_believed_only_within_bounds(people: LiveServer) -> None:
    alice, fid, pid, _, person_v = _family_held_by_alice(people)
    people.allocate(fid, "bob")
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    before_enrolment = "2020-01-01T00:00:00+00:00"
    for made_at in (future, before_enrolment):
        res = alice.push(_made(op("person", pid, {"given_name": f"Try {made_at[:4]}"},
                                  base=person_v, family_id=fid), made_at))[0]
        assert (res["status"], res["reason"]) == ("rejected", "out_of_scope"), made_at
        assert res["conflicts"][0]["made_by"] == "alice"
    history = _versions(people.enrol("bob"), "person", pid)
    assert [h["data"]["given_name"] for h in history] == ["Pip"]


def test_nothing_alice_sent_is_absent_from_the_server(people: LiveServer) -> None:
    alice, fid, pid, fam_v, person_v = _family_held_by_alice(people)
    sent: list[tuple[str, str, str, Any]] = []  # (entity, id, field, value)
    ops = []
    for n in range(3):
        value = f"Early {n}"
        ops.append(_made(op("person", pid, {"given_name": value}, family_id=fid,
                            base=person_v + n), _now()))
        sent.append(("person", pid, "given_name", value))
    alice.push(*ops)
    people.allocate(fid, "bob")
    early = _made(op("family", fid, {"town": "Early town"}, base=fam_v, family_id=fid),
                  (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).isoformat())
    late = _made(op("person", pid, {"given_name": "Late"}, base=person_v, family_id=fid), _now())
    kid_id, kid = new_person(fid, "Late child")
    sent += [("family", fid, "town", "Early town"), ("person", pid, "given_name", "Late"),
             ("person", kid_id, NEW_RECORD_FIELD, kid["fields"])]
    alice.push(early, late, _made(kid, _now()))
    ada = people.enrol("ada")
    conflicts = _open_conflicts(ada)
    for entity, record_id, name, value in sent:
        if name == NEW_RECORD_FIELD:
            found = any(c["record_id"] == record_id and c["local_value"] == value
                        for c in conflicts)
        else:
            found = any(h["data"].get(name) == value
                        for h in _versions(ada, entity, record_id)) or any(
                c["record_id"] == record_id and c["field"] == name and c["local_value"] == value
                for c in conflicts)
        assert found, (entity, name)


def test_an_edit_and_a_stale_delete_are_a_conflict_whichever_comes_first(
    people: LiveServer,
) -> None:
    alice, lena = people.enrol("alice"), people.enrol("lena")
    fid, fam = new_family("D-1")
    alice.push(fam)
    pid, person = new_person(fid, "Pip")
    v1 = alice.push(person)[0]["version"]
    # The edit first, then a delete made from the version before it.
    edited = alice.push(op("person", pid, {"given_name": "Edited"}, base=v1, family_id=fid))[0]
    assert edited["status"] == "applied"
    res = lena.push(op("person", pid, {}, base=v1, family_id=fid, deleted=True))[0]
    assert res["status"] == "conflict"
    assert [(c["field"], c["base_value"], c["local_value"], c["server_value"], c["reason"],
             c["made_by"]) for c in res["conflicts"]] == [
        ("deleted", False, True, False, "conflict", "lena")]
    changes, _, _ = alice.pull_all()
    row = next(c for c in changes if c["id"] == pid)
    assert row["deleted"] is False and row["data"]["given_name"] == "Edited"
    assert {c["id"] for c in _open_conflicts(alice)} == {res["conflicts"][0]["id"]}
    # A delete from the current version applies.
    gone = lena.push(op("person", pid, {}, base=row["version"], family_id=fid,
                        deleted=True))[0]
    assert gone["status"] == "applied" and gone["conflicts"] == []

    # The delete first, then an edit made from the version before it: the edit is kept.
    qid, other = new_person(fid, "Quin")
    w1 = alice.push(other)[0]["version"]
    assert lena.push(op("person", qid, {}, base=w1, family_id=fid,
                        deleted=True))[0]["status"] == "applied"
    late = alice.push(op("person", qid, {"given_name": "Quinn"}, base=w1, family_id=fid))[0]
    assert (late["status"], late["reason"]) == ("rejected", "deleted")
    assert [(c["field"], c["local_value"]) for c in late["conflicts"]] == [
        ("given_name", "Quinn")]


def test_op_ids_are_each_devices_own(people: LiveServer) -> None:
    alice, bob = people.enrol("alice"), people.enrol("bob")
    alice_tablet = people.enrol("alice", "tablet")
    shared = "op-1"  # the same op id, made by three devices independently
    fa, fam_a = new_family("A-1")
    fb, fam_b = new_family("B-1")
    fc, fam_c = new_family("A-2")
    first = alice.push({**fam_a, "op_id": shared})[0]
    assert first["status"] == "applied"
    other_user = bob.push({**fam_b, "op_id": shared})[0]
    other_device = alice_tablet.push({**fam_c, "op_id": shared})[0]
    assert other_user["status"] == "applied" and other_device["status"] == "applied"
    assert bob.pull_all()[2]["families"] == [fb]
    assert sorted(alice_tablet.pull_all()[2]["families"]) == sorted([fa, fc])
    # The same device sending it again is answered with what it got, and nothing repeats.
    again = alice.push({**fam_a, "op_id": shared})[0]
    assert again["status"] == "duplicate" and again["version"] == first["version"]
    with people.sessions() as s:
        found = s.execute(select(AppliedOp.device_id, AppliedOp.username).where(
            AppliedOp.op_id == shared))
        rows = sorted((device_id, username) for device_id, username in found)
    assert rows == sorted([(alice.device_id, "alice"), (bob.device_id, "bob"),
                           (alice_tablet.device_id, "alice")])


def test_a_user_who_never_held_a_family_cannot_write_into_it(people: LiveServer) -> None:
    """Custody is for changes made while a family was held: a device cannot leave values
    (even as conflicts) in a family its user was never given, or in one that does not exist."""
    alice, bob = people.enrol("alice"), people.enrol("bob")
    fid, fam = new_family("S-1", town="Widnes")
    v = alice.push(fam)[0]["version"]
    _, stray = new_person(str(uuid.uuid4()), "Stray")
    _, intruder = new_person(fid, "Intruder")
    got = bob.push(_made(op("family", fid, {"town": "Elsewhere"}, base=v, family_id=fid),
                         _now()), _made(intruder, _now()), _made(stray, _now()))
    assert [(r["status"], r["reason"], r["conflicts"]) for r in got] == [
        ("rejected", "out_of_scope", [])] * 3
    assert _open_conflicts(people.enrol("ada")) == []
    with people.sessions() as s:
        assert list(s.scalars(select(Record.id))) == [fid]


def test_a_former_holders_audit_trail_is_stored_not_left_for_a_person_to_decide(
    people: LiveServer,
) -> None:
    """Who did what, when: the audit entry of a change made after the family moved is a
    true account with nothing to decide, so the service stores it; the change itself is
    kept as a conflict."""
    alice, fid, pid, _fam_v, person_v = _family_held_by_alice(people)
    bob = people.enrol("bob")
    people.allocate(fid, "bob")
    late = _now()
    edit = _made(op("person", pid, {"given_name": "Late"}, base=person_v, family_id=fid), late)
    trail_id = str(uuid.uuid4())
    trail = _made(op("audit_event", trail_id, {
        "at": late, "actor": "alice", "action": "update", "entity": "person",
        "entity_id": pid, "family_id": fid}, family_id=fid), late)
    got = alice.push(edit, trail)
    assert [(r["status"], r["reason"]) for r in got] == [
        ("rejected", "out_of_scope"), ("applied", None)]
    assert [c["field"] for c in _open_conflicts(bob)] == ["given_name"]
    changes, _, _ = bob.pull_all()
    assert any(c["id"] == trail_id and c["data"]["actor"] == "alice" for c in changes)
