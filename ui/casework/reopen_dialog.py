"""Reopening a closed case: :class:`ReopenDialog`.

The date and the new request for help. It says, as the date is typed, whether the
reopening is a **re-referral** (within the configured months, default 12, of the
closure). Saved through :func:`app.casework.closure_writes.reopen_family`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.casework import closure_writes
from app.casework.closure import ClosureData, ReopenRequest
from app.casework.closure_writes import is_rereferral
from app.dates import today, uk
from app.errors import ValidationFailed
from app.families.households import FamilyDetail
from app.reference.casework_settings import REREFERRAL_MONTHS
from app.store.caseload_store import Profile

from ui.widgets.fields import DateField, hint_style, lines_high
from ui.widgets.form_dialog import FormDialog
from ui.widgets.theme import box_style


class ReopenDialog(FormDialog):
    """Reopen a closed case; says whether it is a re-referral. ``saved`` carries the family id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family: FamilyDetail,
        last: ClosureData | None,
        parent: QWidget | None = None,
        *,
        rereferral_months: int = REREFERRAL_MONTHS.default,
    ) -> None:
        name = family.family.family_name
        super().__init__(runner, f"Reopen the {name} family's case", parent)
        self.profile = profile
        self.family = family
        self.last = last
        self.months = rereferral_months
        self.setMinimumWidth(620)
        closed = (
            f"The case closed on {uk(last.closed_on)} ({last.reason_label.lower()})."
            if last
            else "The case is closed."
        )
        intro = QLabel(closed + " Reopening makes the family's records editable again.")
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        form = self.new_form()
        self.reopened_on = DateField(today())
        self.add_row(form, "reopened_on", "Date reopened", self.reopened_on)
        self.reason = self._build_reason()
        self.add_row(form, "reason", "Reason", self.reason)
        self.rereferral = QLabel()
        self.rereferral.setObjectName("rereferralNote")
        self.rereferral.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.rereferral)
        layout.addWidget(self.buttons)
        self.save_button.setText("&Reopen the case")
        self.reopened_on.textChanged.connect(lambda _t: self._show_rereferral())
        self._show_rereferral()

    @staticmethod
    def _build_reason() -> QPlainTextEdit:
        """The new request for help."""
        reason = QPlainTextEdit()
        reason.setTabChangesFocus(True)
        reason.setFixedHeight(lines_high(reason, 90))
        reason.setPlaceholderText("The new request for help: who asked, and why.")
        return reason

    def will_be_rereferral(self) -> bool | None:
        """True or False from the date typed; None when it cannot tell yet."""
        if self.last is None:
            return None
        try:
            day = self.reopened_on.date()
        except ValueError:
            return None
        if day is None:
            return None
        return is_rereferral(self.last.closed_on, day, self.months)

    def _show_rereferral(self) -> None:
        answer = self.will_be_rereferral()
        if answer is None:
            self.rereferral.hide()
            return
        assert self.last is not None
        if answer:
            self.rereferral.setText(
                f"This is a re-referral: the case closed on {uk(self.last.closed_on)}, within "
                f"{self.months} months. The reopening will be marked as a re-referral."
            )
            self.rereferral.setStyleSheet(box_style("problem") + " font-weight: 600;")
        else:
            self.rereferral.setText(
                f"Not a re-referral: more than {self.months} months have passed since the case "
                f"closed on {uk(self.last.closed_on)}."
            )
            self.rereferral.setStyleSheet(box_style("neutral"))
        self.rereferral.show()

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        day = self.read_date("reopened_on", problems)
        if day is None and "reopened_on" not in problems:
            problems["reopened_on"] = "Enter the date the case reopens."
        if not self.reason.toPlainText().strip():
            problems["reason"] = "Say why the case is being reopened (the new request for help)."
        if problems:
            raise ValidationFailed(problems)
        assert day is not None
        family_id = self.family.family.id
        assert family_id is not None
        return closure_writes.reopen_family, (
            self.profile,
            ReopenRequest(family_id, day, self.reason.toPlainText()),
        )

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText("&Reopen the case")

    def result_id(self, result: Any) -> str:
        return str(result.family_id)
