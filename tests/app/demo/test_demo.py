"""Synthetic demo families: deterministic, realistic, and written as records.create would."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import dates
from app.demo.seed import DEMO_PASSPHRASE, DEMO_PROFILE, ensure_demo_store, seed
from app.families.caseload import load_caseload
from app.families.households import (
    FAMILY_FIELDS,
    PERSON_FIELDS,
    FamilyData,
    PersonData,
    load_family,
    validate_family,
    validate_person,
)
from app.records import writes as records
from app.reference.levels_of_need import load_levels
from app.store.caseload_store import Profile, Store, create_store, open_store
from db.models import (
    AgencyInvolvement,
    AuditEvent,
    Family,
    LevelChange,
    OutboxOp,
    Person,
    PlanNeed,
    PlanStrength,
)
from tests.app.demo_stores import DemoStores


def _content(session: Session) -> list[tuple]:
    """Everything seeding decides, without the fresh ids."""
    families = session.execute(
        select(
            Family.reference, Family.family_name, Family.postcode, Family.level_code,
            Family.status, Family.request_date, Family.lead_professional, Family.allocated_to,
        ).order_by(Family.reference)
    ).all()
    people = session.execute(
        select(Family.reference, Person.role, Person.given_name, Person.date_of_birth,
               Person.expected_date)
        .join(Family, Person.family_id == Family.id)
        .order_by(Family.reference, Person.role, Person.given_name, Person.date_of_birth)
    ).all()
    changes = session.execute(
        select(
            Family.reference, LevelChange.decided_on, LevelChange.to_level, LevelChange.direction
        )
        .join(Family, LevelChange.family_id == Family.id)
        .order_by(Family.reference, LevelChange.decided_on)
    ).all()
    return [tuple(r) for r in families + people + changes]


def _new_store(folder: Path, passphrase: str, profile: Profile) -> Store:
    return create_store(folder, passphrase, profile)


def test_same_seed_same_families_different_seed_different(tmp_path: Path, passphrase: str,
                                                           profile: Profile) -> None:
    stores = [_new_store(tmp_path / name, passphrase, profile) for name in ("a", "b", "c")]
    try:
        for store, s in zip(stores, (7, 7, 8), strict=True):
            assert seed(store, 40, seed=s) == 40
        a, b, c = (store.run(_content) for store in stores)
        ids_a = set(stores[0].run(lambda s: list(s.scalars(select(Family.id)))))
        ids_b = set(stores[1].run(lambda s: list(s.scalars(select(Family.id)))))
    finally:
        for store in stores:
            store.close()
    assert len(a) > 40
    assert a == b
    assert a != c
    assert not ids_a & ids_b, "two stores seeded alike must still never share record ids"


def test_seeded_families_are_a_realistic_mix(store: Store) -> None:
    seed(store, 300, seed=3)
    levels = load_levels()
    on = dates.today()

    def facts(session: Session) -> dict:
        people = list(session.scalars(select(Person)))
        families = list(session.scalars(select(Family)))
        changes = list(session.scalars(select(LevelChange).order_by(LevelChange.decided_on)))
        return {"people": people, "families": families, "changes": changes}

    got = store.run(facts)
    people, families, changes = got["people"], got["families"], got["changes"]
    roles = {p.role for p in people}
    assert roles == {"child", "unborn", "parent_carer", "significant_adult"}
    unborn = [p for p in people if p.role == "unborn"]
    assert unborn and all(p.expected_date and on < p.expected_date <= on + dt.timedelta(days=300)
                          for p in unborn)
    children = [p for p in people if p.role == "child"]
    ages = {
        on.year - p.date_of_birth.year
        - ((on.month, on.day) < (p.date_of_birth.month, p.date_of_birth.day))
        for p in children
    }
    assert min(ages) == 0 and max(ages) == 17
    for family in families:
        kids = [p for p in people if p.family_id == family.id and p.role in ("child", "unborn")]
        carers = [p for p in people if p.family_id == family.id and p.role == "parent_carer"]
        assert 1 <= len(kids) <= 6
        assert 1 <= len(carers) <= 2
        names = [p.given_name for p in kids if p.role == "child"]
        assert len(names) == len(set(names)), "siblings never share a first name"
        for carer in carers:
            assert all(carer.date_of_birth < kid.date_of_birth - dt.timedelta(days=16 * 366)
                       for kid in kids if kid.date_of_birth)
    statuses = [f.status for f in families]
    assert statuses.count("open") > len(families) / 2
    assert "closed" in statuses and "stepped_up" in statuses
    assert [f.level_code for f in families].count("early_help") > len(families) / 2
    assert len({f.allocated_to for f in families}) > 3
    mine = sum(f.allocated_to == store.profile.username for f in families)
    assert len(families) / 5 < mine < len(families) / 2

    # The level-of-need history is consistent with each family's current level and status.
    by_family: dict[str, list[LevelChange]] = {}
    for change in changes:
        by_family.setdefault(change.family_id, []).append(change)
    directions = {c.direction for c in changes}
    assert {"initial", "step_up", "step_down"} <= directions
    for family in families:
        history = by_family[family.id]
        assert 1 <= len(history) <= 4
        assert history[0].direction == "initial" and history[0].from_level == ""
        assert history[-1].to_level == family.level_code
        for before, after in pairwise(history):
            assert after.from_level == before.to_level
            assert after.direction == levels.direction(before.to_level, after.to_level)
            assert after.decided_on > before.decided_on
        assert history[-1].decided_on <= on
        if family.status == "stepped_up":
            assert levels.get(family.level_code).social_care
            assert history[-1].direction in ("step_up", "up")
        if history[0].to_level in ("child_in_need", "child_protection"):
            assert family.request_source == "social_care_step_down"

    # What the services would accept, the seed also respects.
    for family in families[:50]:
        validate_family(FamilyData(id=family.id, **{k: getattr(family, k) for k in FAMILY_FIELDS}))
    for person in people[:200]:
        validate_person(PersonData(id=person.id, **{k: getattr(person, k) for k in PERSON_FIELDS}))


def test_seeding_writes_outbox_rows_like_records_create(store: Store) -> None:
    def before(session: Session) -> tuple[int, int]:
        return (session.scalar(select(func.count()).select_from(OutboxOp)),
                session.scalar(select(func.count()).select_from(AuditEvent)))

    outbox_before, audit_before = store.run(before)
    seed(store, 25, seed=5)

    def check(session: Session) -> None:
        synced = 0
        for model in (Family, Person, AgencyInvolvement, LevelChange):
            rows = list(session.scalars(select(model)))
            synced += len(rows)
            ops = {op.entity_id: op for op in session.scalars(
                select(OutboxOp).where(OutboxOp.entity == model.__sync__.entity))}
            assert len(ops) == len(rows) > 0
            for row in rows:
                assert row.version is None and row.deleted is False
                assert row.updated_by == store.profile.username
                op = ops[row.id]
                assert op.base_version is None and not op.deleted
                assert op.family_id == records.family_of(row)
                assert op.fields == {c: records.to_wire(getattr(row, c))
                                     for c in records.content_columns(model)}
        events = list(session.scalars(select(AuditEvent)))
        assert len(events) == audit_before + 1
        assert events[-1].action == "seed_demo" and events[-1].actor == store.profile.username
        total_ops = session.scalar(select(func.count()).select_from(OutboxOp))
        # one op per created record, plus the audit event's own op
        assert total_ops == outbox_before + synced + 1

    store.run(check)


def test_seeding_adds_to_a_store_with_families(store: Store) -> None:
    seed(store, 10, seed=1)
    seed(store, 10, seed=1)
    refs = store.run(lambda s: list(s.scalars(select(Family.reference))))
    assert len(refs) == len(set(refs)) == 20
    rows = store.run(load_caseload, load_levels())
    assert len(rows) == 20
    detail = store.run(load_family, store.profile, rows[0].family_id)
    assert detail.level_history and detail.members


def test_ensure_demo_store_creates_once(tmp_path: Path, demo_stores: DemoStores) -> None:
    # The demo store made by ensure_demo_store in an empty folder of its own (built once per
    # test process: several modules look at it; tests/app/demo_stores.py).
    folder = demo_stores.built("demo")
    key_bytes = (folder / "hearth.key").read_bytes()
    ensure_demo_store(folder)  # a second call leaves it as it is
    assert (folder / "hearth.key").read_bytes() == key_bytes
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".store-building")]
    assert [p.name for p in folder.parent.iterdir()] == ["store"]
    store = open_store(demo_stores.copy("demo", tmp_path / "demo"), DEMO_PASSPHRASE)
    try:
        assert store.is_demo
        assert store.profile == DEMO_PROFILE
        rows = store.run(load_caseload, load_levels())
        planned, strengths = store.run(lambda session: (
            set(session.scalars(select(PlanNeed.family_id))),
            set(session.scalars(select(PlanStrength.family_id)))))
    finally:
        store.close()
    assert len(rows) == 60
    assert any("unborn, due" in r.children_text for r in rows)
    # Every plan opens with what is going well, written in the plan itself.
    assert planned and planned <= strengths


def test_the_team_leads_demo_store_holds_the_team_and_work_waiting(
        tmp_path: Path, demo_stores: DemoStores) -> None:
    """`hearth --demo --as team-lead`: the lead's store, families across the team, casework
    written by each family's worker, and assessments waiting for the lead's sign-off."""
    from sqlalchemy import select

    from app.demo.seed import DEMO_LEAD_PROFILE
    from db.models import Assessment, AssessmentReview, Family

    # Made by ensure_demo_store(folder, lead=True), once per test process (a copy opened here).
    store = demo_stores.open_copy("team lead demo", tmp_path / "demo-team-lead")
    try:
        assert store.profile == DEMO_LEAD_PROFILE and store.profile.role == "team_lead"
        workers = set(store.run(lambda s: list(s.scalars(select(Family.allocated_to)))))
        authors = set(store.run(lambda s: list(s.scalars(select(Assessment.updated_by)))))
        completed = set(store.run(lambda s: list(s.scalars(
            select(Assessment.id).where(Assessment.completed_at.is_not(None),
                                        Assessment.kind == "ehat")))))
        reviewed = set(store.run(lambda s: list(s.scalars(select(AssessmentReview.assessment_id)))))
    finally:
        store.close()
    assert len(workers) >= 5  # the team's families, not one worker's
    # The team's workers wrote the casework (the lead holds a few families of their own).
    assert len(authors - {DEMO_LEAD_PROFILE.username}) >= 3
    assert authors <= workers | {DEMO_LEAD_PROFILE.username}
    assert completed - reviewed, "some completed EHATs wait for the lead's sign-off"
