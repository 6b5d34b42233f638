"""What assessments refuse: a GCP2 without training, a review not allowed, a form version
not loaded here, and a completion with problems (labelled as the worker reads them)."""

from __future__ import annotations

from collections.abc import Mapping

from app.errors import HearthError, ValidationFailed
from app.forms.answers import field_id_of, first_page_with_problems
from app.forms.definition import FormDefinition


class Gcp2NotTrained(HearthError):
    def __init__(self) -> None:
        super().__init__(
            "Graded Care Profile 2 may only be used by practitioners trained in it, and your "
            "profile is not marked as GCP2-trained. If you have been trained, ask your "
            "administrator to record it; your profile updates when you next connect."
        )


class ReviewNotAllowed(HearthError):
    pass


class FormNotLoaded(HearthError):
    def __init__(self, form_id: str, version: int) -> None:
        super().__init__(
            f"This assessment was made with version {version} of the form {form_id!r}, which "
            "is not loaded on this computer, so it cannot be shown or checked. Ask your "
            "administrator to put that form file back (old versions must be kept)."
        )


class AssessmentIncomplete(ValidationFailed):
    """Completion found problems: ``problems`` maps field paths to messages,
    ``labels`` the same paths to the question as the worker sees it, and
    ``first_page`` is the page to take them to."""

    def __init__(self, form: FormDefinition, problems: Mapping[str, str]) -> None:
        super().__init__(dict(problems))
        self.labels = {path: problem_label(form, path) for path in problems}
        self.first_page = first_page_with_problems(form, problems)
        shown = [f"{self.labels[p]}: {m}" for p, m in list(problems.items())[:6]]
        more = len(problems) - len(shown)
        self.message = (
            "This assessment cannot be completed yet. "
            + " ".join(s if s.endswith(".") else s + "." for s in shown)
            + (f" (and {more} more)" if more > 0 else "")
        )
        self.args = (self.message,)


def problem_label(form: FormDefinition, path: str) -> str:
    """A problem path (``scaling[1].score``) as the worker reads it
    (``Scaling, row 2: Score``)."""
    top = field_id_of(path)
    try:
        label = form.field(top).label
    except KeyError:
        return path
    if "[" not in path:
        return label
    row_part = path[len(top) :]
    try:
        row = int(row_part[1 : row_part.index("]")])
    except ValueError:
        return label
    label = f"{label}, row {row + 1}"
    _, _, sub = row_part.partition("].")
    if sub:
        try:
            label = f"{label}: {form.field(sub).label}"
        except KeyError:
            label = f"{label}: {sub}"
    return label
