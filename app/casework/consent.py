"""Consent: recording it, withdrawing it, and what it allows now; here, reading it and
the gate an assessment passes. Beside this module: :mod:`~app.casework.consent_data`
(requests, results, scope in words) and :mod:`~app.casework.consent_writes` (recording
and withdrawing).

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

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.casework.consent_data import (
    ConsentData,
    ConsentRequired,
    ConsentStatus,
    WithdrawalData,
    scope_words,
)
from app.errors import NotFound
from app.records.live import live_family
from app.store.caseload_store import Profile
from db.models import AgencyInvolvement, Consent, ConsentWithdrawal


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


def as_consent_data(c: Consent, withdrawals: Sequence[WithdrawalData]) -> ConsentData:
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
    return _consents_of(session, [family_id]).get(family_id, ())


# Up to this many families, their consents are picked out by the database (``IN``); for
# more, every live consent is read and the others left out (a list of thousands of ids
# in the query costs more than the rows it would spare).
FEW_FAMILIES = 200


def _consents_of(
    session: Session, family_ids: Sequence[str], within: Select[Any] | None = None
) -> dict[str, tuple[ConsentData, ...]]:
    """Each family's consents (of those with any), newest first, in two queries.
    ``within``, a query of family ids, lets the database pick the rows out."""
    wanted = set(family_ids)
    consents = select(Consent).where(Consent.deleted.is_(False))
    withdrawals = select(ConsentWithdrawal).where(ConsentWithdrawal.deleted.is_(False))
    if within is not None:
        consents = consents.where(Consent.family_id.in_(within))
        withdrawals = withdrawals.where(ConsentWithdrawal.family_id.in_(within))
    elif len(wanted) <= FEW_FAMILIES:
        consents = consents.where(Consent.family_id.in_(sorted(wanted)))
        withdrawals = withdrawals.where(ConsentWithdrawal.family_id.in_(sorted(wanted)))
    rows = [c for c in session.scalars(consents) if c.family_id in wanted]
    by_consent: dict[str, list[WithdrawalData]] = {}
    for w in session.scalars(withdrawals):
        if w.family_id in wanted:
            by_consent.setdefault(w.consent_id, []).append(_withdrawal(w))
    found: dict[str, list[ConsentData]] = {}
    for c in rows:
        found.setdefault(c.family_id, []).append(as_consent_data(c, by_consent.get(c.id, [])))
    return {
        fid: tuple(sorted(items, key=lambda c: (c.given_on, c.recorded_at), reverse=True))
        for fid, items in found.items()
    }


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


def consent_statuses(
    session: Session, family_ids: Sequence[str], within: Select[Any] | None = None
) -> dict[str, ConsentStatus]:
    """What consent allows now for each of many families at once (no audit); ``within``,
    a query of (at least) those families' ids, lets the database pick out their rows."""
    found = _consents_of(session, family_ids, within)
    return {fid: status_of(fid, found.get(fid, ())) for fid in family_ids}


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
    return as_consent_data(row, withdrawals)


def family_agencies(session: Session, family_id: str) -> tuple[str, ...]:
    """The agencies involved with the family: what consent to share can name."""
    names = session.scalars(
        select(AgencyInvolvement.agency)
        .where(AgencyInvolvement.family_id == family_id, AgencyInvolvement.deleted.is_(False))
        .order_by(AgencyInvolvement.agency)
    )
    return tuple(dict.fromkeys(names))


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
        f"{scope_words(False, status.share_agencies, status.refer_services) or 'nothing'}). "
        "Record consent to assess first."
    )
