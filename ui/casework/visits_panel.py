"""The family view's Visits tab: planned visits and records, newest first,
with the selected one's detail."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import visit_writes, visits
from app.casework.visit_data import VisitData
from app.screens.visits_screen import load_visits_screen
from app.store.caseload_store import Profile

from ui.casework.tab_pieces import muted_label, toolbar
from ui.casework.visit_dialog import VisitDialog
from ui.casework.visit_words import children_text, status_text, visit_detail_html
from ui.widgets.panel import Panel
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table, select_row_where, selected_row
from ui.widgets.theme import tint

# ---------------------------------------------------------------- the tab


class VisitsPanel(Panel):
    """The Visits tab: planned visits and records, newest first."""

    watches = frozenset({"visit", "visit_addendum", "plan_action", "person"})

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(runner, profile, parent)
        self.rows: tuple[VisitData, ...] = ()
        self.final_hours = 24
        self.is_loaded = False

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.message)
        self.table = self._build_table()
        layout.addWidget(self.table, 2)
        self.empty = muted_label(
            "No visits or contacts recorded yet. Use “Record a visit…” after a visit, phone "
            "call or meeting with the family, or “Plan a visit…” to put one in your diary."
        )
        self.empty.setObjectName("visitsEmpty")
        layout.addWidget(self.empty)
        self.detail = QTextBrowser()
        self.detail.setObjectName("visitDetail")
        self.detail.setAccessibleName("The visit")
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        layout.addWidget(self.detail, 3)
        self._selection_changed()

    # -- building -----------------------------------------------------------------------

    def _build_toolbar(self) -> QHBoxLayout:
        """Plan a visit, record one, open one, remove one."""
        self.plan_button = QPushButton("Plan a v&isit…")
        self.plan_button.setObjectName("planVisit")
        self.plan_button.clicked.connect(self.plan_visit)
        self.record_button = QPushButton("Record &a visit…")
        self.record_button.setObjectName("recordVisit")
        self.record_button.clicked.connect(self.record_visit)
        self.open_button = QPushButton("Ope&n…")
        self.open_button.setObjectName("openVisit")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setObjectName("removeVisit")
        self.remove_button.setToolTip("Remove a planned visit, or a draft recorded by mistake")
        self.remove_button.clicked.connect(self.remove_selected)
        self.edit_buttons = [self.plan_button, self.record_button, self.remove_button]
        return toolbar(self.plan_button, self.record_button, self.open_button, self.remove_button)

    def _build_table(self) -> QTableView:
        """The visits: planned ones blue, drafts amber."""
        self.model = RowsModel(
            [
                Column("When (UK time)", lambda v: v.when_text),
                Column("Type", lambda v: v.kind_label),
                Column("Status", status_text),
                Column(
                    "Adults seen",
                    lambda v: ", ".join(
                        n
                        for p, n in zip(v.seen, v.seen_names, strict=False)
                        if n and p not in {c.person_id for c in v.children_seen}
                    ),
                ),
                Column("Children", children_text),
                Column("By", lambda v: v.recorded_by),
            ],
            self,
        )
        self.model.background = lambda v: (
            tint("info") if v.planned else tint("warning") if v.is_draft else None
        )
        table = rows_table(self.model)
        table.setObjectName("visitsTable")
        table.setAccessibleName("Visits and contacts")
        header = table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        table.doubleClicked.connect(lambda _i: self.open_selected())
        table.activated.connect(lambda _i: self.open_selected())
        return table

    # -- loading ------------------------------------------------------------------------

    def clear(self) -> None:
        self.rows = ()
        self.is_loaded = False
        self.model.set_rows([])
        self.detail.clear()
        self.empty.hide()  # not "no visits" before they are known (the page says loading)

    def reload(self) -> None:
        if self.family_id is None:
            return
        self.load(
            load_visits_screen,
            self.profile,
            self.family_id,
            done=lambda result: self._loaded(*result),
            error=self.failed,
        )

    def _loaded(self, rows: tuple[VisitData, ...], hours: int) -> None:
        self.final_hours = hours
        selected = self.selected()
        self.rows = rows
        self.model.set_rows(list(rows))
        self.table.setVisible(bool(rows))
        self.detail.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if (selected is None or not self.select_visit(selected.id)) and rows:
            self.table.selectRow(0)
        self.is_loaded = True
        self._selection_changed()
        self.loaded.emit()

    def selected(self) -> VisitData | None:
        return selected_row(self.table, VisitData)

    def select_visit(self, visit_id: str) -> bool:
        return select_row_where(self.table, lambda v: v.id == visit_id)

    def _selection_changed(self) -> None:
        v = self.selected()
        self.detail.setHtml(visit_detail_html(v) if v else "")
        self.update_buttons()

    def update_buttons(self) -> None:
        editable = not self.read_only and self.family_id is not None
        v = self.selected()
        self.plan_button.setEnabled(editable)
        self.record_button.setEnabled(editable)
        self.open_button.setEnabled(v is not None)
        if v is not None and v.planned and not self.read_only:
            self.open_button.setText("Ope&n to record…")
        elif v is not None and v.is_draft and not self.read_only:
            self.open_button.setText("Ope&n or finish…")
        else:
            self.open_button.setText("Ope&n…")
        self.remove_button.setEnabled(editable and v is not None and not v.is_final)

    def open_record(self, record_id: str) -> None:
        if self.select_visit(record_id):
            self.open_selected()

    # -- actions -----------------------------------------------------------------------

    def _dialog(self, visit: VisitData | None, plan_only: bool = False) -> None:
        if not isValid(self) or self.family is None or self.dialog_open():
            return
        dialog = VisitDialog(
            self.runner,
            self.profile,
            self.family,
            visit,
            self,
            plan_only=plan_only,
            read_only=self.read_only,
            final_hours=self.final_hours,
        )
        self.open_dialog(dialog)

    def plan_visit(self) -> None:
        if not self.read_only:
            self._dialog(None, plan_only=True)

    def record_visit(self) -> None:
        if not self.read_only:
            self._dialog(None)

    def open_selected(self) -> None:
        v = self.selected()
        if v is None:
            return
        # Read it again: a draft may have become final since the list was loaded.
        self.runner.run_store(
            visits.load_visit, self.profile, v.id, done=self._dialog, error=self.failed
        )

    def remove_selected(self) -> None:
        v = self.selected()
        if v is None or self.read_only or v.is_final:
            return
        what = "planned visit" if v.planned else "draft visit record"
        if not self.confirm("Remove visit", f"Remove the {what} of {v.when_text}?"):
            return
        self.runner.run_store(
            visit_writes.remove_visit,
            self.profile,
            v.id,
            done=lambda _r: self.dialog_saved(""),
            error=self.failed,
        )
