"""Error answers name the problem and where it is, never the values sent: not in the
answer, not in the audit log. A client that goes away mid-body is audited as that."""

from __future__ import annotations

import json
import socket
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from live_service import Device, LiveServer, new_family, op
from sqlalchemy import select

from server.models import AuditLog, Record

SECRET = "Zebedee-Quintrell-1987"


@pytest.fixture
def alice(people: LiveServer) -> Device:
    return people.enrol("alice")


def audit_details(live: LiveServer) -> list[tuple[int, str, str]]:
    with live.sessions() as s:
        return [(r.status, r.path, r.detail or "") for r in s.scalars(select(AuditLog))]


BAD_BODIES: list[tuple[str, Any]] = [
    ("text too long", {"ops": [op("family", "f1", {"postcode": SECRET})]}),
    ("text as a number field", {"ops": [op("plan_need", "n1", {"position": SECRET})]}),
    ("NUL in text", {"ops": [op("family", "f1", {"town": SECRET + "\x00"})]}),
    ("unknown field named by a value", {"ops": [op("family", "f1", {SECRET: "x"})]}),
    ("bad date", {"ops": [op("family", "f1", {"request_date": SECRET})]}),
    ("bad instant", {"ops": [op("visit", "v1", {"occurred_at": SECRET})]}),
    ("bad made_at", {"ops": [{**op("family", "f1", {}), "made_at": SECRET}]}),
    ("odd record id", {"ops": [op("family", f"{SECRET}' OR '1'='1", {"town": "x"})]}),
    ("odd op id", {"ops": [op("family", "f1", {}, op_id=SECRET + "!")]}),
    ("odd entity", {"ops": [op(SECRET, "f1", {})]}),
    ("unknown key", {"ops": [{**op("family", "f1", {}), SECRET: 1}]}),
    ("base_version as text", {"ops": [{**op("family", "f1", {}), "base_version": SECRET}]}),
    ("resolves an odd id", {"ops": [op("family", "f1", {}, resolves=[SECRET + " x"])]}),
    ("json field with a secret beside a huge number",
     {"ops": [op("assessment", "a1", {"answers": {"q": SECRET, "n": 2**64}})]}),
    ("not a list of ops", {"ops": SECRET}),
    ("a good op then a bad one", {"ops": [new_family(SECRET)[1],
                                          op("family", "f1", {"postcode": SECRET})]}),
]


@pytest.mark.parametrize("label,body", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_refusals_never_repeat_the_values(people: LiveServer, alice: Device, label: str,
                                          body: Any) -> None:
    r = alice.http.post("/sync/push", json=body)
    assert r.status_code == 422, (label, r.text)
    detail = r.json()["detail"]
    assert detail["message"] and detail["problems"], label
    assert all(p["location"].startswith("body") for p in detail["problems"]), label
    assert SECRET not in r.text, (label, r.text)
    refusals = [d for d in audit_details(people) if d[0] == 422]
    assert refusals and all(SECRET not in detail for _s, _p, detail in refusals), refusals
    with people.sessions() as s:
        assert s.scalars(select(Record)).first() is None


def test_a_bad_op_is_named_by_number_op_id_record_type_and_field(people: LiveServer,
                                                                  alice: Device) -> None:
    body = {"ops": [new_family("E-1")[1], new_family("E-2")[1],
                    op("assessment", "a1", {"answers": {"q": [1, {"r": SECRET}], "n": 2**64}},
                       op_id="op-three")]}
    r = alice.http.post("/sync/push", json=body)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail == {
        "code": "invalid_op",
        "message": "op 3 (op_id op-three, assessment): answers holds a whole number outside "
                   "the 64-bit range",
        "problems": [{"location": "body.ops[2].fields.answers",
                      "message": "answers holds a whole number outside the 64-bit range"}],
    }
    audited = [d for d in audit_details(people) if d[0] == 422]
    assert audited == [(422, "/api/v1/sync/push",
                        "push refused: " + detail["message"])]
    r = alice.http.post("/sync/push", json={"ops": [op("spaceship", "s1", {}, op_id="o-1")]})
    assert r.json()["detail"]["message"] == "op 1 (op_id o-1): unknown record type"
    assert r.json()["detail"]["problems"][0]["location"] == "body.ops[0].entity"


def test_a_schema_refusal_lists_locations_and_messages_only(people: LiveServer,
                                                            alice: Device) -> None:
    bad = {**op("family", "f1", {}, base=-1), "deleted": SECRET}
    r = alice.http.post("/sync/push", json={"ops": [new_family("E-3")[1], bad]})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_request"
    locations = {p["location"] for p in detail["problems"]}
    assert locations == {"body.ops[1].base_version", "body.ops[1].deleted"}
    assert set(detail) == {"code", "message", "problems"}
    assert all(set(p) == {"location", "message"} for p in detail["problems"])
    assert SECRET not in r.text and "input" not in r.text


def test_five_thousand_ops_get_a_short_answer(people: LiveServer, alice: Device) -> None:
    ops = [op("family", f"f{i}", {"town": SECRET}) for i in range(5000)]
    r = alice.http.post("/sync/push", json={"ops": ops})
    assert r.status_code in (413, 422)
    assert len(r.content) < 4000, len(r.content)
    assert SECRET not in r.text
    # Five thousand bad ops: still a short answer that says how many problems there were.
    bad = [{"op_id": f"o{i}", "entity": "family", "id": f"f{i}", "deleted": SECRET}
           for i in range(5000)]
    r = alice.http.post("/sync/push", json={"ops": bad})
    assert r.status_code == 422 and len(r.content) < 8000, len(r.content)
    assert SECRET not in r.text
    assert len(r.json()["detail"]["problems"]) <= 20


@pytest.mark.parametrize("raw", [
    b'{"ops": [OP]}'.replace(b"OP", json.dumps(op("assessment", "a1", {"answers": {"q": 1}}))
                             .encode().replace(b'"q": 1', b'"q": NaN')),
    b'{"ops": [OP]}'.replace(b"OP", json.dumps(op("assessment", "a1", {"answers": {"q": 1}}))
                             .encode().replace(b'"q": 1', b'"q": [1e999]')),
    b'{"ops": [OP]}'.replace(b"OP", json.dumps(op("meeting", "m1", {"attendees": [1]}))
                             .encode().replace(b"[1]", b"[-Infinity]")),
])
def test_non_finite_numbers_are_refused_before_anything_is_read(
        people: LiveServer, alice: Device, raw: bytes) -> None:
    r = alice.http.post("/sync/push", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["code"] == "invalid_json"
    with people.sessions() as s:
        assert s.scalars(select(Record)).first() is None
    assert alice.pull_all()[2] is not None  # and the device still pulls


def test_a_client_that_goes_away_mid_body_is_audited_as_such(people: LiveServer,
                                                             alice: Device) -> None:
    url = urlsplit(people.url)
    body = json.dumps({"ops": [new_family("E-9")[1]]}).encode()
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/sync/push HTTP/1.1\r\nHost: test\r\n"
            b"Content-Type: application/json\r\n"
            + f"Authorization: Bearer {alice.token}\r\n".encode()
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[: len(body) // 2]
        )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        gone = [d for d in audit_details(people) if d[2] == "client went away"]
        if gone:
            break
        time.sleep(0.05)
    assert gone == [(499, "/api/v1/sync/push", "client went away")]
    assert not [d for d in audit_details(people) if d[0] >= 500]
    with people.sessions() as s:
        assert s.scalars(select(Record)).first() is None
    # The service carries on.
    assert alice.push(new_family("E-10")[1])[0]["status"] == "applied"


def test_the_openapi_document_lists_record_types_and_their_fields(
        live_server: LiveServer) -> None:
    doc = live_server.client().get(live_server.url + "/openapi.json").json()
    schemas = doc["components"]["schemas"]
    items = schemas["PushRequest"]["properties"]["ops"]["items"]
    assert items["discriminator"]["propertyName"] == "entity"
    assert {"family", "person", "assessment", "visit"} <= set(items["discriminator"]["mapping"])
    family_op = schemas["familyOp"]
    assert family_op["properties"]["entity"]["const"] == "family"
    assert family_op["properties"]["fields"] == {"$ref": "#/components/schemas/familyFields"}
    assert "made_at" in family_op["properties"]
    family = schemas["familyFields"]
    assert family["additionalProperties"] is False
    assert family["properties"]["postcode"]["type"] == "string"
    assert family["properties"]["postcode"]["maxLength"] == 10
    request_date = family["properties"]["request_date"]["anyOf"][0]
    assert request_date["format"] == "date" and request_date["type"] == "string"
    visit = schemas["visitFields"]["properties"]
    assert visit["occurred_at"]["format"] == "date-time"
    assert visit["seen"]["type"] == ["object", "array"]
    position = schemas["plan_needFields"]["properties"]["position"]
    assert (position["type"], position["maximum"]) == ("integer", 2**63 - 1)
    assert doc["x-record-types"]["visit"]["final_when"] == "finalised_at"
    assert doc["x-record-types"]["consent"]["append_only"] is True
