"""The plain data of the family plan: domains and statuses, the requests services take,
what they hand back (what is going well, needs, outcomes, actions, warnings, snapshots),
and the plan's warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.dates import uk

DOMAINS: dict[str, str] = {
    "health": "Health",
    "education": "Education",
    "housing": "Housing",
    "income": "Income",
    "relationships": "Relationships",
    "safety": "Safety",
    "wellbeing": "Wellbeing",
}

ACTION_STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "on_track": "On track",
    "achieved": "Achieved",
    "not_achieved": "Not achieved",
    "no_longer_needed": "No longer needed",
}

# Statuses of an action still being worked on (it can be overdue).
OPEN_STATUSES: frozenset[str] = frozenset({"not_started", "on_track"})

OWNER_KINDS: dict[str, str] = {"person": "Family member", "agency": "Agency"}



@dataclass(frozen=True)
class StrengthRequest:
    """Something going well for the family, in the worker's words."""

    family_id: str
    text: str
    id: str | None = None  # None: a new one


@dataclass(frozen=True)
class NeedRequest:
    family_id: str
    text: str
    domain: str = ""
    assessment_id: str | None = None
    id: str | None = None  # None: a new need


@dataclass(frozen=True)
class OutcomeRequest:
    need_id: str
    text: str  # in the family's own words
    id: str | None = None


@dataclass(frozen=True)
class ActionRequest:
    """An action. The owner: ``owner_kind`` person with a person id, or agency
    with an agency-involvement id or just ``owner_name``; "" for none yet."""

    outcome_id: str
    text: str
    owner_kind: str = ""
    owner_id: str | None = None
    owner_name: str = ""
    due_on: dt.date | None = None
    domain: str = ""  # "" takes the need's domain
    status: str = "not_started"
    progress_note: str = ""
    id: str | None = None


@dataclass(frozen=True)
class ActionProgress:
    """A review's update of one action."""

    action_id: str
    status: str
    progress_note: str = ""


@dataclass(frozen=True)
class ActionData:
    id: str
    outcome_id: str
    text: str
    owner_kind: str
    owner_id: str | None
    owner_name: str  # resolved to the person's or agency's current name
    due_on: dt.date | None
    status: str
    progress_note: str
    domain: str
    from_visit_id: str | None = None
    from_follow_up: int | None = None
    version: int | None = None

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES.get(self.status, self.status)

    @property
    def domain_label(self) -> str:
        return DOMAINS.get(self.domain, self.domain)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue_on(self, day: dt.date) -> bool:
        """Still being worked on and due before ``day``."""
        return self.is_open and self.due_on is not None and self.due_on < day


@dataclass(frozen=True)
class StrengthData:
    id: str
    text: str


@dataclass(frozen=True)
class OutcomeData:
    id: str
    need_id: str
    text: str
    actions: tuple[ActionData, ...]


@dataclass(frozen=True)
class NeedData:
    id: str
    text: str
    domain: str
    assessment_id: str | None
    assessment_title: str
    outcomes: tuple[OutcomeData, ...]

    @property
    def domain_label(self) -> str:
        return DOMAINS.get(self.domain, self.domain)


@dataclass(frozen=True)
class PlanWarning:
    """``kind``: single_domain, no_owner or no_due_date (``action_id`` set for the last two)."""

    kind: str
    message: str
    action_id: str | None = None


@dataclass(frozen=True)
class PlanData:
    family_id: str
    needs: tuple[NeedData, ...]
    warnings: tuple[PlanWarning, ...]
    next_review: dt.date | None
    as_of: dt.date  # today for the live plan; the day taken for a snapshot
    strengths: tuple[StrengthData, ...] = ()  # what is going well, written in the plan

    @property
    def actions(self) -> tuple[ActionData, ...]:
        return tuple(a for n in self.needs for o in n.outcomes for a in o.actions)

    @property
    def outcomes(self) -> tuple[OutcomeData, ...]:
        return tuple(o for n in self.needs for o in n.outcomes)

    @property
    def is_empty(self) -> bool:
        """No needs yet (what is going well alone is not yet a plan to print)."""
        return not self.needs

    def overdue_actions(self, day: dt.date | None = None) -> tuple[ActionData, ...]:
        day = day or self.as_of
        return tuple(a for a in self.actions if a.overdue_on(day))


@dataclass(frozen=True)
class SnapshotSummary:
    id: str
    family_id: str
    meeting_id: str | None
    taken_on: dt.date
    taken_by: str
    action_count: int


@dataclass(frozen=True)
class SnapshotData(SnapshotSummary):
    plan: PlanData


@dataclass(frozen=True)
class OwnerChoice:
    """Someone an action can be given to (what the owner picker lists)."""

    kind: str  # person, agency
    id: str
    name: str


@dataclass(frozen=True)
class FollowUpToAction:
    """Turn a visit's follow-up (by index) into a plan action under an outcome."""

    visit_id: str
    follow_up_index: int
    outcome_id: str
    owner_kind: str = ""
    owner_id: str | None = None
    owner_name: str = ""
    due_on: dt.date | None = None
    domain: str = ""
    text: str = ""  # "" keeps the follow-up's words


# ---------------------------------------------------------------- warnings


def plan_warnings(plan: PlanData | Iterable[ActionData]) -> tuple[PlanWarning, ...]:
    """What the plan view warns about: all actions in one domain; an action
    with no owner; an action with no due date. Actions no longer needed are
    left out."""
    actions = plan.actions if isinstance(plan, PlanData) else tuple(plan)
    live = [a for a in actions if a.status != "no_longer_needed"]
    out: list[PlanWarning] = []
    domains = {a.domain for a in live if a.domain}
    if live and len(domains) <= 1:
        where = DOMAINS.get(next(iter(domains)), "one domain") if domains else "no domain"
        out.append(
            PlanWarning(
                "single_domain",
                f"Every action in this plan is about {where.lower()}. A family plan should "
                "cover more than one area of the family's life (for example health, "
                "education, housing, income, relationships, safety, wellbeing).",
            )
        )
    for a in live:
        if not a.owner_name.strip():
            out.append(PlanWarning("no_owner", f"No one owns the action {a.text!r}.", a.id))
    for a in live:
        if a.due_on is None:
            out.append(PlanWarning("no_due_date", f"The action {a.text!r} has no due date.", a.id))
    return tuple(out)


def describe_due(action: ActionData) -> str:
    """'by 03/04/2025' or 'no date yet'."""
    return f"by {uk(action.due_on)}" if action.due_on else "no date yet"
