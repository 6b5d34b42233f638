"""One demo family as its story sees it: the carers, children (eldest first) and agencies,
and the words that fill a story's placeholders for that family."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.caseload_store import Profile
from db.models import AgencyInvolvement, Family, Person


@dataclass(frozen=True)
class Household:
    family: Family
    carer: Person | None
    second_carer: Person | None
    children: tuple[Person, ...]
    agencies: tuple[AgencyInvolvement, ...]


def full_name(p: Person | None) -> str:
    return f"{p.given_name} {p.family_name}".strip() if p is not None else ""


def household(session: Session, family: Family) -> Household:
    people = list(
        session.scalars(
            select(Person).where(Person.family_id == family.id, Person.deleted.is_(False))
        )
    )
    carers = [p for p in people if p.role == "parent_carer"]
    children = [p for p in people if p.role == "child"]
    children.sort(key=lambda p: p.date_of_birth or dt.date.max)
    agencies = tuple(
        session.scalars(
            select(AgencyInvolvement).where(
                AgencyInvolvement.family_id == family.id, AgencyInvolvement.deleted.is_(False)
            )
        )
    )
    return Household(
        family=family,
        carer=carers[0] if carers else None,
        second_carer=carers[1] if len(carers) > 1 else None,
        children=tuple(children),
        agencies=agencies,
    )


class Words:
    """Fills a story's placeholders for one family."""

    def __init__(self, h: Household, actor: Profile) -> None:
        child = h.children[len(h.children) // 2] if h.children else None
        self.child = child
        names = [c.given_name for c in h.children]
        school = next((c.school_or_setting for c in h.children if c.school_or_setting), "")
        self.values = {
            "carer": h.carer.given_name if h.carer else "Mum",
            "carer_full": full_name(h.carer) or "Mum",
            "mum": h.carer.given_name if h.carer else "Mum",
            "dad": h.second_carer.given_name if h.second_carer else "Dad",
            "child": child.given_name if child else "the baby",
            "child_full": full_name(child) or "the baby",
            "children": (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1
            else (names[0] if names else "The children"),
            "school": school or "School",
            "worker": actor.name,
        }

    def __call__(self, text: str) -> str:
        return text.format(**self.values)
