"""Who a document comes from and how to reach them: the council's identity (name,
logo, address, phone, privacy notice) and the family's worker.

The catalogue loads it with each document (:mod:`app.documents.contact_details`) and
the page layout prints it (:mod:`app.documents.layout.council_blocks`): the council's
name and logo above the first page's title, and a closing "Contact" box.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from app.reference.council_identity import CouncilIdentity


class ContactBox(Enum):
    """Which closing Contact box a document carries."""

    NONE = "none"  # an internal record (supervision)
    AGENCY = "agency"  # for other professionals: the worker and the council
    FAMILY = "family"  # for the family: the worker, the council and the privacy notice


@dataclass(frozen=True)
class WorkerLine:
    """The family's worker, as the document shows them."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    # Whose phone ``phone`` is: "" the worker's own; otherwise e.g. "the early help
    # team" (printed by someone else, or the worker has not given their number).
    phone_of: str = ""


@dataclass(frozen=True)
class Letterhead:
    council: CouncilIdentity
    worker: WorkerLine | None = None
    box: ContactBox = ContactBox.NONE
    # Why the council's own identity file could not be used ('' if it could): the
    # worker is told before the document goes out.
    problem: str = ""
