"""Every printable document by name: how to load its data from the store and
how to render that data as a PDF.

``CATALOGUE[name]`` is a :class:`Document`, a pair ``(loader, renderer)``:
``loader(session, actor, family_reference)`` returns plain frozen data (run
on the store's thread, inside one transaction); ``renderer(data, options)``
returns the PDF's bytes (run anywhere: it touches neither the store nor Qt).
:func:`load_document` returns the data with the document's letterhead (the council's
identity and the family's worker, :mod:`app.documents.contact_details`) as a
:class:`Printable`, which :func:`render_document` prints on the document.
A family with nothing to make a document from gets a
:class:`~app.documents.family_facts.NothingToPrint` error with a one-line
message, such as "Family EH-000012 has no completed EHAT to print."

:func:`load_document` also records in the audit trail that the family's
record was printed (or previewed) and by whom.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any, NamedTuple, cast

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.documents.contact_details import load_letterhead
from app.documents.family_facts import audit_print, find_family
from app.documents.layout.document_info import RenderOptions
from app.documents.layout.letterhead import ContactBox, Letterhead
from app.documents.layout.scripts import describe, unprintable_characters
from app.errors import HearthError, NotFound
from app.store.caseload_store import Profile
from db.models import (
    Assessment,
    ChronologyEntry,
    Closure,
    Consent,
    Family,
    LevelChange,
    Meeting,
    PlanNeed,
    Supervision,
    Visit,
)

Loader = Callable[[Session, Profile, str], Any]
Renderer = Callable[[Any, RenderOptions | None], bytes]


class Document(NamedTuple):
    """A document's module in ``app.documents``, with its ``load`` and ``render``. It is
    imported when the document is first made: ``hearth print --document plan`` never
    pays for the chronology's modules."""

    module: str

    @property
    def loader(self) -> Loader:
        return cast(Loader, importlib.import_module(f"app.documents.{self.module}").load)

    @property
    def renderer(self) -> Renderer:
        return cast(Renderer, importlib.import_module(f"app.documents.{self.module}").render)


CATALOGUE: dict[str, Document] = {
    "consent": Document("consent_form"),
    "plan": Document("family_plan"),
    "ehat": Document("ehat_summary"),
    "gcp2": Document("gcp2_profile"),
    "sos": Document("sos_map"),
    "assessments": Document("other_assessments"),
    "review": Document("review_record"),
    "closure": Document("closure_summary"),
    "chronology": Document("chronology"),
    "supervision": Document("supervision_record"),
}

DOCUMENT_NAMES: tuple[str, ...] = tuple(CATALOGUE)

# What the menus call each document.
LABELS: dict[str, str] = {
    "consent": "Consent form",
    "plan": "Family plan",
    "ehat": "Early Help Assessment summary",
    "gcp2": "Graded Care Profile 2 profile",
    "sos": "Safety map",
    "assessments": "Other assessments",
    "review": "Review record",
    "closure": "Closure summary",
    "chronology": "Chronology",
    "supervision": "Supervision record",
}

# Documents written for the family, which offer large print first.
FAMILY_FACING: frozenset[str] = frozenset({"consent", "plan", "review", "closure"})

# The closing Contact box of each document: the family's copies give the worker, the
# council and its privacy notice; the chronology, which goes to other agencies, the
# worker and the council; the supervision record, between worker and team lead, none.
CONTACT_BOXES: dict[str, ContactBox] = {
    **{name: ContactBox.FAMILY for name in DOCUMENT_NAMES},
    "chronology": ContactBox.AGENCY,
    "supervision": ContactBox.NONE,
}


class Printable(NamedTuple):
    """A document's data with its letterhead, as :func:`load_document` returns it."""

    data: Any
    letterhead: Letterhead


class UnknownDocument(HearthError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"There is no document called {name!r}; choose one of {', '.join(DOCUMENT_NAMES)}."
        )


def document(name: str) -> Document:
    try:
        return CATALOGUE[name]
    except KeyError:
        raise UnknownDocument(name) from None


def load_document(
    session: Session, actor: Profile, family_reference: str, name: str
) -> Printable:
    """The plain data for document ``name`` with its letterhead (audited as printed by
    ``actor``)."""
    data = document(name).loader(session, actor, family_reference)
    family = find_family(session, family_reference)
    audit_print(session, actor, family, name)
    return Printable(data, load_letterhead(session, actor, family, CONTACT_BOXES[name]))


def render_document(name: str, data: Any, options: RenderOptions | None = None) -> bytes:
    """The PDF of ``data``: a :class:`Printable` prints with its letterhead; a document's
    bare data (from its own loader) without one."""
    if isinstance(data, Printable):
        options = replace(options or RenderOptions(), letterhead=data.letterhead)
        data = data.data
    return document(name).renderer(data, options)


class Rendered(NamedTuple):
    pdf: bytes
    unprintable: frozenset[str]  # characters no bundled font has (printed as "\ufffd")


def render_checked(name: str, data: Any, options: RenderOptions | None = None) -> Rendered:
    """Render, and say which characters (if any) could not be printed, so the
    worker is told before the document is printed or sent."""
    with unprintable_characters() as found:
        pdf = render_document(name, data, options)
    return Rendered(pdf, frozenset(found))


def unprintable_message(chars: frozenset[str], *, show: bool) -> str:
    """What to tell the worker: the characters themselves on screen (``show``), their
    code points only where the words must not go (the command line's output)."""
    if not chars:
        return ""
    listed = " ".join(sorted(chars)) if show else describe(chars)
    count = len(chars)
    which = "This character" if count == 1 else f"These {count} characters"
    return (
        f"{which} cannot be printed in any of Hearth's fonts and will show as "
        f"\u201c\ufffd\u201d in the document: {listed}. Check the names and words "
        "that use them before you print or send it."
    )


def make_document(
    session: Session,
    actor: Profile,
    family_reference: str,
    name: str,
    options: RenderOptions | None = None,
) -> bytes:
    """Load and render in one go (the command line's batch printing)."""
    return render_document(name, load_document(session, actor, family_reference, name), options)


def available_documents(session: Session, actor: Profile, family_id: str) -> tuple[str, ...]:
    """The documents this family has something to print for, in catalogue order
    (quick checks only: no document is built)."""
    from app.documents.other_assessments import OWN_LAYOUT

    family = session.get(Family, family_id)
    if family is None or family.deleted:
        raise NotFound("That family is no longer in this store.")

    def has(model: Any, *where: Any) -> bool:
        return bool(
            session.scalar(
                select(exists().where(model.family_id == family_id, model.deleted.is_(False),
                                      *where))
            )
        )

    def completed(kind: str) -> bool:
        return has(Assessment, Assessment.kind == kind, Assessment.completed_at.is_not(None))

    found = {
        "consent": has(Consent),
        "plan": has(PlanNeed),
        "ehat": completed("ehat"),
        "gcp2": completed("gcp2") and has(Assessment, Assessment.kind == "gcp2",
                                          Assessment.completed_at.is_not(None),
                                          Assessment.child_person_id.is_not(None)),
        "sos": completed("signs_of_safety"),
        "assessments": has(Assessment, Assessment.kind.not_in(OWN_LAYOUT),
                           Assessment.completed_at.is_not(None)),
        "review": has(Meeting),
        "closure": has(Closure),
        "supervision": has(Supervision),
    }
    found["chronology"] = family.request_date is not None or any(found.values()) or any(
        has(model) for model in (LevelChange, Visit, ChronologyEntry)
    )
    return tuple(name for name in DOCUMENT_NAMES if found.get(name))
