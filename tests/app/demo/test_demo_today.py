"""The demo reads like a real caseload a week into a real worker's month (issue 17): on the
demo store's Today a few things are due today, a few overdue by days (never months), the
rest in the future or done; every family marked closed has its closure record; and the
demo worker is GCP2-trained, so every tool can be tried."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import dates
from app.casework.assessment_data import NewAssessment
from app.casework.assessment_drafts import start_assessment
from app.casework.plan_data import OPEN_STATUSES
from app.casework.today import today_items
from app.forms.loader import FormRegistry
from app.store.caseload_store import Store
from db.models import Closure, Family, Person, PlanAction
from tests.app.demo_stores import DemoStores

# What a worker a week into the month would see on Today, at most.
MOST_OVERDUE = 8
LONGEST_OVERDUE_DAYS = 21


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_stores: DemoStores) -> Iterator[Store]:
    """The demo store, made as `hearth --demo` makes it at first launch (this module's copy
    of the one built once per test process: tests/app/demo_stores.py)."""
    store = demo_stores.open_copy("demo", tmp_path_factory.mktemp("demo") / "store")
    try:
        yield store
    finally:
        store.close()


def test_today_on_the_demo_is_a_week_into_the_month_not_a_wall_of_red(demo: Store) -> None:
    on = dates.today()
    items = demo.run(today_items, demo.profile)
    overdue = [i for i in items if i.overdue]
    late = {i.title: (on - i.due_on).days for i in overdue if i.due_on}
    due_today = [i for i in items if not i.overdue and i.due_on == on]
    assert len(overdue) <= MOST_OVERDUE, late
    assert max(late.values(), default=0) <= LONGEST_OVERDUE_DAYS, late
    assert len(due_today) >= 2, "a few things are due today"
    assert "visit_planned" in {i.kind for i in due_today}, "visits in today's diary"
    assert len(overdue) * 2 < len(items), "most of Today is not overdue"

    def plans(session: Session) -> tuple[int, int]:
        """Open plan actions of the worker's open families: due in the future, and all."""
        rows = list(session.scalars(
            select(PlanAction).join(Family, PlanAction.family_id == Family.id)
            .where(Family.allocated_to == demo.profile.username, Family.status == "open",
                   PlanAction.status.in_(sorted(OPEN_STATUSES)))))
        return sum(1 for a in rows if a.due_on and a.due_on >= on), len(rows)

    ahead, still_open = demo.run(plans)
    assert ahead >= 3, "the plans have actions still to come"
    assert still_open - ahead <= MOST_OVERDUE


def test_every_family_marked_closed_has_its_closure_record(demo: Store) -> None:
    def closures(session: Session) -> list[tuple[Family, list[Closure]]]:
        return [(f, list(session.scalars(select(Closure).where(
            Closure.family_id == f.id, Closure.deleted.is_(False),
            Closure.reopened_on.is_(None)))))
            for f in session.scalars(select(Family).where(Family.status == "closed"))]

    closed = demo.run(closures)
    assert len(closed) >= 5
    for family, rows in closed:
        assert len(rows) == 1, f"{family.reference} is closed with {len(rows)} closures"
        [closure] = rows
        assert closure.reason and closure.reason_detail.strip() and closure.closed_by
        assert family.request_date is not None
        assert family.request_date <= closure.closed_on <= dates.today()
        assert family.last_contact is None or family.last_contact <= closure.closed_on


def test_the_demo_worker_can_start_a_graded_care_profile(demo: Store,
                                                          registry: FormRegistry) -> None:
    assert demo.profile.gcp2_trained

    def start(session: Session) -> str:
        family, child = session.execute(
            select(Family, Person).join(Person, Person.family_id == Family.id)
            .where(Family.allocated_to == demo.profile.username, Family.status == "open",
                   Person.role == "child")
            .order_by(Family.reference)).first() or (None, None)
        assert family is not None and child is not None
        draft = start_assessment(session, demo.profile, NewAssessment(
            family.id, registry.latest("gcp2"), child.id), registry)
        return draft.kind

    assert demo.run(start) == "gcp2"
