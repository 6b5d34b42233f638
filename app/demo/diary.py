"""The demo worker's week as the demo opens, so that Today reads like a real caseload a
week into a real worker's month: plans kept up to date (an action due weeks ago has been
done, or marked not achieved; only one due in the last few days may still be open), and
a few visits in the diary, today and in the days ahead.

Everything is written through the services a worker uses (plan_writes, visit_writes).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.plan_data import OPEN_STATUSES, ActionRequest
from app.casework.plan_writes import save_action
from app.casework.visit_data import VisitRequest, uk_to_utc
from app.casework.visit_writes import save_visit
from app.demo.stories import progress_note
from app.store.caseload_store import Profile
from db.models import Family, PlanAction

# An open action due more days ago than this has been brought up to date by the worker.
STILL_OPEN_DAYS = 14
# Visits in the diary: (days from today, hour, minute) for the worker's open families in turn.
DIARY = ((0, 10, 0), (0, 14, 30), (2, 11, 0), (5, 15, 30))


def bring_plan_up_to_date(session: Session, actor: Profile, family_id: str, until: dt.date,
                          rng: random.Random, *, still_open: bool = False) -> None:
    """Each action still open and due before ``until`` (today, or the family's closure)
    gets the status the worker would have given it by then: done, most times, or not
    achieved; one due in the last few days may still be open (overdue by days). While
    the family is ``still_open``, its plan goes on: when nothing in it is still to come,
    the action due last was agreed again at the last review, due in the weeks ahead."""
    actions = list(session.scalars(
        select(PlanAction)
        .where(PlanAction.family_id == family_id, PlanAction.deleted.is_(False),
               PlanAction.status.in_(sorted(OPEN_STATUSES)), PlanAction.due_on.is_not(None))
        .order_by(PlanAction.due_on, PlanAction.id)
    ))
    late = [a for a in actions if a.due_on is not None and a.due_on < until]
    if still_open and late and len(late) == len(actions):
        again = late.pop()
        _save(session, actor, again, "on_track", until + dt.timedelta(days=rng.randint(7, 35)),
              "Agreed again at the last review; going on.")
    kept_open = False
    for action in late:
        assert action.due_on is not None
        recent = (until - action.due_on).days <= STILL_OPEN_DAYS
        if recent and not kept_open and rng.random() < 0.7:
            kept_open = True
            continue
        status = "achieved" if rng.random() < 0.8 else "not_achieved"
        _save(session, actor, action, status, action.due_on, progress_note(status, rng))


def _save(session: Session, actor: Profile, action: PlanAction, status: str, due: dt.date,
          note: str) -> None:
    save_action(session, actor, ActionRequest(
        outcome_id=action.outcome_id, text=action.text, owner_kind=action.owner_kind,
        owner_id=action.owner_id, owner_name=action.owner_name, due_on=due,
        domain=action.domain, status=status, progress_note=note, id=action.id,
    ))


def plan_visits(session: Session, actor: Profile, family_ids: Sequence[str],
                on: dt.date) -> int:
    """Put the diary's visits in for the worker's open families (in the order given, one
    each); return how many."""
    families = [f for f in (session.get(Family, fid) for fid in family_ids)
                if f is not None and not f.deleted and f.status == "open"
                and f.allocated_to == actor.username]
    for family, (ahead, hour, minute) in zip(families, DIARY, strict=False):
        save_visit(session, actor, VisitRequest(
            family_id=family.id, occurred_at=uk_to_utc(on + dt.timedelta(days=ahead), hour,
                                                       minute),
            kind="home_visit", planned=True,
        ))
    return min(len(families), len(DIARY))
