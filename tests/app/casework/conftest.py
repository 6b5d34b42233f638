"""Fixtures for the casework tests: a real encrypted store holding one
synthetic household (two parents, two children, two agencies), made through
the real services, and a clock that tests can set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.casework.consent_data import ConsentRequest
from app.casework.consent_writes import record_consent
from app.families import households as families
from app.reference.levels_of_need import LevelsOfNeed, load_levels
from app.store.caseload_store import Profile, Store, create_store

TODAY = dt.date.today()
UTC = dt.UTC


@dataclass(frozen=True)
class Household:
    family_id: str
    mother_id: str
    father_id: str
    child_id: str  # Maisie, 7
    baby_id: str  # Alfie, 2
    school_id: str  # agency involvement
    health_id: str  # agency involvement


@pytest.fixture
def levels() -> LevelsOfNeed:
    return load_levels()


@pytest.fixture
def actor(profile: Profile) -> Profile:
    return profile


def make_household(
    store: Store, actor: Profile, levels: LevelsOfNeed, name: str = "Meadowbank",
    *, level: str = "early_help", allocated_to: str = "", consent: bool = True,
) -> Household:
    def work(session: Any) -> Household:
        fid = families.save_family(
            session, actor,
            families.FamilyData(
                id=None, family_name=name, town="Widnes", postcode="WA8 7AB",
                request_date=TODAY - dt.timedelta(days=400), request_source="school",
                request_reason="School worried about attendance and tiredness.",
                lead_professional=actor.name, lead_agency="Early Help",
                allocated_to=allocated_to,
            ),
        )

        def person(role: str, given: str, born: dt.date, rel: str = "") -> str:
            return families.save_person(
                session, actor,
                families.PersonData(id=None, family_id=fid, role=role, given_name=given,
                                    family_name=name, date_of_birth=born,
                                    relationship_to_child=rel),
            )

        mother = person("parent_carer", "Dana", dt.date(1990, 3, 4), "Mother")
        father = person("parent_carer", "Lewis", dt.date(1988, 9, 12), "Father")
        child = person("child", "Maisie", TODAY - dt.timedelta(days=7 * 365 + 30))
        baby = person("child", "Alfie", TODAY - dt.timedelta(days=2 * 365 + 10))
        school = families.save_agency(
            session, actor,
            families.AgencyData(id=None, family_id=fid, agency="School",
                                contact_name="Ms Example", contact_role="Head of year"),
        )
        health = families.save_agency(
            session, actor,
            families.AgencyData(id=None, family_id=fid, agency="Health visiting",
                                contact_name="Jo Sample"),
        )
        families.change_level(
            session, actor, levels,
            families.LevelDecision(fid, level, TODAY - dt.timedelta(days=390),
                                   "Agreed after the request for help.", actor.name),
        )
        if consent:
            record_consent(
                session, actor,
                ConsentRequest(family_id=fid, given_by_person_id=mother, given_by_name="",
                               method="signed_paper", given_on=TODAY - dt.timedelta(days=380),
                               scope_assess=True, share_agencies=("School",)),
            )
        return Household(fid, mother, father, child, baby, school, health)

    return store.run(work)  # type: ignore[no-any-return]


@pytest.fixture
def household(store: Store, actor: Profile, levels: LevelsOfNeed) -> Household:
    return make_household(store, actor, levels)


class Clock:
    """An injectable 'now' (UTC) for the 24-hour rule."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def advance(self, **delta: float) -> dt.datetime:
        self.now = self.now + dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def second_store(tmp_path: Path, passphrase: str, profile: Profile) -> Iterator[Store]:
    opened = create_store(tmp_path / "second", passphrase, profile)
    try:
        yield opened
    finally:
        opened.close()
