"""The demo's casework hangs together (issue 14, item 7): in the demo store, the team lead's
demo store and stores seeded with casework from other seeds, every family's story fits
the children's ages on each day, the family's level of need and its dates (what is
checked: tests/app/demo/story_faults.py). The checks are not empty: the stores hold what
they look at, and each check finds its fault when it is put into a family by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import dates
from app.demo.ages import band_on
from app.demo.seed import DEMO_PASSPHRASE, DEMO_PROFILE, seed
from app.forms.loader import FormRegistry
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed
from app.store import vault
from app.store.caseload_store import Profile, Store, create_store
from db.models import Assessment, ChronologyEntry, Closure, LevelChange, Meeting, Visit
from tests.app.demo.story_facts import FamilyStory
from tests.app.demo.story_faults import Fault, family_stories, faults_in
from tests.app.demo_stores import DemoStores
from tests.builders import Level, Member, add_family, days, in_store, years_ago

# The stores checked: the demo, the team lead's demo, and `hearth seed-demo --families 40
# --casework 25 --seed S` for two more seeds (the same function the command calls).
STORES = ("demo", "team lead demo", "seed 2", "seed 3")
# Which store, every family's story in it, and what does not fit.
Told = tuple[str, list[FamilyStory], list[Fault]]
# Each store's three houses: (form version, status, whether it is about a child).
HOUSES: dict[str, list[tuple[int, str, bool]]] = {}


def _build(name: str, folder: Path, demo_stores: DemoStores) -> Store:
    if name in ("demo", "team lead demo"):  # made by ensure_demo_store, as `hearth --demo` does
        return demo_stores.open_copy(name, folder)
    store = create_store(folder, DEMO_PASSPHRASE, DEMO_PROFILE, demo=True)
    seed(store, 40, seed=int(name.split()[1]), casework=25)
    return store


@pytest.fixture(scope="module", params=STORES)
def told(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         registry: FormRegistry, levels: LevelsOfNeed, demo_stores: DemoStores) -> Told:
    """Every family's story in one of the stores, and what does not fit in them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEARTH_HOME", str(tmp_path_factory.mktemp("hearth_home")))
        patch.setattr(vault, "DEFAULT_KDF", vault.KdfParams(iterations=1, lanes=1, memory_kib=1024))
        store = _build(request.param, tmp_path_factory.mktemp("demo") / "store", demo_stores)
        try:
            stories = store.run(family_stories, registry)
            HOUSES[request.param] = store.run(lambda s: [
                (a.form_version, a.status, a.child_person_id is not None)
                for a in s.scalars(select(Assessment).where(Assessment.form_id == "three_houses"))
            ])
        finally:
            store.close()
    return request.param, stories, faults_in(stories, levels)


def test_every_familys_story_fits_its_ages_level_and_dates(told: Told) -> None:
    _, _, faults = told
    assert faults == [], "\n".join(map(str, faults))


def test_the_stores_hold_what_the_checks_look_at(told: Told) -> None:
    name, stories, _ = told
    worked = [s for s in stories if s.ehat]
    meetings = [m.kind for s in worked for m in s.meetings]
    assert len(worked) >= 15
    assert any(s.closed_on for s in worked) and "review" in meetings
    assert "family_action_meeting" in meetings
    assert any(len(s.gcp2) >= 2 for s in worked), "a GCP2 compared with an earlier one"
    assert any(len(s.levels) >= 2 for s in worked)
    assert len([said for s in worked for said in s.said]) > 1500
    # The child each story centres on, in their age band on the day of the EHAT: the
    # demo stores have every band, the other seeds most.
    bands = set()
    for s in worked:
        held, answers = s.ehat[0]
        child = {c.id: c for c in s.children}[answers["children_voice"][0]["voice_child"]]
        bands.add(band_on(child.born, held))
    if name.endswith("demo"):
        assert bands == {"baby", "toddler", "child", "teen"}
        assert any(not s.meetings for s in worked), "help at the universal level: no meeting"
    else:
        assert len(bands) >= 3 and {"child", "teen"} <= bands


def test_the_demo_has_a_completed_three_houses_for_a_child(told: Told) -> None:
    """Issue 17: the demo showed no three houses; one family has one, on its latest form."""
    name, _, _ = told
    assert HOUSES[name] == [(2, "completed", True)]


# ---------------------------------------------------------------- each fault, by hand


def _family(session: Session, actor: Profile, name: str, ages: dict[str, dt.date],
            level: str = "early_help") -> str:
    built = add_family(
        session, actor, name,
        people=[Member("mum", "parent_carer", "Dana", years_ago(35))]
        + [Member(child, "child", child, born) for child, born in ages.items()],
        level_path=[Level(level, on=days(-195))],
        request_date=days(-200), request_source="self",
        request_reason="Asked for help with money.",
    )
    return built.reference


def _add(session: Session, actor: Profile, model: type[Any], **fields: Any) -> str:
    return records.create(session, actor, model, **fields).id


def _entry(day: dt.date, text: str, child: str | None = None) -> Callable[..., None]:
    def add(session: Session, actor: Profile, fid: str, people: dict[str, str]) -> None:
        _add(session, actor, ChronologyEntry, family_id=fid, occurred_on=day, event=text,
             source="School", child_person_id=people.get(child or ""))
    return add


def _level(day: dt.date, before: str, after: str, direction: str) -> Callable[..., None]:
    def add(session: Session, actor: Profile, fid: str, people: dict[str, str]) -> None:
        _add(session, actor, LevelChange, family_id=fid, decided_on=day, from_level=before,
             to_level=after, direction=direction)
    return add


def _meeting(day: dt.date, kind: str = "family_action_meeting") -> Callable[..., None]:
    def add(session: Session, actor: Profile, fid: str, people: dict[str, str]) -> None:
        _add(session, actor, Meeting, family_id=fid, kind=kind, held_on=day)
    return add


def _closed(day: dt.date) -> Callable[..., None]:
    def add(session: Session, actor: Profile, fid: str, people: dict[str, str]) -> None:
        _add(session, actor, Closure, family_id=fid, closed_on=day, reason="needs_met")
    return add


def _marked_closed(session: Session, actor: Profile, fid: str, people: dict[str, str]) -> None:
    from db.models import Family

    family = session.get(Family, fid)
    assert family is not None
    records.update(session, actor, family, status="closed")


def _gcp2(day: dt.date, child: str) -> Callable[..., None]:
    def add(session: Session, actor: Profile, fid: str, people: dict[str, str]) -> None:
        _add(session, actor, Assessment, family_id=fid, child_person_id=people[child],
             form_id="gcp2", form_version=1, kind="gcp2", status="completed", answers={},
             started_at=dt.datetime.combine(day, dt.time(9), dt.UTC),
             completed_at=dt.datetime.combine(day, dt.time(12), dt.UTC))
    return add


def _visit(day: dt.date) -> Callable[..., None]:
    def add(session: Session, actor: Profile, fid: str, people: dict[str, str]) -> None:
        at = dt.datetime.combine(day, dt.time(11), dt.UTC)
        _add(session, actor, Visit, family_id=fid, occurred_at=at, kind="home_visit",
             notes="Home visit.", recorded_at=at)
    return add


TODDLER = {"Tommy": years_ago(2, 40), "Sienna": years_ago(9)}
INFANT = {"Ivy": dates.today() - dt.timedelta(days=610)}
OLDER = {"Dylan": years_ago(11, 30), "Nia": years_ago(16, 30)}
# The faults the issue found (and a few more the checks look for): the family's children,
# its level, what is put in, and the fault that must be found.
FAULTS: dict[str, tuple[dict[str, dt.date], str, list[Callable[..., None]], str]] = {
    "a 2-year-old doing well at school": (
        TODDLER, "early_help", [_entry(days(-30), "Tommy is doing well at school.")],
        "school words for a child under 4"),
    "a 20-month-old wetting the bed again": (
        INFANT, "early_help", [_entry(days(-30), "Ivy has been wetting the bed again.")],
        "bed-wetting for a child under 3"),
    "baby health checks for children of 11 and 16": (
        OLDER, "early_help",
        [_entry(days(-30), "The baby's health visitor checks are up to date.")],
        "baby words with no child under 2 or on the way"),
    "a level change after the closure": (
        OLDER, "early_help", [_closed(days(-60)),
                              _level(days(-30), "early_help", "universal", "down")],
        "after the closure"),
    "an event after the closure": (
        OLDER, "early_help", [_closed(days(-60)), _entry(days(-20), "Moved house.")],
        "after the closure"),
    "a family marked closed with no closure": (
        OLDER, "early_help", [_marked_closed], "closed with no closure record"),
    "a closure with no summary": (
        OLDER, "early_help", [_closed(days(-60)), _marked_closed],
        "closed with no closure record"),
    "a Family Action Meeting at universal": (
        OLDER, "universal", [_meeting(days(-100))],
        "a Family Action Meeting or review at universal or social care"),
    "a GCP2 compared with one of the same day": (
        TODDLER, "early_help", [_gcp2(days(-50), "Tommy"), _gcp2(days(-50), "Tommy")],
        "a GCP2 compared with one of the same day"),
    "level changes out of order": (
        OLDER, "early_help", [_level(days(-195), "early_help", "universal", "down")],
        "level changes out of order"),
    "a visit before the request": (
        OLDER, "early_help", [_visit(days(-300))], "before the request for help"),
    "a review before its plan": (
        OLDER, "early_help", [_meeting(days(-150), "review"), _meeting(days(-100))],
        "a review before the plan it reviews"),
    "an event in the future": (
        OLDER, "early_help", [_entry(days(30), "Moved house.")], "in the future"),
    "a child before they were born": (
        INFANT, "early_help", [_entry(days(-700), "Moved house.", child="Ivy")],
        "a child before they were born"),
    "a child named before they were born": (
        INFANT, "early_help", [_entry(days(-700), "Ivy was seen at home.")],
        "a child before they were born"),
    "a school that does not take the child's age": (
        {"Dylan": years_ago(16, 30)}, "early_help", [], "a school or setting that does not fit"),
}


def test_each_check_finds_its_fault_put_in_by_hand(store: Store, actor: Profile,
                                                     registry: FormRegistry,
                                                     levels: LevelsOfNeed) -> None:
    def build(session: Session) -> dict[str, str]:
        made = {"nothing wrong": _family(session, actor, "Clean", dict(TODDLER | OLDER))}
        for number, (what, (ages, level, faults, _)) in enumerate(FAULTS.items()):
            reference = _family(session, actor, f"Faulty{number}", ages, level)
            fid, people = _ids(session, reference)
            for add in faults:
                add(session, actor, fid, people)
            made[what] = reference
        return made

    references = store.run(build)
    in_store(store, _school_of, references["a school that does not take the child's age"],
             "Dylan", "Ravensby Infant School", actor)
    found = faults_in(store.run(family_stories, registry), levels)
    rules: dict[str, set[str]] = {}
    for fault in found:
        rules.setdefault(fault.reference, set()).add(fault.rule)
    assert references["nothing wrong"] not in rules, rules.get(references["nothing wrong"])
    for what, (_, _, _, rule) in FAULTS.items():
        got = rules.get(references[what], set())
        assert any(r.startswith(rule) for r in got), f"{what}: found {got or 'nothing'}"


def _ids(session: Session, reference: str) -> tuple[str, dict[str, str]]:
    from sqlalchemy import select

    from db.models import Family, Person

    fid = session.scalar(select(Family.id).where(Family.reference == reference))
    assert fid is not None
    people = {p.given_name: p.id for p in session.scalars(
        select(Person).where(Person.family_id == fid))}
    return fid, people


def _school_of(session: Session, reference: str, child: str, school: str,
               actor: Profile) -> None:
    from db.models import Person

    _, people = _ids(session, reference)
    person = session.get(Person, people[child])
    assert person is not None
    records.update(session, actor, person, school_or_setting=school)
