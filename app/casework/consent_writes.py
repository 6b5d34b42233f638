"""Recording consent and withdrawing all or part of it: each its own append-only record,
checked against the family's people and agencies; a closed family refuses both."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.casework.consent import as_consent_data, family_agencies, load_consent
from app.casework.consent_data import (
    CONSENT_GIVER_ROLES,
    CONSENT_METHODS,
    ConsentData,
    ConsentRequest,
    WithdrawalRequest,
)
from app.dates import today, uk
from app.errors import ValidationFailed
from app.records import writes as records
from app.store.caseload_store import Profile
from db.models import Consent, ConsentWithdrawal, Person


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
        problems["method"] = (
            "Choose how consent was given: signed paper form, verbal or electronic.")
    if request.given_on > today():
        problems["given_on"] = "Consent cannot be dated in the future."
    agencies = _clean_list(request.share_agencies)
    known = set(family_agencies(session, request.family_id))
    unknown = [a for a in agencies if a not in known]
    if unknown:
        problems["share_agencies"] = (
            f"{unknown[0]} is not one of this family's agencies; "
            "add the agency to the family first."
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
    return as_consent_data(row, [])


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

