"""The service never takes away a form version its assessments were made with: loading
forms that leave one out is refused (nothing stored), naming the form, the version and
how many assessments use it; counted by the database on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from live_service import new_family

from server import admin, sync_service
from server.db import init_database, session_factory
from server.models import ReferenceData
from server.push_op import PushOp
from server.reference_admin import assessments_using
from server.scope import Caller
from tests.council_forms import STRENGTHS_REVIEW_V1, STRENGTHS_REVIEW_V2

V1 = {"file": "forms/strengths_review.yaml", "yaml": STRENGTHS_REVIEW_V1}
V2 = {"file": "forms/strengths_review_v2.yaml", "yaml": STRENGTHS_REVIEW_V2}


def assessment(family_id: str, form_id: str, version: int, *, deleted: bool = False,
               ) -> PushOp:
    record_id = str(uuid.uuid4())
    fields = {"family_id": family_id, "form_id": form_id, "form_version": version,
              "kind": form_id, "title": "Synthetic", "status": "draft", "answers": {}}
    return PushOp(op_id=str(uuid.uuid4()), entity="assessment", id=record_id,
                  family_id=family_id, base_version=None, fields=fields, deleted=deleted)


def test_a_form_version_assessments_use_cannot_be_left_out(migrated_database_url: str) -> None:
    sessions = session_factory(init_database(migrated_database_url))
    with sessions.begin() as s:
        admin.add_team(s, "North")
        admin.add_user(s, "alice", name="A", role="worker", team="North", password="x" * 12)
        enrolled = admin.enrol(s, "alice", "x" * 12, "laptop")
        assert enrolled is not None
        assert admin.load_reference(s, {"forms": [V1]}) == ["forms"]
    caller = Caller("alice", "worker", "North", enrolled.device_id)
    with sessions.begin() as s:
        fid, family = new_family("C-1")
        sync_service.push(s, caller, [PushOp(
            op_id=family["op_id"], entity="family", id=fid, family_id=fid, base_version=None,
            fields=family["fields"])])
        sync_service.push(s, caller, [
            assessment(fid, "strengths_review", 1), assessment(fid, "strengths_review", 1),
            assessment(fid, "strengths_review", 1), assessment(fid, "ehat", 1)])
    with sessions.begin() as s:
        assert assessments_using(s) == {
            ("strengths_review", 1): 3, ("ehat", 1): 1}

    with sessions.begin() as s, pytest.raises(admin.AdminError) as refused:
        admin.load_reference(s, {"forms": [V2], "agencies": ["School"]})
    assert str(refused.value) == (
        "Nothing was loaded; the forms leave out versions that assessments were made with: "
        "form 'strengths_review' version 1 is used by 3 assessments. Keep each of those "
        "versions in the files you load (a changed form goes in a new file with a new "
        "version number, beside the old one).")
    with sessions() as s:
        assert s.get(ReferenceData, "forms").data == [V1]
        assert s.get(ReferenceData, "agencies") is None  # nothing of it was stored

    with sessions.begin() as s:  # the new version beside the old: loaded
        assert admin.load_reference(s, {"forms": [V1, V2]}) == ["forms"]
    with sessions.begin() as s:  # a version no assessment uses may go; ehat is Hearth's
        assert admin.load_reference(s, {"forms": [V1]}) == ["forms"]
    with sessions.begin() as s, pytest.raises(admin.AdminError, match="used by 3 assessments"):
        admin.load_reference(s, {"forms": []})
    with sessions.begin() as s:  # forms not given at all are left as they are
        assert admin.load_reference(s, {"agencies": ["School"]}) == ["agencies"]
