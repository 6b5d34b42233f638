"""How the family view puts a family into words and colours: people's names, births
and languages, level badges, and the marks for a step up or down."""

from __future__ import annotations

from app.dates import uk
from app.families.households import PersonData
from app.families.personal_details import age_words
from app.reference.levels_of_need import RENAMED

from ui.widgets.theme import ToneColours, ToneStyles, text_style

DIRECTION_MARKS = {
    "step_up": "▲ ",
    "step_down": "▼ ",
    "up": "↑ ",
    "down": "↓ ",
    "initial": "● ",
    "same": "= ",
    RENAMED: "→ ",
}
DIRECTION_COLOURS = ToneColours({"step_up": "problem", "step_down": "success"})
# By rank position: calm for universal, strong for social care.
LEVEL_BADGE = ToneStyles({False: "info", True: "problem"})


def muted() -> str:
    """Quieter words (a label before a value, a legend)."""
    return text_style("hint")


ROLE_ORDER = {"unborn": 0, "child": 1, "parent_carer": 2, "significant_adult": 3}


def person_name(p: PersonData) -> str:
    if p.role == "unborn":
        return f"{p.full_name} (unborn)" if p.given_name else "Unborn baby"
    return p.full_name


def person_born(p: PersonData) -> str:
    if p.role == "unborn":
        return f"due {uk(p.expected_date)}" if p.expected_date else "due date not known"
    return uk(p.date_of_birth)


def person_age(p: PersonData) -> str:
    return "unborn" if p.role == "unborn" else age_words(p.date_of_birth)


def person_language(p: PersonData) -> str:
    if p.interpreter_needed:
        return f"{p.language or 'Language not recorded'} (interpreter needed)"
    return p.language


def or_not_recorded(text: str) -> str:
    return text if text.strip() else "Not recorded"


def direction_colour(direction: str, which: int) -> str | None:
    """Background (0) or text (1) colour marking a step up or a step down; None otherwise."""
    colours = DIRECTION_COLOURS.get(direction)
    return colours[which] if colours else None


def escape_html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
