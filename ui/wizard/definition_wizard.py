"""The one wizard that renders every form definition.

:class:`FormWizard` is a QWizard built from a :class:`~app.forms.definition.FormDefinition`:
a page per definition page (:mod:`ui.wizard.form_page`; moving between them is
:mod:`ui.wizard.page_navigation`), a list of the pages at the side showing where the
worker is and which pages are done (:mod:`ui.wizard.page_list`), and per-page validation
through :func:`app.forms.answers.validate_page` with each message next to its field.
Completing checks the whole form and takes the worker to the first page with something
missing. In read-only mode (completed assessments) answers are shown in words and
nothing can change.

The wizard holds no store: it says what happened through signals
(``answers_changed``, ``page_changed``, ``completion_requested``) and whoever
opened it (see :class:`ui.wizard.form_wizard.AssessmentWizard`) saves through the task runner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import QWidget, QWizard

from app.forms.answers import (
    field_id_of,
    first_page_with_problems,
    holds,
    is_answered,
    validate_answers,
    validate_page,
    visible,
    visible_answers,
)
from app.forms.definition import FormDefinition
from app.forms.scoring import suggestion_for

from ui.widgets.questions import ask_yes
from ui.widgets.window_memory import remember_size
from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_block import FieldBlock
from ui.wizard.editors.grades import GradeEditor
from ui.wizard.editors.repeat import RepeatEditor
from ui.wizard.form_page import FormPage
from ui.wizard.page_list import PageList
from ui.wizard.page_navigation import PageNavigation


class FormWizard(PageNavigation):
    """A wizard over one form definition and its answers.

    ``context`` supplies option lists, the family's people and grade
    descriptors. ``heading`` names who the assessment is about (shown above
    each page title and in the window title). ``start_page`` resumes a draft at
    that page.
    """

    answers_changed = Signal()
    completion_requested = Signal(dict)  # the answers, once the whole form is valid
    flush_requested = Signal()  # closing or hiding (locking): save what was typed now

    def __init__(
        self,
        definition: FormDefinition,
        answers: Mapping[str, Any] | None = None,
        *,
        context: EditorContext | None = None,
        read_only: bool = False,
        heading: str = "",
        start_page: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(definition, read_only=read_only, parent=parent)
        self.context = context or EditorContext()
        self.heading = heading
        self._stored: dict[str, Any] = dict(answers or {})
        if not read_only:  # what the family record says now, for conditions on any page
            for item in definition.top_fields():
                if item.family_value:
                    worked = self.context.family_value(item.family_value)
                    if worked is None:
                        self._stored.pop(item.id, None)
                    else:
                        self._stored[item.id] = worked
        self._busy = False
        self._problem_pages: set[int] = set()
        self._is_completed = False
        # Asks "are you sure?"; replaceable so tests can answer without a message box.
        self.confirm: Callable[[str, str], bool] = self._ask

        self.setObjectName("formWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, False)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setWindowTitle(self._window_title())
        self.setSizeGripEnabled(True)
        remember_size(self, "formWizard", 1180, 780)
        self.setMinimumSize(820, 560)
        self.set_up_buttons()

        for index, page in enumerate(definition.pages):
            form_page = FormPage(self, index, page)
            self.pages.append(form_page)
            self.setPage(index, form_page)

        self.side = PageList(definition)  # kept: PySide does not hand ownership to the wizard
        self.side.page_chosen.connect(self._page_chosen)
        self.setSideWidget(self.side)
        self._refresh()
        self.start_at(start_page)

    # -- the side list ----------------------------------------------------------

    def _page_chosen(self, page_id: str) -> None:
        self.go_to_page(page_id, check=not self.read_only)
        self.update_side()

    def update_side(self) -> None:
        answers = self.answers()
        effective = visible_answers(self.definition, answers)
        current = self.currentId()
        shown = [i for i, p in enumerate(self.definition.pages) if visible(p, effective)]
        if not self.read_only and self.visited:
            # a page seen earlier is "done" only while nothing on it is missing
            problems = self.form_problems(answers)
            pages = {self.definition.page_of(field_id_of(path)) for path in problems}
            for index in self.visited:
                if index == current:
                    continue
                if self.definition.pages[index].id in pages:
                    self._problem_pages.add(index)
                else:
                    self._problem_pages.discard(index)
        self.side.show_pages(current, shown, self._problem_pages, self.visited)

    # -- answers ------------------------------------------------------------------

    def stored_answer(self, field_id: str) -> Any:
        return self._stored.get(field_id)

    def answers(self) -> dict[str, Any]:
        """The answers as they stand (hidden fields keep what was typed; the
        engine ignores them)."""
        out = dict(self._stored)
        if self.read_only:
            return out
        for page in self.pages:
            for field_id, block in page.blocks.items():  # pages not built yet keep what was stored
                value = block.value()
                if value is None or (not is_answered(value) and not isinstance(value, bool)):
                    out.pop(field_id, None)
                else:
                    out[field_id] = value
        return out

    def block(self, field_id: str) -> FieldBlock:
        """The block showing a top-level field (for tests and the views)."""
        page = self.pages[self.page_index(self.definition.page_of(field_id))]
        page.ensure_built()
        return page.blocks[field_id]

    def field_changed(self, block: FieldBlock) -> None:
        block.set_error("")
        for page in self.pages:
            if page.blocks.get(block.field.id) is block and not page.answered(block.field.id):
                self._problem_pages.discard(page.index)
        self._refresh()
        self.answers_changed.emit()

    def _refresh(self) -> None:
        effective = visible_answers(self.definition, self.answers())
        for page in self.pages:
            if page.built:
                self._refresh_page(page, effective)
        self.update_side()
        current = self.currentPage()
        if isinstance(current, FormPage):
            current.completeChanged.emit()  # the next page (or Complete) may have changed

    def _refresh_page(self, page: FormPage, effective: Mapping[str, Any]) -> None:
        shown = 0
        for item in page.page.fields:
            block = page.blocks.get(item.id)
            if block is None:  # not built yet
                continue
            show = visible(item, effective)
            if self.read_only:  # a completed assessment shows what was recorded
                value = effective.get(item.id)
                show = show and (is_answered(value) or isinstance(value, bool))
            block.setVisible(show)
            shown += show
            if item.required_if is not None:
                block.set_needed(holds(item.required_if, effective))
            editor = block.editor
            if isinstance(editor, RepeatEditor):
                editor.refresh(effective)
            elif isinstance(editor, GradeEditor) and item.suggested_from:
                editor.set_suggestion(suggestion_for(self.definition, item, effective))
        page.empty_label.setVisible(self.read_only and not shown and page.fully_built)

    def page_built(self, page: FormPage) -> None:
        self._refresh_page(page, visible_answers(self.definition, self.answers()))

    # -- validation -------------------------------------------------------------------

    def page_problems(self, page_id: str) -> dict[str, str]:
        return validate_page(
            self.definition,
            page_id,
            self.answers(),
            options=self.context.options,
            people=self.context.roles(),
            births=self.context.births(),
            about=self.context.about,
        )

    def check_page(self, page: FormPage) -> bool:
        """Called on Next: stay (with messages) while the page has problems."""
        if self.read_only or self.checks_skipped:
            return True
        page.ensure_built()
        problems = self.page_problems(page.page.id)
        first = page.show_problems(problems)
        if problems:
            self._problem_pages.add(page.index)
            self.update_side()
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
                page.scroll_area.ensureWidgetVisible(first, 50, 80)
            return False
        self._problem_pages.discard(page.index)
        self.update_side()
        return True

    def form_problems(self, answers: Mapping[str, Any] | None = None) -> dict[str, str]:
        return validate_answers(
            self.definition,
            self.answers() if answers is None else answers,
            options=self.context.options,
            people=self.context.roles(),
            births=self.context.births(),
            about=self.context.about,
        )

    def show_form_problems(self, problems: Mapping[str, str]) -> None:
        """Messages on every page, and the worker taken to the first page with one."""
        self._problem_pages = set()
        for path in problems:
            page_id = self.definition.page_of(path.split("[", 1)[0].split(".", 1)[0])
            self._problem_pages.add(self.page_index(page_id))
        for page in self.pages:
            if page.index in self._problem_pages:
                page.ensure_built()
            if page.built:
                page.show_problems(problems)
        first = first_page_with_problems(self.definition, problems)
        if first is not None:
            self.go_to_page(first, check=False)
            page = self.current_form_page()
            target = page.show_problems(problems)
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                page.scroll_area.ensureWidgetVisible(target, 50, 80)
        self.update_side()

    # -- completing ---------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def is_completed(self) -> bool:
        return self._is_completed

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.button(QWizard.WizardButton.FinishButton).setText(
            "Completing…" if busy else "Com&plete…"
        )
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()

    def set_notice(self, text: str, tone: str = "info") -> None:
        """A message at the top of every page (e.g. read-only, or a team lead's comment)."""
        for page in self.pages:
            page.set_notice(text, tone)

    def set_save_status(self, text: str) -> None:
        """What the side says about saving ("Draft saved at 10:42")."""
        self.side.set_save_status(text)

    def heading_text(self) -> str:
        return f"{self.definition.title}" + (f" · {self.heading}" if self.heading else "")

    def _window_title(self) -> str:
        suffix = " (read-only)" if self.read_only else ""
        return self.heading_text() + suffix

    def accept(self) -> None:
        if self.read_only:
            super().accept()
            return
        if self._busy:
            return
        problems = self.form_problems()
        if problems:
            self.show_form_problems(problems)
            return
        if not self.confirm(
            "Complete the assessment",
            "Complete this assessment now?\n\nEvery page is filled in. Once complete, the "
            "answers cannot be changed; a correction is made as an amendment, and the "
            "original stays visible.",
        ):
            return
        self.set_busy(True)
        self.completion_requested.emit(self.answers())

    def completion_done(self) -> None:
        """The store recorded the completion: close."""
        self._busy = False
        self._is_completed = True
        super().accept()

    def completion_failed(self, message: str, problems: Mapping[str, str] | None = None) -> None:
        self.set_busy(False)
        if problems:
            self.show_form_problems(problems)
        page = self.currentPage()
        if isinstance(page, FormPage):
            page.show_message(message)

    # -- closing ----------------------------------------------------------------------

    def done(self, result: int) -> None:
        self.flush_requested.emit()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.flush_requested.emit()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self.flush_requested.emit()  # locking hides the wizard: save what was typed first
        super().hideEvent(event)

    def _ask(self, title: str, text: str) -> bool:
        return ask_yes(self, title, text)
