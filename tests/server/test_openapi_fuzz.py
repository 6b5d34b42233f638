"""Schemathesis against the served OpenAPI document: generated requests (valid and
invalid) to every operation of a live service; no 5xx, and every response conforms
to the document (status code, content type, body schema)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from live_service import LiveServer, new_family, new_person
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import func, select

from server.models import AuditLog

EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_openapi_document_is_served_and_complete(live_server: LiveServer) -> None:
    doc = live_server.client().get(live_server.url + "/openapi.json").json()
    paths = set(doc["paths"])
    assert {"/api/v1/auth/enrol", "/api/v1/sync/push", "/api/v1/sync/pull",
            "/api/v1/sync/conflicts", "/api/v1/reference", "/api/v1/health"} <= paths
    push = doc["paths"]["/api/v1/sync/push"]["post"]
    assert {"200", "401", "413", "422"} <= set(push["responses"])
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_generated_requests_never_fail_and_conform(people: LiveServer) -> None:
    alice = people.enrol("alice")
    fid, fam = new_family("Z-1")
    alice.push(fam, new_person(fid)[1])
    auth = {"Authorization": f"Bearer {alice.token}"}
    schema = schemathesis.openapi.from_url(people.url + "/openapi.json")
    operations = 0
    for result in schema.get_all_operations():
        assert not isinstance(result, Err), result.err()
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def run(case: schemathesis.Case) -> None:
                if mode is GenerationMode.POSITIVE:  # noqa: B023 - run() is called in this iteration
                    case.call_and_validate(base_url=people.url, headers=auth, checks=CHECKS)
                else:
                    # Invalid input: only "no 5xx, and a documented answer".
                    case.call_and_validate(base_url=people.url, headers=auth,
                                           checks=[not_a_server_error, status_code_conformance])

            try:
                run()
            except Unsatisfiable:
                # An operation without inputs (e.g. /health) has no invalid form.
                assert mode is GenerationMode.NEGATIVE
    assert operations >= 7
    with people.sessions() as s:
        fuzzed = dict(s.execute(select(AuditLog.path, func.count()).group_by(AuditLog.path)).all())
    # Every operation was really called, many times (refused requests included).
    assert fuzzed["/api/v1/sync/push"] > EXAMPLES and fuzzed["/api/v1/sync/pull"] > EXAMPLES
    # The fuzzing stored nothing it should not have: alice's family is intact.
    records = alice.http.get(f"/sync/families/{fid}").json()["records"]
    assert any(r["id"] == fid for r in records)
