"""The review record's summary adds up: each action is counted once, by where it
stood at the review (overdue: still being worked on and past its date)."""

from __future__ import annotations

import datetime as dt
import re

from app.casework.plan_data import ActionData, NeedData, OutcomeData, PlanData
from app.documents.review_record import plan_summary, status_counts

REVIEW_DAY = dt.date(2026, 3, 10)
BEFORE = REVIEW_DAY - dt.timedelta(days=7)
AFTER = REVIEW_DAY + dt.timedelta(days=7)


def _action(n: int, status: str, due_on: dt.date | None) -> ActionData:
    return ActionData(
        id=f"a{n}", outcome_id="o1", text=f"Action {n}", owner_kind="person", owner_id=None,
        owner_name="", due_on=due_on, status=status, progress_note="", domain="health")


def _plan(actions: list[ActionData]) -> PlanData:
    outcome = OutcomeData(id="o1", need_id="n1", text="An outcome", actions=tuple(actions))
    need = NeedData(id="n1", text="A need", domain="health", assessment_id=None,
                    assessment_title="", outcomes=(outcome,))
    return PlanData(family_id="f1", needs=(need,), warnings=(), next_review=None,
                    as_of=REVIEW_DAY)


# The plan: 1 done, 4 not done, 3 overdue that were "on track", 1 going well,
# plus one not started (due later), one overdue not started, one no longer needed.
KNOWN = [
    _action(1, "achieved", BEFORE),
    *(_action(n, "not_achieved", BEFORE) for n in range(2, 6)),
    *(_action(n, "on_track", BEFORE) for n in range(6, 9)),
    _action(9, "on_track", AFTER),
    _action(10, "not_started", None),
    _action(11, "not_started", BEFORE),
    _action(12, "no_longer_needed", BEFORE),
    _action(13, "achieved", REVIEW_DAY),  # due on the day: not overdue, and done anyway
]


def test_counts_by_status_add_up_to_every_action() -> None:
    plan = _plan(KNOWN)
    counts = status_counts(plan)
    assert counts == {
        "achieved": 2, "on_track": 1, "not_started": 1, "overdue": 4, "not_achieved": 4,
        "no_longer_needed": 1,
    }
    assert sum(counts.values()) == len(KNOWN)


def test_the_summary_says_every_count_and_they_sum_to_the_total() -> None:
    summary = plan_summary(_plan(KNOWN))
    assert summary == (
        "13 actions: 2 done, 1 going well, 1 not started yet, 4 past their date, "
        "4 not done, 1 no longer needed."
    )
    total, *parts = (int(n) for n in re.findall(r"\d+", summary))
    assert sum(parts) == total == len(KNOWN)


def test_an_on_track_action_due_today_is_not_overdue_and_statuses_never_seen_are_left_out(
) -> None:
    summary = plan_summary(_plan([_action(1, "on_track", REVIEW_DAY),
                                  _action(2, "not_started", BEFORE)]))
    assert summary == "2 actions: 1 going well, 1 past their date."
    assert plan_summary(_plan([])) == "No actions were in the plan yet."
