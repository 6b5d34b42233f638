"""Who a family's document comes from, read as it is printed: the council's identity
(this computer's reference data) and the family's worker.

Printed by the worker the family is allocated to, the document gives their name, role,
work phone and email (My details). Printed by someone else (a team lead), it gives
the allocated worker's name and the team's phone, or the council's: this store holds
only its own worker's contact details. A worker who has not given a phone number is
reached through the team's (or the council's) number too.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.documents.layout.letterhead import ContactBox, Letterhead, WorkerLine
from app.families.allocation import ANOTHER_WORKER, shown_name
from app.reference.council_identity import CouncilIdentity, council_identity
from app.reference.worker_contact import load_worker_contact
from app.store.caseload_store import Profile
from db.models import Family


def _team_phone(council: CouncilIdentity) -> tuple[str, str]:
    """The number to reach a worker through, and whose it is."""
    if council.team_phone:
        return council.team_phone, "early help team"
    return council.phone, ("council" if council.phone else "")


def family_worker(session: Session, actor: Profile, family: Family,
                  council: CouncilIdentity) -> WorkerLine:
    """The family's worker as the document shows them (see the module's note)."""
    allocated = family.allocated_to.strip()
    if allocated and allocated != actor.username:
        phone, phone_of = _team_phone(council)
        name = shown_name(allocated)  # a family reads "Your early help worker", not a code
        name = "Your early help worker" if name == ANOTHER_WORKER else name
        return WorkerLine(name=name, phone=phone, phone_of=phone_of)
    contact = load_worker_contact(session)
    phone, phone_of = contact.phone, ""
    if not phone:
        phone, phone_of = _team_phone(council)
    return WorkerLine(name=actor.name, role=actor.role_label, phone=phone,
                      email=contact.email, phone_of=phone_of)


def load_letterhead(session: Session, actor: Profile, family: Family,
                    box: ContactBox) -> Letterhead:
    """The council's identity and the family's worker, for a document with ``box``."""
    loaded = council_identity()
    worker = family_worker(session, actor, family, loaded.identity)
    return Letterhead(council=loaded.identity, worker=worker, box=box, problem=loaded.problem)
