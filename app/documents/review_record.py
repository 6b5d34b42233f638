"""The review record: the family's latest review (or, before the first
review, the Family Action Meeting that agreed the plan): who came and who was
invited but could not, what the family and the children said, what was
decided, how each plan action stood at the review, and the next review date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sqlalchemy.orm import Session

from app.casework.meetings import Attendee, MeetingDetail, list_meetings, load_meeting
from app.casework.plan_data import PlanData
from app.dates import uk
from app.documents.family_facts import FamilyFacts, NothingToPrint, family_facts, find_family
from app.documents.family_plan import AREA_WORDS, STATUS_WORDS
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

TITLE = "Review record"


@dataclass(frozen=True)
class ReviewRecordData:
    family: FamilyFacts
    meeting: MeetingDetail
    plan: PlanData | None  # the plan as it stood at the meeting, if it was kept
    earlier_reviews: int
    worker: str
    stamp: RecordStamp


def load(session: Session, actor: Profile, family_reference: str) -> ReviewRecordData:
    family_row = find_family(session, family_reference)
    family = family_facts(session, family_row)
    meetings = list_meetings(session, actor, family.id)  # newest first
    reviews = [m for m in meetings if m.is_review]
    chosen = reviews[0] if reviews else (meetings[0] if meetings else None)
    if chosen is None:
        raise NothingToPrint(f"Family {family.reference} has no review or meeting to print.")
    detail = load_meeting(session, actor, chosen.id)
    snapshot = detail.plan_snapshot
    stamps = [RecordStamp(detail.version, detail.updated_at)]
    return ReviewRecordData(
        family=family,
        meeting=detail,
        plan=snapshot.plan if snapshot is not None else None,
        earlier_reviews=max(len(reviews) - 1, 0),
        worker=actor.name,
        stamp=combined_stamp(stamps),
    )


def _attendee(a: Attendee) -> str:
    if a.agency and a.role:
        return f"{a.name}, {a.role} ({a.agency})"
    if a.agency:
        return f"{a.name} ({a.agency})"
    return f"{a.name} ({a.role})" if a.role else a.name


# What the summary counts, in the order it says them. "overdue": still being worked on
# (not started or on track) and its date has passed; such an action is counted there only.
SUMMARY_WORDS: dict[str, str] = {
    "achieved": "done",
    "on_track": "going well",
    "not_started": "not started yet",
    "overdue": "past their date",
    "not_achieved": "not done",
    "no_longer_needed": "no longer needed",
}


def status_counts(plan: PlanData) -> dict[str, int]:
    """How many of the plan's actions stood at each status on the plan's date, with
    overdue ones counted as overdue only, so that the counts add up to every action."""
    counts = dict.fromkeys(SUMMARY_WORDS, 0)
    for action in plan.actions:
        key = "overdue" if action.overdue_on(plan.as_of) else action.status
        counts[key] = counts.get(key, 0) + 1
    return counts


def plan_summary(plan: PlanData) -> str:
    """The plan in one line, e.g. "9 actions: 1 done, 1 going well, 3 past their date,
    4 not done." (statuses no action has are left out)."""
    if not plan.actions:
        return "No actions were in the plan yet."
    counts = status_counts(plan)
    parts = [f"{n} {SUMMARY_WORDS.get(key, key.replace('_', ' '))}"
             for key, n in counts.items() if n]
    return f"{plural(len(plan.actions), 'action')}: " + ", ".join(parts) + "."


def render(data: ReviewRecordData, options: RenderOptions | None = None) -> bytes:
    meeting = data.meeting
    info = DocumentInfo(
        title=_title(meeting),
        family_reference=data.family.reference,
        family_name=data.family.display_name,
        stamp=data.stamp,
        subject=f"{meeting.kind_label} held on {uk(meeting.held_on)}",
        author=data.worker,
    )
    return render_pdf(info, partial(_write, data), options)


def _title(meeting: MeetingDetail) -> str:
    return TITLE if meeting.is_review else f"{meeting.kind_label} record"


def _write(data: ReviewRecordData, story: Story) -> None:
    family = data.family
    meeting = data.meeting
    s = story.s
    story.title(_title(meeting), f"{family.display_name} · {meeting.kind_label} held on "
                                 f"{uk(meeting.held_on)}")
    story.facts(
        [
            ("Date", uk(meeting.held_on)),
            ("Where", meeting.venue),
            ("Chaired by", meeting.chair),
            ("Recorded by", meeting.recorded_by),
            ("Next review", uk(meeting.next_review_on) if meeting.next_review_on
             else "To be agreed"),
        ]
    )
    story.heading("Who was there")
    if meeting.present:
        story.bullets([_attendee(a) for a in meeting.present])
    else:
        story.muted("No one is recorded as attending.")
    if meeting.absent:
        story.subheading("Invited but could not come")
        story.bullets([_attendee(a) for a in meeting.absent])
    story.heading("What the family said")
    story.para(meeting.family_views or "Not recorded.",
               None if meeting.family_views else s.muted)
    story.heading("What the children said")
    story.para(meeting.child_views or "Not recorded.",
               None if meeting.child_views else s.muted)
    story.heading("What was decided")
    story.para(meeting.decisions or "Not recorded.", None if meeting.decisions else s.muted)
    if data.plan is not None and not data.plan.is_empty:
        story.heading(f"The plan at this {'review' if meeting.is_review else 'meeting'}")
        _write_plan(story, data.plan)
    elif meeting.is_review:
        story.muted("The plan as it stood at this review was not kept with the record.")
    story.heading("Next review")
    if meeting.next_review_on:
        story.para(f"The next review will be on or before {uk(meeting.next_review_on)}.")
    else:
        story.para("The date of the next review is still to be agreed.")


def _write_plan(story: Story, plan: PlanData) -> None:
    """The plan as it stood at the meeting: each need, its outcomes and their actions."""
    s = story.s
    story.para(plan_summary(plan))
    for need in plan.needs:
        area = AREA_WORDS.get(need.domain, need.domain_label)
        story.subheading(need.text + (f" ({area})" if area else ""))
        for outcome in need.outcomes:
            story.markup(f"What we want: <i>\u201c{esc(outcome.text)}\u201d</i>")
            if not outcome.actions:
                continue
            story.table(
                ["Action", "Who", "By when", "Where it stood"],
                [
                    [
                        a.text,
                        a.owner_name or "To be agreed",
                        uk(a.due_on) if a.due_on else "To be agreed",
                        [
                            Para(esc(STATUS_WORDS.get(a.status, a.status_label)),
                                      s.cell_bold),
                            *([Para("Past its date", s.cell_bold)]
                              if a.overdue_on(plan.as_of) else []),
                            *([Para(esc(a.progress_note), s.cell)]
                              if a.progress_note else []),
                        ],
                    ]
                    for a in outcome.actions
                ],
                [4, 2.2, story.text_width("00/00/0000 "), 2.8],
            )
