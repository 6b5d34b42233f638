"""The worker's own work phone and email, kept inside the encrypted store (``store_meta``)
and printed on the documents of the families they are allocated to, so a family knows
how to reach them. The worker sets them in My details (File menu)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import ValidationFailed
from app.reference.contact_checks import email_problem, phone_problem
from app.store.caseload_store import Profile, read_meta, write_meta

PHONE_KEY = "contact.phone"
EMAIL_KEY = "contact.email"


@dataclass(frozen=True)
class WorkerContact:
    phone: str = ""
    email: str = ""


def load_worker_contact(session: Session) -> WorkerContact:
    """The store's worker's contact details as saved ('' for any not given)."""
    return WorkerContact(phone=read_meta(session, PHONE_KEY), email=read_meta(session, EMAIL_KEY))


def contact_problems(contact: WorkerContact) -> dict[str, str]:
    """What is wrong with each detail (by field: phone, email); empty when all is well."""
    problems = {"phone": phone_problem(contact.phone), "email": email_problem(contact.email)}
    return {key: message for key, message in problems.items() if message}


def save_worker_contact(session: Session, actor: Profile, contact: WorkerContact) -> WorkerContact:
    """Check and store the worker's contact details (either may be left empty);
    ValidationFailed names each bad one, and then nothing is stored."""
    tidy = WorkerContact(phone=" ".join(contact.phone.split()),
                         email=contact.email.strip())
    problems = contact_problems(tidy)
    if problems:
        raise ValidationFailed(problems)
    write_meta(session, PHONE_KEY, tidy.phone)
    write_meta(session, EMAIL_KEY, tidy.email)
    return tidy
