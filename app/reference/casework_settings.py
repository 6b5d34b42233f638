"""Casework timescales a council may set: the strategies do not fix them.

Declared once here, each with its default and range, and kept in the
encrypted store like :mod:`app.reference.settings` (``store_meta``, under the same
``setting.`` prefix).

* ``review_interval_weeks``: the next review is suggested this many weeks
  after a meeting (default 6).
* ``visit_final_hours``: a visit record becomes final this many hours after
  it was recorded, if the worker has not finalised it (default 24).
* ``rereferral_months``: a family reopened within this many months of its
  closure is a re-referral (default 12).
* ``no_contact_weeks``: a family with no contact for this many weeks shows as drift in
  the Team area (default 6).
* ``ehat_due_days``: an EHAT not completed this many days after consent shows as drift
  (default 28).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from app.reference.settings import IntSetting, read_declared, write_declared
from app.store.caseload_store import Profile

REVIEW_INTERVAL_WEEKS = IntSetting(
    key="review_interval_weeks",
    default=6,
    minimum=1,
    maximum=52,
    title="Suggest the next review this many weeks after a meeting",
    unit="weeks",
)
VISIT_FINAL_HOURS = IntSetting(
    key="visit_final_hours",
    default=24,
    minimum=1,
    maximum=168,
    title="A visit record becomes final this many hours after it is recorded",
    unit="hours",
)
REREFERRAL_MONTHS = IntSetting(
    key="rereferral_months",
    default=12,
    minimum=1,
    maximum=60,
    title="Reopening within this many months of a closure is a re-referral",
    unit="months",
)

NO_CONTACT_WEEKS = IntSetting(
    key="no_contact_weeks",
    default=6,
    minimum=1,
    maximum=52,
    title="A family with no contact for this many weeks is drifting",
    unit="weeks",
)
EHAT_DUE_DAYS = IntSetting(
    key="ehat_due_days",
    default=28,
    minimum=1,
    maximum=365,
    title="An EHAT not completed this many days after consent is drifting",
    unit="days",
)

DECLARED: dict[str, IntSetting] = {
    s.key: s
    for s in (
        REVIEW_INTERVAL_WEEKS, VISIT_FINAL_HOURS, REREFERRAL_MONTHS, NO_CONTACT_WEEKS,
        EHAT_DUE_DAYS,
    )
}


@dataclass(frozen=True)
class CaseworkSettings:
    review_interval_weeks: int = REVIEW_INTERVAL_WEEKS.default
    visit_final_hours: int = VISIT_FINAL_HOURS.default
    rereferral_months: int = REREFERRAL_MONTHS.default
    no_contact_weeks: int = NO_CONTACT_WEEKS.default
    ehat_due_days: int = EHAT_DUE_DAYS.default

    @property
    def review_interval(self) -> dt.timedelta:
        return dt.timedelta(weeks=self.review_interval_weeks)

    @property
    def visit_final_after(self) -> dt.timedelta:
        return dt.timedelta(hours=self.visit_final_hours)


if {f.name for f in fields(CaseworkSettings)} != set(DECLARED):  # pragma: no cover
    raise RuntimeError("CaseworkSettings fields and declared settings differ")


def load_casework_settings(session: Session) -> CaseworkSettings:
    """Every casework setting as stored, or its default."""
    return CaseworkSettings(**read_declared(session, DECLARED))


def save_casework_settings(
    session: Session, actor: Profile, settings: CaseworkSettings
) -> CaseworkSettings:
    """Check and store the settings; ValidationFailed names each bad one."""
    write_declared(session, DECLARED, settings)
    return settings


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists
