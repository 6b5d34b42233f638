"""An assessment's answers as plain text, section by section, for printing.

Each answer is shown with the question as the form (in the version the
assessment was made with) asks it; hidden and unanswered questions are left
out; dates are UK dates; people are named; a repeating group becomes one block
per row, titled by the person it is about when it has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.dates import uk
from app.documents.layout.text import esc
from app.forms.answers import display_value, is_answered, visible, visible_answers
from app.forms.definition import Field, FormDefinition, Option


@dataclass(frozen=True)
class AnswerItem:
    label: str
    text: str


@dataclass(frozen=True)
class AnswerRow:
    title: str
    items: tuple[AnswerItem, ...]


@dataclass(frozen=True)
class AnswerGroup:
    label: str
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class AnswerSection:
    title: str
    entries: tuple[AnswerItem | AnswerGroup, ...]


def answer_text(
    field: Field,
    value: Any,
    *,
    names: Mapping[str, str] | None = None,
    options: Mapping[str, Sequence[Option]] | None = None,
) -> str:
    """One answer in words (dates as dd/mm/yyyy)."""
    if not is_answered(value):
        return ""
    if field.type == "date":
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return uk(day)
    return display_value(field, value, options=options, names=names)


def _row(
    group: Field,
    row: Mapping[str, Any],
    number: int,
    names: Mapping[str, str],
    options: Mapping[str, Sequence[Option]] | None,
) -> AnswerRow:
    items: list[AnswerItem] = []
    title = ""
    for sub in group.fields:
        text = answer_text(sub, row.get(sub.id), names=names, options=options)
        if not text:
            continue
        if sub.type == "person" and not title:
            title = text
            continue
        items.append(AnswerItem(sub.label, text))
    return AnswerRow(title or f"{group.row_label or 'Row'} {number}", tuple(items))


def answer_sections(
    form: FormDefinition,
    answers: Mapping[str, Any],
    *,
    names: Mapping[str, str] | None = None,
    options: Mapping[str, Sequence[Option]] | None = None,
    skip: Sequence[str] = (),
) -> tuple[AnswerSection, ...]:
    """The answered questions page by page (pages with no answers left out)."""
    names = names or {}
    effective = visible_answers(form, answers)
    out: list[AnswerSection] = []
    for page in form.pages:
        if not visible(page, effective):
            continue
        entries: list[AnswerItem | AnswerGroup] = []
        for item in page.fields:
            if item.id in skip or item.id not in effective:
                continue
            value = effective[item.id]
            if item.type == "repeat":
                listed = value if isinstance(value, list) else []
                rows = [r for r in listed if isinstance(r, Mapping)]
                made = [_row(item, r, i + 1, names, options) for i, r in enumerate(rows)]
                made = [r for r in made if r.items]
                if made:
                    entries.append(AnswerGroup(item.label, tuple(made)))
                continue
            text = answer_text(item, value, names=names, options=options)
            if text:
                entries.append(AnswerItem(item.label, text))
        if entries:
            out.append(AnswerSection(page.title, tuple(entries)))
    return tuple(out)


def write_sections(story: Any, sections: Sequence[AnswerSection], *, nested: bool = False) -> None:
    """Lay answer sections out on a :class:`~app.documents.layout.Story`; ``nested``
    when they sit under a heading of their own (one of several assessments)."""
    for section in sections:
        if nested:
            story.subheading(section.title)
        else:
            story.heading(section.title)
        for entry in section.entries:
            if isinstance(entry, AnswerItem):
                story.labelled(entry.label, entry.text)
                continue
            if nested:
                story.markup(f"<b>{esc(entry.label)}</b>", story.s.body)
            else:
                story.subheading(entry.label)
            for row in entry.rows:
                story.markup(f"<b>{esc(row.title)}</b>", story.s.body)
                for item in row.items:
                    story.labelled(item.label, item.text)
                story.space(0.4)
