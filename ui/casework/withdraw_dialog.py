"""Withdrawing a consent: :class:`WithdrawConsentDialog`.

All of it, or only the parts ticked. The consent stays on record, marked withdrawn.
Saved through :mod:`app.casework.consent_writes` on the store's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.casework import consent_writes
from app.casework.consent_data import ConsentData, WithdrawalRequest
from app.dates import today, uk
from app.errors import ValidationFailed
from app.store.caseload_store import Profile

from ui.widgets.fields import DateField, hint_style, lines_high
from ui.widgets.form_dialog import FormDialog


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
        intro.setStyleSheet(hint_style())

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
        # Neither chosen at first: withdrawing is a decision, never a stray Enter.
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
        self.notes.setFixedHeight(lines_high(self.notes, 64))
        self.add_row(form, "notes", "Notes", self.notes, "For example what the family said.")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.save_button.setText("&Withdraw")

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
        self.save_button.setText("Withdrawing…" if saving else "&Withdraw")

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        withdrawn_on = self.read_date("withdrawn_on", problems)
        if withdrawn_on is None and "withdrawn_on" not in problems:
            problems["withdrawn_on"] = "Enter the date consent was withdrawn."
        if not self.all_of_it.isChecked() and not self.part.isChecked():
            problems["scope"] = "Choose whether all of the consent is withdrawn, or only part."
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
