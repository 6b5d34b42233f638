"""What editors need beyond the form definition: option lists, the family's people
(offered by person pickers, with their dates of birth), the child a per-child form is
about and the grade descriptors in use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.forms.definition import DescriptorSet, Field, Option
from app.forms.family_values import worked_out

# Runs work off the UI thread: (work, done, error) -> a future (TaskRunner.run_background).
Background = Callable[..., Any]


@dataclass(frozen=True)
class PersonChoice:
    """A family member offered by a person picker. ``detail`` (age, or how they
    are part of the family) is shown beside the name in pickers."""

    id: str
    name: str
    role: str  # an app.reference.choices.PERSON_ROLES code
    detail: str = ""
    born: dt.date | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.detail})" if self.detail else self.name


@dataclass(frozen=True)
class EditorContext:
    """What editors need beyond the definition: option lists, the family's
    people and the grade descriptors in use for this assessment."""

    options: Mapping[str, Sequence[Option]] = field(default_factory=dict)
    people: tuple[PersonChoice, ...] = ()
    descriptor_sets: Mapping[str, DescriptorSet] = field(default_factory=dict)
    about: str | None = None  # the child a per-child form is about
    worker: str = ""  # who is filling the form in (recorded by a confirmation)
    # where slow work runs (a picture made ready to keep); None: on the UI thread
    background: Background | None = None

    def family_value(self, kind: str) -> Any:
        """A value from the family record (``family_value`` fields), as of today."""
        births = {p.id: p.born for p in self.people if p.born is not None}
        return worked_out(kind, self.roles(), births, self.about)

    def births(self) -> dict[str, tuple[dt.date, str]]:
        return {p.id: (p.born, p.name) for p in self.people if p.born is not None}

    def people_for(self, item: Field) -> list[PersonChoice]:
        """The people a person field offers: only the kinds it takes."""
        return [p for p in self.people if p.role in item.person_roles]

    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.people}

    def roles(self) -> dict[str, str]:
        return {p.id: p.role for p in self.people}
