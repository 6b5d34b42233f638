"""The family view's Oversight tab: every supervision of the case, newest first, with
the selected one in full; team leads and administrators record a new one."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QHeaderView, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.casework.supervision import SUPERVISING_ROLES, SupervisionData, list_supervisions
from app.dates import uk
from app.store.caseload_store import Profile

from ui.casework.supervision_dialog import SupervisionDialog
from ui.casework.tab_pieces import muted_label, overdue_colour, toolbar
from ui.widgets.panel import Panel
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table, select_row_where, selected_row


def supervision_html(s: SupervisionData) -> str:
    actions = "".join(
        f"<li>{escape(a.text)}: {escape(a.owner)}"
        + (f", by {uk(a.due_on)}" if a.due_on else "") + "</li>"
        for a in s.actions
    )
    parts = [
        f"<h3 style='margin:0'>Supervision on {uk(s.held_on)} by {escape(s.supervisor)}</h3>",
        f"<p><b>Discussion</b><br>{escape(s.discussion).replace(chr(10), '<br>')}</p>",
        f"<p><b>Decisions</b><br>{escape(s.decisions).replace(chr(10), '<br>') or '—'}</p>",
        f"<p><b>Actions</b></p><ul>{actions}</ul>" if actions else "",
        f"<p><b>Next supervision due:</b> {uk(s.next_due_on) or 'not set'}</p>",
    ]
    return "".join(parts)


class SupervisionPanel(Panel):
    """The Oversight tab."""

    watches = frozenset({"supervision"})

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(runner, profile, parent)
        self.rows: tuple[SupervisionData, ...] = ()
        self.record_button = QPushButton("Record supervision…")
        self.record_button.setObjectName("recordSupervision")
        self.record_button.clicked.connect(lambda _checked=False: self.record())
        self.record_button.setVisible(profile.role in SUPERVISING_ROLES)
        self.edit_buttons = [self.record_button]
        self.model = RowsModel(
            [
                Column("Date", lambda s: uk(s.held_on)),
                Column("By", lambda s: s.supervisor),
                Column("Decisions", lambda s: s.decisions.split("\n")[0]),
                Column("Next due", lambda s: uk(s.next_due_on) or "—"),
            ],
            self,
        )
        self.model.foreground = lambda s: overdue_colour() if s is self._latest_overdue() else None
        self.table = rows_table(self.model)
        self.table.setObjectName("supervisionTable")
        # The decisions take the room there is, not a few letters and an ellipsis.
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.detail = QTextBrowser()
        self.detail.setObjectName("supervisionDetail")
        self.detail.setAccessibleName("The supervision record")
        self.empty = muted_label("No supervision of this case is recorded yet.")
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar(self.record_button))
        layout.addWidget(self.message)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail, 1)
        layout.addStretch(0)  # takes the room only while the table and record are hidden

    def _latest_overdue(self) -> SupervisionData | None:
        latest = self.rows[0] if self.rows else None
        return latest if latest is not None and latest.overdue else None

    def clear(self) -> None:
        self.rows = ()
        self.model.set_rows([])
        self.detail.clear()
        self.empty.hide()  # not "none recorded" before they are known (the page says loading)

    def reload(self) -> None:
        if self.family_id is not None:
            self.load(list_supervisions, self.profile, self.family_id, done=self._loaded)

    def _loaded(self, rows: tuple[SupervisionData, ...]) -> None:
        self.rows = rows
        self.model.set_rows(list(rows))
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.detail.setVisible(bool(rows))  # no empty white box under the empty words
        if rows and selected_row(self.table, SupervisionData) is None:
            self.table.selectRow(0)
        self._show_selected()
        self.is_loaded = True
        self.update_buttons()
        self.loaded.emit()

    def _show_selected(self) -> None:
        chosen = selected_row(self.table, SupervisionData)
        self.detail.setHtml(supervision_html(chosen) if chosen else "")

    def record(self) -> None:
        if self.read_only or self.family is None or self.dialog_open():
            return
        self.open_dialog(SupervisionDialog(self.runner, self.profile, self.family, self))

    def open_record(self, record_id: str) -> None:
        select_row_where(self.table, lambda s: s.id == record_id)
