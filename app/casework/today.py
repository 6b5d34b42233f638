"""Today: the worker's home screen.

For the families allocated to the worker (and not closed), the things that
need them: visits planned for today (and planned visits gone by without a
record), reviews due within :data:`REVIEW_SOON_DAYS` days or overdue, plan
actions overdue, drafts left unfinished (assessments and visit records not
yet final), assessments a team lead returned (with the lead's comment, until an
amendment of it is completed), and families with no consent in force.

**Overdue** means the date has passed: a review due yesterday is overdue; one
due today is due, not overdue. A plan action is overdue when it is still not
started or on track and its due date has passed.

Each item says what to open: ``family_id``, an ``area`` of the family view
(``visits``, ``meetings``, ``plan``, ``assessments``, ``consent``) and the
``record_id`` there ("" for the area itself). Items come overdue first, then
by date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_rows import links_of, reviews_of
from app.casework.consent import current_consent
from app.casework.plan_data import OPEN_STATUSES
from app.casework.visit_data import VISIT_KINDS, final_at, is_final, uk_local
from app.dates import today as today_date
from app.dates import uk
from app.reference.casework_settings import load_casework_settings
from app.store.caseload_store import Profile
from db.models import Assessment, Family, Meeting, PlanAction, Visit, utcnow

# A review this many days ahead (or fewer) shows as due.
REVIEW_SOON_DAYS = 7

TODAY_KINDS: dict[str, str] = {
    "visit_planned": "Visit planned",
    "review_due": "Review due",
    "action_overdue": "Plan action overdue",
    "draft_assessment": "Assessment not finished",
    "draft_visit": "Visit record not final",
    "returned_assessment": "Assessment returned",
    "consent_missing": "No consent in force",
}


@dataclass(frozen=True)
class TodayItem:
    kind: str
    title: str
    detail: str
    family_id: str
    family_name: str
    family_reference: str
    area: str
    record_id: str
    due_on: dt.date | None = None
    overdue: bool = False
    # The time of day, for what has one (a planned visit): a day's items in time order.
    at: dt.time | None = None

    @property
    def kind_label(self) -> str:
        return TODAY_KINDS.get(self.kind, self.kind)


def _families(session: Session, actor: Profile) -> list[Family]:
    return list(
        session.scalars(
            select(Family)
            .where(
                Family.allocated_to == actor.username,
                Family.deleted.is_(False),
                Family.status != "closed",
            )
            .order_by(Family.family_name)
        )
    )


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _item(
    f: Family,
    *,
    kind: str,
    title: str,
    detail: str,
    area: str,
    record_id: str,
    due_on: dt.date | None,
    overdue: bool = False,
) -> TodayItem:
    """An item about family ``f``."""
    return TodayItem(
        kind=kind, title=title, detail=detail, family_id=f.id, family_name=f.family_name,
        family_reference=f.reference, area=area, record_id=record_id, due_on=due_on,
        overdue=overdue,
    )


def _visit_items(
    session: Session, by_id: dict[str, Family], today: dt.date, now: dt.datetime
) -> list[TodayItem]:
    """Visits planned for today or gone by unrecorded, and visit records not yet final."""
    settings = load_casework_settings(session)
    items: list[TodayItem] = []
    for v in session.scalars(
        select(Visit).where(Visit.family_id.in_(list(by_id)), Visit.deleted.is_(False))
    ):
        f = by_id[v.family_id]
        local = uk_local(v.occurred_at)
        kind = VISIT_KINDS.get(v.kind, v.kind).lower()
        if v.planned:
            day = local.date()
            if day == today:
                items.append(replace(_item(
                    f, kind="visit_planned", title=f"Visit planned at {local:%H:%M}",
                    detail=f"{kind.capitalize()} today at {local:%H:%M}.", area="visits",
                    record_id=v.id, due_on=day), at=local.time()))
            elif day < today:
                items.append(_item(
                    f, kind="visit_planned",
                    title=f"Planned visit on {uk(day)} not recorded",
                    detail=f"A {kind} was planned for {uk(day)} at {local:%H:%M}: record it, "
                    "or remove it if it did not happen.",
                    area="visits", record_id=v.id, due_on=day, overdue=True))
        elif not is_final(v, settings, now):
            final = final_at(v, settings)
            items.append(_item(
                f, kind="draft_visit",
                title=f"Finish the visit record of {uk(local.date())}",
                detail=f"{kind.capitalize()} on {uk(local.date())}: it becomes final by itself "
                f"at {uk_local(final):%H:%M} on {uk(uk_local(final).date())}." if final else "",
                area="visits", record_id=v.id, due_on=local.date()))
    return items


def _review_items(
    session: Session, families: list[Family], today: dt.date
) -> list[TodayItem]:
    """Reviews overdue or due within :data:`REVIEW_SOON_DAYS` days, opening the latest meeting."""
    latest_meeting: dict[str, str] = {}
    for fid, mid in session.execute(
        select(Meeting.family_id, Meeting.id)
        .where(Meeting.family_id.in_([f.id for f in families]), Meeting.deleted.is_(False))
        .order_by(Meeting.held_on, Meeting.updated_at)
    ):
        latest_meeting[fid] = mid
    items: list[TodayItem] = []
    for f in families:
        due = f.next_review
        if due is None:
            continue
        if due < today:
            late = (today - due).days
            items.append(_item(
                f, kind="review_due", title=f"Review overdue by {_days(late)}",
                detail=f"The review was due on {uk(due)}.", area="meetings",
                record_id=latest_meeting.get(f.id, ""), due_on=due, overdue=True))
        elif due <= today + dt.timedelta(days=REVIEW_SOON_DAYS):
            due_text = "today" if due == today else f"on {uk(due)}"
            # The detail says how soon, not the date again.
            soon = "" if due == today else f"In {_days((due - today).days)}."
            items.append(_item(
                f, kind="review_due", title=f"Review due {due_text}",
                detail=soon, area="meetings",
                record_id=latest_meeting.get(f.id, ""), due_on=due))
    return items


def _action_items(
    session: Session, by_id: dict[str, Family], today: dt.date
) -> list[TodayItem]:
    """Plan actions still open whose due date has passed."""
    items: list[TodayItem] = []
    for a in session.scalars(
        select(PlanAction).where(
            PlanAction.family_id.in_(list(by_id)),
            PlanAction.deleted.is_(False),
            PlanAction.status.in_(sorted(OPEN_STATUSES)),
            PlanAction.due_on.is_not(None),
            PlanAction.due_on < today,
        )
    ):
        assert a.due_on is not None
        # The owner leads, not in brackets: an agency owner brings brackets of its own.
        owner = f"{a.owner_name}: due" if a.owner_name else "Due"
        items.append(_item(
            by_id[a.family_id], kind="action_overdue",
            title=f"Plan action overdue: {a.text[:80]}",
            detail=f"{owner} on {uk(a.due_on)}; overdue by {_days((today - a.due_on).days)}.",
            area="plan", record_id=a.id, due_on=a.due_on, overdue=True))
    return items


def _assessment_items(session: Session, by_id: dict[str, Family]) -> list[TodayItem]:
    """Assessments started and not completed."""
    items: list[TodayItem] = []
    for draft in session.scalars(
        select(Assessment).where(
            Assessment.family_id.in_(list(by_id)),
            Assessment.deleted.is_(False),
            Assessment.completed_at.is_(None),
        )
    ):
        started = uk_local(draft.started_at).date()
        by = f" by {draft.started_by}" if draft.started_by else ""
        items.append(_item(
            by_id[draft.family_id], kind="draft_assessment",
            title=f"Finish the {draft.title or 'assessment'}",
            detail=f"Started on {uk(started)}{by}.",
            area="assessments", record_id=draft.id, due_on=started))
    return items


def _returned_items(session: Session, by_id: dict[str, Family]) -> list[TodayItem]:
    """Completed assessments whose latest review returned them, not yet put right by a
    completed amendment; the line carries the lead's comment."""
    rows = list(session.scalars(
        select(Assessment).where(
            Assessment.family_id.in_(list(by_id)),
            Assessment.deleted.is_(False),
            Assessment.completed_at.is_not(None),
        )
    ))
    ids = [row.id for row in rows]
    reviews = reviews_of(session, ids)
    links = links_of(session, ids)
    items: list[TodayItem] = []
    for row in rows:
        latest = reviews.get(row.id, [])[-1:]
        link = links.get(row.id)
        if not latest or latest[0].outcome != "returned" or (link and link.superseded):
            continue
        review = latest[0]
        on = uk_local(review.reviewed_at).date()
        who = review.reviewer_name or review.reviewed_by
        items.append(_item(
            by_id[row.family_id], kind="returned_assessment",
            title=f"{row.title or 'Assessment'} returned by {who}",
            detail=f"“{review.comment}” ({uk(on)}). Amend it and complete it again.",
            area="assessments", record_id=row.id, due_on=on))
    return items


def _consent_items(session: Session, families: list[Family]) -> list[TodayItem]:
    """Open families with no consent in force."""
    items: list[TodayItem] = []
    for f in families:
        if f.status != "open":
            continue
        status = current_consent(session, f.id)
        if status.can_assess or status.share_agencies or status.refer_services:
            continue
        items.append(_item(
            f, kind="consent_missing", title="No consent in force",
            detail=status.summary + ".", area="consent", record_id="", due_on=None))
    return items


def today_items(
    session: Session,
    actor: Profile,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> tuple[TodayItem, ...]:
    """What needs the worker today (``today`` is the UK date; ``now`` the instant)."""
    now = now or utcnow()
    today = today or today_date()
    families = _families(session, actor)
    if not families:
        return ()
    by_id = {f.id: f for f in families}
    items = [
        *_visit_items(session, by_id, today, now),
        *_review_items(session, families, today),
        *_action_items(session, by_id, today),
        *_assessment_items(session, by_id),
        *_returned_items(session, by_id),
        *_consent_items(session, families),
    ]
    far = dt.date.max
    items.sort(key=lambda i: (not i.overdue, i.due_on or far, i.at or dt.time.min,
                              i.family_name, i.kind))
    return tuple(items)
