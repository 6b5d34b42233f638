"""The central service over HTTP on loopback: enrolment, push, pull, merge, conflicts,
scope, allocation, revocation, history, final records, audit."""

from __future__ import annotations

import json
import uuid

from live_service import LiveServer, new_family, new_person, op
from sqlalchemy import func, select

from app.reference.levels_of_need import DEFAULT_FILE
from app.sync.protocol import scope_digest
from server.models import AuditLog, Conflict, Device, Record, RecordHistory


def _records(live: LiveServer) -> int:
    with live.sessions() as s:
        return s.scalar(select(func.count()).select_from(Record)) or 0


def _audit(live: LiveServer, **where: object) -> list[AuditLog]:
    with live.sessions() as s:
        query = select(AuditLog).order_by(AuditLog.pk)
        for key, value in where.items():
            query = query.where(getattr(AuditLog, key) == value)
        return list(s.scalars(query))


def test_health_answers_without_a_token(live_server: LiveServer) -> None:
    r = live_server.client().get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert live_server.client().get(live_server.url + "/health").status_code == 200


def test_enrol_with_good_and_bad_password(people: LiveServer) -> None:
    c = people.client()
    good = c.post("/auth/enrol", json={"username": "alice", "password": "correct horse battery",
                                       "device_name": "Laptop 1"})
    assert good.status_code == 200
    body = good.json()
    assert body["user"] == {"username": "alice", "name": "alice (synthetic)", "role": "worker",
                            "team": "North", "gcp2_trained": False}
    assert len(body["token"]) >= 40
    with people.sessions() as s:
        device = s.get(Device, body["device_id"])
        assert device is not None and device.username == "alice"
        assert body["token"] not in device.token_hash  # only a hash is kept
    for username, password in [("alice", "wrong password"), ("nobody", "correct horse battery")]:
        bad = c.post("/auth/enrol", json={"username": username, "password": password,
                                          "device_name": "Laptop 2"})
        assert bad.status_code == 401
        assert bad.json()["detail"]["code"] == "bad_credentials"
    with people.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Device)) == 1
    refused = _audit(people, path="/api/v1/auth/enrol", status=401)
    assert len(refused) == 2


def test_devices_are_numbered_in_the_order_they_enrol(people: LiveServer) -> None:
    """The number goes into the family references a device gives offline."""
    c = people.client()
    numbers = []
    for username, device_name in [("alice", "Laptop 1"), ("bob", "Laptop 2"), ("alice", "Tablet")]:
        r = c.post("/auth/enrol", json={"username": username, "password": "correct horse battery",
                                        "device_name": device_name})
        assert r.status_code == 200, r.text
        numbers.append(r.json()["device_number"])
        with people.sessions() as s:
            device = s.get(Device, r.json()["device_id"])
            assert device is not None and device.number == numbers[-1]
    assert numbers == [1, 2, 3]


def test_push_then_pull_round_trip_on_another_device(people: LiveServer) -> None:
    laptop = people.enrol("alice", "laptop")
    tablet = people.enrol("alice", "tablet")
    fid, fam = new_family("F-1", town="Widnes")
    pid, person = new_person(fid)
    results = laptop.push(fam, person)
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert [r["version"] for r in results] == [1, 1]  # each record's first version

    changes, purge, scope = tablet.pull_all()
    assert purge == []
    # In the order they were accepted: the family before its person.
    assert [c["id"] for c in changes] == [fid, pid]
    assert changes[0]["seq"] < changes[1]["seq"]
    by_id = {c["id"]: c for c in changes}
    assert by_id[fid]["data"]["town"] == "Widnes"
    assert by_id[fid]["data"]["allocated_to"] == "alice"  # set by the service
    assert by_id[pid]["family_id"] == fid
    assert by_id[pid]["data"]["given_name"] == "Child"
    assert scope["families"] == [fid]
    assert (scope["count"], scope["digest"]) == scope_digest(
        (c["entity"], c["id"], c["version"]) for c in changes)
    # Nothing new: an empty page with the same cursor.
    page = tablet.pull_page()
    assert page["changes"] == [] and page["next_cursor"] == tablet.cursor


def test_pull_pages_in_seq_order_with_scope_on_last_page_only(people: LiveServer) -> None:
    alice = people.enrol("alice")
    fid, fam = new_family("F-2")
    alice.push(fam, *[new_person(fid, f"Child {i}")[1] for i in range(4)])
    first = alice.pull_page(cursor=0, limit=2)
    assert len(first["changes"]) == 2 and first["has_more"] and first["scope"] is None
    second = alice.pull_page(cursor=first["next_cursor"], limit=2)
    third = alice.pull_page(cursor=second["next_cursor"], limit=2)
    assert not third["has_more"] and third["scope"]["count"] == 5
    seqs = [c["seq"] for page in (first, second, third) for c in page["changes"]]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5


def test_same_op_twice_is_applied_once(people: LiveServer) -> None:
    alice = people.enrol("alice")
    fid, fam = new_family("F-3")
    first = alice.push(fam)[0]
    again = alice.push(fam)[0]
    assert first["status"] == "applied"
    assert again["status"] == "duplicate" and again["version"] == first["version"]
    edit = op("family", fid, {"town": "Halton"}, base=first["version"], family_id=fid)
    assert alice.push(edit, edit)[1]["status"] == "duplicate"
    with people.sessions() as s:
        versions = s.scalars(select(RecordHistory.version).where(RecordHistory.record_id == fid))
        assert len(list(versions)) == 2


def test_edits_of_different_fields_on_two_devices_both_survive(people: LiveServer) -> None:
    one = people.enrol("alice", "one")
    two = people.enrol("alice", "two")
    fid, fam = new_family("F-4")
    v1 = one.push(fam)[0]["version"]
    a = one.push(op("family", fid, {"town": "Runcorn"}, base=v1, family_id=fid))[0]
    b = two.push(op("family", fid, {"phone": "01234 000000"}, base=v1, family_id=fid))[0]
    assert a["status"] == "applied"
    assert b["status"] == "merged" and b["conflicts"] == [] and b["version"] > a["version"]
    changes, _, _ = two.pull_all()
    data = next(c for c in changes if c["id"] == fid)["data"]
    assert data["town"] == "Runcorn" and data["phone"] == "01234 000000"


def test_same_field_conflict_is_kept_listed_and_resolved(people: LiveServer) -> None:
    one = people.enrol("alice", "one")
    two = people.enrol("alice", "two")
    lead = people.enrol("lena")
    fid, fam = new_family("F-5", town="Widnes")
    v1 = one.push(fam)[0]["version"]
    one.push(op("family", fid, {"town": "Runcorn"}, base=v1, family_id=fid))
    res = two.push(op("family", fid, {"town": "Frodsham", "postcode": "WA1 1AA"}, base=v1,
                      family_id=fid))[0]
    assert res["status"] == "conflict"
    (conflict,) = res["conflicts"]
    assert (conflict["field"], conflict["base_value"], conflict["local_value"],
            conflict["server_value"]) == ("town", "Widnes", "Frodsham", "Runcorn")
    # The server kept its value; the other field was applied.
    changes, _, _ = two.pull_all()
    data = next(c for c in changes if c["id"] == fid)["data"]
    assert data["town"] == "Runcorn" and data["postcode"] == "WA1 1AA"
    # Listed for everyone who sees the family (the team lead too).
    for device in (two, lead):
        listed = device.http.get("/sync/conflicts").json()["conflicts"]
        assert [c["id"] for c in listed] == [conflict["id"]]
    # A person decides: a normal edit that says which conflict it resolves.
    current = next(c for c in changes if c["id"] == fid)["version"]
    done = two.push(op("family", fid, {"town": "Frodsham"}, base=current, family_id=fid,
                       resolves=[conflict["id"]]))[0]
    assert done["status"] == "applied"
    assert two.http.get("/sync/conflicts").json()["conflicts"] == []
    with people.sessions() as s:
        row = s.get(Conflict, conflict["id"])
        assert row.status == "resolved" and row.resolved_by == "alice" and row.resolved_at
    changes, _, _ = one.pull_all()
    assert next(c for c in changes if c["id"] == fid)["data"]["town"] == "Frodsham"


def test_history_keeps_every_accepted_version(people: LiveServer) -> None:
    alice = people.enrol("alice")
    fid, fam = new_family("F-6")
    version = alice.push(fam)[0]["version"]
    for town in ("A-town", "B-town", "C-town"):
        version = alice.push(op("family", fid, {"town": town}, base=version,
                                family_id=fid))[0]["version"]
    r = alice.http.get(f"/sync/history/family/{fid}")
    assert r.status_code == 200
    towns = [v["data"]["town"] for v in r.json()["versions"]]
    assert towns == ["", "A-town", "B-town", "C-town"]
    versions = [v["version"] for v in r.json()["versions"]]
    assert versions == sorted(versions) and versions[-1] == version


def test_worker_cannot_reach_another_workers_family(people: LiveServer) -> None:
    alice = people.enrol("alice")
    bob = people.enrol("bob")
    fid, fam = new_family("F-7", town="Widnes")
    v1 = alice.push(fam)[0]["version"]
    before = _records(people)
    res = bob.push(op("family", fid, {"town": "Elsewhere"}, base=v1, family_id=fid))[0]
    assert res["status"] == "rejected" and res["reason"] == "out_of_scope"
    _, person = new_person(fid)
    assert bob.push(person)[0]["reason"] == "out_of_scope"
    assert _records(people) == before  # nothing stored
    # Asked again (the first answer was lost): refused again, not "duplicate".
    again = bob.push(op("family", fid, {"town": "Elsewhere"}, base=v1, family_id=fid,
                        op_id=res["op_id"]))[0]
    assert (again["status"], again["reason"]) == ("rejected", "out_of_scope")
    changes, _, scope = bob.pull_all()
    assert changes == [] and scope["families"] == [] and scope["count"] == 0
    assert bob.http.get(f"/sync/families/{fid}").status_code == 403
    assert bob.http.get(f"/sync/history/family/{fid}").status_code == 403
    denied = _audit(people, username="bob", status=403)
    assert {a.path for a in denied} >= {"/api/v1/sync/push", f"/api/v1/sync/families/{fid}"}
    assert alice.http.get(f"/sync/families/{fid}").status_code == 200


def test_a_person_of_an_unknown_family_is_rejected(people: LiveServer) -> None:
    alice = people.enrol("alice")
    _, person = new_person(str(uuid.uuid4()))
    res = alice.push(person)[0]
    assert res["status"] == "rejected" and res["reason"] == "out_of_scope"
    assert _records(people) == 0


def test_team_lead_sees_their_team_and_admin_sees_all(people: LiveServer) -> None:
    alice, sam = people.enrol("alice"), people.enrol("sam")
    north, fam_n = new_family("N-1")
    south, fam_s = new_family("S-1")
    alice.push(fam_n)
    sam.push(fam_s)
    lena, sue, ada = people.enrol("lena"), people.enrol("sue"), people.enrol("ada")
    assert lena.pull_all()[2]["families"] == [north]
    assert sue.pull_all()[2]["families"] == [south]
    assert sorted(ada.pull_all()[2]["families"]) == sorted([north, south])
    assert lena.http.get(f"/sync/families/{south}").status_code == 403
    assert ada.http.get(f"/sync/families/{south}").status_code == 200
    # A team lead may change their team's family, not another team's.
    v = lena.http.get(f"/sync/families/{north}").json()["records"][0]["version"]
    assert lena.push(op("family", north, {"status": "review"}, base=v,
                        family_id=north))[0]["status"] == "applied"
    assert lena.push(op("family", south, {"status": "review"}, base=v,
                        family_id=south))[0]["reason"] == "out_of_scope"


def test_workers_cannot_set_allocated_to(people: LiveServer) -> None:
    alice = people.enrol("alice")
    fid, fam = new_family("F-8")
    v1 = alice.push(fam)[0]["version"]
    res = alice.push(op("family", fid, {"allocated_to": "bob", "town": "X"}, base=v1,
                        family_id=fid))[0]
    assert res["status"] == "applied"
    data = alice.http.get(f"/sync/families/{fid}").json()["records"][0]["data"]
    assert data["allocated_to"] == "alice" and data["town"] == "X"


def test_allocation_moves_a_family_whole_and_purges_the_old_holder(people: LiveServer) -> None:
    alice, bob = people.enrol("alice"), people.enrol("bob")
    sue = people.enrol("sue")
    fid, fam = new_family("F-9")
    pid, person = new_person(fid)
    alice.push(fam, person)
    alice.pull_all()
    # bob and the South lead have pulled everything they could see already
    bob.pull_all()
    sue.pull_all()
    moved = people.allocate(fid, "bob")
    assert moved.previous == "alice"
    changes, purge, scope = bob.pull_all()
    assert {c["id"] for c in changes} == {fid, pid}
    family = next(c for c in changes if c["id"] == fid)
    assert family["data"]["allocated_to"] == "bob"
    assert scope["families"] == [fid]
    changes, purge, scope = alice.pull_all()
    assert purge == [fid] and scope["families"] == [] and changes == []
    assert alice.push(op("person", pid, {"given_name": "Late"}, base=1,
                         family_id=fid))[0]["reason"] == "out_of_scope"
    # Moving it to the South team: North's lead loses it, South's gains it whole.
    lena = people.enrol("lena")
    lena.pull_all()
    people.allocate(fid, "sam")
    assert lena.pull_all()[1] == [fid]
    changes, purge, _ = sue.pull_all()
    assert {c["id"] for c in changes} == {fid, pid} and purge == []
    history = people.enrol("ada").http.get(f"/sync/history/family/{fid}").json()["versions"]
    assert [v["data"]["allocated_to"] for v in history] == ["alice", "bob", "sam"]


def test_revoked_device_gets_device_revoked(people: LiveServer) -> None:
    alice = people.enrol("alice")
    assert alice.http.get("/sync/pull").status_code == 200
    people.revoke(alice.device_id)
    for r in (alice.http.get("/sync/pull"), alice.http.post("/sync/push", json={"ops": []})):
        assert r.status_code == 401
        assert r.json()["detail"]["code"] == "device_revoked"
    assert _audit(people, device_id=alice.device_id, status=401)
    unknown = people.client("not-a-token").get("/sync/pull")
    assert unknown.status_code == 401 and unknown.json()["detail"]["code"] == "bad_token"
    missing = people.client().get("/sync/pull")
    assert missing.status_code == 401 and missing.json()["detail"]["code"] == "bad_token"


def test_final_record_refuses_changes_and_keeps_them(people: LiveServer) -> None:
    alice = people.enrol("alice")
    fid, fam = new_family("F-10")
    alice.push(fam)
    eid = str(uuid.uuid4())
    event = op("audit_event", eid, {"at": "2025-01-01T10:00:00+00:00", "actor": "alice",
                                    "action": "create", "entity": "family", "entity_id": fid,
                                    "family_id": fid}, family_id=fid)
    v = alice.push(event)[0]["version"]
    res = alice.push(op("audit_event", eid, {"action": "edited"}, base=v, family_id=fid))[0]
    assert res["status"] == "rejected" and res["reason"] == "final"
    assert [(c["field"], c["local_value"], c["server_value"]) for c in res["conflicts"]] == [
        ("action", "edited", "create")]
    gone = alice.push(op("audit_event", eid, {}, base=v, family_id=fid, deleted=True))[0]
    assert gone["status"] == "rejected" and gone["reason"] == "final"
    history = alice.http.get(f"/sync/history/audit_event/{eid}").json()["versions"]
    assert len(history) == 1 and history[0]["data"]["action"] == "create"


def test_edit_to_a_deleted_record_is_rejected_and_kept(people: LiveServer) -> None:
    one, two = people.enrol("alice", "one"), people.enrol("alice", "two")
    fid, fam = new_family("F-11")
    one.push(fam)
    pid, person = new_person(fid)
    v = one.push(person)[0]["version"]
    deleted = one.push(op("person", pid, {}, base=v, family_id=fid, deleted=True))[0]
    assert deleted["status"] == "applied" and deleted["version"] > v
    res = two.push(op("person", pid, {"given_name": "Changed"}, base=v, family_id=fid))[0]
    assert res["status"] == "rejected" and res["reason"] == "deleted"
    assert res["conflicts"][0]["local_value"] == "Changed"
    changes, _, _ = two.pull_all()
    row = next(c for c in changes if c["id"] == pid)
    assert row["deleted"] is True and row["data"]["given_name"] == "Child"


def test_records_outside_any_family_belong_to_their_maker(people: LiveServer) -> None:
    alice, bob = people.enrol("alice"), people.enrol("bob")
    eid = str(uuid.uuid4())
    res = alice.push(op("audit_event", eid, {"at": "2025-01-01T10:00:00+00:00",
                                             "actor": "alice", "action": "open_caseload",
                                             "family_id": None}))[0]
    assert res["status"] == "applied"
    assert [c["id"] for c in alice.pull_all()[0]] == [eid]
    assert bob.pull_all()[0] == []


def test_every_request_is_audited_without_personal_data(people: LiveServer) -> None:
    alice = people.enrol("alice")
    fid, fam = new_family("F-12", family_name="Zyxwvut", town="Qwertyton")
    alice.push(fam)
    alice.pull_all()
    rows = _audit(people, username="alice")
    assert [(r.method, r.path, r.status) for r in rows] == [
        ("POST", "/api/v1/auth/enrol", 200),
        ("POST", "/api/v1/sync/push", 200),
        ("GET", "/api/v1/sync/pull", 200),
    ]
    assert all(r.device_id == alice.device_id for r in rows[1:])
    text = " ".join(r.detail for r in _audit(people))
    assert "Zyxwvut" not in text and "Qwertyton" not in text


def test_reference_data_is_served(people: LiveServer) -> None:
    from server import admin

    levels = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    with people.sessions.begin() as s:
        admin.load_reference(s, {"levels_of_need": levels, "agencies": [{"name": "School"}]})
    alice = people.enrol("alice")
    body = alice.http.get("/reference").json()
    assert body["levels_of_need"] == levels
    assert body["agencies"] == [{"name": "School"}] and body["forms"] == []
    assert people.client().get("/reference").status_code == 401


def test_create_and_edit_in_one_batch_merge_against_the_devices_own_write(
    people: LiveServer,
) -> None:
    alice = people.enrol("alice")
    other = people.enrol("alice", "other")
    fid, fam = new_family("F-13", town="Widnes")
    created, edited = alice.push(fam, op("family", fid, {"town": "Runcorn"}, family_id=fid))
    assert created["status"] == "applied" and edited["status"] == "merged"
    assert edited["conflicts"] == []
    # Another device that never saw the record, sending it as new: a real conflict.
    late = other.push(op("family", fid, {"town": "Frodsham"}, family_id=fid))[0]
    assert late["status"] == "conflict" and late["conflicts"][0]["server_value"] == "Runcorn"


def test_team_lead_allocates_within_their_team_by_setting_allocated_to(
    people: LiveServer,
) -> None:
    lena, alice, bob = people.enrol("lena"), people.enrol("alice"), people.enrol("bob")
    fid, fam = new_family("F-14", allocated_to="alice")
    created = lena.push(fam)[0]
    assert created["status"] == "applied"
    assert alice.pull_all()[2]["families"] == [fid]
    moved = lena.push(op("family", fid, {"allocated_to": "bob"}, base=created["version"],
                         family_id=fid))[0]
    assert moved["status"] == "applied" and moved["version"] > created["version"]
    changes, _, scope = bob.pull_all()
    assert scope["families"] == [fid]
    assert next(c for c in changes if c["id"] == fid)["data"]["allocated_to"] == "bob"
    assert alice.pull_all()[1] == [fid]
    # Not to another team's worker: the field is ignored.
    lena.push(op("family", fid, {"allocated_to": "sam"}, base=moved["version"], family_id=fid))
    assert people.enrol("sam").pull_all()[2]["families"] == []
    assert lena.http.get(f"/sync/families/{fid}").json()["records"][0]["data"][
        "allocated_to"] == "bob"


def test_a_record_becomes_final_by_its_declaration(people: LiveServer) -> None:
    """Any record type declared final_when=<field> refuses changes once that field is set."""
    from app.sync.protocol import ENTITIES

    entity, spec = next((e, s) for e, s in ENTITIES.items() if s.sync.final_when)
    final_field = spec.sync.final_when
    alice = people.enrol("alice")
    fid, fam = new_family("F-15")
    alice.push(fam)
    rid = str(uuid.uuid4())
    created = alice.push(op(entity, rid, {spec.sync.family_key: fid, final_field: None},
                            family_id=fid))[0]
    assert created["status"] == "applied"
    value = "2025-02-03T10:00:00+00:00" if spec.fields[final_field].kind == "instant" else True
    done = alice.push(op(entity, rid, {final_field: value}, base=created["version"],
                         family_id=fid))[0]
    assert done["status"] == "applied"
    late = alice.push(op(entity, rid, {final_field: None}, base=done["version"],
                         family_id=fid))[0]
    assert late["status"] == "rejected" and late["reason"] == "final"
    assert late["conflicts"][0]["field"] == final_field
