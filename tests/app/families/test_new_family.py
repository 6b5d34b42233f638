"""A new family and the people added while making it are stored together, or not at all.
A real encrypted store; synthetic names."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ValidationFailed
from app.families.households import FamilyData, PersonData
from app.families.new_family import create_family_with_people
from app.store.caseload_store import Profile, Store
from db.models import Family, Person


def _person(role: str, name: str, **details: object) -> PersonData:
    return PersonData(id=None, family_id="", role=role, given_name=name,
                      family_name="Quillfield", **details)  # type: ignore[arg-type]


def _count(store: Store, model: type) -> int:
    return int(store.run(lambda s: s.scalar(select(func.count()).select_from(model))))


def test_the_family_and_its_people_are_stored_together(store: Store, profile: Profile) -> None:
    people = (_person("child", "Ivy", date_of_birth=dt.date(2019, 3, 2)),
              _person("parent_carer", "Robin", relationship_to_child="Mother"))
    family_id = store.run(create_family_with_people, profile,
                          FamilyData(id=None, family_name="Quillfield"), people)
    names = store.run(lambda s: sorted(
        p.given_name for p in s.scalars(select(Person).where(Person.family_id == family_id))))
    assert names == ["Ivy", "Robin"]


def test_a_person_who_cannot_be_stored_leaves_no_family_behind(
    store: Store, profile: Profile
) -> None:
    people = (_person("child", "Ivy"), _person("child", ""))  # the second has no name
    with pytest.raises(ValidationFailed) as failed:
        store.run(create_family_with_people, profile,
                  FamilyData(id=None, family_name="Quillfield"), people)
    assert failed.value.problems["people"].startswith("A person added with the family")
    assert "Quillfield" not in failed.value.message  # no personal data in the error
    assert _count(store, Family) == 0 and _count(store, Person) == 0
