"""The store owns who the current worker is: after enrolment renames the worker, a
screen opened before it (still holding the old profile) writes under the new name."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from app.families import households as families
from app.families.households import FamilyData
from app.store.caseload_store import Profile, Store
from db.models import AuditEvent, Family


def test_a_write_with_the_former_profile_records_the_current_worker(
    store: Store, profile: Profile
) -> None:
    held_by_an_open_screen = store.profile
    enrolled = dataclasses.replace(profile, username="r.testworker@council", gcp2_trained=True)
    store.profile = enrolled  # what enrolment does

    family_id = store.run(
        families.save_family, held_by_an_open_screen, FamilyData(id=None, family_name="Oldname")
    )

    by, actors = store.run(
        lambda s: (
            s.scalar(select(Family.updated_by).where(Family.id == family_id)),
            set(s.scalars(select(AuditEvent.actor).where(AuditEvent.family_id == family_id))),
        )
    )
    assert by == "r.testworker@council"
    assert actors == {"r.testworker@council"}


def test_another_profile_passed_on_purpose_is_left_alone(store: Store, profile: Profile) -> None:
    lead = dataclasses.replace(profile, username="team.lead", role="team_lead")
    family_id = store.run(families.save_family, lead, FamilyData(id=None, family_name="Leadly"))
    by = store.run(lambda s: s.scalar(select(Family.updated_by).where(Family.id == family_id)))
    assert by == "team.lead"
