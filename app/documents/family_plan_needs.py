"""The family plan's "What we are working on together": each need, what needs to change,
what the family wants to be different (in their words) and who will do what by when, as
the plan stands or, for a plan that has ended, as each thing stood when it ended.

The needs flow over pages (kept whole, one left most of a large-print page blank), and
each starts where its headings, words and the start of its first action fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Table

from app.casework.plan_data import ActionData, NeedData, OutcomeData
from app.dates import uk
from app.documents.family_plan_words import (
    ACHIEVED_WORDS,
    AREA_WORDS,
    FINAL_STATUS_WORDS,
    STATUS_WORDS,
)
from app.documents.layout.flowing_table import LONG_ROW
from app.documents.layout.paragraphs import Para
from app.documents.layout.story import Fixed, Heading, Story
from app.documents.layout.text import esc

MEASURE = 100_000.0  # a height to measure text in (points): more than any page
# Characters: text this long flows on from under its label (kept with it, it would start
# a new page and leave most of the one before it blank).
LONG_TEXT = 600
# How far each outcome got when the plan ended: outcome id -> (yes, partly or no; note).
Achieved = Mapping[str, tuple[str, str]]


def write_needs(story: Story, needs: Sequence[NeedData], achieved: Achieved | None) -> None:
    """Every need in turn; ``achieved`` is set for a plan that has ended, whose actions
    then show how they ended."""
    for number, need in enumerate(needs, start=1):
        _need(story, number, need, achieved)


def _need(story: Story, number: int, need: NeedData, achieved: Achieved | None) -> None:
    """A need flows over pages (kept whole, one left most of a large-print page blank);
    it starts where its headings, what needs to change, the first outcome and the start
    of its first action fit, so none of them is left alone at the foot of a page."""
    s = story.s
    start = len(story.items)
    if number == 1:
        story.heading("What we are working on together")
    area = AREA_WORDS.get(need.domain, need.domain_label)
    story.subheading(f"{number}. {area or 'Something to work on'}")
    opening = [f for f in story.items[start:] if isinstance(f, Heading)]
    opening += _add(story, [label(story, "What needs to change", need.text),
                            Para(esc(need.text), s.body)])
    if not need.outcomes:
        _add(story, [Para("What you want to be different is still to be agreed.", s.body)])
        _room_for(story, start, _height(story, opening) + s.base * 2)
    for index, outcome in enumerate(need.outcomes):
        height = _outcome(story, outcome, achieved)
        if index == 0:
            _room_for(story, start, _height(story, opening) + height)


def _outcome(story: Story, outcome: OutcomeData, achieved: Achieved | None) -> float:
    """What the family wants (in their words), how far it got if the plan has ended, and
    who will do what by when; it starts where its words and the start of its first action
    fit. Returns that height."""
    s = story.s
    start = len(story.items)
    words = _add(story, [
        label(story, "What you want to be different", outcome.text),
        Para(f"<i>\u201c{esc(outcome.text)}\u201d</i>", s.body),
    ])
    if achieved is not None and outcome.id in achieved:
        how_far, note = achieved[outcome.id]
        words += _add(story, [Para(
            f"<b>How far you got:</b> {esc(ACHIEVED_WORDS.get(how_far, how_far))}", s.body)])
        if note.strip():
            words += _add(story, [label(story, "Written when the plan ended", note),
                                  Para(esc(note), s.body)])
    if not outcome.actions:
        words += _add(story, [Para("Who will do what is still to be agreed.", s.body)])
        height = _height(story, words)
        _room_for(story, start, height)
        return height
    statuses = STATUS_WORDS if achieved is None else FINAL_STATUS_WORDS
    rows = [
        [story.cell(a.text), story.cell(_who(a), s.cell_bold), _when(a),
         _progress(story, a, statuses)]
        for a in outcome.actions
    ]
    date = story.text_width("00/00/0000 ")
    headers = ["What will happen", "Who", "By when",
               "How it is going" if achieved is None else "How it ended"]
    shares: list[float | Fixed] = [3.4, 2.2, date, 2.8] if s.large_print else [4.2, 2.2, date, 2.4]
    table = story.table(headers, rows, shares)
    height = _height(story, words) + _table_start(story, table, [headers, rows[0]], shares)
    _room_for(story, start, height)
    return height


def label(story: Story, text: str, following: str) -> Para:
    """A label, kept on the page of what follows it unless that is long text, which
    flows on from under it."""
    style = story.s.label
    if len(following) >= LONG_TEXT:
        style = ParagraphStyle(f"{style.name}_flowing", parent=style, keepWithNext=0)
    return Para(esc(text), style)


def _add(story: Story, flowables: list[Flowable]) -> list[Flowable]:
    for flowable in flowables:
        story.add(flowable)
    return flowables


def _height(story: Story, flowables: list[Flowable]) -> float:
    height = 0.0
    for flowable in flowables:
        _width, tall = flowable.wrap(story.width, MEASURE)
        height += tall + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return height


def _room_for(story: Story, at: int, height: float) -> None:
    """Start a new page at ``at`` unless ``height`` points fit on this one (at most about
    half a page is asked for: anything longer flows on from where it is)."""
    story.items.insert(at, CondPageBreak(min(height, story.s.base * 30)))


def _table_start(
    story: Story, table: Table, first: list[list[Any]], shares: list[float | Fixed]
) -> float:
    """About how much of a table must fit for it to start on a page: its heading row and
    its first row (``first``), or the first lines of a long first row, which splits (see
    FlowingTable). Measured at the columns' shares of the width, not wrapping the table."""
    fixed = sum(share.points for share in shares if isinstance(share, Fixed))
    parts = sum(share for share in shares if not isinstance(share, Fixed))
    pad = story.s.base * 0.35  # the table's cell padding
    widths = [share.points if isinstance(share, Fixed)
              else (story.width - fixed) * share / parts for share in shares]
    heights = []
    for row in first:
        tallest = 0.0
        for value, width in zip(row, widths, strict=True):
            cells = value if isinstance(value, list) else [value]
            tall = 0.0
            for cell in cells:
                flowable = cell if isinstance(cell, Flowable) else story.cell(str(cell))
                tall += flowable.wrap(max(width - 2 * pad, 1.0), MEASURE)[1]
            tallest = max(tallest, tall)
        heights.append(tallest + 2 * pad)
    if heights[-1] > LONG_ROW * table.splitInRow:
        heights[-1] = table.splitInRow * 2.0
    return float(sum(heights))


def _when(action: ActionData) -> str:
    return uk(action.due_on) if action.due_on else "Date to be agreed"


def _who(action: ActionData) -> str:
    return action.owner_name.strip() or "To be agreed"


def _progress(story: Story, action: ActionData, statuses: Mapping[str, str]) -> list[Para]:
    s = story.s
    out = [Para(esc(statuses.get(action.status, action.status_label)), s.cell_bold)]
    if action.progress_note:
        out.append(Para(esc(action.progress_note), s.cell))
    return out
