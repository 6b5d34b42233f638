"""A stored assessment in the form wizard.

:class:`AssessmentWizard` is a :class:`~ui.wizard.definition_wizard.FormWizard` over a
stored assessment: its draft saves itself, completing goes through the store. Beside it,
what opening one needs: the forms this computer has (:func:`shared_registry`), what the
editors need from the family and the council (:func:`editor_context`) and what the wizard
says at the top of each page about the assessment (:func:`assessment_notice`).
Whoever opens it (see :mod:`ui.assessments.assessments_panel`) passes the task runner.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QWidget,
)
from shiboken6 import isValid

from app.casework import assessment_completion
from app.casework.assessment_data import (
    AssessmentDetail,
    AssessmentSummary,
    CompleteAssessment,
    CompletionResult,
)
from app.casework.assessment_errors import AssessmentIncomplete
from app.dates import uk
from app.errors import HearthError, ValidationFailed
from app.families.allocation import shown_name
from app.families.households import PersonData
from app.families.personal_details import age_words
from app.forms.definition import DescriptorSet, FormDefinition
from app.forms.loader import FormRegistry, LoadResult, load_default
from app.reference.choices import PERSON_ROLES
from app.reference.form_options import reference_options
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.wizard.autosave import DELAY_MS, MAX_WAIT_MS, DraftAutosave
from ui.wizard.definition_wizard import FormWizard
from ui.wizard.editors.context import EditorContext, PersonChoice

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")


_shared: list[LoadResult] = []  # the forms loaded (at most one), read and replaced whole
_shared_lock = threading.Lock()


def _load_forms() -> LoadResult:
    result = load_default()
    for problem in result.problems:
        log.warning("form left out: %s", problem)
    return result


def shared_forms() -> LoadResult:
    """The forms this computer has (shipped, then the council's own), loaded once, and
    the problems of the files left out (shown by :mod:`ui.shell.forms_notice`; logged
    with file, path and problem only)."""
    with _shared_lock:
        if not _shared:
            _shared.append(_load_forms())
        return _shared[0]


def shared_registry() -> FormRegistry:
    """The forms new wizards, lists and documents use (see :func:`shared_forms`)."""
    return shared_forms().registry


def reload_shared_forms() -> LoadResult:
    """Read the forms again (after new ones arrived; any thread): what opens from now on
    uses them, what is open keeps the version it has."""
    fresh = _load_forms()
    with _shared_lock:
        _shared[:] = [fresh]
    return fresh


def forget_shared_forms() -> None:
    """Read the forms again when next wanted (tests: another configuration folder)."""
    with _shared_lock:
        _shared.clear()


def editor_context(
    levels: LevelsOfNeed,
    members: Sequence[PersonData],
    descriptor_sets: Mapping[str, DescriptorSet] | None = None,
    about: str | None = None,
    worker: str = "",
) -> EditorContext:
    """What a wizard needs from the family and the council's reference data (``about``:
    the child a per-child assessment is about)."""
    return EditorContext(
        options=reference_options([(level.code, level.label) for level in levels.levels]),
        people=tuple(
            PersonChoice(m.id, _person_name(m), m.role, _person_detail(m), m.date_of_birth)
            for m in members
            if m.id is not None
        ),
        descriptor_sets=dict(descriptor_sets or {}),
        about=about,
        worker=worker,
    )


def _person_detail(person: PersonData) -> str:
    if person.role == "unborn":
        # the name already says "Unborn baby" or "(unborn)"
        return f"due {uk(person.expected_date)}" if person.expected_date else ""
    if person.role == "child":
        age = age_words(person.date_of_birth)
        return f"{age} old" if age and age != "under 1 month" else age
    return person.relationship_to_child or PERSON_ROLES.get(person.role, "").lower()


def _person_name(person: PersonData) -> str:
    if person.role == "unborn":
        return f"{person.full_name} (unborn)" if person.given_name else "Unborn baby"
    return person.full_name


# ---------------------------------------------------------------- a stored assessment


def _local_date(instant: dt.datetime | None) -> dt.date | None:
    return instant.astimezone(LONDON).date() if instant is not None else None


def assessment_notice(
    detail: AssessmentDetail,
    definition: FormDefinition,
    registry: FormRegistry,
    original: AssessmentSummary | None = None,
) -> tuple[str, str]:
    """What a stored assessment's wizard says at the top of each page (and its
    tone): an older form version, who completed it, a team lead's sign-off or
    return with its comment, or that it corrects an earlier one (``original``)."""
    parts: list[str] = []
    tone = "info"
    if registry.has(definition.id):
        latest = registry.latest(definition.id)
        if latest.version != definition.version:
            parts.append(
                f"Made with version {definition.version} of this form (the current version is "
                f"{latest.version}); it is shown as it was made."
            )
    if detail.is_final:
        parts.append(
            f"Completed by {detail.completed_by} on {uk(_local_date(detail.completed_at))}. "
            "These answers can no longer change; to correct them, use Amend… in the list."
        )
        review = detail.reviews[-1] if detail.reviews else None
        if review is not None:
            who = review.reviewer_name or shown_name(review.reviewed_by)
            when = uk(_local_date(review.reviewed_at))
            if review.outcome == "returned":
                parts.append(f"Returned by {who} on {when}: “{review.comment}”")
                tone = "returned"
            else:
                parts.append(
                    f"Signed off by {who} on {when}."
                    + (f" “{review.comment}”" if review.comment else "")
                )
        if detail.superseded:
            parts.append("A later amendment corrects this assessment.")
    elif detail.amends_id:
        when = uk(_local_date(original.completed_at)) if original is not None else ""
        parts.append(
            "This is a correction of "
            + (f"the assessment completed on {when}" if when else "an earlier assessment")
            + "; the original stays on record as it was."
        )
        review = original.latest_review if original is not None else None
        if review is not None and review.outcome == "returned":
            who = review.reviewer_name or shown_name(review.reviewed_by)
            parts.append(f"Returned by {who}: “{review.comment}”")
            tone = "returned"
    return (" ".join(parts), tone)


class AssessmentWizard(FormWizard):
    """A :class:`FormWizard` over a stored assessment: a draft saves itself as
    the worker types (:class:`~ui.wizard.autosave.DraftAutosave`) and resumes
    at its page; completing goes through
    :func:`app.casework.assessment_completion.complete_assessment`
    (checked against the assessment's own form version) and ``completed``
    carries the result. A completed assessment opens read-only."""

    completed = Signal(object)  # app.casework.assessment_data.CompletionResult

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        registry: FormRegistry,
        detail: AssessmentDetail,
        definition: FormDefinition,
        context: EditorContext,
        *,
        heading: str = "",
        delay_ms: int = DELAY_MS,
        max_wait_ms: int = MAX_WAIT_MS,
        parent: QWidget | None = None,
    ) -> None:
        self.runner = runner
        self.profile = profile
        self.registry = registry
        self.detail = detail
        self.completion: CompletionResult | None = None
        read_only = detail.is_final
        super().__init__(
            definition,
            detail.answers,
            context=replace(context, background=getattr(runner, "run_background", None)),
            read_only=read_only,
            heading=heading,
            start_page=None if read_only else detail.current_page or None,
            parent=parent,
        )
        self.setObjectName("assessmentWizard")
        self.autosave: DraftAutosave | None = None
        if not read_only:
            self.autosave = DraftAutosave(
                runner,
                profile,
                detail.id,
                self.answers,
                self.current_page_id,
                delay_ms=delay_ms,
                max_wait_ms=max_wait_ms,
                saved_answers=detail.answers,
                saved_page=detail.current_page,
                parent=self,
            )
            self.answers_changed.connect(self.autosave.changed)
            self.page_changed.connect(self.autosave.page_changed)
            self.flush_requested.connect(self.autosave.flush)
            self.autosave.state_changed.connect(self.set_save_status)
            self.autosave.watch_window(parent)
            self.completion_requested.connect(self._complete)
            self.set_save_status("Your answers are saved as you type.")
        self.set_notice(*assessment_notice(detail, definition, registry))

    def _complete(self, answers: dict[str, Any]) -> None:
        if self.autosave is not None:
            self.autosave.stop()  # the completion carries the answers
        self.runner.run_store(
            assessment_completion.complete_assessment,
            self.profile,
            CompleteAssessment(
                assessment_id=self.detail.id,
                answers=answers,
                current_page=self.current_page_id(),
                options=self.context.options,
            ),
            self.registry,
            done=self._completed,
            error=self._completion_failed,
        )

    def _completed(self, result: CompletionResult) -> None:
        if not isValid(self):
            return
        self.completion = result
        if self.autosave is not None:
            self.autosave.detach()
        self.completion_done()
        self.completed.emit(result)

    def _completion_failed(self, error: HearthError) -> None:
        if not isValid(self):
            return
        if self.autosave is not None:
            self.autosave.resume()
        problems = error.problems if isinstance(error, ValidationFailed) else None
        message = error.message
        if isinstance(error, AssessmentIncomplete):
            message = "Some answers are missing or need checking: see the pages marked !."
        self.completion_failed(message, problems)

    def done(self, result: int) -> None:
        autosave = self.autosave
        if (
            autosave is not None
            and autosave.failing
            and not self.read_only
            and not self.confirm(
                "Changes not saved",
                "Your latest answers could not be saved to this computer's store, so "
                "closing now would lose them.\n\nClose anyway?",
            )
        ):
            return  # keep the wizard (and what was typed) open; saving is retried
        super().done(result)  # saves what was typed since the last save
        if autosave is not None:
            autosave.detach()
