"""How an assessment is put into words and colours in the list: its title, status
and dates, and the buttons that start each kind."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from app.casework.assessment_data import AssessmentSummary

from ui.widgets.theme import ToneColours, colours

LONDON = ZoneInfo("Europe/London")
# The kinds with a quick button, in button order, with the button's words (each shown
# while a form of its kind is offered; every form is also in "New assessment…").
QUICK_BUTTONS: tuple[tuple[str, str], ...] = (
    ("ehat", "New EH&AT…"),
    ("gcp2", "New GCP&2…"),
    ("signs_of_safety", "New safety &mapping…"),
    ("three_houses", "&New three houses…"),
    ("case_audit", "New case a&udit…"),  # team leads and administrators only
)
STATUS_COLOURS = ToneColours(
    {"draft": "text:neutral", "completed": "info", "signed_off": "success", "returned": "warning"}
)


def gate_style() -> str:
    return colours("warning") + " border-radius: 4px;"


def local_date(instant: dt.datetime | None) -> dt.date | None:
    return instant.astimezone(LONDON).date() if instant is not None else None


def status_text(row: AssessmentSummary) -> str:
    text = row.status_label
    if row.superseded:
        text += " (corrected by an amendment)"
    elif row.amended_by_id and row.is_final:
        text += " (amendment in progress)"
    return text


def title_text(row: AssessmentSummary) -> str:
    title = row.title or row.form_id
    return f"{title} (amendment)" if row.amends_id else title
