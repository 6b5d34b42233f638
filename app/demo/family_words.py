"""One demo family as its story sees it: the carers, children (eldest first) and agencies,
the child the work centres on, and the words that fill a story's placeholders for that
family on a given day (each text chosen for that child's age band on the day)."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dates import today
from app.demo.ages import age_on, band_on, phase_on
from app.demo.stories import Banded, pick
from app.demo.word_lists import SCHOOLS, Reason
from app.store.caseload_store import Profile
from db.models import AgencyInvolvement, Family, Person

_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")


@dataclass(frozen=True)
class Household:
    family: Family
    carer: Person | None
    second_carer: Person | None
    children: tuple[Person, ...]  # born, eldest first
    agencies: tuple[AgencyInvolvement, ...]
    adults: int  # everyone at home who is not a child

    def born_by(self, day: dt.date) -> tuple[Person, ...]:
        return tuple(c for c in self.children
                     if c.date_of_birth is not None and c.date_of_birth <= day)

    def focus(self, reason: Reason | None, day: dt.date) -> Person | None:
        """The child the work centres on: of those born by ``day``, the middle one of those
        whose age then fits the request reason (the middle child when none does)."""
        born = self.born_by(day)
        fitting = [c for c in born if reason is not None and c.date_of_birth is not None
                   and reason.fits(age_on(c.date_of_birth, day))]
        pool = fitting or list(born)
        return pool[len(pool) // 2] if pool else None


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
        adults=len([p for p in people if p.role in ("parent_carer", "significant_adult")]),
    )


@dataclass(frozen=True)
class Words:
    """Fills a story's placeholders for one family on ``day``, each text chosen for the age
    band of ``child`` (the child the work centres on) on that day."""

    h: Household
    actor: Profile
    child: Person | None
    day: dt.date

    def on(self, day: dt.date) -> Words:
        return replace(self, day=day)

    @property
    def band(self) -> str:
        return band_on(self.child.date_of_birth if self.child else None, self.day)

    def pick(self, value: Banded) -> object:
        """The value for the child's band on the day (a kind of visit, an owner...)."""
        return pick(value, self.band)

    def __call__(self, value: Banded) -> str:
        text = str(self.pick(value))
        filled = text.format(**self.values())
        return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), filled)

    def values(self) -> dict[str, str]:
        h, child = self.h, self.child
        born = self.h.born_by(self.day)
        names = [c.given_name for c in born]
        carer = h.carer.given_name if h.carer else "Mum"
        people = h.adults + len(born)
        return {
            "carer": carer,
            "carer_full": full_name(h.carer) or carer,
            "mum": carer,
            "dad": h.second_carer.given_name if h.second_carer else "Dad",
            "child": child.given_name if child else "the baby",
            "child_full": full_name(child) or "the baby",
            "children": (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1
            else (names[0] if names else "The children"),
            "the_children": "the children" if len(names) > 1 else (names[0] if names else ""),
            "your_children": "your children" if len(names) > 1 else (names[0] if names else ""),
            "the_childrens": "the children's" if len(names) > 1
            else (f"{names[0]}'s" if names else ""),
            "are": "are" if len(names) > 1 else "is",
            "were": "were" if len(names) > 1 else "was",
            "school": self._school(),
            "setting": self._setting(),
            "worker": self.actor.name,
            "people": str(people),
            "rooms": "one bedroom" if people < 5 else "two bedrooms",
        }

    def _school(self) -> str:
        """The child's school on the day: where a child now in that phase of school goes."""
        if self.child is None or self.child.date_of_birth is None:
            return "the school"
        phase = phase_on(self.child.date_of_birth, self.day)
        now = today()
        for c in (self.child, *self.h.children):
            if c.date_of_birth and c.school_or_setting and phase_on(c.date_of_birth, now) == phase:
                return c.school_or_setting
        for c in self.h.children:  # a primary school takes infants and juniors
            if phase in ("infant", "junior") and "Primary" in c.school_or_setting:
                return c.school_or_setting
        if phase in ("home", "setting"):
            return "the school"  # (the stories never name a school before Reception)
        # No child there now: the school that phase of the family's schooling had.
        names = SCHOOLS["primary" if phase in ("infant", "junior") else phase]
        return names[zlib.crc32(self.h.family.reference.encode()) % len(names)]

    def _setting(self) -> str:
        c = self.child
        if c is not None and c.date_of_birth and c.school_or_setting \
                and phase_on(c.date_of_birth, today()) == "setting":
            return c.school_or_setting
        return "nursery"
