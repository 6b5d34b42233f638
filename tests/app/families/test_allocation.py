"""A team lead moves families to another worker; nobody else may."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from app.errors import ValidationFailed
from app.families.allocation import (
    NotAllowedToReallocate,
    reallocate,
    shown_name,
    team_workers,
)
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from db.models import AuditEvent, Family, OutboxOp
from tests.builders import OTHER_WORKER, fill_caseload


@pytest.fixture
def lead(profile: Profile) -> Profile:
    return dataclasses.replace(profile, role="team_lead")


def test_a_lead_moves_two_families_and_each_change_is_sent_and_audited(
    store: Store, lead: Profile, levels: LevelsOfNeed
) -> None:
    ids = fill_caseload(store, store.profile, levels)
    moving = [ids["Ashworth"], ids["Brennan"]]
    assert store.run(reallocate, lead, moving, "sam.other") == 2
    assert store.run(reallocate, lead, moving, "sam.other") == 0  # already there

    held, ops, audits = store.run(lambda s: (
        {f.id: f.allocated_to for f in s.scalars(select(Family))},
        [op for op in s.scalars(select(OutboxOp).where(OutboxOp.entity == "family"))
         if op.fields.get("allocated_to") == "sam.other"],
        list(s.scalars(select(AuditEvent).where(AuditEvent.action == "update",
                                                AuditEvent.entity_id.in_(moving)))),
    ))
    assert [held[f] for f in moving] == ["sam.other", "sam.other"]
    assert sorted(op.entity_id for op in ops) == sorted(moving)
    assert {a.actor for a in audits} == {lead.username}


def test_a_worker_may_not_move_families(
    store: Store, profile: Profile, levels: LevelsOfNeed
) -> None:
    ids = fill_caseload(store, profile, levels)
    with pytest.raises(NotAllowedToReallocate):
        store.run(reallocate, profile, [ids["Ashworth"]], "sam.other")


def test_a_username_must_be_given(store: Store, lead: Profile, levels: LevelsOfNeed) -> None:
    ids = fill_caseload(store, store.profile, levels)
    with pytest.raises(ValidationFailed) as caught:
        store.run(reallocate, lead, [ids["Ashworth"]], "  ")
    assert "worker" in caught.value.problems


def test_the_team_is_everyone_families_are_allocated_to(
    store: Store, profile: Profile, levels: LevelsOfNeed
) -> None:
    fill_caseload(store, profile, levels)
    workers = {w.username: w for w in store.run(team_workers, profile)}
    assert set(workers) >= {profile.username, OTHER_WORKER}
    assert workers[profile.username].name == profile.name
    assert shown_name("claire.morris") == "Claire Morris"
    assert all(w.open_families >= 0 for w in workers.values())
