"""Consent: recording it, withdrawing it, and what it allows now.

A family's consent is given by a parent/carer (or a young person with
capacity) with a scope: to assess; to share information with named agencies
(chosen from the agencies involved with the family); to refer on to named
services. It is taken by a worker on a date, by a method (signed paper form,
verbal, electronic).

**Nothing is ever changed or deleted.** A consent record is append-only (it
says what was agreed on a day). Withdrawing all or part of it writes its own
append-only :class:`~db.models.ConsentWithdrawal`; the consent stays, shown as
withdrawn (or partly withdrawn). A mistake in a recorded consent is put right
by withdrawing it (saying so in the notes) and recording the right one.

**What is allowed now** (:func:`current_consent`) is the union of every
consent's scope minus what its withdrawals took back. Consents add up: a
mother's consent to share with the school and a young person's own consent to
be referred to a youth service both stand until withdrawn. Consent does not
expire by itself.

Service functions take ``(session, actor, request)`` and return frozen
dataclasses; they run on the store's worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.dates import today, uk
from app.errors import HearthError, NotFound, ValidationFailed
from app.records import writes as records
from app.records.live import live_family
from app.store.caseload_store import Profile
from db.models import AgencyInvolvement, Consent, ConsentWithdrawal, Person

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


# ---------------------------------------------------------------- reading


def _withdrawal(w: ConsentWithdrawal) -> WithdrawalData:
    scope: dict[str, Any] = w.scope if isinstance(w.scope, dict) else {}
    return WithdrawalData(
        id=w.id,
        consent_id=w.consent_id,
        withdrawn_on=w.withdrawn_on,
        withdrawn_by=w.withdrawn_by,
        all_of_it=bool(scope.get("all", False)),
        assess=bool(scope.get("assess", False)),
        share_agencies=tuple(_names(scope.get("share_agencies"))),
        refer_services=tuple(_names(scope.get("refer_services"))),
        recorded_by=w.recorded_by,
        notes=w.notes,
        recorded_at=w.updated_at,
    )


def _names(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, str)]


def _consent(c: Consent, withdrawals: Sequence[WithdrawalData]) -> ConsentData:
    assess = bool(c.scope_assess)
    share = list(_names(c.share_agencies))
    refer = list(_names(c.refer_services))
    for w in sorted(withdrawals, key=lambda w: (w.withdrawn_on, w.recorded_at)):
        if w.all_of_it:
            assess, share, refer = False, [], []
            continue
        if w.assess:
            assess = False
        share = [a for a in share if a not in w.share_agencies]
        refer = [s for s in refer if s not in w.refer_services]
    return ConsentData(
        id=c.id,
        family_id=c.family_id,
        given_by_person_id=c.given_by_person_id,
        given_by_name=c.given_by_name,
        capacity_note=c.capacity_note,
        scope_assess=bool(c.scope_assess),
        share_agencies=tuple(_names(c.share_agencies)),
        refer_services=tuple(_names(c.refer_services)),
        method=c.method,
        given_on=c.given_on,
        taken_by=c.taken_by,
        notes=c.notes,
        recorded_by=c.updated_by,
        recorded_at=c.updated_at,
        withdrawals=tuple(sorted(withdrawals, key=lambda w: (w.withdrawn_on, w.recorded_at))),
        assess_now=assess,
        share_now=tuple(share),
        refer_now=tuple(refer),
    )



def _consents(session: Session, family_id: str) -> tuple[ConsentData, ...]:
    rows = list(
        session.scalars(
            select(Consent).where(Consent.family_id == family_id, Consent.deleted.is_(False))
        )
    )
    by_consent: dict[str, list[WithdrawalData]] = {}
    for w in session.scalars(
        select(ConsentWithdrawal).where(
            ConsentWithdrawal.family_id == family_id, ConsentWithdrawal.deleted.is_(False)
        )
    ):
        by_consent.setdefault(w.consent_id, []).append(_withdrawal(w))
    out = [_consent(c, by_consent.get(c.id, [])) for c in rows]
    out.sort(key=lambda c: (c.given_on, c.recorded_at), reverse=True)
    return tuple(out)


def _union(groups: Iterable[Sequence[str]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for name in group:
            seen.setdefault(name, None)
    return tuple(seen)


def status_of(family_id: str, consents: Sequence[ConsentData]) -> ConsentStatus:
    # Oldest first for a stable order of names.
    ordered = sorted(consents, key=lambda c: (c.given_on, c.recorded_at))
    return ConsentStatus(
        family_id=family_id,
        can_assess=any(c.assess_now for c in consents),
        share_agencies=_union(c.share_now for c in ordered),
        refer_services=_union(c.refer_now for c in ordered),
        consents=tuple(consents),
    )


def current_consent(session: Session, family_id: str) -> ConsentStatus:
    """What the family's consent allows now (no audit: this is read often)."""
    live_family(session, family_id)
    return status_of(family_id, _consents(session, family_id))


def list_consents(session: Session, actor: Profile, family_id: str) -> tuple[ConsentData, ...]:
    """Every consent of the family, newest first, withdrawn ones included."""
    live_family(session, family_id)
    return _consents(session, family_id)


def load_consent(session: Session, actor: Profile, consent_id: str) -> ConsentData:
    row = session.get(Consent, consent_id)
    if row is None or row.deleted:
        raise NotFound("That consent is no longer in this store.")
    withdrawals = [
        _withdrawal(w)
        for w in session.scalars(
            select(ConsentWithdrawal).where(
                ConsentWithdrawal.consent_id == consent_id, ConsentWithdrawal.deleted.is_(False)
            )
        )
    ]
    return _consent(row, withdrawals)


def family_agencies(session: Session, family_id: str) -> tuple[str, ...]:
    """The agencies involved with the family: what consent to share can name."""
    names = session.scalars(
        select(AgencyInvolvement.agency)
        .where(AgencyInvolvement.family_id == family_id, AgencyInvolvement.deleted.is_(False))
        .order_by(AgencyInvolvement.agency)
    )
    return tuple(dict.fromkeys(names))


# ---------------------------------------------------------------- writing


def _clean_list(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        text = " ".join(str(value).split())
        if text and text not in out:
            out.append(text)
    return out


def validate_consent(session: Session, request: ConsentRequest) -> dict[str, Any]:
    """The values to store, or ValidationFailed naming each problem."""
    problems: dict[str, str] = {}
    writable_family(session, request.family_id)
    giver: Person | None = None
    if request.given_by_person_id:
        giver = session.get(Person, request.given_by_person_id)
        if giver is None or giver.deleted or giver.family_id != request.family_id:
            problems["given_by_person_id"] = "Choose someone in this family."
            giver = None
        elif giver.role not in CONSENT_GIVER_ROLES:
            problems["given_by_person_id"] = (
                "Consent is given by a parent or carer, or by a young person with capacity."
            )
    name = " ".join(request.given_by_name.split())
    if not name and giver is not None:
        name = f"{giver.given_name} {giver.family_name}".strip()
    if not name:
        problems["given_by_name"] = "Say who gave consent."
    if giver is not None and giver.role == "child" and not request.capacity_note.strip():
        problems["capacity_note"] = (
            "A young person is giving consent: note why they have the capacity to."
        )
    if request.method not in CONSENT_METHODS:
        problems["method"] = "Choose how consent was given: signed paper form, verbal or electronic."
    if request.given_on > today():
        problems["given_on"] = "Consent cannot be dated in the future."
    agencies = _clean_list(request.share_agencies)
    known = set(family_agencies(session, request.family_id))
    unknown = [a for a in agencies if a not in known]
    if unknown:
        problems["share_agencies"] = (
            f"{unknown[0]} is not one of this family's agencies; add the agency to the family first."
        )
    services = _clean_list(request.refer_services)
    if not (request.scope_assess or agencies or services):
        problems["scope"] = (
            "Choose what the consent covers: to assess, to share with agencies, or to refer on."
        )
    if problems:
        raise ValidationFailed(problems)
    return {
        "family_id": request.family_id,
        "given_by_person_id": giver.id if giver is not None else None,
        "given_by_name": name,
        "capacity_note": request.capacity_note.strip(),
        "scope_assess": bool(request.scope_assess),
        "share_agencies": agencies,
        "refer_services": services,
        "method": request.method,
        "given_on": request.given_on,
        "notes": request.notes.strip(),
    }


def record_consent(session: Session, actor: Profile, request: ConsentRequest) -> ConsentData:
    """Record a consent (final once recorded: it is never changed)."""
    values = validate_consent(session, request)
    values["taken_by"] = " ".join(request.taken_by.split()) or actor.name
    row = records.create(session, actor, Consent, **values)
    return _consent(row, [])


def withdraw_consent(session: Session, actor: Profile, request: WithdrawalRequest) -> ConsentData:
    """Withdraw all or part of a consent; the consent is kept, marked withdrawn."""
    current = load_consent(session, actor, request.consent_id)
    writable_family(session, current.family_id)
    problems: dict[str, str] = {}
    if request.withdrawn_on > today():
        problems["withdrawn_on"] = "A withdrawal cannot be dated in the future."
    elif request.withdrawn_on < current.given_on:
        problems["withdrawn_on"] = (
            f"Consent was given on {uk(current.given_on)}; it cannot be withdrawn before that."
        )
    withdrawn_by = " ".join(request.withdrawn_by.split())
    if not withdrawn_by:
        problems["withdrawn_by"] = "Say who withdrew consent."
    agencies = _clean_list(request.share_agencies)
    services = _clean_list(request.refer_services)
    all_of_it = request.all_of_it
    if current.withdrawn:
        problems["consent_id"] = "This consent has already been withdrawn."
    elif not all_of_it:
        takes_back = (
            (request.assess and current.assess_now)
            or any(a in current.share_now for a in agencies)
            or any(s in current.refer_now for s in services)
        )
        if not takes_back:
            problems["scope"] = "Choose which part of the consent in force is withdrawn."
        else:
            # Withdrawing everything that is left is withdrawing all of it.
            left_assess = current.assess_now and not request.assess
            left_share = [a for a in current.share_now if a not in agencies]
            left_refer = [s for s in current.refer_now if s not in services]
            if not (left_assess or left_share or left_refer):
                all_of_it = True
    if problems:
        raise ValidationFailed(problems)
    scope: dict[str, Any] = (
        {"all": True, "assess": False, "share_agencies": [], "refer_services": []}
        if all_of_it
        else {
            "all": False,
            "assess": bool(request.assess and current.assess_now),
            "share_agencies": [a for a in agencies if a in current.share_now],
            "refer_services": [s for s in services if s in current.refer_now],
        }
    )
    records.create(
        session,
        actor,
        ConsentWithdrawal,
        family_id=current.family_id,
        consent_id=current.id,
        withdrawn_on=request.withdrawn_on,
        withdrawn_by=withdrawn_by,
        scope=scope,
        recorded_by=actor.name,
        notes=request.notes.strip(),
    )
    session.flush()
    return load_consent(session, actor, request.consent_id)


def require_consent_to_assess(session: Session, family_id: str) -> ConsentStatus:
    """The family's consent, or ConsentRequired saying why an assessment cannot start."""
    status = current_consent(session, family_id)
    if status.can_assess:
        return status
    if not status.consents:
        raise ConsentRequired(
            "An assessment needs the family's consent first, and none is recorded for this "
            "family. Record consent to assess (from a parent or carer, or a young person "
            "with capacity), then start the assessment."
        )
    if status.all_withdrawn:
        raise ConsentRequired(
            "The family has withdrawn their consent, so an assessment cannot be started. "
            "If they agree again, record their new consent to assess first."
        )
    raise ConsentRequired(
        "The family's consent in force does not cover assessing (it covers "
        f"{_scope_words(False, status.share_agencies, status.refer_services) or 'nothing'}). "
        "Record consent to assess first."
    )
