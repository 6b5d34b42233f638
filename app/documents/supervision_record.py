"""The supervision record: every supervision of a family's case by a team lead
(management oversight), newest first, each with its discussion, decisions and actions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.supervision import SupervisionData, list_supervisions
from app.dates import uk
from app.documents.family_facts import (
    FamilyFacts,
    NothingToPrint,
    family_facts,
    find_family,
    stamps_of,
)
from app.documents.layout.document_info import (
    DocumentInfo,
    RecordStamp,
    RenderOptions,
    combined_stamp,
)
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.store.caseload_store import Profile
from db.models import Supervision

TITLE = "Supervision record"


@dataclass(frozen=True)
class SupervisionRecordData:
    family: FamilyFacts
    supervisions: tuple[SupervisionData, ...]
    printed_by: str
    stamp: RecordStamp


def load(session: Session, actor: Profile, family_reference: str) -> SupervisionRecordData:
    family = family_facts(session, find_family(session, family_reference))
    supervisions = list_supervisions(session, actor, family.id)
    if not supervisions:
        raise NothingToPrint(f"Family {family.reference} has no supervision recorded to print.")
    rows = session.scalars(select(Supervision).where(Supervision.family_id == family.id))
    return SupervisionRecordData(
        family, supervisions, actor.name, combined_stamp(stamps_of(rows))
    )


def render(data: SupervisionRecordData, options: RenderOptions | None = None) -> bytes:
    info = DocumentInfo(
        title=TITLE,
        family_reference=data.family.reference,
        family_name=data.family.display_name,
        stamp=data.stamp,
        subject="Management oversight of the family's case",
        author=data.printed_by,
    )
    return render_pdf(info, partial(_write, data), options)


def _write(data: SupervisionRecordData, story: Story) -> None:
    family = data.family
    story.title("Supervision record", f"{family.display_name} · {family.reference}")
    story.para(
        "Management oversight of this family's case: each supervision by a team lead, "
        "newest first, with what was discussed, what was decided and who does what by when."
    )
    for s in data.supervisions:
        story.heading(f"Supervision on {uk(s.held_on)}")
        story.facts([
            ("Supervisor", s.supervisor or "Not recorded"),
            ("Next supervision due", uk(s.next_due_on) or "Not set"),
        ])
        story.labelled("Discussion", s.discussion, empty="Not recorded.")
        story.labelled("Decisions", s.decisions, empty="Not recorded.")
        if s.actions:
            story.subheading("Actions")
            story.bullets([
                f"{a.text}: {a.owner}" + (f", by {uk(a.due_on)}" if a.due_on else "")
                for a in s.actions
            ])
