"""The closure summary: when and why the family's case was closed, how far
each plan outcome was achieved, and what the family and the children said
about the help they had. If the case was reopened since, that is said too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sqlalchemy.orm import Session

from app.casework.closure import ACHIEVED, ClosureData, latest_closure
from app.dates import uk
from app.documents.family_facts import FamilyFacts, NothingToPrint, family_facts, find_family
from app.documents.layout.colours import GRADE_FILLS
from app.documents.layout.document_info import DocumentInfo, RecordStamp, RenderOptions
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.store.caseload_store import Profile

TITLE = "Closure summary"

ACHIEVED_FILLS = {"yes": GRADE_FILLS[1], "partly": GRADE_FILLS[3], "no": GRADE_FILLS[5]}


@dataclass(frozen=True)
class ClosureSummaryData:
    family: FamilyFacts
    closure: ClosureData
    worker: str
    stamp: RecordStamp


def load(session: Session, actor: Profile, family_reference: str) -> ClosureSummaryData:
    family_row = find_family(session, family_reference)
    family = family_facts(session, family_row)
    closure = latest_closure(session, actor, family.id)
    if closure is None:
        raise NothingToPrint(f"Family {family.reference} has no closure to print.")
    return ClosureSummaryData(
        family=family,
        closure=closure,
        worker=actor.name,
        stamp=RecordStamp(closure.version, closure.updated_at),
    )


def render(data: ClosureSummaryData, options: RenderOptions | None = None) -> bytes:
    info = DocumentInfo(
        title=TITLE,
        family_reference=data.family.reference,
        family_name=data.family.display_name,
        stamp=data.stamp,
        subject=f"Case closed on {uk(data.closure.closed_on)}",
        author=data.worker,
    )
    return render_pdf(info, partial(_write, data), options)


def _write(data: ClosureSummaryData, story: Story) -> None:
    family = data.family
    closure = data.closure
    s = story.s
    story.title(TITLE, f"{family.display_name} · {family.reference}")
    story.facts(
        [
            ("Closed on", uk(closure.closed_on)),
            ("Why", closure.reason_label),
            ("Closed by", closure.closed_by),
            ("Children", "\n".join(c.described(closure.closed_on) for c in family.children)),
        ]
    )
    if closure.reopened:
        story.callout(
            f"This case was reopened on {uk(closure.reopened_on)}"
            + (f" by {closure.reopened_by}" if closure.reopened_by else "")
            + (". It counts as a re-referral (within 12 months of closing)"
               if closure.is_rereferral else "")
            + (f". Reason: {closure.reopen_reason}" if closure.reopen_reason else "")
            + "."
        )
    story.heading("Why the case was closed")
    story.para(closure.reason_label + ".")
    story.para(closure.reason_detail)
    story.heading("What the family wanted, and how far it was achieved")
    _write_outcomes(story, closure)
    story.heading("What the family said about the help they had")
    story.para(closure.family_feedback or "Not recorded.",
               None if closure.family_feedback else s.muted)
    story.heading("What the children said")
    story.para(closure.child_feedback or "Not recorded.",
               None if closure.child_feedback else s.muted)
    story.heading("If things change")
    lead = family.lead_text()
    story.para(
        "Services everyone can use, such as your GP, health visitor and school, are "
        "still there for you. If you need help again, you can ask any of them, or "
        "contact the early help team directly."
        + (f" Your last worker was {lead}." if lead else "")
    )


def _write_outcomes(story: Story, closure: ClosureData) -> None:
    """How far each plan outcome was achieved, as a table and a count."""
    if not closure.outcomes_achieved:
        story.muted("No plan outcomes were recorded at closure.")
        return
    rows = []
    fills = []
    for item in closure.outcomes_achieved:
        rows.append(
            [
                story.cell(item.text or "(outcome no longer in the plan)"),
                story.cell(ACHIEVED.get(item.achieved, item.achieved), story.s.cell_bold),
                item.note,
            ]
        )
        fills.append(ACHIEVED_FILLS.get(item.achieved))
    story.table(
        ["What the family wanted", "Achieved?", "Notes"],
        rows,
        [4, story.text_width("Partly achieved", bold=True), 4],
        row_fills=fills,
    )
    done = sum(1 for i in closure.outcomes_achieved if i.achieved == "yes")
    partly = sum(1 for i in closure.outcomes_achieved if i.achieved == "partly")
    story.muted(
        f"{done} of {len(closure.outcomes_achieved)} achieved"
        + (f", {partly} partly" if partly else "") + "."
    )
