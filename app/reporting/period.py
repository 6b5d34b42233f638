"""What a set of figures is about: a period (two dates, both counted) and a scope
(the whole team, one worker's families, or the families at one level of need)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.errors import ValidationFailed


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationFailed({"to": "The period ends before it starts."})

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class Scope:
    """Whose families count: everyone's (the team, the default), those allocated to one
    ``worker`` (a username), or those at one ``level`` of need at the end of the period."""

    worker: str = ""
    level: str = ""

    def __post_init__(self) -> None:
        if self.worker and self.level:
            raise ValidationFailed({"scope": "Choose one worker or one level of need, not both."})

    @property
    def label(self) -> str:
        if self.worker:
            return f"worker {self.worker}"
        if self.level:
            return f"level of need {self.level}"
        return "the team"
