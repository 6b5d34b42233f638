"""What Today reads, one kind of item at a time, each in SQL that picks out the
worker's rows (the database filters by the worker's families and by date; nothing
reads every record to leave most of them out).

``Mine`` is one of the worker's open families, as Today needs it (no ORM object). Each
read joins the family table itself (:func:`mine`), so what is read grows with what is
shown, not with the caseload: the first part of Today reads no family it does not list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.casework.assessment_rows import links_of, reviews_of
from app.casework.consent import consent_statuses
from app.casework.plan_data import OPEN_STATUSES
from app.casework.today_item import TodayItem, days_text
from app.casework.visit_data import VISIT_KINDS, final_at, is_final, uk_local, uk_to_utc
from app.dates import uk
from app.reference.casework_settings import load_casework_settings
from app.store.caseload_store import Profile
from db.models import Assessment, AssessmentReview, Family, Meeting, PlanAction, Visit

# A review this many days ahead (or fewer) shows as due.
REVIEW_SOON_DAYS = 7


@dataclass(frozen=True)
class Mine:
    """One of the worker's families that is not closed."""

    id: str
    family_name: str
    reference: str
    status: str
    next_review: dt.date | None


MINE_COLUMNS = (Family.id, Family.family_name, Family.reference, Family.status,
                Family.next_review)


def mine_where(actor: Profile) -> tuple[Any, ...]:
    """The conditions that pick out the worker's families that are not closed."""
    return (
        Family.allocated_to == actor.username,
        Family.deleted.is_(False),
        Family.status != "closed",
    )


def mine(model: Any) -> Select[Any]:
    """Rows of ``model`` (a record with a ``family_id``) of the worker's open families,
    each with its family's :data:`MINE_COLUMNS` (read with :func:`family_of`)."""
    return select(model, *MINE_COLUMNS).join(Family, Family.id == model.family_id)


def family_of(row: Any) -> Mine:
    """The family of a row read with :func:`mine`."""
    return Mine(*row[1:])


def item(f: Mine, *, kind: str, title: str, detail: str, area: str, record_id: str,
         due_on: dt.date | None, overdue: bool = False) -> TodayItem:
    """An item about family ``f``."""
    return TodayItem(
        kind=kind, title=title, detail=detail, family_id=f.id, family_name=f.family_name,
        family_reference=f.reference, area=area, record_id=record_id, due_on=due_on,
        overdue=overdue,
    )


def planned_visit_items(session: Session, actor: Profile, today: dt.date) -> list[TodayItem]:
    """Visits planned for today, and planned visits gone by unrecorded."""
    tomorrow = uk_to_utc(today + dt.timedelta(days=1), 0)
    items: list[TodayItem] = []
    for row in session.execute(mine(Visit).where(
        *mine_where(actor), Visit.deleted.is_(False), Visit.planned.is_(True),
        Visit.occurred_at < tomorrow,
    )):
        v, f = row[0], family_of(row)
        local = uk_local(v.occurred_at)
        kind = VISIT_KINDS.get(v.kind, v.kind).lower()
        day = local.date()
        if day == today:
            items.append(replace(item(
                f, kind="visit_planned", title=f"Visit planned at {local:%H:%M}",
                detail=f"{kind.capitalize()} today at {local:%H:%M}.", area="visits",
                record_id=v.id, due_on=day), at=local.time()))
        elif day < today:
            items.append(item(
                f, kind="visit_planned", title=f"Planned visit on {uk(day)} not recorded",
                detail=f"A {kind} was planned for {uk(day)} at {local:%H:%M}: record it, "
                "or remove it if it did not happen.",
                area="visits", record_id=v.id, due_on=day, overdue=True))
    return items


def draft_visit_items(session: Session, actor: Profile, now: dt.datetime) -> list[TodayItem]:
    """Visit records not yet final."""
    settings = load_casework_settings(session)
    items: list[TodayItem] = []
    for row in session.execute(mine(Visit).where(
        *mine_where(actor), Visit.deleted.is_(False), Visit.planned.is_(False),
        Visit.finalised_at.is_(None),
    )):
        v = row[0]
        if is_final(v, settings, now):
            continue
        local = uk_local(v.occurred_at)
        kind = VISIT_KINDS.get(v.kind, v.kind).lower()
        final = final_at(v, settings)
        items.append(item(
            family_of(row), kind="draft_visit",
            title=f"Finish the visit record of {uk(local.date())}",
            detail=f"{kind.capitalize()} on {uk(local.date())}: it becomes final by itself "
            f"at {uk_local(final):%H:%M} on {uk(uk_local(final).date())}." if final else "",
            area="visits", record_id=v.id, due_on=local.date()))
    return items


def review_items(session: Session, actor: Profile, today: dt.date) -> list[TodayItem]:
    """Reviews overdue or due within :data:`REVIEW_SOON_DAYS` days, opening the latest
    meeting (read for those families only)."""
    soon = today + dt.timedelta(days=REVIEW_SOON_DAYS)
    due_now = (*mine_where(actor), Family.next_review.is_not(None), Family.next_review <= soon)
    due = [Mine(*row) for row in session.execute(select(*MINE_COLUMNS).where(*due_now))]
    if not due:
        return []
    latest_meeting: dict[str, str] = {}
    for fid, mid in session.execute(
        select(Meeting.family_id, Meeting.id)
        .where(Meeting.family_id.in_(select(Family.id).where(*due_now)),
               Meeting.deleted.is_(False))
        .order_by(Meeting.held_on, Meeting.updated_at)
    ):
        latest_meeting[fid] = mid
    items: list[TodayItem] = []
    for f in due:
        assert f.next_review is not None
        day = f.next_review
        meeting = latest_meeting.get(f.id, "")
        if day < today:
            items.append(item(
                f, kind="review_due", title=f"Review overdue by {days_text((today - day).days)}",
                detail=f"The review was due on {uk(day)}.", area="meetings",
                record_id=meeting, due_on=day, overdue=True))
        else:
            due_text = "today" if day == today else f"on {uk(day)}"
            # The detail says how soon, not the date again.
            how_soon = "" if day == today else f"In {days_text((day - today).days)}."
            items.append(item(
                f, kind="review_due", title=f"Review due {due_text}",
                detail=how_soon, area="meetings",
                record_id=meeting, due_on=day))
    return items


def action_items(session: Session, actor: Profile, today: dt.date) -> list[TodayItem]:
    """Plan actions still open whose due date has passed."""
    items: list[TodayItem] = []
    for row in session.execute(mine(PlanAction).where(
        *mine_where(actor),
        PlanAction.deleted.is_(False),
        PlanAction.status.in_(sorted(OPEN_STATUSES)),
        PlanAction.due_on.is_not(None),
        PlanAction.due_on < today,
    )):
        a = row[0]
        assert a.due_on is not None
        # The owner leads, not in brackets: an agency owner brings brackets of its own.
        owner = f"{a.owner_name}: due" if a.owner_name else "Due"
        items.append(item(
            family_of(row), kind="action_overdue",
            title=f"Plan action overdue: {a.text[:80]}",
            detail=f"{owner} on {uk(a.due_on)}; overdue by {days_text((today - a.due_on).days)}.",
            area="plan", record_id=a.id, due_on=a.due_on, overdue=True))
    return items


def assessment_items(session: Session, actor: Profile) -> list[TodayItem]:
    """Assessments started and not completed."""
    items: list[TodayItem] = []
    for row in session.execute(mine(Assessment).where(
        *mine_where(actor), Assessment.deleted.is_(False), Assessment.completed_at.is_(None),
    )):
        draft = row[0]
        started = uk_local(draft.started_at).date()
        by = f" by {draft.started_by}" if draft.started_by else ""
        items.append(item(
            family_of(row), kind="draft_assessment",
            title=f"Finish the {draft.title or 'assessment'}",
            detail=f"Started on {uk(started)}{by}.",
            area="assessments", record_id=draft.id, due_on=started))
    return items


def returned_items(session: Session, actor: Profile) -> list[TodayItem]:
    """Completed assessments whose latest review returned them, not yet put right by a
    completed amendment; the line carries the lead's comment."""
    rows = list(session.execute(mine(Assessment).where(
        *mine_where(actor),
        Assessment.deleted.is_(False),
        Assessment.completed_at.is_not(None),
        # only those ever returned: the others cannot be waiting for an amendment
        Assessment.id.in_(select(AssessmentReview.assessment_id).where(
            AssessmentReview.outcome == "returned", AssessmentReview.deleted.is_(False))),
    )))
    ids = [row[0].id for row in rows]
    reviews = reviews_of(session, ids)
    links = links_of(session, ids)
    items: list[TodayItem] = []
    for found in rows:
        row = found[0]
        latest = reviews.get(row.id, [])[-1:]
        link = links.get(row.id)
        if not latest or latest[0].outcome != "returned" or (link and link.superseded):
            continue
        review = latest[0]
        on = uk_local(review.reviewed_at).date()
        who = review.reviewer_name or review.reviewed_by
        items.append(item(
            family_of(found), kind="returned_assessment",
            title=f"{row.title or 'Assessment'} returned by {who}",
            detail=f"“{review.comment}” ({uk(on)}). Amend it and complete it again.",
            area="assessments", record_id=row.id, due_on=on))
    return items


def consent_items(session: Session, actor: Profile) -> list[TodayItem]:
    """Open families with no consent in force."""
    open_now = (*mine_where(actor), Family.status == "open")
    families = [Mine(*row) for row in session.execute(
        select(*MINE_COLUMNS).where(*open_now))]
    statuses = consent_statuses(
        session, [f.id for f in families], within=select(Family.id).where(*open_now))
    items: list[TodayItem] = []
    for f in families:
        status = statuses[f.id]
        if status.can_assess or status.share_agencies or status.refer_services:
            continue
        items.append(item(
            f, kind="consent_missing", title="No consent in force",
            detail=status.summary + ".", area="consent", record_id="", due_on=None))
    return items
