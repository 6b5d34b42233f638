"""The plain data of visits: kinds, UK local time, the requests services take and what they
hand back, and the rule that makes a visit record final."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from app.dates import uk_instant
from app.errors import RecordFinal
from app.reference.casework_settings import CaseworkSettings
from db.models import Visit

UK = ZoneInfo("Europe/London")

VISIT_KINDS: dict[str, str] = {
    "home_visit": "Home visit",
    "school": "School",
    "clinic": "Clinic",
    "antenatal": "Antenatal contact (with the midwife)",
    "phone": "Phone call",
    "video": "Video call",
    "other": "Other",
}

# Each kind as the words "the record of the … on 03/12/2026" take: a visit or a contact
# named as a practitioner says it, not a place ("the school" was the school's record).
VISIT_KIND_WORDS: dict[str, str] = {
    "home_visit": "home visit",
    "school": "school visit",
    "clinic": "clinic appointment",
    "antenatal": "antenatal contact with the midwife",
    "phone": "phone call",
    "video": "video call",
}

# A recorded visit may be timed a little ahead of this computer's clock.
CLOCK_SKEW = dt.timedelta(minutes=10)


# ---------------------------------------------------------------- UK time


def uk_local(instant: dt.datetime) -> dt.datetime:
    """A UTC instant as UK wall-clock time (GMT or BST, whichever applied)."""
    if instant.tzinfo is None:
        raise ValueError("a visit time must carry a time zone")
    return instant.astimezone(UK)


def uk_to_utc(day: dt.date, hour: int, minute: int = 0, *, fold: int = 0) -> dt.datetime:
    """UK wall-clock time on ``day`` as a UTC instant.

    In the autumn hour that happens twice, ``fold`` 0 is the first (BST) and
    1 the second (GMT); a time in the spring hour that never happens is read
    as the hour before the clocks went forward (GMT)."""
    local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UK, fold=fold)
    instant = local.astimezone(dt.UTC)
    if instant.astimezone(UK).replace(tzinfo=None) != local.replace(tzinfo=None):
        # Not a real UK time (the spring gap): take it as GMT.
        instant = local.replace(tzinfo=dt.UTC)
    return instant


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class ChildSeen:
    """A child seen (or not), or for an unborn baby whether the pregnancy was talked
    about (``pregnancy``; an unborn baby is never seen)."""

    person_id: str
    seen: bool
    seen_alone: bool = False
    pregnancy: bool = False


@dataclass(frozen=True)
class VisitRequest:
    """A visit to record (``planned`` False) or to put in the diary (True).
    ``id`` set: change that visit (a planned one becomes a record when
    ``planned`` is False)."""

    family_id: str
    occurred_at: dt.datetime  # aware; stored as UTC
    kind: str
    seen: tuple[str, ...] = ()
    children_seen: tuple[ChildSeen, ...] = ()
    child_words: str = ""
    notes: str = ""
    follow_ups: tuple[str, ...] = ()
    planned: bool = False
    id: str | None = None


@dataclass(frozen=True)
class AddendumRequest:
    visit_id: str
    text: str


@dataclass(frozen=True)
class AddendumData:
    id: str
    visit_id: str
    text: str
    added_at: dt.datetime
    by: str

    @property
    def when_text(self) -> str:
        return uk_instant(self.added_at)


@dataclass(frozen=True)
class FollowUpData:
    index: int
    text: str
    action_id: str | None  # the plan action it became, if any


@dataclass(frozen=True)
class ChildSeenData:
    person_id: str
    name: str
    seen: bool
    seen_alone: bool
    pregnancy: bool | None = None  # an unborn baby's: was the pregnancy talked about


@dataclass(frozen=True)
class VisitData:
    id: str
    family_id: str
    occurred_at: dt.datetime  # UTC
    kind: str
    planned: bool
    seen: tuple[str, ...]
    seen_names: tuple[str, ...]
    children_seen: tuple[ChildSeenData, ...]
    child_words: str
    notes: str
    follow_ups: tuple[FollowUpData, ...]
    recorded_by: str
    recorded_at: dt.datetime | None
    is_final: bool  # as of the moment it was read
    final_at: dt.datetime | None  # when it became (or will become) final
    finalised_by: str  # "" when it became final by itself
    addenda: tuple[AddendumData, ...]
    version: int | None
    updated_at: dt.datetime

    @property
    def kind_label(self) -> str:
        return VISIT_KINDS.get(self.kind, self.kind)

    @property
    def kind_words(self) -> str:
        """The kind in a sentence: "school visit", "phone call"; "contact" otherwise."""
        return VISIT_KIND_WORDS.get(self.kind, "contact")

    @property
    def local(self) -> dt.datetime:
        return uk_local(self.occurred_at)

    @property
    def local_date(self) -> dt.date:
        """The UK date it happened on."""
        return self.local.date()

    @property
    def local_time(self) -> str:
        """'HH:MM' in UK time."""
        return self.local.strftime("%H:%M")

    @property
    def when_text(self) -> str:
        """'dd/mm/yyyy HH:MM' in UK time."""
        return uk_instant(self.occurred_at)

    @property
    def is_draft(self) -> bool:
        """Recorded but not final yet (can still be changed)."""
        return not self.planned and not self.is_final

    @property
    def any_child_seen(self) -> bool:
        return any(c.seen for c in self.children_seen)

    @property
    def title(self) -> str:
        prefix = "Planned: " if self.planned else ""
        return f"{prefix}{self.kind_label}, {self.when_text}"


# ---------------------------------------------------------------- the final rule


def final_at(row: Visit, settings: CaseworkSettings) -> dt.datetime | None:
    """When the record became (or will become) final; None for a planned visit."""
    if row.finalised_at is not None:
        return row.finalised_at
    if row.planned or row.recorded_at is None:
        return None
    return row.recorded_at + settings.visit_final_after


def is_final(row: Visit, settings: CaseworkSettings, now: dt.datetime) -> bool:
    when = final_at(row, settings)
    return when is not None and (row.finalised_at is not None or when <= now)


def refuse_final(row: Visit, settings: CaseworkSettings, now: dt.datetime) -> None:
    if is_final(row, settings, now):
        when = final_at(row, settings)
        raise RecordFinal(
            f"This visit record became final on {uk_instant(when)}, so it can no longer be "
            "changed. Add an addendum to correct or add to it."
        )

