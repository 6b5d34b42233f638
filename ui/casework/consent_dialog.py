"""Consent: recording it, withdrawing it, and the family view's Consent tab.

- :class:`ConsentDialog` records a consent: who gave it (a parent/carer, or a
  young person with capacity), what it covers (to assess; to share with named
  agencies, ticked from the family's agencies; to refer on to named services),
  how it was given, when, and who took it.
- :class:`WithdrawConsentDialog` withdraws all or part of one. The consent
  stays on record, marked withdrawn.
- :class:`ConsentPanel` lists the family's consents with what is in force now,
  and says so in one line (``status_changed``) for the family view's header.

Everything is saved through :mod:`app.casework.consent` on the store's thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.casework import consent, consent_data, consent_writes
from app.casework.consent_data import (
    CONSENT_GIVER_ROLES,
    CONSENT_METHODS,
    ConsentData,
    ConsentRequest,
    ConsentStatus,
    WithdrawalRequest,
)
from app.dates import today, uk
from app.errors import HearthError, ValidationFailed
from app.families.households import FamilyDetail, PersonData
from app.store.caseload_store import Profile

from ui.widgets.fields import HINT_STYLE, ChoiceCombo, DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.panel import Panel
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table

SOMEONE_ELSE = ""
STATE_LABELS = {
    "in_force": "In force",
    "partly_withdrawn": "Partly withdrawn",
    "withdrawn": "Withdrawn",
}
# The consent badge in the family view's header.
BADGE_STYLES = {
    "assess": "background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7;",
    "partial": "background: #fff4e0; color: #5c3a00; border: 1px solid #f0c987;",
    "none": "background: #fdecea; color: #8a1c1c; border: 1px solid #ef9a9a;",
}


def person_label(person: PersonData) -> str:
    role = {
        "parent_carer": "parent or carer",
        "significant_adult": "adult",
        "child": "young person",
    }
    return f"{person.full_name} ({role.get(person.role, person.role)})"


def split_names(text: str) -> tuple[str, ...]:
    """Service names typed one per line or separated by commas or semicolons."""
    names: list[str] = []
    for part in re.split(r"[,;\n]", text):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return tuple(names)


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


# ---------------------------------------------------------------- recording


class ConsentDialog(FormDialog):
    """Record a family's consent; ``saved`` carries the new consent's id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family_id: str,
        members: Sequence[PersonData],
        agencies: Sequence[str],
        parent: QWidget | None = None,
        *,
        assess_first: bool = False,
    ) -> None:
        super().__init__(runner, "Record consent", parent)
        self.profile = profile
        self.family_id = family_id
        self.members = [m for m in members if m.id and m.role in CONSENT_GIVER_ROLES]
        self.agencies = list(dict.fromkeys(agencies))
        self.setMinimumWidth(640)

        intro = QLabel(
            "Record what the family has agreed to. Consent can be withdrawn at any time; "
            "the record is kept either way."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)

        form = self.new_form()
        choices = {m.id or "": person_label(m) for m in self.members}
        self.giver = ChoiceCombo(choices, blank="Someone not in the household record")
        self.add_row(form, "given_by_person_id", "Given by", self.giver)
        self.giver_name = QLineEdit()
        self.giver_name.setPlaceholderText("Their name, as they gave it")
        self.add_row(
            form,
            "given_by_name",
            "Name",
            self.giver_name,
            "Filled in from the household record; change it if they gave another name.",
        )
        self.capacity = QPlainTextEdit()
        self.capacity.setTabChangesFocus(True)
        self.capacity.setFixedHeight(64)
        self.add_row(
            form,
            "capacity_note",
            "Capacity",
            self.capacity,
            "A young person giving their own consent: why they have the capacity to.",
        )

        self.assess = QCheckBox("To assess the family's needs")
        self.assess.setToolTip("An early help assessment and the other assessment tools")
        self.assess.setChecked(assess_first)
        self.add_row(form, "scope", "Covers", self.assess)
        self.agency_boxes: dict[str, QCheckBox] = {}
        agency_box = QWidget()
        grid = QGridLayout(agency_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(self.agencies):
            box = QCheckBox(name)
            box.setObjectName(f"share_{index}")
            self.agency_boxes[name] = box
            grid.addWidget(box, index // 2, index % 2)
        if not self.agencies:
            none = QLabel(
                "No agencies are recorded for this family yet. Add them on the "
                "“Agencies involved” tab to record consent to share with them."
            )
            none.setWordWrap(True)
            none.setStyleSheet(HINT_STYLE)
            grid.addWidget(none, 0, 0)
        self.add_row(form, "share_agencies", "Share information with", agency_box)
        self.services = QLineEdit()
        self.services.setPlaceholderText("For example: Young carers service, Parenting course")
        self.add_row(
            form,
            "refer_services",
            "Refer on to",
            self.services,
            "Services the family agrees to be referred to, separated by commas.",
        )

        self.method = ChoiceCombo(CONSENT_METHODS, blank="Choose…")
        self.add_row(form, "method", "How it was given", self.method)
        self.given_on = DateField(today())
        self.add_row(form, "given_on", "Date given", self.given_on)
        self.taken_by = QLineEdit(profile.name)
        self.add_row(form, "taken_by", "Taken by", self.taken_by)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.add_row(form, "notes", "Notes", self.notes)

        # The form scrolls rather than squeezing its rows when messages appear
        # on a small screen.
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setObjectName("consentForm")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.scroll_area = scroll
        self._form = form
        self._form_body = body
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.save_button.setText("Save")

        self.giver.currentIndexChanged.connect(self._giver_changed)
        self._giver_changed()
        self.resize(680, min(body.sizeHint().height() + 150, 700))

    def _giver(self) -> PersonData | None:
        code = self.giver.code()
        return next((m for m in self.members if m.id == code), None)

    def _giver_changed(self, *_args: Any) -> None:
        person = self._giver()
        if person is not None:
            self.giver_name.setText(person.full_name)
        self.set_row_visible("capacity_note", person is not None and person.role == "child")
        if hasattr(self, "_form_body"):
            self.adjustSize()

    def adjustSize(self) -> None:  # noqa: N802 - Qt's name
        """Keep the size the worker sees; the form scrolls instead (see __init__).
        Rows that appeared or grew (messages) get their height back."""
        body = self._form_body
        self._form.invalidate()
        # QFormLayout under-reports its height for wrapped messages: ask for the
        # (narrower, so taller) size hint as the minimum, and scroll.
        body.setMinimumHeight(body.sizeHint().height())

    def choose_giver(self, person_id: str) -> None:
        self.giver.set_code(person_id)

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        given_on = self.read_date("given_on", problems)
        if given_on is None and "given_on" not in problems:
            problems["given_on"] = "Enter the date consent was given."
        if problems:
            raise ValidationFailed(problems)
        assert given_on is not None
        person = self._giver()
        request = ConsentRequest(
            family_id=self.family_id,
            given_by_person_id=person.id if person is not None else None,
            given_by_name=self.giver_name.text(),
            method=self.method.code(),
            given_on=given_on,
            scope_assess=self.assess.isChecked(),
            share_agencies=tuple(n for n, box in self.agency_boxes.items() if box.isChecked()),
            refer_services=split_names(self.services.text()),
            capacity_note=self.capacity.toPlainText() if person and person.role == "child" else "",
            taken_by=self.taken_by.text(),
            notes=self.notes.toPlainText(),
        )
        return consent_writes.record_consent, (self.profile, request)

    def result_id(self, result: Any) -> str:
        return str(result.id)


# ---------------------------------------------------------------- withdrawing


class WithdrawConsentDialog(FormDialog):
    """Withdraw all of a consent, or the parts ticked; ``saved`` carries its id."""

    def __init__(
        self, runner: Any, profile: Profile, record: ConsentData, parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, "Withdraw consent", parent)
        self.profile = profile
        self.record = record
        self.setMinimumWidth(600)

        intro = QLabel(
            f"Consent given by {record.given_by_name} on {uk(record.given_on)} "
            f"({record.method_label.lower()}). The record is kept and shown as withdrawn."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)

        form = self.new_form()
        self.withdrawn_on = DateField(today())
        self.add_row(form, "withdrawn_on", "Date withdrawn", self.withdrawn_on)
        self.withdrawn_by = QLineEdit(record.given_by_name)
        self.add_row(form, "withdrawn_by", "Withdrawn by", self.withdrawn_by)

        scope = QWidget()
        column = QVBoxLayout(scope)
        column.setContentsMargins(0, 0, 0, 0)
        self.all_of_it = QRadioButton("All of it")
        self.part = QRadioButton("Only part of it:")
        group = QButtonGroup(self)
        group.addButton(self.all_of_it)
        group.addButton(self.part)
        self.all_of_it.setChecked(True)
        column.addWidget(self.all_of_it)
        column.addWidget(self.part)
        self.part_boxes: list[tuple[str, str, QCheckBox]] = []
        parts = QVBoxLayout()
        parts.setContentsMargins(24, 0, 0, 0)
        if record.assess_now:
            self._part(parts, "assess", "", "To assess")
        for name in record.share_now:
            self._part(parts, "share", name, f"To share with {name}")
        for name in record.refer_now:
            self._part(parts, "refer", name, f"To refer to {name}")
        column.addLayout(parts)
        self.add_row(form, "scope", "What is withdrawn", scope)
        self.part.toggled.connect(self._scope_changed)
        self._scope_changed()

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.add_row(form, "notes", "Notes", self.notes, "For example what the family said.")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.save_button.setText("Withdraw")

    def _part(self, layout: QVBoxLayout, kind: str, name: str, text: str) -> None:
        box = QCheckBox(text)
        box.setObjectName(f"withdraw_{kind}_{len(self.part_boxes)}")
        layout.addWidget(box)
        self.part_boxes.append((kind, name, box))

    def _scope_changed(self, *_args: Any) -> None:
        for _kind, _name, box in self.part_boxes:
            box.setEnabled(self.part.isChecked())

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        self.save_button.setText("Withdrawing…" if saving else "Withdraw")

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        withdrawn_on = self.read_date("withdrawn_on", problems)
        if withdrawn_on is None and "withdrawn_on" not in problems:
            problems["withdrawn_on"] = "Enter the date consent was withdrawn."
        if problems:
            raise ValidationFailed(problems)
        assert withdrawn_on is not None
        chosen = [(kind, name) for kind, name, box in self.part_boxes if box.isChecked()]
        request = WithdrawalRequest(
            consent_id=self.record.id,
            withdrawn_on=withdrawn_on,
            withdrawn_by=self.withdrawn_by.text(),
            all_of_it=self.all_of_it.isChecked(),
            assess=("assess", "") in chosen,
            share_agencies=tuple(name for kind, name in chosen if kind == "share"),
            refer_services=tuple(name for kind, name in chosen if kind == "refer"),
            notes=self.notes.toPlainText(),
        )
        return consent_writes.withdraw_consent, (self.profile, request)

    def result_id(self, result: Any) -> str:
        return str(result.id)


# ---------------------------------------------------------------- the Consent tab


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
        self.summary = QLabel("Loading…")
        self.summary.setObjectName("consentSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)

        self.message.setObjectName("consentMessage")
        layout.addWidget(self.message)

        bar = QHBoxLayout()
        self.record_button = QPushButton("Record consent…")
        self.record_button.setObjectName("recordConsent")
        self.record_button.clicked.connect(lambda: self.record_consent())
        self.withdraw_button = QPushButton("Withdraw…")
        self.withdraw_button.setObjectName("withdrawConsent")
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        bar.addWidget(self.record_button)
        bar.addWidget(self.withdraw_button)
        # What changes consent: disabled while the family is closed.
        self.edit_buttons: list[QWidget] = [self.record_button, self.withdraw_button]
        bar.addStretch(1)
        layout.addLayout(bar)

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
        self.model.foreground = lambda c: "#8a1c1c" if c.state == "withdrawn" else None
        self.table = rows_table(self.model)
        self.table.setObjectName("consentTable")
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)
        self.table.doubleClicked.connect(lambda _index: self._show_detail())
        layout.addWidget(self.table, 1)

        self.detail = QLabel()
        self.detail.setObjectName("consentDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        self.detail.setStyleSheet("padding: 6px;")
        self.detail.hide()
        layout.addWidget(self.detail)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.update_buttons()

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
        token = self.next_token()
        self.runner.run_store(
            consent.current_consent,
            self.family_id,
            done=lambda status: self._loaded(token, status),
            error=lambda error: self._failed(token, error),
        )

    def _loaded(self, token: int, status: ConsentStatus) -> None:
        if not self.is_current(token):
            return  # a newer load is on its way, or the view has gone
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

    def _failed(self, token: int, error: HearthError) -> None:
        if self.is_current(token):
            self.show_message(error.message)

    # -- selection ------------------------------------------------------------------

    def selected(self) -> ConsentData | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_consent(self, consent_id: str) -> None:
        for row, record in enumerate(self.model.rows):
            if record.id == consent_id:
                self.table.selectRow(row)
                return

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
