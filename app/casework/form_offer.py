"""Which forms a council's workers are offered for a new assessment.

Every loaded form can be started, whatever its kind: the "New assessment…" menu
lists the newest version of each form by its title (:func:`offered_forms`,
:func:`menu_titles`), except those the council's choices leave out (see
:mod:`app.reference.form_choices`: forms it hides, and shipped examples it has not
asked for). An assessment already made with a form that is no longer offered still
opens and prints with the version it was made with.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def menu_titles(forms: Sequence[FormDefinition]) -> list[str]:
    """What a worker reads for each form: its title; two forms with the same title are
    told apart by their versions, or else numbered, never by their internal ids."""
    titles = [form.title for form in forms]
    out: list[str] = []
    for form, title in zip(forms, titles, strict=True):
        same = [f for f in forms if f.title == title]
        if len(same) == 1:
            out.append(title)
        elif len({f.version for f in same}) == len(same):
            out.append(f"{title} (version {form.version})")
        else:
            out.append(f"{title} ({same.index(form) + 1} of {len(same)})")
    return out
