"""The family view's Consent tab: :class:`ConsentPanel`, and the words for consent.

The panel lists the family's consents with what is in force now, and says so in one
line (``status_changed``) for the family view's header, whose badge :func:`badge`
words (styled by :data:`BADGE_STYLES`). Consents are recorded with
:class:`~ui.casework.consent_dialog.ConsentDialog` and withdrawn with
:class:`~ui.casework.withdraw_dialog.WithdrawConsentDialog`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.casework import consent, consent_data
from app.casework.consent_data import ConsentData, ConsentStatus
from app.dates import uk
from app.errors import HearthError
from app.families.households import FamilyDetail, PersonData
from app.store.caseload_store import Profile

from ui.casework.consent_dialog import ConsentDialog
from ui.casework.withdraw_dialog import WithdrawConsentDialog
from ui.widgets.panel import Panel
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table, select_row_where, selected_row
from ui.widgets.theme import ToneStyles, text_colour

STATE_LABELS = {
    "in_force": "In force",
    "partly_withdrawn": "Partly withdrawn",
    "withdrawn": "Withdrawn",
}
# The consent badge in the family view's header.
BADGE_STYLES = ToneStyles({"assess": "success", "partial": "warning", "none": "problem"})


def badge(status: ConsentStatus | None) -> tuple[str, str, str]:
    """The header badge's text, tone and tooltip for a family's consent."""
    if status is None:
        return ("Consent: checking…", "partial", "")
    if status.can_assess:
        return ("Consent to assess ✓", "assess", status.summary)
    if (
        status.any_recorded
        and not status.all_withdrawn
        and (status.share_agencies or status.refer_services)
    ):
        return ("Consent: no assessing", "partial", status.summary)
    if status.all_withdrawn:
        return ("Consent withdrawn", "none", status.summary)
    return ("No consent recorded", "none", "Record the family's consent before assessing.")


def consent_state_text(record: ConsentData) -> str:
    state = STATE_LABELS.get(record.state, record.state)
    if record.withdrawals and record.withdrawn_on:
        state += f" ({uk(record.withdrawn_on)})"
    if record.state == "partly_withdrawn":
        left = consent_data.scope_words(record.assess_now, record.share_now, record.refer_now)
        state += f": still {left}" if left else ""
    return state


class ConsentPanel(Panel):
    """The family's consents: what is in force now, and every record (withdrawn ones too)."""

    status_changed = Signal(object)  # ConsentStatus
    watches = frozenset({"consent", "consent_withdrawal", "person", "agency_involvement"})
    eager = True  # its status is the header's consent badge and the assessments' gate

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(runner, profile, parent)
        self.members: tuple[PersonData, ...] = ()
        self.agencies: tuple[str, ...] = ()
        self.status: ConsentStatus | None = None

        layout = QVBoxLayout(self)
        self.summary = self._build_summary()
        layout.addWidget(self.summary)
        self.message.setObjectName("consentMessage")
        layout.addWidget(self.message)
        layout.addLayout(self._build_toolbar())
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        self.detail = self._build_detail()
        layout.addWidget(self.detail)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.update_buttons()

    # -- building -------------------------------------------------------------------

    @staticmethod
    def _build_summary() -> QLabel:
        """What is in force now, in one line, a little larger than the rest."""
        summary = QLabel("Loading…")
        summary.setObjectName("consentSummary")
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        font = summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        summary.setFont(font)
        return summary

    def _build_toolbar(self) -> QHBoxLayout:
        """Record and Withdraw."""
        bar = QHBoxLayout()
        self.record_button = QPushButton("&Record consent…")
        self.record_button.setObjectName("recordConsent")
        self.record_button.clicked.connect(lambda: self.record_consent())
        self.withdraw_button = QPushButton("&Withdraw…")
        self.withdraw_button.setObjectName("withdrawConsent")
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        bar.addWidget(self.record_button)
        bar.addWidget(self.withdraw_button)
        # What changes consent: disabled while the family is closed.
        self.edit_buttons: list[QWidget] = [self.record_button, self.withdraw_button]
        bar.addStretch(1)
        return bar

    def _build_table(self) -> QTableView:
        """Every consent: when, who, what it covers, how, who took it, and what is left."""
        self.model = RowsModel(
            [
                Column("Given on", lambda c: uk(c.given_on)),
                Column("Given by", lambda c: c.given_by_name),
                Column("Covers", lambda c: c.scope_text()),
                Column("How", lambda c: c.method_label),
                Column("Taken by", lambda c: c.taken_by),
                Column("Now", consent_state_text),
            ],
            self,
        )
        self.model.foreground = lambda c: text_colour("error") if c.state == "withdrawn" else None
        table = rows_table(self.model)
        table.setObjectName("consentTable")
        table.setAccessibleName("Consents")
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.selectionModel().selectionChanged.connect(self.update_buttons)
        table.doubleClicked.connect(lambda _index: self._show_detail())
        return table

    @staticmethod
    def _build_detail() -> QLabel:
        """The selected consent in full, withdrawals included (hidden until one is chosen)."""
        detail = QLabel()
        detail.setObjectName("consentDetail")
        detail.setWordWrap(True)
        detail.setTextFormat(Qt.TextFormat.PlainText)
        detail.setFrameShape(QFrame.Shape.StyledPanel)
        detail.setStyleSheet("padding: 6px;")
        detail.hide()
        return detail

    # -- loading ------------------------------------------------------------------

    def set_family(self, detail: FamilyDetail, read_only: bool) -> None:
        """Show a family's consents (loads in the background for a new family)."""
        self.members = tuple(detail.members)
        self.agencies = tuple(dict.fromkeys(a.agency for a in detail.agencies))
        super().set_family(detail, read_only)

    def clear(self) -> None:
        self.status = None
        self.model.set_rows([])
        self.summary.setText("Loading…")

    def reload(self) -> None:
        if self.family_id is None:
            return
        self.load(
            consent.current_consent,
            self.family_id,
            done=self._loaded,
            error=self._failed,
        )

    def _loaded(self, status: ConsentStatus) -> None:
        self.status = status
        self.model.set_rows(list(status.consents))
        self.table.resizeRowsToContents()
        text = status.summary
        if not status.can_assess:
            text += ". An assessment needs consent to assess first."
        self.summary.setText(text)
        self.message.hide()
        self.update_buttons()
        self._show_detail()
        self.is_loaded = True
        self.status_changed.emit(status)
        self.loaded.emit()

    def _failed(self, error: HearthError) -> None:
        self.show_message(error.message)

    # -- selection ------------------------------------------------------------------

    def selected(self) -> ConsentData | None:
        return selected_row(self.table, ConsentData)

    def select_consent(self, consent_id: str) -> None:
        select_row_where(self.table, lambda record: record.id == consent_id)

    def update_buttons(self, *_args: Any) -> None:
        record = self.selected()
        self.record_button.setEnabled(self.family_id is not None and not self.read_only)
        self.withdraw_button.setEnabled(record is not None and record.state != "withdrawn")

    def _show_detail(self) -> None:
        record = self.selected()
        if record is None:
            self.detail.hide()
            return
        lines = [
            (
                f"Given by {record.given_by_name} on {uk(record.given_on)} "
                f"({record.method_label.lower()}), taken by {record.taken_by}."
            ),
            f"Covers: {record.scope_text() or 'nothing'}.",
        ]
        if record.capacity_note:
            lines.append(f"Capacity: {record.capacity_note}")
        if record.notes:
            lines.append(f"Notes: {record.notes}")
        for w in record.withdrawals:
            what = (
                "all of it"
                if w.all_of_it
                else consent_data.scope_words(w.assess, w.share_agencies, w.refer_services)
            )
            lines.append(
                f"Withdrawn on {uk(w.withdrawn_on)} by {w.withdrawn_by}: {what}"
                + (f". {w.notes}" if w.notes else ".")
            )
        self.detail.setText("\n".join(lines))
        self.detail.show()

    # -- actions ------------------------------------------------------------------

    def record_consent(self, *, assess_first: bool = False) -> ConsentDialog | None:
        """Open the dialog to record a consent (ticking "to assess" when asked)."""
        if self.family_id is None or self.dialog_open():
            return None
        dialog = ConsentDialog(
            self.runner,
            self.profile,
            self.family_id,
            self.members,
            self.agencies,
            self,
            assess_first=assess_first,
        )
        self.open_dialog(dialog)
        return dialog

    def withdraw_selected(self) -> WithdrawConsentDialog | None:
        record = self.selected()
        if record is None or record.state == "withdrawn" or self.dialog_open():
            return None
        dialog = WithdrawConsentDialog(self.runner, self.profile, record, self)
        self.open_dialog(dialog)
        return dialog
