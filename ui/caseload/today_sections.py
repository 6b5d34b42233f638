"""Today's sections: each a titled card listing one kind of item, overdue lines in red.

A line opens with Enter, a click or a double-click (``ItemList.open_item``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework.today import TodayItem

from ui.widgets.theme import card_style, line_colour, text_colour, text_style


def overdue_colour() -> str:
    return text_colour("overdue")


SECTIONS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    # key, title, item kinds, what an empty section says
    ("visits", "Visits planned", ("visit_planned",), "No visits planned for today."),
    ("reviews", "Reviews due or overdue", ("review_due",), "No reviews due in the next week."),
    ("actions", "Plan actions overdue", ("action_overdue",), "No plan actions are overdue."),
    (
        "drafts",
        "Unfinished drafts",
        ("draft_assessment", "draft_visit"),
        "No assessments or visit records left unfinished.",
    ),
    (
        "returned",
        "Returned for changes",
        ("returned_assessment",),
        "No assessments have been returned to you.",
    ),
    ("consents", "Consents missing", ("consent_missing",), "Every family has consent in force."),
)


LOADING = "Loading…"
# Lines added at once when a list is filled (more than a screen holds), then per batch.
FIRST_ROWS = 40
BATCH_ROWS = 250


def line_text(item: TodayItem) -> str:
    ref = f" ({item.family_reference})" if item.family_reference else ""
    return f"{item.family_name} family{ref} — {item.title}\n{item.detail}".rstrip()


class ItemList(QListWidget):
    """One section's lines; Enter, a click or a double-click opens a line."""

    open_item = Signal(object)
    filled = Signal()  # every entry is a line now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        # A long list scrolls inside its section; the page itself never scrolls.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSpacing(2)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QListWidget { background: transparent; }"
            f" QListWidget::item {{ padding: 6px 8px; border-bottom: 1px solid {line_colour()}; }}"
            " QListWidget::item:hover { background: palette(alternate-base); }"
        )
        self.itemClicked.connect(self._open)
        self.itemActivated.connect(self._open)
        self.entries: list[TodayItem] = []
        self._content_height = 4
        self._filling = 0  # which call of set_items the batches still to come belong to
        self._heights: list[int] = []  # each line's height, as last measured
        self._fitted_width = -1

    def set_items(self, items: Sequence[TodayItem]) -> None:
        """Show ``items``: the first screenful at once, the others a batch per turn of the
        event loop (thousands of lines never hold the window still)."""
        self.clear()
        self.entries = list(items)
        self._filling += 1
        self._heights = []
        self._add_rows(0, self._filling)

    @property
    def is_filling(self) -> bool:
        """Some of ``entries`` are still to be added as lines."""
        return self.count() < len(self.entries)

    def _add_rows(self, start: int, filling: int) -> None:
        if filling != self._filling or not isValid(self):
            return  # newer items came meanwhile, or the list has gone
        batch = FIRST_ROWS if start == 0 else BATCH_ROWS
        bold = QFont(self.font())
        bold.setBold(True)
        red = QBrush(QColor(overdue_colour()))
        for entry in self.entries[start:start + batch]:
            row = QListWidgetItem(line_text(entry))
            row.setData(Qt.ItemDataRole.UserRole, entry)
            row.setToolTip("Open " + entry.family_name + " family")
            if entry.overdue:
                row.setForeground(red)
                row.setFont(bold)
            self.addItem(row)
        self.fit(start)
        if self.is_filling:
            QTimer.singleShot(0, lambda: self._add_rows(start + batch, filling))
        else:
            self.filled.emit()

    def fit(self, start: int) -> None:
        """Each line as tall as its wrapped text (lines from ``start`` on; all of them
        when the width has changed); the list asks for the height of all its lines and,
        given less, scrolls."""
        width = max(self.viewport().width(), 200)
        if width != self._fitted_width:
            self._fitted_width, start = width, 0
        del self._heights[start:]
        metrics = {False: QFontMetrics(self.font())}
        for index in range(start, self.count()):
            item = self.item(index)
            # Measured in the line's own font (an overdue line is bold, so wider).
            overdue = item.font().bold()
            if overdue not in metrics:
                metrics[overdue] = QFontMetrics(item.font())
            wrapped = metrics[overdue].boundingRect(
                QRect(0, 0, max(width - 24, 50), 100_000), Qt.TextFlag.TextWordWrap, item.text())
            row_height = wrapped.height() + 16
            item.setSizeHint(QSize(width - 4, row_height))
            self._heights.append(row_height + 4)
        height = sum(self._heights)
        if height + 4 != self._content_height:
            self._content_height = height + 4
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), self._content_height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Room for about two lines before it scrolls.
        return QSize(100, min(self._content_height, 4 * self.fontMetrics().lineSpacing() + 40))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit(len(self._heights))  # the lines not measured yet (all, if the width changed)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._open(self.currentItem())
            return
        super().keyPressEvent(event)

    def _open(self, row: QListWidgetItem) -> None:
        entry = row.data(Qt.ItemDataRole.UserRole)
        if isinstance(entry, TodayItem):
            self.open_item.emit(entry)


class Section(QFrame):
    def __init__(self, key: str, title: str, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.title_text = title
        self.setObjectName(f"today_{key}")
        self.setStyleSheet(card_style(f"#today_{key}", radius=6))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        self.title = QLabel(title)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.list = ItemList()
        self.list.setObjectName(f"todayList_{key}")
        self.list.setAccessibleName(title)
        self.list.hide()  # until its lines are known ("Loading…" below says so)
        layout.addWidget(self.list, 1)
        self.empty_text = empty
        self.empty = QLabel(LOADING)  # never an empty answer before the figures are known
        self.empty.setStyleSheet(text_style("hint"))
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        layout.addStretch(1)  # below an empty section's line; a list takes the room itself
        self._layout = layout

    def show_loading(self) -> None:
        """Nothing known yet: say so, not "nothing to do"."""
        self.title.setText(self.title_text)
        self.title.setStyleSheet("")
        self.list.set_items([])
        self.list.hide()
        self.empty.setText(LOADING)
        self.empty.show()

    @property
    def is_loading(self) -> bool:
        return self.empty.text() == LOADING and not self.empty.isHidden()

    def set_items(self, items: Sequence[TodayItem]) -> None:
        self.empty.setText(self.empty_text)
        overdue = sum(1 for i in items if i.overdue)
        count = f" ({len(items)})" if items else ""
        late = f" — {overdue} overdue" if overdue and overdue < len(items) else ""
        self.title.setText(self.title_text + count + late)
        self.title.setStyleSheet(f"color: {overdue_colour()};" if overdue else "")
        self.list.set_items(items)
        self.list.setVisible(bool(items))
        self.empty.setVisible(not items)
        self._layout.setStretch(self._layout.count() - 1, 0 if items else 1)
