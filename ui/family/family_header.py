"""The family view's header: the family's name and level of need, the buttons that
edit the family, change its level and print, and the facts under them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.dates import uk_instant
from app.families.allocation import shown_name, worker_words
from app.families.households import FamilyDetail
from app.reference.choices import FAMILY_STATUSES
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.documents.print_button import PrintButton
from ui.family.family_words import LEVEL_BADGE, escape_html, muted
from ui.widgets.screen_room import put_under, room_on_screen
from ui.widgets.theme import card_style


class FamilyHeader(QFrame):
    """The header band; the family view wires its buttons. ``header_buttons`` is the
    row that extensions add their own header buttons to."""

    def __init__(self, runner: Any, profile: Profile, view: QWidget) -> None:
        super().__init__()
        self.profile = profile
        self.setObjectName("familyHeader")
        self.setStyleSheet(
            card_style("#familyHeader", 6, quiet=True)
        )
        grid = QVBoxLayout(self)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setSpacing(6)

        top = QHBoxLayout()
        self.back_button = QPushButton("← &Back to caseload")
        self.back_button.setToolTip("Back to the caseload (Esc)")
        top.addWidget(self.back_button)
        top.addSpacing(12)
        self.name_label = QLabel()
        self.name_label.setObjectName("familyName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.name_label)
        self.level_badge = QLabel()
        self.level_badge.setObjectName("levelBadge")
        top.addSpacing(8)
        top.addWidget(self.level_badge)
        top.addStretch(1)
        actions = QHBoxLayout()
        self.edit_button = QPushButton("E&dit family…")
        actions.addWidget(self.edit_button)
        self.level_button = QPushButton("Chan&ge level of need…")
        actions.addWidget(self.level_button)
        self.print_button = PrintButton(runner, profile, view)  # the documents' "Print…" menu
        actions.addWidget(self.print_button)
        top.addLayout(actions)
        self.header_buttons = actions  # extensions add their header buttons here
        self.top_row = top
        grid.addLayout(top)

        facts = QHBoxLayout()
        facts.setSpacing(28)
        self.reference_label = QLabel()
        self.status_label = QLabel()
        self.lead_label = QLabel()
        self.allocated_label = QLabel()
        facts_labels = (self.reference_label, self.status_label, self.lead_label)
        self.fact_labels = (*facts_labels, self.allocated_label)
        for label in self.fact_labels:
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addWidget(label)
        self.consent_badge = QLabel()  # filled in by the Consent tab (ui.casework.consent_panel)
        self.consent_badge.setObjectName("consentBadge")
        facts.addWidget(self.consent_badge)
        facts.addStretch(1)
        grid.addLayout(facts)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._fit_screen()

    def event(self, event: QEvent) -> bool:
        """Fitted again whenever what it holds changes size: the consent badge, filled in
        once the Consent tab has loaded behind the page, made a header that fitted at
        first (1,283 pixels for 1,286) 1,547 pixels wide."""
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self._fit_screen()
        return super().event(event)

    def _fit_screen(self) -> None:
        """With large text on a small screen, the buttons go on a row of their own under
        the name and the facts wrap, rather than the window growing wider than the screen."""
        room = room_on_screen(self)
        grid = self.layout()
        assert isinstance(grid, QVBoxLayout)
        put_under(self.top_row, self.header_buttons, grid, 1, room)
        if self.minimumSizeHint().width() > room:
            for label in self.fact_labels:
                label.setWordWrap(True)

    def show_family(self, d: FamilyDetail, levels: LevelsOfNeed) -> None:
        f = d.family
        self.name_label.setText(f"{f.family_name} family")
        level = levels.current(f.level_code)
        self.level_badge.setText(level.short if level else "Level of need not set")
        self.level_badge.setToolTip(level.label if level else "")
        self.level_badge.setStyleSheet(
            LEVEL_BADGE[bool(level and level.social_care)]
            + " border-radius: 10px; padding: 2px 10px; font-weight: 600;"
        )
        self.reference_label.setText(
            f"<span style='{muted()}'>Reference</span> {escape_html(f.reference)}"
        )
        self.status_label.setText(
            f"<span style='{muted()}'>Status</span> "
            f"{escape_html(FAMILY_STATUSES.get(f.status, f.status))}"
        )
        lead = f.lead_professional or "Not recorded"
        if f.lead_agency:
            lead += f" ({f.lead_agency})"
        self.lead_label.setText(
            f"<span style='{muted()}'>Lead professional</span> {escape_html(lead)}"
        )
        allocated = worker_words(f.allocated_to, self.profile)
        self.allocated_label.setText(
            f"<span style='{muted()}'>Allocated worker</span> {escape_html(allocated)}"
        )

    def show_updated(self, d: FamilyDetail) -> None:
        """The name's tooltip says who last changed the family, and when."""
        me = d.updated_by == self.profile.username
        by = self.profile.name if me else shown_name(d.updated_by)
        self.name_label.setToolTip(f"Last changed {uk_instant(d.updated_at)} by {by}")
