"""The chronology: the family's timeline, built from everything recorded
(request for help, consents, assessments, level decisions, meetings, reviews,
visits, step ups and downs, closure) plus significant events the worker adds
by hand (:mod:`ui.casework.chronology_entry_dialog`).

Filter by type and by child, or show significant events only. Double-click
(or Enter) on an item opens where it came from; a hand-added event opens for
correction. Read through :func:`app.casework.chronology.build_chronology`.
"""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import chronology
from app.casework.chronology_data import (
    CHRONOLOGY_TYPES,
    Chronology,
    ChronologyEntryData,
    ChronologyFilter,
    ChronologyItem,
)
from app.dates import uk
from app.families.households import FamilyDetail
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.casework.chronology_entry_dialog import ChronologyEntryDialog, child_choices
from ui.casework.tab_pieces import muted_label, toolbar
from ui.widgets.fields import ChoiceCombo
from ui.widgets.panel import Panel
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table, select_row_where, selected_row
from ui.widgets.theme import ToneColours
from ui.wizard.form_wizard import shared_registry

TYPE_COLOURS = ToneColours({"step_change": "problem", "closure": "neutral", "event": "warning"})


def what_text(item: ChronologyItem) -> str:
    text = item.title
    if item.detail:
        text += "\n" + item.detail
    if item.impact_on_child:
        text += f"\nImpact on the child: {item.impact_on_child}"
    return text


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

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_toolbar())
        layout.addLayout(self._build_filters())
        layout.addWidget(self.message)
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        self.empty = muted_label("Nothing to show yet.")
        self.empty.setObjectName("chronologyEmpty")
        layout.addWidget(self.empty)
        self.update_buttons()

    # -- building --------------------------------------------------------------------

    def _build_toolbar(self) -> QHBoxLayout:
        """Add an event, open where an item came from, remove an added event."""
        self.add_button = QPushButton("&Add significant event…")
        self.add_button.setObjectName("addEvent")
        self.add_button.clicked.connect(self.add_event)
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openChronologyItem")
        self.open_button.setToolTip("Show where this came from")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setObjectName("removeEvent")
        self.remove_button.setToolTip("Remove an event added by hand")
        self.remove_button.clicked.connect(self.remove_selected)
        self.edit_buttons = [self.add_button, self.remove_button]
        return toolbar(self.add_button, self.open_button, self.remove_button)

    def _build_filters(self) -> QHBoxLayout:
        """Show: a type, about a child, significant events only; and how many show."""
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
        return filters

    def _build_table(self) -> QTableView:
        """The timeline, coloured by type, significant events starred."""
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
        table = rows_table(self.model)
        table.setObjectName("chronologyTable")
        table.setAccessibleName("Chronology")
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setStyleSheet("QTableView::item { padding: 4px 4px; }")
        header = table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col in (3, 4):  # a source or several children's names wrap, not squeeze the text
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, 170)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        table.doubleClicked.connect(lambda _i: self.open_selected())
        table.activated.connect(lambda _i: self.open_selected())
        return table

    # -- loading ---------------------------------------------------------------------

    def set_family(self, detail: FamilyDetail, read_only: bool) -> None:
        children = child_choices(detail.members)
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
        self.load(
            chronology.build_chronology,
            self.profile,
            self.family_id,
            self.filters(),
            self.levels,
            shared_registry(),  # dates an assessment by its form's first date field
            done=self._loaded,
            error=self.failed,
        )

    def _loaded(self, result: Chronology) -> None:
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
        return selected_row(self.table, ChronologyItem)

    def select_item(self, kind: str, record_id: str) -> bool:
        return select_row_where(
            self.table, lambda item: item.record_id == record_id and (not kind or item.type == kind)
        )

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
        shown = textwrap.shorten(item.title, 160, placeholder="…")  # on screen only
        if not self.confirm("Remove event", f"Remove “{shown}” from the chronology?"):
            return
        self.runner.run_store(
            chronology.remove_chronology_entry,
            self.profile,
            item.record_id,
            done=lambda _r: self.dialog_saved(""),
            error=self.failed,
        )
