"""The bands under a family's header: the closed banner ("Closed on dd/mm/yyyy —
read-only") and the notice of a step up awaiting its referral's outcome, or of a reopening."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from app.casework.closure import ClosureData
from app.casework.step_changes import StepChangeData
from app.dates import uk

from ui.casework.tab_pieces import closed_style
from ui.widgets.fields import notice_style


class CaseStatusBanners:
    """The two bands; the casework controller places them and wires ``outcome_button``."""

    def __init__(self) -> None:
        self.banner = QFrame()
        self.banner.setObjectName("closedBanner")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(0, 0, 0, 0)
        self.banner_label = QLabel()
        self.banner_label.setObjectName("closedBannerText")
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_label.setStyleSheet(closed_style())
        row.addWidget(self.banner_label, 1)
        self.banner.hide()

        self.notice = QFrame()
        self.notice.setObjectName("stepNotice")
        self.notice.setStyleSheet(f"#stepNotice {{ {notice_style()} }}")
        notice_row = QHBoxLayout(self.notice)
        notice_row.setContentsMargins(10, 4, 6, 4)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setStyleSheet("border: none; background: transparent;")
        notice_row.addWidget(self.notice_label, 1)
        self.outcome_button = QPushButton("Record the outcome…")
        self.outcome_button.setObjectName("referralOutcomeButton")
        notice_row.addWidget(self.outcome_button)
        self.notice.hide()

    def show_status(
        self, closed: bool, closure: ClosureData | None, waiting: StepChangeData | None
    ) -> None:
        if closed:
            when = f" on {uk(closure.closed_on)}" if closure else ""
            reason = f" ({closure.reason_label})" if closure else ""
            self.banner_label.setText(
                f"Closed{when} — read-only{reason}. The family's records can be read and "
                "printed but not changed. Use “Reopen…” if there is new work to do."
            )
            self.banner.show()
        else:
            self.banner.hide()
        if waiting is not None and not closed:
            referred = uk(waiting.referred_on or waiting.decided_on)
            self.notice_label.setText(
                f"Stepped up on {uk(waiting.decided_on)} (referred to "
                f"{waiting.destination or 'children’s social care'} on {referred}). "
                "The referral's outcome is not recorded yet."
            )
            self.notice.show()
        elif closure is not None and closure.reopened and not closed:
            re = " This is a re-referral." if closure.is_rereferral else ""
            self.notice_label.setText(
                f"Reopened on {uk(closure.reopened_on)}, after the case closed on "
                f"{uk(closure.closed_on)}.{re}"
            )
            self.outcome_button.hide()
            self.notice.show()
            return
        else:
            self.notice.hide()
        self.outcome_button.show()
