"""The chronology: every significant thing that has happened for the family,
oldest first, built from everything recorded (request for help, consent,
assessments, level of need decisions, meetings and reviews, visits, step ups
and downs, closure) and the significant events a worker added by hand.

Significant entries are marked, with their impact on the child where it was
recorded; a long chronology runs over as many pages as it needs, the table
heading repeated on each.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.chronology import build_chronology
from app.casework.chronology_data import ChronologyItem
from app.dates import uk
from app.documents.family_facts import (
    FamilyFacts,
    NothingToPrint,
    configured_levels,
    family_facts,
    find_family,
    form_registry,
    stamp_of,
    stamps_of,
)
from app.documents.layout.colours import SOFT_FILL
from app.documents.layout.document_info import (
    DocumentInfo,
    RecordStamp,
    RenderOptions,
    combined_stamp,
)
from app.documents.layout.paragraphs import Para
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.documents.layout.text import esc, plural
from app.store.caseload_store import Profile
from db.models import ChronologyEntry

TITLE = "Chronology"
LONG_TITLE = 200  # characters


@dataclass(frozen=True)
class ChronologyData:
    family: FamilyFacts
    items: tuple[ChronologyItem, ...]  # oldest first
    worker: str
    stamp: RecordStamp


def load(session: Session, actor: Profile, family_reference: str) -> ChronologyData:
    family_row = find_family(session, family_reference)
    family = family_facts(session, family_row)
    chronology = build_chronology(
        session, actor, family.id, levels=configured_levels(), registry=form_registry()
    )
    if not chronology.items:
        raise NothingToPrint(f"Family {family.reference} has nothing in its chronology to print.")
    entries = list(
        session.scalars(
            select(ChronologyEntry).where(
                ChronologyEntry.family_id == family.id, ChronologyEntry.deleted.is_(False)
            )
        )
    )
    return ChronologyData(
        family=family,
        items=chronology.items,
        worker=actor.name,
        stamp=combined_stamp([stamp_of(family_row), *stamps_of(entries)]),
    )


def _what(story: Story, item: ChronologyItem) -> list[Flowable]:
    """The "What happened" cell: the type, the title, the detail, the impact on the child."""
    s = story.s
    kind = ("\u2605 " if item.significant else "") + item.type_label
    out: list[Flowable] = [
        Para(esc(kind), s.cell_muted),
        # A long event is its own title: in bold only when it reads as one.
        Para(esc(item.title), s.cell_bold if len(item.title) <= LONG_TITLE else s.cell),
    ]
    if item.detail:
        out.append(Para(esc(item.detail), s.cell))
    if item.impact_on_child:
        out.append(Para(f"<i>Impact on the child:</i> {esc(item.impact_on_child)}",
                             s.cell))
    return out


def render(data: ChronologyData, options: RenderOptions | None = None) -> bytes:
    family = data.family
    items = data.items
    info = DocumentInfo(
        title=TITLE,
        family_reference=family.reference,
        family_name=family.display_name,
        stamp=data.stamp,
        subject="Significant events for the family, oldest first",
        author=data.worker,
    )

    def build(story: Story) -> None:
        first, last = items[0].date, items[-1].date
        significant = sum(1 for i in items if i.significant)
        story.title(f"{TITLE}: {family.display_name}", family.reference)
        story.facts(
            [
                ("Children", "\n".join(c.described() for c in family.children)),
                ("Covers", f"{uk(first)} to {uk(last)}"),
                ("Entries", f"{plural(len(items), 'entry', 'entries')}, "
                            f"{significant} marked significant"),
            ]
        )
        story.muted("Significant entries are shaded and marked \u2605 beside their type.")
        rows = []
        fills = []
        for item in items:
            when = uk(item.date) + (f"\n{item.time}" if item.time else "")
            rows.append(
                [
                    story.cell(when),
                    _what(story, item),
                    item.source,
                    item.child or "Whole family",
                ]
            )
            fills.append(SOFT_FILL if item.significant else None)
        story.table(
            ["Date", "What happened", "Source", "Child"],
            rows,
            [story.text_width("00/00/0000"), 5, 1.6, 1.5],
            row_fills=fills,
        )

    return render_pdf(info, build, options)
