"""The chronology: the family's timeline, built from everything recorded
(request for help, consents, assessments, level decisions, meetings, reviews,
visits, step ups and downs, closure) plus significant events the worker adds
by hand.

Filter by type and by child, or show significant events only. Double-click
(or Enter) on an item opens where it came from; a hand-added event opens for
correction. Read through :func:`app.casework.chronology.build_chronology`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import chronology
from app.casework.chronology_data import (
    CHRONOLOGY_TYPES,
    Chronology,
    ChronologyEntryData,
    ChronologyEntryRequest,
    ChronologyFilter,
    ChronologyItem,
)
from app.dates import today, uk
from app.errors import ValidationFailed
from app.families.households import FamilyDetail
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.casework.tab_pieces import muted_label, toolbar
from ui.widgets.fields import HINT_STYLE, ChoiceCombo, DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.panel import Panel
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table

ALL = ""
TYPE_COLOURS = {
    "step_change": ("#fdecea", "#8a1c1c"),
    "closure": ("#eceff1", "#263238"),
    "event": ("#fff8e1", None),
}


def what_text(item: ChronologyItem) -> str:
    text = item.title
    if item.detail:
        text += "\n" + item.detail
    if item.impact_on_child:
        text += f"\nImpact on the child: {item.impact_on_child}"
    return text


# ---------------------------------------------------------------- the entry dialog


class ChronologyEntryDialog(FormDialog):
    """Add (or correct) a significant event by hand; ``saved`` carries its id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family: FamilyDetail,
        entry: ChronologyEntryData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "Correct an event" if entry else "Add a significant event", parent)
        self.profile = profile
        self.family = family
        self.entry = entry
        self.setMinimumWidth(620)
        intro = QLabel(
            "Something that happened to the family or the child that the chronology should "
            "show, even if it is not recorded elsewhere: a move, an incident, a new baby, a "
            "school exclusion."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        form = self.new_form()
        self.occurred_on = DateField(today())
        self.add_row(form, "occurred_on", "Date", self.occurred_on)
        self.event_text = QPlainTextEdit()
        self.event_text.setTabChangesFocus(True)
        self.event_text.setFixedHeight(80)
        self.event_text.setPlaceholderText("What happened, in plain words.")
        self.add_row(form, "event", "What happened", self.event_text)
        self.source = QLineEdit()
        self.source.setPlaceholderText("For example: School (Head of Year), Police notification")
        self.add_row(form, "source", "Source", self.source)
        self.impact = QPlainTextEdit()
        self.impact.setTabChangesFocus(True)
        self.impact.setFixedHeight(70)
        self.impact.setPlaceholderText("What it meant for the child.")
        self.add_row(form, "impact_on_child", "Impact on the child", self.impact)
        children = {
            m.id or "": m.full_name or "Unborn baby"
            for m in family.members
            if m.role in ("child", "unborn") and m.id
        }
        self.child = ChoiceCombo(children, blank="The whole family")
        self.add_row(form, "child_person_id", "About", self.child)
        self.significant = QCheckBox("A significant event (shown in the significant-only view)")
        self.significant.setChecked(True)
        self.add_row(form, "significant", "", self.significant)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if entry is not None:
            self.occurred_on.set_date(entry.occurred_on)
            self.event_text.setPlainText(entry.event)
            self.source.setText(entry.source)
            self.impact.setPlainText(entry.impact_on_child)
            if entry.child_person_id:
                self.child.set_code(entry.child_person_id)
            self.significant.setChecked(entry.significant)
        self.save_button.setText("Save event")
        self.event_text.setFocus()

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        occurred_on = self.read_date("occurred_on", problems)
        if occurred_on is None and "occurred_on" not in problems:
            problems["occurred_on"] = "Enter the date it happened."
        if not self.event_text.toPlainText().strip():
            problems["event"] = "Say what happened."
        if problems:
            raise ValidationFailed(problems)
        assert occurred_on is not None
        family_id = self.family.family.id
        assert family_id is not None
        return chronology.save_chronology_entry, (
            self.profile,
            ChronologyEntryRequest(
                family_id=family_id,
                occurred_on=occurred_on,
                event=self.event_text.toPlainText(),
                source=self.source.text(),
                impact_on_child=self.impact.toPlainText(),
                significant=self.significant.isChecked(),
                child_person_id=self.child.code() or None,
                id=self.entry.id if self.entry else None,
            ),
        )

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText("Save event")

    def result_id(self, result: Any) -> str:
        return str(result.id)


# ---------------------------------------------------------------- the tab


class ChronologyView(Panel):
    """The Chronology tab. ``open_requested(area, record_id)`` asks the family
    view to show where an item came from."""

    open_requested = Signal(str, str)

    def __init__(
        self, runner: Any, profile: Profile, levels: LevelsOfNeed, parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, profile, parent)
        self.levels = levels
        self.chronology: Chronology | None = None
        self.is_loaded = False

        self.add_button = QPushButton("Add significant event…")
        self.add_button.setObjectName("addEvent")
        self.add_button.clicked.connect(self.add_event)
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openChronologyItem")
        self.open_button.setToolTip("Show where this came from")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeEvent")
        self.remove_button.setToolTip("Remove an event added by hand")
        self.remove_button.clicked.connect(self.remove_selected)
        self.edit_buttons = [self.add_button, self.remove_button]

        self.type_filter = ChoiceCombo(CHRONOLOGY_TYPES, blank="Every type")
        self.type_filter.setObjectName("typeFilter")
        self.type_filter.setAccessibleName("Type")
        self.child_filter = ChoiceCombo({}, blank="Every child")
        self.child_filter.setObjectName("childFilter")
        self.child_filter.setAccessibleName("Child")
        self.child_filter.setMinimumContentsLength(16)
        self.significant_only = QCheckBox("Significant events only")
        self.significant_only.setObjectName("significantOnly")
        for widget in (self.type_filter, self.child_filter):
            widget.currentIndexChanged.connect(lambda _i: self.reload())
        self.significant_only.toggled.connect(lambda _on: self.reload())

        layout = QVBoxLayout(self)
        bar = toolbar(self.add_button, self.open_button, self.remove_button)
        layout.addLayout(bar)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        filters.addWidget(self.type_filter)
        filters.addWidget(QLabel("about"))
        filters.addWidget(self.child_filter)
        filters.addSpacing(12)
        filters.addWidget(self.significant_only)
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("chronologyCount")
        filters.addWidget(self.count_label)
        layout.addLayout(filters)
        layout.addWidget(self.message)

        self.model = RowsModel(
            [
                Column("Date", lambda i: uk(i.date) + (f"\n{i.time}" if i.time else "")),
                Column("Type", lambda i: i.type_label),
                Column("What happened", what_text),
                Column("Source", lambda i: i.source),
                Column("About", lambda i: i.child or "Whole family"),
                Column(
                    "",
                    lambda i: "★" if i.significant else "",
                    tooltip=lambda i: "Significant" if i.significant else "",
                ),
            ],
            self,
        )
        self.model.background = lambda i: TYPE_COLOURS.get(i.type, (None, None))[0]
        self.model.foreground = lambda i: TYPE_COLOURS.get(i.type, (None, None))[1]
        self.table = rows_table(self.model)
        self.table.setObjectName("chronologyTable")
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setStyleSheet("QTableView::item { padding: 4px 4px; }")
        header = self.table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 170)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        self.empty = muted_label("Nothing to show yet.")
        self.empty.setObjectName("chronologyEmpty")
        layout.addWidget(self.empty)
        self.update_buttons()

    # -- loading ---------------------------------------------------------------------

    def set_family(self, detail: FamilyDetail, read_only: bool) -> None:
        children = {
            m.id or "": m.full_name or "Unborn baby"
            for m in detail.members
            if m.role in ("child", "unborn") and m.id
        }
        current = self.child_filter.code() if detail.family.id == self.family_id else ""
        self.child_filter.blockSignals(True)
        self.child_filter.clear()
        self.child_filter.addItem("Every child", "")
        for code, name in children.items():
            self.child_filter.addItem(name, code)
        index = self.child_filter.findData(current)
        self.child_filter.setCurrentIndex(max(index, 0))
        self.child_filter.blockSignals(False)
        if detail.family.id != self.family_id:
            self.type_filter.blockSignals(True)
            self.type_filter.setCurrentIndex(0)
            self.type_filter.blockSignals(False)
            self.significant_only.blockSignals(True)
            self.significant_only.setChecked(False)
            self.significant_only.blockSignals(False)
        super().set_family(detail, read_only)

    def clear(self) -> None:
        self.chronology = None
        self.is_loaded = False
        self.model.set_rows([])
        self.count_label.setText("Loading…")

    def filters(self) -> ChronologyFilter:
        kind = self.type_filter.code()
        return ChronologyFilter(
            types=frozenset({kind}) if kind else None,
            child_person_id=self.child_filter.code() or None,
            significant_only=self.significant_only.isChecked(),
        )

    def reload(self) -> None:
        if self.family_id is None:
            return
        token = self.next_token()
        self.runner.run_store(
            chronology.build_chronology,
            self.profile,
            self.family_id,
            self.filters(),
            self.levels,
            done=lambda result: self._loaded(token, result),
            error=self.failed,
        )

    def _loaded(self, token: int, result: Chronology) -> None:
        if not self.is_current(token):
            return
        selected = self.selected()
        self.chronology = result
        self.model.set_rows(list(result.items))
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(result.items))
        self.empty.setVisible(not result.items)
        filtered = result.filters != ChronologyFilter()
        self.empty.setText(
            "Nothing matches these filters."
            if filtered
            else "Nothing is recorded for this family yet."
        )
        count = len(result.items)
        self.count_label.setText(f"{count} item{'s' if count != 1 else ''}")
        if selected is not None:
            self.select_item(selected.type, selected.record_id)
        self.is_loaded = True
        self.update_buttons()
        self.loaded.emit()

    # -- selection ----------------------------------------------------------------------

    def selected(self) -> ChronologyItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_item(self, kind: str, record_id: str) -> bool:
        for row, item in enumerate(self.model.rows):
            if item.record_id == record_id and (not kind or item.type == kind):
                self.table.selectRow(row)
                return True
        return False

    def update_buttons(self) -> None:
        item = self.selected()
        self.add_button.setEnabled(not self.read_only and self.family_id is not None)
        self.remove_button.setEnabled(
            not self.read_only and item is not None and item.type == "event"
        )
        self.open_button.setEnabled(item is not None and bool(item.area))

    def open_record(self, record_id: str) -> None:
        self.select_item("", record_id)

    # -- actions --------------------------------------------------------------------------

    def add_event(self) -> None:
        if self.read_only or self.family is None or self.dialog_open():
            return
        self.open_dialog(ChronologyEntryDialog(self.runner, self.profile, self.family, None, self))

    def open_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.type == "event":
            if self.read_only or self.family is None:
                return
            self.runner.run_store(
                chronology.list_chronology_entries,
                self.profile,
                self.family_id,
                done=lambda entries: self._edit_entry(entries, item.record_id),
                error=self.failed,
            )
            return
        if item.area:
            self.open_requested.emit(item.area, item.record_id)

    def _edit_entry(self, entries: tuple[ChronologyEntryData, ...], entry_id: str) -> None:
        if not isValid(self):
            return
        entry = next((e for e in entries if e.id == entry_id), None)
        if entry is None or self.family is None or self.dialog_open():
            return
        self.open_dialog(ChronologyEntryDialog(self.runner, self.profile, self.family, entry, self))

    def remove_selected(self) -> None:
        item = self.selected()
        if item is None or item.type != "event" or self.read_only:
            return
        if not self.confirm("Remove event", f"Remove “{item.title}” from the chronology?"):
            return
        self.runner.run_store(
            chronology.remove_chronology_entry,
            self.profile,
            item.record_id,
            done=lambda _r: self.dialog_saved(""),
            error=self.failed,
        )
