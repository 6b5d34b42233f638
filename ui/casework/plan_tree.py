"""The plan drawn as a tree (what is going well first, then need -> outcomes -> actions)
and the words it uses for owners, due dates and needs; the Plan tab and the history dialog
both show one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.casework.plan_data import ActionData, NeedData, PlanData
from app.dates import uk

from ui.casework.tab_pieces import overdue_colour
from ui.widgets.theme import text_colour, tint

STATUS_COLOURS = {  # the theme's kind of text for an action's status
    "achieved": "success",
    "not_achieved": "problem",
    "no_longer_needed": "hint",
}
STRENGTHS_TITLE = "What is going well"
NO_STRENGTHS = (
    "Nothing written yet: use “Add what is going well…”. The printed plan opens with "
    "it (and with what the latest assessment says is going well)."
)


COLUMNS = ("Need, outcome or action", "Who", "By when", "Status", "Progress")


# ---------------------------------------------------------------- words


def owner_text(action: ActionData) -> str:
    return action.owner_name or "⚠ No owner yet"


def due_text(action: ActionData, day: dt.date) -> str:
    if action.due_on is None:
        return "⚠ No date yet"
    if action.overdue_on(day):
        late = (day - action.due_on).days
        return f"{uk(action.due_on)}, {late} day{'s' if late != 1 else ''} overdue"
    return uk(action.due_on)


def need_title(need: NeedData) -> str:
    domain = f" — {need.domain_label}" if need.domain else ""
    return f"Need: {need.text}{domain}"


# ---------------------------------------------------------------- the tree


class WrappingRows(QStyledItemDelegate):
    """Each row as high as its longest cell wrapped to its column ("30/10/2026, 21 days
    overdue" on two lines, not cut off): a tree view sizes rows for one line of text."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        plain = index if isinstance(index, QModelIndex) else self.tree.model().index(
            index.row(), index.column(), index.parent())
        item = self.tree.itemFromIndex(plain)
        spanned = item is not None and item.isFirstColumnSpanned()
        width = (self.tree.viewport().width() if spanned
                 else self.tree.header().sectionSize(index.column())) - 12
        if index.column() == 0:
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self.tree.indentation() * depth
        needed = shown.fontMetrics.boundingRect(
            QRect(0, 0, max(width, 24), 100_000), int(Qt.TextFlag.TextWordWrap), shown.text
        )
        return QSize(base.width(), max(base.height(), needed.height() + 8))


class PlanTree(QTreeWidget):
    """The plan as a tree (the live plan and any version from its history)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(list(COLUMNS))
        self.setAlternatingRowColors(False)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(18)
        self.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        self.setItemDelegate(WrappingRows(self))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(lambda *_: self.doItemsLayout())
        self._fit_columns()
        self.items: dict[str, QTreeWidgetItem] = {}

    def _fit_columns(self) -> None:
        """Who, by when, status and progress take a share of the width; the text the rest."""
        width = max(self.viewport().width(), 700)
        for col, share, least in ((1, 0.17, 150), (2, 0.18, 170), (3, 0.09, 100), (4, 0.18, 150)):
            self.header().resizeSection(col, max(int(width * share), least))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_columns()

    def show_plan(self, plan: PlanData, *, invite_strengths: bool = False) -> None:
        """The plan; what is going well first (with an invitation to write it when
        ``invite_strengths`` and there is none yet)."""
        self.clear()
        self.items = {}
        day = plan.as_of
        bold = QFont(self.font())
        bold.setBold(True)
        if plan.strengths or invite_strengths:
            self._add_strengths(plan, bold)
        for need in plan.needs:
            need_item = QTreeWidgetItem([need_title(need), "", "", "", ""])
            need_item.setData(0, Qt.ItemDataRole.UserRole, ("need", need))
            need_item.setFont(0, bold)
            for col in range(len(COLUMNS)):
                need_item.setBackground(col, QBrush(QColor(tint("neutral"))))
            tip = need.text
            if need.assessment_title:  # not in the Who column: an assessment owns nothing
                tip += f"\nFound by: {need.assessment_title}"
            need_item.setToolTip(0, tip)
            self.addTopLevelItem(need_item)
            need_item.setFirstColumnSpanned(True)
            self.items[need.id] = need_item
            for outcome in need.outcomes:
                outcome_item = QTreeWidgetItem(
                    need_item, [f"Outcome: “{outcome.text}”", "", "", "", ""]
                )
                outcome_item.setData(0, Qt.ItemDataRole.UserRole, ("outcome", outcome))
                italic = QFont(self.font())
                italic.setItalic(True)
                outcome_item.setFont(0, italic)
                outcome_item.setToolTip(0, outcome.text)
                outcome_item.setFirstColumnSpanned(True)
                self.items[outcome.id] = outcome_item
                if not outcome.actions:
                    empty = QTreeWidgetItem(outcome_item, ["No actions yet", "", "", "", ""])
                    empty.setForeground(0, QBrush(QColor(text_colour("hint"))))
                    empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for action in outcome.actions:
                    self._add_action(outcome_item, action, day, need.domain)
        self.expandAll()

    def _add_strengths(self, plan: PlanData, bold: QFont) -> None:
        heading = QTreeWidgetItem([STRENGTHS_TITLE, "", "", "", ""])
        heading.setFont(0, bold)
        for col in range(len(COLUMNS)):
            heading.setBackground(col, QBrush(QColor(tint("success"))))
        self.addTopLevelItem(heading)
        heading.setFirstColumnSpanned(True)
        for strength in plan.strengths:
            item = QTreeWidgetItem(heading, [strength.text, "", "", "", ""])
            item.setData(0, Qt.ItemDataRole.UserRole, ("strength", strength))
            item.setToolTip(0, strength.text)
            item.setFirstColumnSpanned(True)
            self.items[strength.id] = item
        if not plan.strengths:
            empty = QTreeWidgetItem(heading, [NO_STRENGTHS, "", "", "", ""])
            empty.setForeground(0, QBrush(QColor(text_colour("hint"))))
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            empty.setFirstColumnSpanned(True)

    def _add_action(
        self, parent: QTreeWidgetItem, action: ActionData, day: dt.date, need_domain: str
    ) -> None:
        # An action's area is said only where it is not its need's (already in the heading).
        shown = action.domain and action.domain != need_domain
        domain = f" [{action.domain_label}]" if shown else ""
        item = QTreeWidgetItem(
            parent,
            [
                f"{action.text}{domain}",
                owner_text(action),
                due_text(action, day),
                action.status_label,
                action.progress_note,
            ],
        )
        item.setData(0, Qt.ItemDataRole.UserRole, ("action", action))
        item.setToolTip(0, action.text)
        item.setToolTip(4, action.progress_note)
        if not action.owner_name and action.status != "no_longer_needed":
            item.setBackground(1, QBrush(QColor(tint("warning"))))
        if action.due_on is None and action.status != "no_longer_needed":
            item.setBackground(2, QBrush(QColor(tint("warning"))))
        if action.overdue_on(day):
            item.setForeground(2, QBrush(QColor(overdue_colour())))
        colour = STATUS_COLOURS.get(action.status)
        if colour:
            item.setForeground(3, QBrush(QColor(text_colour(colour))))
        self.items[action.id] = item

    def selected(self) -> tuple[str, Any] | None:
        items = self.selectedItems()
        if not items:
            return None
        data = items[0].data(0, Qt.ItemDataRole.UserRole)
        return data if isinstance(data, tuple) else None

    def select(self, record_id: str) -> bool:
        item = self.items.get(record_id)
        if item is None:
            return False
        self.setCurrentItem(item)
        self.scrollToItem(item)
        return True
