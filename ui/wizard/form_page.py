"""One page of the form wizard: the form and page titles, the page's help, the
banners, and a block per field in a scroll area, built when first shown (the top of the
page first, the rest just after it paints)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.forms.answers import field_id_of
from app.forms.definition import FormDefinition, Page

from ui.wizard.banner import banner, style_banner
from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.factory import make_block
from ui.wizard.editors.field_block import FieldBlock
from ui.wizard.editors.look import MUTED_COLOUR, tint
from ui.wizard.editors.tab_order import chain_after, focusable_children
from ui.wizard.page_header import (
    attention_text,
    form_title,
    page_help,
    page_scroll,
    page_title,
    problems_banner,
    required_legend,
    rule,
)

CONTENT_WIDTH = 880
# Fields built before a page first paints; the rest follow straight after.
FIRST_SCREEN_FIELDS = 4
REST_OF_PAGE_MS = 40


class PageHost(Protocol):
    """What a page needs from the wizard it is on
    (:class:`ui.wizard.definition_wizard.FormWizard`)."""

    definition: FormDefinition
    context: EditorContext
    read_only: bool

    @property
    def jumping(self) -> bool: ...

    @property
    def busy(self) -> bool: ...

    def heading_text(self) -> str: ...

    def stored_answer(self, field_id: str) -> Any: ...

    def field_changed(self, block: FieldBlock) -> None: ...

    def page_built(self, page: FormPage) -> None: ...

    def next_page_index(self, after: int) -> int: ...

    def check_page(self, page: FormPage) -> bool: ...


class FormPage(QWizardPage):
    """One definition page: its title, help and a block per field, in a scroll area."""

    def __init__(self, wizard: PageHost, index: int, page: Page) -> None:
        super().__init__()
        self.form_wizard = wizard
        self.index = index
        self.page = page
        self.setObjectName(f"page_{page.id}")
        self.blocks: dict[str, FieldBlock] = {}
        self.problems: dict[str, str] = {}  # the messages shown, by answer path
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
        body = QWidget()
        body.setObjectName("pageBody")
        body.setMaximumWidth(CONTENT_WIDTH)
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 16, 16)
        column.setSpacing(10)
        self.form_title = self._build_form_title()
        column.addWidget(self.form_title)
        self.title_label = self._build_page_title()
        column.addWidget(self.title_label)
        self.notice = banner("wizardNotice")
        style_banner(self.notice, *self._notice)
        column.addWidget(self.notice)
        for guidance in self._build_guidance():
            column.addWidget(guidance)
        self.banner = problems_banner()
        column.addWidget(self.banner)
        column.addWidget(rule())
        self.empty_label = QLabel("Nothing was recorded on this page.")
        self.empty_label.setObjectName("emptyPage")
        tint(self.empty_label, MUTED_COLOUR)
        self.empty_label.hide()
        column.addWidget(self.empty_label)
        column.addStretch(1)
        self._column = column
        self.scroll_area = self._build_scroll(body)
        self._outer.addWidget(self.scroll_area)

    def _build_form_title(self) -> QLabel:
        return form_title(self.form_wizard.heading_text())

    def _build_page_title(self) -> QLabel:
        return page_title(self.page.title)

    def _build_guidance(self) -> list[QLabel]:
        """The form's description (first page), the page's help and the legend for *."""
        wizard = self.form_wizard
        page = self.page
        found: list[QLabel] = []
        if self.index == 0 and wizard.definition.description:
            intro = QLabel(wizard.definition.description.strip())
            intro.setObjectName("formDescription")
            intro.setWordWrap(True)
            italic = intro.font()
            italic.setItalic(True)
            intro.setFont(italic)
            found.append(intro)
        if page.help:
            self.help_label = page_help(page.help)
            found.append(self.help_label)
        if not wizard.read_only and any(f.required or f.required_if for f in page.fields):
            found.append(required_legend())
        return found

    def _build_scroll(self, body: QWidget) -> QScrollArea:
        return page_scroll(body)

    def set_notice(self, text: str, tone: str) -> None:
        self._notice = (text, tone)
        if self.built:
            style_banner(self.notice, text, tone)

    def show_message(self, text: str) -> None:
        """A problem message in the page's banner (e.g. why completing failed)."""
        self.ensure_built()
        style_banner(self.banner, text, "problem")

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return self.form_wizard.next_page_index(self.index)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        return self.form_wizard.check_page(self)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not self.form_wizard.busy

    def show_problems(self, problems: Mapping[str, str]) -> QWidget | None:
        """Show each message by its field; return where the first problem is."""
        self.problems = dict(problems)
        first: QWidget | None = None
        count = 0
        for block in self.blocks.values():
            block.set_problems(problems)
            target = block.problem_widget(problems)
            if target is not None:
                first = first or target
                count += sum(1 for path in problems if field_id_of(path) == block.field.id)
        if count:
            style_banner(self.banner, attention_text(count), "problem")
        else:
            style_banner(self.banner, "", "problem")
        return first

    def clear_problems(self) -> None:
        self.show_problems({})

    def answered(self, field_id: str) -> bool:
        """``field_id`` was changed: drop its messages and recount the banner's
        "N questions need your attention"; return whether the page still has problems."""
        left = {path: text for path, text in self.problems.items() if field_id_of(path) != field_id}
        if len(left) != len(self.problems):
            self.show_problems(left)
        return bool(left)
