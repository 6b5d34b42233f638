"""The one wizard that renders every form definition.

:class:`FormWizard` is a QWizard built from a :class:`~app.forms.definition.FormDefinition`:
a page per definition page (pages hidden by ``visible_if`` are skipped), Next
and Back, a list of the pages at the side showing where the worker is and
which pages are done, help for each page and field, and per-page validation
through :func:`app.forms.answers.validate_page` with each message next to its
field. Completing checks the whole form and takes the worker to the first page
with something missing. In read-only mode (completed assessments) answers are
shown in words and nothing can change.

The wizard holds no store: it says what happened through signals
(``answers_changed``, ``page_changed``, ``completion_requested``) and whoever
opened it (see :mod:`ui.assessments.assessments_panel`) saves through the task runner.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QHideEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
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
from app.families.households import PersonData
from app.families.personal_details import age_words
from app.forms.answers import (
    field_id_of,
    first_page_with_problems,
    is_answered,
    validate_answers,
    validate_page,
    visible,
    visible_answers,
)
from app.forms.definition import DescriptorSet, FormDefinition, Page
from app.forms.loader import FormRegistry, load_default
from app.forms.scoring import suggestion_for
from app.reference.choices import PERSON_ROLES
from app.reference.form_options import reference_options
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.wizard.autosave import DELAY_MS, MAX_WAIT_MS, DraftAutosave
from ui.wizard.editors.context import EditorContext, PersonChoice
from ui.wizard.editors.factory import make_block
from ui.wizard.editors.field_block import FieldBlock
from ui.wizard.editors.grades import GradeEditor
from ui.wizard.editors.look import HELP_COLOUR, MUTED_COLOUR, tint
from ui.wizard.editors.repeat import RepeatEditor
from ui.wizard.editors.tab_order import chain_after, focusable_children

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=1)
def shared_registry() -> FormRegistry:
    """The forms this computer has (shipped, then the council's own), loaded once.
    A file with mistakes is left out and logged (file, path and problem only)."""
    result = load_default()
    for problem in result.problems:
        log.warning("form left out: %s", problem)
    return result.registry


def editor_context(
    levels: LevelsOfNeed,
    members: Sequence[PersonData],
    descriptor_sets: Mapping[str, DescriptorSet] | None = None,
) -> EditorContext:
    """What a wizard needs from the family and the council's reference data."""
    return EditorContext(
        options=reference_options([(level.code, level.label) for level in levels.levels]),
        people=tuple(
            PersonChoice(m.id, _person_name(m), m.role, _person_detail(m))
            for m in members
            if m.id is not None
        ),
        descriptor_sets=dict(descriptor_sets or {}),
    )


def _person_detail(person: PersonData) -> str:
    if person.role == "unborn":
        return "unborn"
    if person.role == "child":
        age = age_words(person.date_of_birth)
        return f"{age} old" if age and age != "under 1 month" else age
    return person.relationship_to_child or PERSON_ROLES.get(person.role, "").lower()


def _person_name(person: PersonData) -> str:
    if person.role == "unborn":
        return f"{person.full_name} (unborn)" if person.given_name else "Unborn baby"
    return person.full_name


BANNER_STYLES = {
    "problem": "background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0;",
    "info": "background: #e8f1fa; color: #153a5c; border: 1px solid #b6d0ea;",
    "returned": "background: #fff4e0; color: #5c3a00; border: 1px solid #f0c987;",
}
CONTENT_WIDTH = 880
# Fields built before a page first paints; the rest follow straight after.
FIRST_SCREEN_FIELDS = 4
REST_OF_PAGE_MS = 40
SIDE_WIDTH = 270

MARK_DONE = "✓"
MARK_PROBLEM = "!"
MARK_CURRENT = "▸"


def _banner(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def _style_banner(label: QLabel, text: str, tone: str) -> None:
    label.setText(text)
    if text and label.property("tone") != tone:
        label.setProperty("tone", tone)
        label.setStyleSheet(
            BANNER_STYLES.get(tone, BANNER_STYLES["info"])
            + " border-radius: 4px; padding: 8px 10px;"
        )
    label.setVisible(bool(text))


class _RoomyDelegate(QStyledItemDelegate):
    """List rows with some air above and below (the width, and so wrapping, unchanged)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 10)


class FormPage(QWizardPage):
    """One definition page: its title, help and a block per field, in a scroll area."""

    def __init__(self, wizard: FormWizard, index: int, page: Page) -> None:
        super().__init__()
        self.form_wizard = wizard
        self.index = index
        self.page = page
        self.setObjectName(f"page_{page.id}")
        self.blocks: dict[str, FieldBlock] = {}
        self.built = False
        self._next_field = 0  # fields before this one have their blocks
        self._notice: tuple[str, str] = ("", "info")
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        # Take the whole page area even while empty (pages are built when shown).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if not self.form_wizard.jumping:  # pages passed over on the way are built if visited
            self.show_quickly()

    @property
    def fully_built(self) -> bool:
        return self.built and self._next_field >= len(self.page.fields)

    def show_quickly(self) -> None:
        """Build what the first screen shows now, and the rest of the page just
        after it has painted (a long page opens without a wait)."""
        self.ensure_built(complete=False)
        if not self.fully_built:
            QTimer.singleShot(REST_OF_PAGE_MS, self, self.ensure_built)

    def ensure_built(self, complete: bool = True) -> None:
        """Build the page's widgets the first time it is needed (opening a long
        form stays quick: only the page shown is built, the top of it first)."""
        if not self.built:
            self._build_frame()
        wanted = len(self.page.fields) if complete else FIRST_SCREEN_FIELDS
        if self._next_field < wanted:
            self._build_blocks(min(wanted, len(self.page.fields)))

    def _build_blocks(self, upto: int) -> None:
        wizard = self.form_wizard
        column = self._column
        built = [self.blocks[f.id] for f in self.page.fields[: self._next_field]]
        anchor = next(
            (w for block in reversed(built) for w in reversed(focusable_children(block))), None
        )
        added: list[FieldBlock] = []
        for item in self.page.fields[self._next_field : upto]:
            block = make_block(
                item,
                wizard.context,
                read_only=wizard.read_only,
                value=wizard.stored_answer(item.id),
            )
            block.changed.connect(lambda b=block: wizard.field_changed(b))
            self.blocks[item.id] = block
            column.insertWidget(column.count() - 1, block)  # before the closing stretch
            added.append(block)
        self._next_field = upto
        if anchor is not None:  # blocks built after the first screen follow it in Tab order
            chain_after(anchor, [w for block in added for w in focusable_children(block)])
        wizard.page_built(self)

    def _build_frame(self) -> None:
        self.built = True
        wizard = self.form_wizard
        page = self.page
        body = QWidget()
        body.setObjectName("pageBody")
        body.setMaximumWidth(CONTENT_WIDTH)
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 16, 16)
        column.setSpacing(10)

        self.form_title = QLabel(wizard.heading_text())
        self.form_title.setObjectName("formTitle")
        self.form_title.setWordWrap(True)
        tint(self.form_title, HELP_COLOUR)
        column.addWidget(self.form_title)
        self.title_label = QLabel(page.title)
        self.title_label.setObjectName("pageTitle")
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        column.addWidget(self.title_label)

        self.notice = _banner("wizardNotice")
        _style_banner(self.notice, *self._notice)
        column.addWidget(self.notice)
        if self.index == 0 and wizard.definition.description:
            intro = QLabel(wizard.definition.description.strip())
            intro.setObjectName("formDescription")
            intro.setWordWrap(True)
            tint(intro, "#333333")
            italic = intro.font()
            italic.setItalic(True)
            intro.setFont(italic)
            column.addWidget(intro)
        if page.help:
            self.help_label = QLabel(page.help.strip())
            self.help_label.setObjectName("pageHelp")
            self.help_label.setWordWrap(True)
            self.help_label.setStyleSheet(
                "background: #f3f6f9; color: #2b3138; border-left: 4px solid #8fb3d3;"
                " padding: 6px 10px;"
            )
            column.addWidget(self.help_label)
        if not wizard.read_only and any(f.required for f in page.fields):
            legend = QLabel("Questions marked * need an answer before you move on.")
            legend.setObjectName("requiredLegend")
            tint(legend, MUTED_COLOUR)
            column.addWidget(legend)
        self.banner = _banner("pageProblems")
        column.addWidget(self.banner)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        column.addWidget(line)

        self.empty_label = QLabel("Nothing was recorded on this page.")
        self.empty_label.setObjectName("emptyPage")
        tint(self.empty_label, MUTED_COLOUR)
        self.empty_label.hide()
        column.addWidget(self.empty_label)
        column.addStretch(1)
        self._column = column

        scroll = QScrollArea()
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area = scroll
        self._outer.addWidget(scroll)

    def set_notice(self, text: str, tone: str) -> None:
        self._notice = (text, tone)
        if self.built:
            _style_banner(self.notice, text, tone)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return self.form_wizard.next_page_index(self.index)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        return self.form_wizard.check_page(self)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not self.form_wizard.busy

    def show_problems(self, problems: Mapping[str, str]) -> QWidget | None:
        """Show each message by its field; return where the first problem is."""
        first: QWidget | None = None
        count = 0
        for block in self.blocks.values():
            block.set_problems(problems)
            target = block.problem_widget(problems)
            if target is not None:
                first = first or target
                count += sum(1 for path in problems if field_id_of(path) == block.field.id)
        if count:
            noun = "question needs" if count == 1 else "questions need"
            _style_banner(
                self.banner,
                f"{count} {noun} your attention on this page: see the messages below.",
                "problem",
            )
        else:
            _style_banner(self.banner, "", "problem")
        return first

    def clear_problems(self) -> None:
        self.show_problems({})


class FormWizard(QWizard):
    """A wizard over one form definition and its answers.

    ``context`` supplies option lists, the family's people and grade
    descriptors. ``heading`` names who the assessment is about (shown above
    each page title and in the window title). ``start_page`` resumes a draft at
    that page.
    """

    answers_changed = Signal()
    page_changed = Signal(str)  # the id of the page now shown
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
        super().__init__(parent)
        self.definition = definition
        self.context = context or EditorContext()
        self.read_only = read_only
        self.heading = heading
        self._stored: dict[str, Any] = dict(answers or {})
        self._skip_checks = False
        self._jumping = False
        self._busy = False
        self._visited: set[int] = set()
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
        self.resize(1180, 780)
        self.setMinimumSize(820, 560)

        self.setButtonText(QWizard.WizardButton.NextButton, "&Next")
        self.setButtonText(QWizard.WizardButton.BackButton, "&Back")
        if read_only:
            self.setButtonText(QWizard.WizardButton.CancelButton, "&Close")
            self.setButtonLayout(
                [
                    QWizard.WizardButton.Stretch,
                    QWizard.WizardButton.BackButton,
                    QWizard.WizardButton.NextButton,
                    QWizard.WizardButton.CancelButton,
                ]
            )
        else:
            self.setButtonText(QWizard.WizardButton.FinishButton, "&Complete…")
            self.setButtonText(QWizard.WizardButton.CancelButton, "&Close")
            self.button(QWizard.WizardButton.CancelButton).setToolTip(
                "Close the assessment. Your answers are saved as you type; "
                "you can carry on later from this page."
            )
            self.button(QWizard.WizardButton.FinishButton).setToolTip(
                "Check every page and complete the assessment. Once complete, the answers "
                "cannot be changed; a correction is made as an amendment."
            )

        self.pages: list[FormPage] = []
        for index, page in enumerate(definition.pages):
            form_page = FormPage(self, index, page)
            self.pages.append(form_page)
            self.setPage(index, form_page)

        self._build_side()
        self.currentIdChanged.connect(self._page_shown)
        self._refresh()
        start = self.next_page_index(-1)
        if start >= 0:
            self.setStartId(start)
        if start_page and start_page != definition.pages[max(start, 0)].id:
            self._jumping = True  # the first page is not built on the way past it
            try:
                self.restart()
            finally:
                self._jumping = False
            self.go_to_page(start_page, check=False)
            shown = self.currentPage()
            if isinstance(shown, FormPage) and not shown.built:  # the page was not found
                self._page_shown(self.currentId())

    # -- the side list ----------------------------------------------------------

    def _build_side(self) -> None:
        side = QWidget()
        side.setObjectName("wizardSide")
        side.setFixedWidth(SIDE_WIDTH)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 8, 0)
        title = QLabel(self.definition.title)
        title.setObjectName("sideTitle")
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        layout.addWidget(title)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.progress_label.setWordWrap(True)
        self.progress_label.setStyleSheet("color: #4a4f55;")
        layout.addWidget(self.progress_label)
        self.page_list = QListWidget()
        self.page_list.setObjectName("pageList")
        self.page_list.setWordWrap(True)
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.page_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.page_list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        # Colours by palette: a style sheet on the items stops long titles wrapping.
        palette = self.page_list.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor("#2f6690"))
            palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        palette.setColor(QPalette.ColorRole.Base, QColor("#f8fafc"))
        self.page_list.setPalette(palette)
        self.page_list.setItemDelegate(_RoomyDelegate(self.page_list))
        for page in self.definition.pages:
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.id)
            self.page_list.addItem(item)
        self.page_list.itemClicked.connect(self._page_clicked)
        layout.addWidget(self.page_list, 1)
        self.save_label = QLabel()
        self.save_label.setObjectName("saveStatus")
        self.save_label.setWordWrap(True)
        self.save_label.setStyleSheet("color: #4a4f55;")
        self.save_label.hide()
        layout.addWidget(self.save_label)
        self.side = side  # kept: PySide does not hand ownership to the wizard
        self.setSideWidget(side)

    def _page_clicked(self, item: QListWidgetItem) -> None:
        page_id = item.data(Qt.ItemDataRole.UserRole)
        self.go_to_page(str(page_id), check=not self.read_only)
        self._update_side()

    def _update_side(self) -> None:
        answers = self.answers()
        effective = visible_answers(self.definition, answers)
        current = self.currentId()
        shown = [i for i, p in enumerate(self.definition.pages) if visible(p, effective)]
        if not self.read_only and self._visited:
            # a page seen earlier is "done" only while nothing on it is missing
            problems = self.form_problems(answers)
            pages = {self.definition.page_of(field_id_of(path)) for path in problems}
            for index in self._visited:
                if index == current:
                    continue
                if self.definition.pages[index].id in pages:
                    self._problem_pages.add(index)
                else:
                    self._problem_pages.discard(index)
        relayout = False
        for index, page in enumerate(self.definition.pages):
            item = self.page_list.item(index)
            is_shown = index in shown
            if not is_shown:
                mark, text = " ", f"{page.title} (not needed)"
            elif index == current:
                mark, text = MARK_CURRENT, page.title
            elif index in self._problem_pages:
                mark, text = MARK_PROBLEM, page.title
            elif index in self._visited:
                mark, text = MARK_DONE, page.title
            else:
                mark, text = " ", page.title
            if item.text() != f"{mark}  {text}":
                item.setText(f"{mark}  {text}")
                relayout = True
            font = QFont(self.page_list.font())
            font.setBold(index == current)
            font.setItalic(not is_shown)
            item.setFont(font)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            item.setFlags(flags if is_shown else Qt.ItemFlag.NoItemFlags)
            item.setToolTip(
                "Not needed, given the answers so far"
                if not is_shown
                else "Something needs your attention on this page"
                if index in self._problem_pages
                else ""
            )
        if relayout:
            self.page_list.doItemsLayout()  # longer text wraps rather than being cut short
        if current in shown:
            self.page_list.setCurrentRow(current)
            position = shown.index(current) + 1
            self.progress_label.setText(f"Page {position} of {len(shown)}")

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
        self._refresh()
        self.answers_changed.emit()

    def _refresh(self) -> None:
        effective = visible_answers(self.definition, self.answers())
        for page in self.pages:
            if page.built:
                self._refresh_page(page, effective)
        self._update_side()
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
            editor = block.editor
            if isinstance(editor, RepeatEditor):
                editor.refresh(effective)
            elif isinstance(editor, GradeEditor) and item.suggested_from:
                editor.set_suggestion(suggestion_for(self.definition, item, effective))
        page.empty_label.setVisible(self.read_only and not shown and page.fully_built)

    def page_built(self, page: FormPage) -> None:
        self._refresh_page(page, visible_answers(self.definition, self.answers()))

    # -- navigation -----------------------------------------------------------------

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
            self._page_shown(self.currentId())
        return self.currentId() == target

    @property
    def jumping(self) -> bool:
        return self._jumping

    def _page_shown(self, index: int) -> None:
        if index < 0:
            return
        self._visited.add(index)
        if self._jumping:
            return  # go_to_page shows the page it stops at
        page = self.pages[index]
        page.show_quickly()
        page.scroll_area.verticalScrollBar().setValue(0)
        self._update_side()
        if not self.read_only:
            first = next((b for b in page.blocks.values() if b.isVisibleTo(page)), None)
            if first is not None and first.editor is not None:
                first.editor.focus_target().setFocus(Qt.FocusReason.TabFocusReason)
        self.page_changed.emit(page.page.id)

    # -- validation -------------------------------------------------------------------

    def page_problems(self, page_id: str) -> dict[str, str]:
        return validate_page(
            self.definition,
            page_id,
            self.answers(),
            options=self.context.options,
            people=self.context.roles(),
        )

    def check_page(self, page: FormPage) -> bool:
        """Called on Next: stay (with messages) while the page has problems."""
        if self.read_only or self._skip_checks:
            return True
        page.ensure_built()
        problems = self.page_problems(page.page.id)
        first = page.show_problems(problems)
        if problems:
            self._problem_pages.add(page.index)
            self._update_side()
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
                page.scroll_area.ensureWidgetVisible(first, 50, 80)
            return False
        self._problem_pages.discard(page.index)
        self._update_side()
        return True

    def form_problems(self, answers: Mapping[str, Any] | None = None) -> dict[str, str]:
        return validate_answers(
            self.definition,
            self.answers() if answers is None else answers,
            options=self.context.options,
            people=self.context.roles(),
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
        self._update_side()

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
            "Completing…" if busy else "&Complete…"
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
        self.save_label.setText(text)
        self.save_label.setVisible(bool(text))
        problem = text.startswith("Not saved")
        self.save_label.setStyleSheet(
            "color: #a4000f; font-weight: 600;" if problem else "color: #4a4f55;"
        )

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
            page.ensure_built()
            _style_banner(page.banner, message, "problem")

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
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes


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
            who = review.reviewer_name or review.reviewed_by
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
            parts.append(
                f"Returned by {review.reviewer_name or review.reviewed_by}: “{review.comment}”"
            )
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
            context=context,
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
        super().done(result)  # saves what was typed since the last save
        if self.autosave is not None:
            self.autosave.detach()
