"""Moving through a form definition's pages in the wizard: the buttons' words, which
page comes next (pages hidden by ``visible_if`` are passed over), going back or forward
to a page (resuming a draft at its page), and the first field focused on arrival."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.forms.answers import visible, visible_answers
from app.forms.definition import FormDefinition

from ui.wizard.form_page import FormPage


class PageNavigation(QWizard):
    """The page-moving part of :class:`ui.wizard.definition_wizard.FormWizard`. A
    subclass fills ``pages``, gives ``answers()`` (they decide which pages show) and
    keeps the side list up to date in ``update_side()``, then calls ``start_at``."""

    page_changed = Signal(str)  # the id of the page now shown

    def __init__(
        self, definition: FormDefinition, *, read_only: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.definition = definition
        self.read_only = read_only
        self.pages: list[FormPage] = []
        self._skip_checks = False
        self._jumping = False
        self._visited: set[int] = set()

    def answers(self) -> dict[str, Any]:
        raise NotImplementedError

    def update_side(self) -> None:
        raise NotImplementedError

    def set_up_buttons(self) -> None:
        """Next, Back and Close; Complete… when answers can change."""
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next")
        self.setButtonText(QWizard.WizardButton.BackButton, "&Back")
        if self.read_only:
            self.setButtonText(QWizard.WizardButton.CancelButton, "&Close")
            self.setButtonLayout(
                [
                    QWizard.WizardButton.Stretch,
                    QWizard.WizardButton.BackButton,
                    QWizard.WizardButton.NextButton,
                    QWizard.WizardButton.CancelButton,
                ]
            )
            return
        self.setButtonText(QWizard.WizardButton.FinishButton, "Com&plete…")
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Close")
        self.button(QWizard.WizardButton.CancelButton).setToolTip(
            "Close the assessment. Your answers are saved as you type; "
            "you can carry on later from this page."
        )
        self.button(QWizard.WizardButton.FinishButton).setToolTip(
            "Check every page and complete the assessment. Once complete, the answers "
            "cannot be changed; a correction is made as an amendment."
        )

    def start_at(self, start_page: str | None) -> None:
        """Open on the first page shown, or resume a draft at ``start_page``."""
        self.currentIdChanged.connect(self.page_shown)
        start = self.next_page_index(-1)
        if start >= 0:
            self.setStartId(start)
        if start_page and start_page != self.definition.pages[max(start, 0)].id:
            self._jumping = True  # the first page is not built on the way past it
            try:
                self.restart()
            finally:
                self._jumping = False
            self.go_to_page(start_page, check=False)
            shown = self.currentPage()
            if isinstance(shown, FormPage) and not shown.built:  # the page was not found
                self.page_shown(self.currentId())

    @property
    def jumping(self) -> bool:
        return self._jumping

    @property
    def checks_skipped(self) -> bool:
        """True while moving without checking pages (resuming a draft)."""
        return self._skip_checks

    @property
    def visited(self) -> set[int]:
        """The indexes of the pages shown so far."""
        return self._visited

    def next_page_index(self, after: int) -> int:
        effective = visible_answers(self.definition, self.answers())
        for index in range(after + 1, len(self.definition.pages)):
            if visible(self.definition.pages[index], effective):
                return index
        return -1

    def current_page_id(self) -> str:
        page = self.currentPage()
        return page.page.id if isinstance(page, FormPage) else ""

    def current_form_page(self) -> FormPage:
        page = self.currentPage()
        assert isinstance(page, FormPage)
        return page

    def page_index(self, page_id: str) -> int:
        for index, page in enumerate(self.definition.pages):
            if page.id == page_id:
                return index
        return -1

    def go_to_page(self, page_id: str, *, check: bool = True) -> bool:
        """Move to a page: back through the pages seen, or forward (checking each
        page on the way unless ``check`` is False, e.g. when resuming a draft)."""
        target = self.page_index(page_id)
        if target < 0:
            return False
        if self.currentId() == target:
            return True
        if target in self.visitedIds():
            while self.currentId() != target and self.currentId() >= 0:
                before = self.currentId()
                self.back()
                if self.currentId() == before:
                    break
            return self.currentId() == target
        self._skip_checks = not check
        # Without checks (resuming a draft) the pages passed over are not built.
        self._jumping = not check
        try:
            while self.currentId() < target:
                before = self.currentId()
                if self.currentPage().nextId() < 0:
                    break
                self.next()
                if self.currentId() == before:
                    break  # a page with problems stopped us
        finally:
            self._skip_checks = False
            self._jumping = False
        if not check and self.currentId() >= 0:
            self.page_shown(self.currentId())
        return self.currentId() == target

    def page_shown(self, index: int) -> None:
        """Arriving at a page: build it, mark it seen, focus its first field."""
        if index < 0:
            return
        self._visited.add(index)
        if self._jumping:
            return  # go_to_page shows the page it stops at
        page = self.pages[index]
        page.show_quickly()
        page.scroll_area.verticalScrollBar().setValue(0)
        self.update_side()
        if not self.read_only:
            first = next((b for b in page.blocks.values() if b.isVisibleTo(page)), None)
            if first is not None and first.editor is not None:
                first.editor.focus_target().setFocus(Qt.FocusReason.TabFocusReason)
        self.page_changed.emit(page.page.id)
