"""Synthetic demo families: the demo store, and seeding any store for tests and benchmarks.

Everything here is made up. Names come from fixed lists of common given names
and surnames; towns and streets are invented; postcodes use the area "XH",
which no real address has; phone numbers are in the ranges Ofcom keeps for
drama (01632 960xxx, 07700 900xxx); NHS numbers are in the 999 range the NHS
reserves for testing; emails are at example.org/example.com.

:func:`seed` writes in bulk (one INSERT per table, one transaction) so that
10,000 families take seconds, yet it leaves the store exactly as if each record
had been made through :mod:`app.records.writes`: sync columns set, one outbox
operation per record, and one audit event for the seeding.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from app.dates import today
from app.demo.family_maker import FamilyMaker
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed, load_levels
from app.store.caseload_store import Profile, Store, create_store, store_exists
from db.models import (
    AgencyInvolvement,
    Family,
    LevelChange,
    Person,
    SyncColumns,
)

DEMO_PASSPHRASE = "hearth-demo-passphrase"
DEMO_PROFILE = Profile(
    name="Demo Worker", role="family_support_worker", team="Demo Team", username="demo.worker",
    gcp2_trained=True,  # so that every tool, the Graded Care Profile 2 too, can be tried
)
DEMO_LEAD_PROFILE = Profile(
    name="Morgan Ellis", role="team_lead", team="Demo Team", username="morgan.ellis",
    gcp2_trained=True,
)
DEMO_FAMILIES = 60
# How many of them get a casework history through the services (it takes a
# while to write, and the demo store is made at first launch).
DEMO_CASEWORK = 30


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def _next_reference_number(session: Session) -> tuple[int, set[str]]:
    taken = set(session.scalars(select(Family.reference)))
    count = session.scalar(select(func.count()).select_from(Family)) or 0
    return count + 1, taken


def seed(store: Store, families: int, seed: int = 1, *, casework: int = 0) -> int:
    """Add ``families`` synthetic families to ``store`` in one transaction; return how many.

    The same seed gives the same families (names, dates relative to today,
    levels, history); record ids are always fresh. ``casework`` of them (the
    worker's own first) also get a casework history (consent, assessments,
    meetings, plan, visits, closure: see :mod:`app.demo.casework`), written
    through the services, one transaction per family; the bulk of a large
    seed stays fast.
    """
    if families <= 0:
        return 0
    levels = load_levels()
    actor = store.profile

    made: list[dict[str, Any]] = []
    workers: dict[str, Profile] = {actor.username: actor}

    def write(session: Session) -> int:
        maker = FamilyMaker(random.Random(seed), levels, actor)
        for name, username in maker.colleagues:
            workers[username] = Profile(name, "family_support_worker", actor.team, username)
        number, taken = _next_reference_number(session)
        for _ in range(families):
            while f"EH-{number:06d}" in taken:
                number += 1
            maker.family(f"EH-{number:06d}")
            number += 1
        batches: tuple[tuple[type[SyncColumns], list[dict[str, Any]]], ...] = (
            (Family, maker.families),
            (Person, maker.people),
            (AgencyInvolvement, maker.agencies),
            (LevelChange, maker.changes),
        )
        # Core inserts on the tables (one executemany each) skip the ORM's
        # per-row bookkeeping; column names and attribute names are the same.
        for model, rows in batches:
            if rows:
                session.execute(insert(_table(model)), rows)
        records.created_in_bulk(session, batches, maker.now)
        records.audit(session, actor, "seed_demo")
        made.extend(maker.families)
        return len(maker.families)

    added = store.run(write)
    if casework > 0 and added:
        _work(store, made[:added], workers, levels, seed, casework)
    return added


def _work(store: Store, made: list[dict[str, Any]], workers: dict[str, Profile],
          levels: LevelsOfNeed, seed: int, casework: int) -> None:
    """The casework of ``casework`` of the families ``made`` (the worker's own first: they
    fill the Today screen), a closure for every closed family, and the worker's diary."""
    from app.demo.casework import add_casework, shipped_forms
    from app.demo.closures import close_the_rest
    from app.demo.diary import plan_visits

    actor = store.profile
    registry = shipped_forms()  # read once for every family (reading the forms takes a while)
    mine = [f for f in made if f["allocated_to"] == actor.username]
    others = [f for f in made if f["allocated_to"] != actor.username]

    def author_of(username: str) -> Profile:
        """Who writes: in a team lead's store, the worker the family is allocated to."""
        return workers.get(username, actor) if actor.role == "team_lead" else actor

    # One transaction per family keeps each unit of work small.
    for number, family in enumerate((mine + others)[:casework]):
        author = author_of(str(family["allocated_to"]))
        store.run(add_casework, author, [str(family["id"])], levels, seed + number, registry)
    # Every closed family has its closure; the worker's diary has visits this week.
    store.run(close_the_rest, author_of, {str(f["id"]) for f in made})
    if actor.role != "team_lead":
        store.run(plan_visits, actor, [str(f["id"]) for f in mine], today())


def ensure_demo_store(folder: Path, *, lead: bool = False) -> None:
    """Create the demo store in ``folder`` with synthetic families, unless one is there
    (``lead``: the demo team lead's store, the team's families and casework).

    It is built beside ``folder`` and moved into place when complete, so an
    interrupted first run never leaves half a demo store behind.
    """
    folder = Path(folder)
    if store_exists(folder):
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = folder.with_name(f".{folder.name}-building-{os.getpid()}")
    if building.exists():
        shutil.rmtree(building)
    profile = DEMO_LEAD_PROFILE if lead else DEMO_PROFILE
    store = create_store(building, DEMO_PASSPHRASE, profile, demo=True)
    try:
        seed(store, DEMO_FAMILIES, casework=DEMO_CASEWORK)
    finally:
        store.close()
    if folder.exists():
        folder.rmdir()  # an empty folder someone made; a non-empty one raises OSError
    os.replace(building, folder)
