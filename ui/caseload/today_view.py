"""Today: the worker's home screen.

What needs the worker now, across the families allocated to them: visits
planned (and planned visits gone by without a record), reviews due or overdue
(overdue in red, "overdue by N days"), plan actions overdue, drafts left
unfinished (assessments, visit records not yet final), and families with no
consent in force. Each line opens the right place: ``open_requested(family_id,
area, record_id)`` asks the window to show the family on the right tab, with
the record (or its dialog) open.

Loading writes nothing. The window makes final any visit record whose time to be
changed has run out (:func:`app.casework.visit_writes.finalise_due_visits`) when the
store opens and every few minutes, so what Today calls a draft really is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import today as today_service
from app.casework.today import TodayItem
from app.dates import today as today_date
from app.errors import HearthError
from app.store.caseload_store import Profile

from ui.widgets.change_follower import ChangeFollower
from ui.widgets.fields import BANNER_STYLE

OVERDUE_COLOUR = "#b3261e"
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
    ("consents", "Consents missing", ("consent_missing",), "Every family has consent in force."),
)


def line_text(item: TodayItem) -> str:
    ref = f" ({item.family_reference})" if item.family_reference else ""
    return f"{item.family_name} family{ref} — {item.title}\n{item.detail}".rstrip()


class ItemList(QListWidget):
    """One section's lines; Enter, a click or a double-click opens a line."""

    open_item = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSpacing(2)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QListWidget { background: transparent; }"
            " QListWidget::item { padding: 6px 8px; border-bottom: 1px solid #e3e7eb; }"
            " QListWidget::item:hover { background: #eef4fa; }"
        )
        self.itemClicked.connect(self._open)
        self.itemActivated.connect(self._open)
        self.entries: list[TodayItem] = []

    def set_items(self, items: Sequence[TodayItem]) -> None:
        self.clear()
        self.entries = list(items)
        bold = QFont(self.font())
        bold.setBold(True)
        for entry in items:
            row = QListWidgetItem(line_text(entry))
            row.setData(Qt.ItemDataRole.UserRole, entry)
            row.setToolTip("Open " + entry.family_name + " family")
            if entry.overdue:
                row.setForeground(QBrush(QColor(OVERDUE_COLOUR)))
                row.setFont(bold)
            self.addItem(row)
        self.fit()

    def fit(self) -> None:
        """As tall as its lines (the page scrolls, not each list)."""
        width = max(self.viewport().width(), 200)
        height = 0
        metrics = self.fontMetrics()
        for index in range(self.count()):
            text = self.item(index).text()
            lines = 0
            for part in text.split("\n"):
                lines += max(1, -(-metrics.horizontalAdvance(part) // max(width - 24, 50)))
            row_height = lines * metrics.lineSpacing() + 16
            self.item(index).setSizeHint(QSize(width - 4, row_height))
            height += row_height + 4
        self.setFixedHeight(max(height + 4, 4))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit()

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
        self.setStyleSheet(
            f"#today_{key} {{ background: #ffffff; border: 1px solid #d8dee4;"
            " border-radius: 6px; }"
        )
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
        layout.addWidget(self.list)
        self.empty = QLabel(empty)
        self.empty.setStyleSheet("color: #555555;")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        layout.addStretch(1)

    def set_items(self, items: Sequence[TodayItem]) -> None:
        overdue = sum(1 for i in items if i.overdue)
        count = f" ({len(items)})" if items else ""
        late = f" — {overdue} overdue" if overdue and overdue < len(items) else ""
        self.title.setText(self.title_text + count + late)
        self.title.setStyleSheet(f"color: {OVERDUE_COLOUR};" if overdue else "")
        self.list.set_items(items)
        self.list.setVisible(bool(items))
        self.empty.setVisible(not items)


class TodayView(QWidget):
    """The home screen: ``open_requested(family_id, area, record_id)`` when a line is
    chosen; ``loaded(n)`` after each load."""

    open_requested = Signal(str, str, str)
    caseload_requested = Signal()
    loaded = Signal(int)

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.items: tuple[TodayItem, ...] = ()
        self._token = 0
        self.is_loaded = False
        # Anything changed in a family may change what needs the worker: reload.
        self.follower = ChangeFollower(self, runner, lambda c: bool(c.families), self.reload)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        self.heading = QLabel("Today")
        self.heading.setObjectName("todayHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.heading.setFont(font)
        titles.addWidget(self.heading)
        self.summary = QLabel("Loading…")
        self.summary.setObjectName("todaySummary")
        self.summary.setWordWrap(True)
        titles.addWidget(self.summary)
        header.addLayout(titles, 1)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.reload)
        self.caseload_button = QPushButton("Open the caseload")
        self.caseload_button.clicked.connect(self.caseload_requested.emit)
        header.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.caseload_button, 0, Qt.AlignmentFlag.AlignTop)

        self.message = QLabel()
        self.message.setObjectName("todayMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(BANNER_STYLE)
        self.message.hide()

        self.sections: dict[str, Section] = {}
        grid_host = QWidget()
        grid_host.setObjectName("todayGrid")
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        positions = {
            "reviews": (0, 0),
            "visits": (1, 0),
            "actions": (0, 1),
            "drafts": (1, 1),
            "consents": (2, 1),
        }
        for key, title, _kinds, empty in SECTIONS:
            section = Section(key, title, empty)
            section.list.open_item.connect(self._open)
            self.sections[key] = section
            row, col = positions[key]
            grid.addWidget(section, row, col)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        self.scroll_area = scroll

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        self._set_heading()

    def _set_heading(self) -> None:
        day = today_date()
        self.heading.setText(f"Today, {day:%A} {day.day} {day:%B %Y}")

    # -- loading ------------------------------------------------------------------

    def reload(self) -> None:
        self._token += 1
        token = self._token
        self._set_heading()
        self.runner.run_store(
            today_service.today_items,
            self.profile,
            done=lambda items: self._loaded(token, items),
            error=lambda error: self._failed(token, error),
        )

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        self._token += 1
        self.items = ()
        self.is_loaded = False
        for section in self.sections.values():
            section.set_items([])
        self.summary.setText("")

    def _loaded(self, token: int, items: tuple[TodayItem, ...]) -> None:
        if token != self._token or not isValid(self):
            return
        self.items = items
        self.message.hide()
        for key, _title, kinds, _empty in SECTIONS:
            self.sections[key].set_items([i for i in items if i.kind in kinds])
        overdue = sum(1 for i in items if i.overdue)
        if not items:
            text = (
                f"Nothing is waiting for you, {self.profile.name.split(' ')[0]}. "
                "Your families are listed in the caseload."
            )
        else:
            text = f"{len(items)} thing{'s' if len(items) != 1 else ''} for your families"
            text += f", {overdue} overdue." if overdue else "."
            text += " Choose a line to open it."
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {OVERDUE_COLOUR}; font-weight: 600;" if overdue else "")
        self.is_loaded = True
        self.loaded.emit(len(items))

    def _failed(self, token: int, error: HearthError) -> None:
        if token != self._token or not isValid(self):
            return
        self.message.setText(error.message)
        self.message.show()

    # -- opening -------------------------------------------------------------------

    def section_items(self, key: str) -> list[TodayItem]:
        return list(self.sections[key].list.entries)

    def _open(self, item: TodayItem) -> None:
        self.open_requested.emit(item.family_id, item.area, item.record_id)

    def open_item(self, item: TodayItem) -> None:
        self._open(item)


# ---------------------------------------------------------------- the window's home


class TodayNav(QObject):
    """Today in the main window: the first area, a "Today | Caseload" bar, and
    the way from a line of Today to the family view's right tab."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.view = TodayView(window.runner, window.profile)
        window.areas.insertWidget(0, self.view)
        self.view.open_requested.connect(self.open)
        self.view.caseload_requested.connect(window.show_caseload)

        self.today_action = QAction("&Today", window)
        self.today_action.setShortcut(QKeySequence("Ctrl+T"))
        self.today_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.today_action.triggered.connect(self.show)
        window.addAction(self.today_action)
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            first = view_menu.actions()[0] if view_menu.actions() else None
            view_menu.insertAction(first, self.today_action)

        bar = QToolBar("Go to")
        bar.setObjectName("areaBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.buttons = QButtonGroup(self)
        self.today_button = QToolButton()
        self.today_button.setText("Today")
        self.today_button.setToolTip("What needs you today (Ctrl+T)")
        self.caseload_button = QToolButton()
        self.caseload_button.setText("Caseload")
        self.caseload_button.setToolTip("Every family (Ctrl+1)")
        for button in (self.today_button, self.caseload_button):
            button.setCheckable(True)
            button.setObjectName(f"nav{button.text()}")
            button.setStyleSheet(
                "QToolButton { padding: 5px 16px; font-weight: 600; border: none; }"
                " QToolButton:checked { background: #2f6690; color: white; border-radius: 4px; }"
            )
            self.buttons.addButton(button)
            bar.addWidget(button)
        self.today_button.clicked.connect(self.show)
        self.caseload_button.clicked.connect(window.show_caseload)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.bar = bar

        window.areas.currentChanged.connect(lambda _index: self._area_changed())
        window.locked_changed.connect(self._locked_changed)
        window.areas.setCurrentWidget(self.view)
        self.view.reload()
        self._area_changed()

    def show(self) -> None:
        if self.window.is_locked:
            return
        self.window.areas.setCurrentWidget(self.view)
        self.view.reload()

    def open(self, family_id: str, area: str, record_id: str) -> None:
        window = self.window
        window.open_family(family_id)
        casework = getattr(window.family_view, "casework", None)
        if casework is not None and window.areas.currentWidget() is window.family_view:
            casework.open_area(area, record_id, family_id)

    def _area_changed(self) -> None:
        current = self.window.areas.currentWidget()
        self.buttons.setExclusive(False)
        self.today_button.setChecked(current is self.view)
        self.caseload_button.setChecked(current is self.window.caseload)
        self.buttons.setExclusive(True)

    def _locked_changed(self, locked: bool) -> None:
        self.bar.setEnabled(not locked)
        self.today_action.setEnabled(not locked)
        if locked:
            self.view.clear()
        else:
            self.view.reload()
