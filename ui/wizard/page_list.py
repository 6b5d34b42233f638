"""The side of the form wizard: the form's title, "Page 2 of 9", the list of pages
marked with where the worker is, which pages are done, which need attention and which
are not needed, and what was last saved."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.forms.definition import FormDefinition

from ui.widgets.theme import text_style

SIDE_WIDTH = 270

MARK_DONE = "✓"
MARK_PROBLEM = "!"
MARK_CURRENT = "▸"


class _RoomyDelegate(QStyledItemDelegate):
    """List rows with some air above and below (the width, and so wrapping, unchanged)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 10)


class PageList(QWidget):
    """The wizard's side widget over a definition's pages; ``page_chosen`` carries the
    id of a page the worker clicked."""

    page_chosen = Signal(str)

    def __init__(self, definition: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.setObjectName("wizardSide")
        self.setFixedWidth(SIDE_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        title = QLabel(definition.title)
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
        self.progress_label.setStyleSheet(text_style("hint"))
        layout.addWidget(self.progress_label)
        self.page_list = self._build_list()
        layout.addWidget(self.page_list, 1)
        self.save_label = QLabel()
        self.save_label.setObjectName("saveStatus")
        self.save_label.setWordWrap(True)
        self.save_label.setStyleSheet(text_style("hint"))
        self.save_label.hide()
        layout.addWidget(self.save_label)

    def _build_list(self) -> QListWidget:
        pages = QListWidget()
        pages.setObjectName("pageList")
        pages.setWordWrap(True)
        pages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        pages.setTextElideMode(Qt.TextElideMode.ElideNone)
        pages.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        # Colours by palette: a style sheet on the items stops long titles wrapping.
        palette = pages.palette()
        for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
            palette.setColor(
                QPalette.ColorGroup.Inactive, role, palette.color(QPalette.ColorGroup.Active, role)
            )
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.AlternateBase))
        pages.setPalette(palette)
        pages.setItemDelegate(_RoomyDelegate(pages))
        for page in self.definition.pages:
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.id)
            pages.addItem(item)
        pages.itemClicked.connect(self._clicked)
        return pages

    def _clicked(self, item: QListWidgetItem) -> None:
        self.page_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def show_pages(
        self,
        current: int,
        shown: Sequence[int],
        problems: Collection[int],
        visited: Collection[int],
    ) -> None:
        """Mark each page (by index): the one ``current``, those with ``problems``,
        those ``visited``, and those not ``shown`` (not needed given the answers)."""
        relayout = False
        for index, page in enumerate(self.definition.pages):
            item = self.page_list.item(index)
            is_shown = index in shown
            if not is_shown:
                mark, text = " ", f"{page.title} (not needed)"
            elif index == current:
                mark, text = MARK_CURRENT, page.title
            elif index in problems:
                mark, text = MARK_PROBLEM, page.title
            elif index in visited:
                mark, text = MARK_DONE, page.title
            else:
                mark, text = " ", page.title
            if item.text() != f"{mark}  {text}":
                item.setText(f"{mark}  {text}")
                relayout = True
            self._style_item(item, current=index == current, shown=is_shown)
            item.setToolTip(
                "Not needed, given the answers so far"
                if not is_shown
                else "Something needs your attention on this page"
                if index in problems
                else ""
            )
        if relayout:
            self.page_list.doItemsLayout()  # longer text wraps rather than being cut short
        if current in shown:
            self.page_list.setCurrentRow(current)
            position = list(shown).index(current) + 1
            self.progress_label.setText(f"Page {position} of {len(shown)}")

    def _style_item(self, item: QListWidgetItem, *, current: bool, shown: bool) -> None:
        font = QFont(self.page_list.font())
        font.setBold(current)
        font.setItalic(not shown)
        item.setFont(font)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags if shown else Qt.ItemFlag.NoItemFlags)

    def set_save_status(self, text: str) -> None:
        """What the side says about saving ("Draft saved at 10:42")."""
        self.save_label.setText(text)
        self.save_label.setVisible(bool(text))
        problem = text.startswith("Not saved")
        self.save_label.setStyleSheet(
            text_style("error", bold=True) if problem else text_style("hint")
        )
