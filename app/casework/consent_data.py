"""The plain data of consent: methods, who may give it, the requests services take, what
they hand back (a consent, its withdrawals, what is allowed now) and a scope in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.dates import uk
from app.errors import HearthError

CONSENT_METHODS: dict[str, str] = {
    "signed_paper": "Signed paper form",
    "verbal": "Verbal",
    "electronic": "Electronic",
}

# Who can give consent: a parent/carer (or another adult caring for the
# child), or a young person with capacity.
CONSENT_GIVER_ROLES: tuple[str, ...] = ("parent_carer", "significant_adult", "child")


class ConsentRequired(HearthError):
    """Something needs consent the family has not given (or has withdrawn)."""


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class ConsentRequest:
    """What the consent dialog collects. Agencies are names from the family's
    agencies; services are free text (one name each)."""

    family_id: str
    given_by_person_id: str | None
    given_by_name: str
    method: str
    given_on: dt.date
    scope_assess: bool = False
    share_agencies: tuple[str, ...] = ()
    refer_services: tuple[str, ...] = ()
    capacity_note: str = ""
    taken_by: str = ""  # defaults to the worker recording it
    notes: str = ""


@dataclass(frozen=True)
class WithdrawalRequest:
    """Withdraw a consent, all of it (``all_of_it``) or the parts named."""

    consent_id: str
    withdrawn_on: dt.date
    withdrawn_by: str
    all_of_it: bool = True
    assess: bool = False
    share_agencies: tuple[str, ...] = ()
    refer_services: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class WithdrawalData:
    id: str
    consent_id: str
    withdrawn_on: dt.date
    withdrawn_by: str
    all_of_it: bool
    assess: bool
    share_agencies: tuple[str, ...]
    refer_services: tuple[str, ...]
    recorded_by: str
    notes: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class ConsentData:
    """One consent as recorded, with what is still in force after withdrawals."""

    id: str
    family_id: str
    given_by_person_id: str | None
    given_by_name: str
    capacity_note: str
    scope_assess: bool
    share_agencies: tuple[str, ...]
    refer_services: tuple[str, ...]
    method: str
    given_on: dt.date
    taken_by: str
    notes: str
    recorded_by: str
    recorded_at: dt.datetime
    withdrawals: tuple[WithdrawalData, ...]
    # in force now
    assess_now: bool
    share_now: tuple[str, ...]
    refer_now: tuple[str, ...]

    @property
    def method_label(self) -> str:
        return CONSENT_METHODS.get(self.method, self.method)

    @property
    def withdrawn(self) -> bool:
        """Nothing of it is left in force."""
        return bool(self.withdrawals) and not (self.assess_now or self.share_now or self.refer_now)

    @property
    def partly_withdrawn(self) -> bool:
        return bool(self.withdrawals) and not self.withdrawn

    @property
    def withdrawn_on(self) -> dt.date | None:
        """The date of the latest withdrawal, if any."""
        return max((w.withdrawn_on for w in self.withdrawals), default=None)

    @property
    def state(self) -> str:
        """``in_force``, ``partly_withdrawn`` or ``withdrawn``."""
        if self.withdrawn:
            return "withdrawn"
        return "partly_withdrawn" if self.partly_withdrawn else "in_force"

    def scope_text(self) -> str:
        """The scope as given, in words."""
        return _scope_words(self.scope_assess, self.share_agencies, self.refer_services)


@dataclass(frozen=True)
class ConsentStatus:
    """What the family's consent allows now: what the family view shows at a glance."""

    family_id: str
    can_assess: bool
    share_agencies: tuple[str, ...]
    refer_services: tuple[str, ...]
    consents: tuple[ConsentData, ...] = field(default=())  # newest first

    @property
    def any_recorded(self) -> bool:
        return bool(self.consents)

    @property
    def all_withdrawn(self) -> bool:
        return bool(self.consents) and all(c.withdrawn for c in self.consents)

    @property
    def summary(self) -> str:
        """One line for the family view."""
        if not self.consents:
            return "No consent recorded"
        if self.all_withdrawn:
            latest = max((c.withdrawn_on for c in self.consents if c.withdrawn_on), default=None)
            return f"Consent withdrawn{' on ' + uk(latest) if latest else ''}"
        words = _scope_words(self.can_assess, self.share_agencies, self.refer_services)
        return f"Consent {words}" if words else "No consent in force"


def _scope_words(assess: bool, agencies: Sequence[str], services: Sequence[str]) -> str:
    parts = []
    if assess:
        parts.append("to assess")
    if agencies:
        parts.append("to share with " + ", ".join(agencies))
    if services:
        parts.append("to refer to " + ", ".join(services))
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""


def scope_words(assess: bool, agencies: Sequence[str], services: Sequence[str]) -> str:
    """A consent scope in words: 'to assess, to share with School and to refer to ...'."""
    return _scope_words(assess, agencies, services)

