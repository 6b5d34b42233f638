"""Family Action Meetings, Team Around the Family meetings and reviews.

A meeting records the date, venue, chair, who was invited (family members and
agency contacts) and who came, the family's views, the child's views, the
decisions, and the date of the next review, suggested from the configured
interval (``review_interval_weeks``, default 6) after the meeting.

Holding a meeting moves the family's next review date
(``Family.next_review``, what Today and the caseload show) to the meeting's
next review, when that is later than today and this is the family's latest
meeting.

A **review** (:func:`record_review`) is a meeting of kind ``review`` that
also steps through the plan's actions (each gets a status and a progress
note) and then keeps a snapshot of the whole plan, so the plan keeps its
history. All in one transaction.

Everything refuses changes to a closed family (:func:`app.casework.closure.writable_family`).
Service functions take ``(session, actor, request)`` and return frozen
dataclasses; they run on the store's worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.casework.plan_data import ActionProgress, SnapshotData
from app.casework.plan_history import snapshot_for_meeting, take_snapshot
from app.casework.plan_writes import update_progress
from app.dates import today, uk
from app.errors import NotFound, ValidationFailed
from app.records import writes as records
from app.records.live import live_family
from app.reference.casework_settings import load_casework_settings
from app.store.caseload_store import Profile
from db.models import Family, Meeting, Person, PlanAction

MEETING_KINDS: dict[str, str] = {
    "family_action_meeting": "Family Action Meeting",
    "taf": "Team Around the Family meeting",
    "review": "Review",
}


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class Attendee:
    """Someone invited: a family member (``person_id``) or an agency contact
    (``agency``). ``attended`` False: invited but absent."""

    name: str
    role: str = ""
    person_id: str | None = None
    agency: str | None = None
    attended: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "person_id": self.person_id,
            "agency": self.agency,
            "role": self.role,
            "attended": self.attended,
        }


@dataclass(frozen=True)
class MeetingRequest:
    family_id: str
    kind: str
    held_on: dt.date
    venue: str = ""
    chair: str = ""
    attendees: tuple[Attendee, ...] = ()
    family_views: str = ""
    child_views: str = ""
    decisions: str = ""
    next_review_on: dt.date | None = None  # None: suggested from the interval
    id: str | None = None  # None: a new meeting


@dataclass(frozen=True)
class PlanReviewRequest:
    """A review meeting, the update of each action, and a snapshot of the plan."""

    meeting: MeetingRequest
    updates: tuple[ActionProgress, ...] = ()


@dataclass(frozen=True)
class MeetingData:
    id: str
    family_id: str
    kind: str
    held_on: dt.date
    venue: str
    chair: str
    attendees: tuple[Attendee, ...]
    family_views: str
    child_views: str
    decisions: str
    next_review_on: dt.date | None
    recorded_by: str
    version: int | None
    updated_at: dt.datetime

    @property
    def kind_label(self) -> str:
        return MEETING_KINDS.get(self.kind, self.kind)

    @property
    def present(self) -> tuple[Attendee, ...]:
        return tuple(a for a in self.attendees if a.attended)

    @property
    def absent(self) -> tuple[Attendee, ...]:
        """Invited but did not attend."""
        return tuple(a for a in self.attendees if not a.attended)

    @property
    def is_review(self) -> bool:
        return self.kind == "review"

    @property
    def title(self) -> str:
        return f"{self.kind_label} on {uk(self.held_on)}"


@dataclass(frozen=True)
class MeetingDetail(MeetingData):
    """A meeting with the plan as it stood then (a review's snapshot), if one was kept."""

    plan_snapshot: SnapshotData | None = None


# ---------------------------------------------------------------- reading


def _attendees(value: Any) -> tuple[Attendee, ...]:
    out = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict):
            continue
        pid, agency = item.get("person_id"), item.get("agency")
        out.append(
            Attendee(
                name=str(item.get("name", "")),
                role=str(item.get("role", "")),
                person_id=pid if isinstance(pid, str) else None,
                agency=agency if isinstance(agency, str) else None,
                attended=bool(item.get("attended", True)),
            )
        )
    return tuple(out)


def meeting_data(row: Meeting) -> MeetingData:
    return MeetingData(
        id=row.id,
        family_id=row.family_id,
        kind=row.kind,
        held_on=row.held_on,
        venue=row.venue,
        chair=row.chair,
        attendees=_attendees(row.attendees),
        family_views=row.family_views,
        child_views=row.child_views,
        decisions=row.decisions,
        next_review_on=row.next_review_on,
        recorded_by=row.recorded_by,
        version=row.version,
        updated_at=row.updated_at,
    )



def list_meetings(session: Session, actor: Profile, family_id: str) -> tuple[MeetingData, ...]:
    """The family's meetings and reviews, newest first."""
    live_family(session, family_id)
    rows = session.scalars(
        select(Meeting)
        .where(Meeting.family_id == family_id, Meeting.deleted.is_(False))
        .order_by(Meeting.held_on.desc(), Meeting.updated_at.desc())
    )
    return tuple(meeting_data(r) for r in rows)


def load_meeting(session: Session, actor: Profile, meeting_id: str) -> MeetingDetail:
    row = session.get(Meeting, meeting_id)
    if row is None or row.deleted:
        raise NotFound("That meeting is no longer in this store.")
    data = meeting_data(row)
    return MeetingDetail(
        **{f: getattr(data, f) for f in MeetingData.__dataclass_fields__},
        plan_snapshot=snapshot_for_meeting(session, row.id),
    )


def suggest_next_review(session: Session, held_on: dt.date) -> dt.date:
    """The meeting date plus the configured review interval."""
    return held_on + load_casework_settings(session).review_interval


# ---------------------------------------------------------------- writing


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _check_attendees(
    session: Session, family_id: str, attendees: Sequence[Attendee]
) -> tuple[list[dict[str, Any]], str | None]:
    out: list[dict[str, Any]] = []
    for a in attendees:
        name = " ".join(a.name.split())
        person: Person | None = None
        if a.person_id:
            person = session.get(Person, a.person_id)
            if person is None or person.deleted or person.family_id != family_id:
                return [], "An attendee is named as a family member who is not in this family."
            if not name:
                name = f"{person.given_name} {person.family_name}".strip()
        if not name:
            return [], "Give each person invited a name."
        agency = " ".join((a.agency or "").split()) or None
        out.append(
            Attendee(
                name=name,
                role=" ".join(a.role.split()),
                person_id=person.id if person is not None else None,
                agency=agency,
                attended=bool(a.attended),
            ).as_json()
        )
    return out, None


def save_meeting(session: Session, actor: Profile, request: MeetingRequest) -> MeetingData:
    """Record (or correct) a meeting; moves the family's next review date on."""
    family = writable_family(session, request.family_id)
    problems: dict[str, str] = {}
    if request.kind not in MEETING_KINDS:
        problems["kind"] = "Choose the kind of meeting."
    if request.held_on > today():
        problems["held_on"] = "Record a meeting once it has been held: its date is in the future."
    attendees, problem = _check_attendees(session, family.id, request.attendees)
    if problem:
        problems["attendees"] = problem
    next_review = request.next_review_on or suggest_next_review(session, request.held_on)
    if next_review <= request.held_on:
        problems["next_review_on"] = "The next review must be after the meeting."
    if problems:
        raise ValidationFailed(problems)
    values = {
        "kind": request.kind,
        "held_on": request.held_on,
        "venue": " ".join(request.venue.split()),
        "chair": " ".join(request.chair.split()),
        "attendees": attendees,
        "family_views": _clean(request.family_views),
        "child_views": _clean(request.child_views),
        "decisions": _clean(request.decisions),
        "next_review_on": next_review,
    }
    if request.id is None:
        row = records.create(
            session, actor, Meeting, family_id=family.id, recorded_by=actor.name, **values
        )
    else:
        found = session.get(Meeting, request.id)
        if found is None or found.deleted or found.family_id != family.id:
            raise NotFound("That meeting is no longer in this store.")
        row = found
        records.update(session, actor, row, **values)
    _move_next_review(session, actor, family, row)
    return meeting_data(row)


def _move_next_review(session: Session, actor: Profile, family: Family, row: Meeting) -> None:
    session.flush()
    latest = session.scalar(
        select(Meeting)
        .where(Meeting.family_id == family.id, Meeting.deleted.is_(False))
        .order_by(Meeting.held_on.desc(), Meeting.updated_at.desc())
        .limit(1)
    )
    if latest is None or latest.id != row.id:
        return  # an earlier meeting recorded late does not move the date back
    if row.next_review_on is not None and row.next_review_on > today():
        records.update(session, actor, family, next_review=row.next_review_on)


def remove_meeting(session: Session, actor: Profile, meeting_id: str) -> None:
    row = session.get(Meeting, meeting_id)
    if row is None or row.deleted:
        raise NotFound("That meeting is no longer in this store.")
    writable_family(session, row.family_id)
    records.mark_deleted(session, actor, row)


def record_review(session: Session, actor: Profile, request: PlanReviewRequest) -> MeetingDetail:
    """Hold a review: record the meeting, update each action named, then keep
    a snapshot of the whole plan as it now stands (linked to the meeting)."""
    meeting_request = request.meeting
    if meeting_request.kind != "review":
        raise ValidationFailed({"kind": "A plan review is recorded as a review meeting."})
    family = writable_family(session, meeting_request.family_id)
    for update in request.updates:
        action = session.get(PlanAction, update.action_id)
        if action is None or action.deleted or action.family_id != family.id:
            raise NotFound("An action being reviewed is no longer in this plan.")
    meeting = save_meeting(session, actor, meeting_request)
    for update in request.updates:
        update_progress(session, actor, update)
    session.flush()
    take_snapshot(session, actor, family.id, meeting.id, meeting.held_on)
    return load_meeting(session, actor, meeting.id)
