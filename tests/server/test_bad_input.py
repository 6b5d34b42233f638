"""Bad input to the service: each a clear 4xx, never a 500, and nothing stored."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from live_service import LiveServer, new_family, op
from sqlalchemy import func, select

from app.sync.protocol import MAX_BODY_BYTES, MAX_PULL_LIMIT, MAX_PUSH_OPS
from server.models import AppliedOp, AuditLog, Conflict, Record


def _stored(live: LiveServer) -> tuple[int, int, int]:
    with live.sessions() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Record, AppliedOp, Conflict)
        )


def _family_fields() -> dict[str, Any]:
    return new_family("B-1")[1]["fields"]


BAD_PUSH_BODIES: list[tuple[str, Any]] = [
    ("not an object", [1, 2, 3]),
    ("no ops", {}),
    ("ops not a list", {"ops": "many"}),
    ("unknown key", {"ops": [], "extra": 1}),
    ("op missing id", {"ops": [{"op_id": "a", "entity": "family", "fields": {}}]}),
    ("base_version as text", {"ops": [op("family", "f1", {}, base="3")]}),
    ("base_version negative", {"ops": [op("family", "f1", {}, base=-1)]}),
    ("base_version huge", {"ops": [op("family", "f1", {}, base=10**30)]}),
    ("deleted as text", {"ops": [{**op("family", "f1", {}), "deleted": "yes"}]}),
    ("fields a list", {"ops": [{**op("family", "f1", {}), "fields": ["town"]}]}),
    ("unknown entity", {"ops": [op("spaceship", "f1", {"town": "x"})]}),
    ("unknown field", {"ops": [op("family", "f1", {"warp_speed": 9})]}),
    ("text field as number", {"ops": [op("family", "f1", {**_family_fields(), "town": 7})]}),
    ("bool field as text", {"ops": [op("person", "p1", {"interpreter_needed": "yes"})]}),
    ("bad date", {"ops": [op("family", "f1", {"request_date": "31/12/2024"})]}),
    ("naive instant", {"ops": [op("audit_event", "e1", {"at": "2025-01-01T10:00:00"})]}),
    ("text too long", {"ops": [op("family", "f1", {"postcode": "X" * 11})]}),
    ("null in a required field", {"ops": [op("family", "f1", {"family_name": None})]}),
    ("NUL character", {"ops": [op("family", "f1", {"town": "a\x00b"})]}),
    ("NUL in an id", {"ops": [op("family", "f\x001", {"town": "a"})]}),
    ("too many ops", {"ops": [op("family", str(i), {}) for i in range(MAX_PUSH_OPS + 1)]}),
    ("id too long", {"ops": [op("family", "x" * 37, {})]}),
    ("resolves not a list", {"ops": [{**op("family", "f1", {}), "resolves": "c1"}]}),
    # A good op followed by a bad one: the whole request is refused.
    ("one bad op of two", {"ops": [new_family("B-2")[1], op("family", "f1", {"town": 1})]}),
]


@pytest.fixture
def alice(people: LiveServer) -> Iterator[Any]:
    yield people.enrol("alice")


@pytest.mark.parametrize("label,body", BAD_PUSH_BODIES, ids=[b[0] for b in BAD_PUSH_BODIES])
def test_bad_push_bodies_are_refused_and_nothing_is_stored(
    people: LiveServer, alice: Any, label: str, body: Any
) -> None:
    before = _stored(people)
    r = alice.http.post("/sync/push", json=body)
    assert r.status_code == 422, (label, r.status_code, r.text)
    assert "detail" in r.json()
    assert _stored(people) == before


def test_field_errors_name_the_op_and_the_field(people: LiveServer, alice: Any) -> None:
    r = alice.http.post("/sync/push", json={"ops": [new_family("B-3")[1],
                                                    op("family", "f1", {"town": 1},
                                                       op_id="op-two")]})
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_op"
    assert detail["message"] == "op 2 (op_id op-two, family): town must be text"
    assert detail["problems"] == [{"location": "body.ops[1].fields.town",
                                   "message": "town must be text"}]


def test_unicode_that_no_database_stores_is_refused(people: LiveServer, alice: Any) -> None:
    raw = b'{"ops": [{"op_id": "a", "entity": "family", "id": "f1", "fields": {"town": "\\ud800"}}]}'
    r = alice.http.post("/sync/push", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert _stored(people) == (0, 0, 0)


@pytest.mark.parametrize("raw", [b"{not json", b"", b"\xff\xfe\x00", b'{"ops": [', b"null"])
def test_malformed_json_is_refused(people: LiveServer, alice: Any, raw: bytes) -> None:
    r = alice.http.post("/sync/push", content=raw, headers={"content-type": "application/json"})
    assert r.status_code in (400, 422)
    assert "detail" in r.json()
    assert _stored(people) == (0, 0, 0)


def test_oversized_body_by_content_length_is_refused(people: LiveServer, alice: Any) -> None:
    big = json.dumps({"ops": [op("family", "f1", {"contact_notes": "x" * MAX_BODY_BYTES})]})
    r = alice.http.post("/sync/push", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["detail"]["code"] == "too_large"
    assert _stored(people) == (0, 0, 0)
    with people.sessions() as s:
        assert s.scalars(select(AuditLog.status).where(AuditLog.status == 413)).first() == 413


def test_oversized_body_without_content_length_is_refused(people: LiveServer, alice: Any) -> None:
    chunk = b"x" * (256 * 1024)

    def stream() -> Iterator[bytes]:
        yield b'{"ops": [{"op_id": "a", "entity": "family", "id": "f1", "fields": {"town": "'
        for _ in range(MAX_BODY_BYTES // len(chunk) + 2):
            yield chunk
        yield b'"}}]}'

    r = alice.http.post("/sync/push", content=stream(),
                        headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert _stored(people) == (0, 0, 0)


@pytest.mark.parametrize("params", [
    {"cursor": -1}, {"cursor": "abc"}, {"cursor": 2**70}, {"limit": 0},
    {"limit": MAX_PULL_LIMIT + 1}, {"limit": "ten"}, {"cursor": "1.5"},
])
def test_pull_parameters_out_of_range(people: LiveServer, alice: Any,
                                      params: dict[str, Any]) -> None:
    r = alice.http.get("/sync/pull", params=params)
    assert r.status_code == 422, r.text


def test_another_users_record_ids_are_refused_and_not_stored(people: LiveServer) -> None:
    alice, bob = people.enrol("alice"), people.enrol("bob")
    fid, fam = new_family("B-4", town="Widnes")
    v = alice.push(fam)[0]["version"]
    before = _stored(people)
    results = bob.push(
        op("family", fid, {"town": "Elsewhere"}, base=v, family_id=fid),
        op("family", fid, {}, base=v, family_id=fid, deleted=True),
        op("person", str(uuid.uuid4()), {"family_id": fid, "role": "child"}, family_id=fid),
    )
    assert {(r["status"], r["reason"]) for r in results} == {("rejected", "out_of_scope")}
    records, applied, conflicts = _stored(people)
    assert (records, conflicts) == before[::2]
    data = alice.http.get(f"/sync/families/{fid}").json()["records"][0]
    assert data["data"]["town"] == "Widnes" and data["deleted"] is False


@pytest.mark.parametrize("path", [
    "/sync/families/" + "x" * 60, "/sync/families/a%00b", "/sync/history/Family!/abc",
    "/sync/history/nosuchentity/abc",
])
def test_bad_paths_are_4xx(people: LiveServer, alice: Any, path: str) -> None:
    r = alice.http.get(path)
    assert 400 <= r.status_code < 500, r.text


def test_bad_enrolment_bodies(people: LiveServer) -> None:
    c = people.client()
    for body in [{}, {"username": "alice"}, {"username": 1, "password": "x", "device_name": "d"},
                 {"username": "a\x00", "password": "x", "device_name": "d"},
                 {"username": "alice", "password": "x" * 5000, "device_name": "d"}]:
        r = c.post("/auth/enrol", json=body)
        assert r.status_code == 422, (body, r.text)


def test_odd_authorization_headers_are_401(people: LiveServer) -> None:
    for header in ["Basic abc", "Bearer", "Bearer " + "x" * 5000, "Token abc"]:
        r = httpx.get(people.api + "/sync/pull", headers={"Authorization": header})
        assert r.status_code == 401, (header, r.text)
