"""A new family and the people added while making it, saved together:
:func:`create_family_with_people` (one transaction: the family and all its people, or,
when any of them cannot be stored, none of it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.errors import ValidationFailed
from app.families.households import FamilyData, PersonData, save_family, save_person
from app.store.caseload_store import Profile


def create_family_with_people(
    session: Session, actor: Profile, family: FamilyData, people: Sequence[PersonData]
) -> str:
    """Create ``family`` (a new one: no id) and each of ``people`` in it; return its id."""
    if family.id is not None:
        raise ValueError("create_family_with_people makes a new family")
    family_id = save_family(session, actor, family)
    for person in people:
        try:
            save_person(session, actor, dataclasses.replace(person, id=None, family_id=family_id))
        except ValidationFailed as failed:
            # The form's own field names would point at nothing in the family's dialog.
            problems = " ".join(failed.problems.values())
            # (no name in it: an error's words never carry personal data)
            raise ValidationFailed(
                {"people": f"A person added with the family cannot be saved: {problems}"}
            ) from None
    return family_id
