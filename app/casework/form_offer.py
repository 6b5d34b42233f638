"""Which forms a council's workers are offered for a new assessment.

Every loaded form can be started, whatever its kind: the "New assessment…" menu
lists the newest version of each form by its title (:func:`offered_forms`,
:func:`menu_titles`), except those the council's choices leave out (see
:mod:`app.reference.form_choices`: forms it hides, and shipped examples it has not
asked for). An assessment already made with a form that is no longer offered still
opens and prints with the version it was made with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.casework.assessment_drafts import AUDIT_KIND, AUDITING_ROLES
from app.forms.definition import FormDefinition
from app.forms.loader import FormRegistry
from app.reference.form_choices import FormChoices


def offered_forms(
    registry: FormRegistry,
    choices: FormChoices,
    *,
    role: str,
    kind: str | None = None,
) -> list[FormDefinition]:
    """The newest version of each form a worker in ``role`` may start (of one kind if
    given), by title: what the council offers, the case audit only to those who audit."""
    return [
        form
        for form in registry.latest_forms(kind)
        if choices.offers(form) and (form.kind != AUDIT_KIND or role in AUDITING_ROLES)
    ]


def version_words(form: FormDefinition) -> str:
    """A form as a worker reads it when choosing between forms: its title and the date
    of its version where the file gives one ("Early Help Assessment, version of
    1 March 2026"), never its internal id."""
    day = form.version_date
    return f"{form.title}, version of {day.day} {day:%B %Y}" if day else form.title


def chooser_titles(forms: Sequence[FormDefinition]) -> list[str]:
    """What "Which assessment?" lists: each form by title and version date."""
    return menu_titles(forms, words=version_words)


def menu_titles(
    forms: Sequence[FormDefinition], words: Callable[[FormDefinition], str] = lambda f: f.title
) -> list[str]:
    """What a worker reads for each form: its title; two forms with the same title are
    told apart by their versions, or else numbered, never by their internal ids."""
    titles = [words(form) for form in forms]
    out: list[str] = []
    for form, title in zip(forms, titles, strict=True):
        same = [f for f in forms if words(f) == title]
        if len(same) == 1:
            out.append(title)
        elif len({f.version for f in same}) == len(same):
            out.append(f"{title} (version {form.version})")
        else:
            out.append(f"{title} ({same.index(form) + 1} of {len(same)})")
    return out
