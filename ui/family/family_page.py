"""One family's page as shown: the header, household, contact, agencies, request and
level history tabs (and the tabs extensions add), loaded through the task runner; the
header and those tabs are shown at once, and the tabs with records of their own load
behind them (:mod:`ui.family.tabs_behind`); NHS numbers masked until asked for; the
selected person or agency.
:class:`ui.family.family_view.FamilyView` adds the editing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import HearthError
from app.families import households as families
from app.families.households import AgencyData, FamilyDetail, PersonData
from app.families.personal_details import nhs_number_masked, nhs_number_spaced
from app.records.changes import FAMILY_RECORDS
from app.reference.choices import PERSON_ROLES
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.assessments.assessments_panel import AssessmentsPanel
from ui.casework.consent_panel import BADGE_STYLES, ConsentPanel, badge
from ui.family.facts_pages import ContactPage, RequestPage
from ui.family.family_header import FamilyHeader
from ui.family.family_pages import (
    AgenciesPage,
    LevelHistoryPage,
    message_page,
    toolbar,
)
from ui.family.family_words import (
    ROLE_ORDER,
    person_age,
    person_born,
    person_language,
    person_name,
)
from ui.family.tabs_behind import TabsBehind
from ui.widgets.change_follower import ChangeFollower
from ui.widgets.fields import banner_style
from ui.widgets.latest_load import LatestLoad
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.scrolling import PageScroll
from ui.widgets.table import rows_table, select_row_where, selected_row
from ui.widgets.theme import text_colour


class FamilyPage(QWidget):
    """A family's page. Helper views embed it; it reaches the store only through ``runner``."""

    back_requested = Signal()
    family_loaded = Signal(object)  # the FamilyDetail, each time the view has shown it

    def __init__(
        self,
        runner: Any,
        levels: LevelsOfNeed,
        profile: Profile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.levels = levels
        self.profile = profile
        self.family_id: str | None = None
        self.detail: FamilyDetail | None = None
        self.dialog: QWidget | None = None
        self.nhs_visible = False
        self._load = LatestLoad(runner, self)
        # Reload the page when its family's own records change (each tab follows its own).
        self.follower = ChangeFollower(
            self, runner, lambda changes: changes.touches(self.family_id, FAMILY_RECORDS),
            self._reload,
        )

        self.pages = QStackedWidget()
        self.loading_page = message_page("Loading…", self.back_requested.emit)
        self.loading_label = self.loading_page.findChild(QLabel)
        self.error_page = message_page("", self.back_requested.emit)
        self.error_label = self.error_page.findChild(QLabel)
        self.content = self._build_content()
        # The page scrolls when the window is shorter than it needs (large text, small screen).
        self.content_scroll = PageScroll(self.content, "familyContent")
        for page in (self.loading_page, self.error_page, self.content_scroll):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Escape anywhere in the page goes back. A key event, not a shortcut: a shortcut
        would fire even while one of the page's own dialogs has the keyboard, and the
        dialog would never hear its Escape (which must ask before throwing input away)."""
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.back_requested.emit()
            return
        super().keyPressEvent(event)

    # -- building ---------------------------------------------------------------

    def _build_content(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addWidget(self._build_header())
        self.banner_area = QVBoxLayout()  # status banners others add (add_banner)
        self.banner_area.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.banner_area)

        self.message = QLabel()
        self.message.setObjectName("familyMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(banner_style())
        self.message.hide()
        layout.addWidget(self.message)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # The tabs with records of their own load behind the page (first paint: the rest).
        self.behind = TabsBehind(self.tabs, self)
        layout.addWidget(self.behind.label)
        self.tabs.addTab(self._build_household(), "Household")
        self.contact_page = ContactPage()
        self.contact_labels = self.contact_page.values
        self.tabs.addTab(self.contact_page, "Address and contact")
        self.tabs.addTab(self._build_agencies(), "Agencies involved")
        self.request_page = RequestPage(self.levels)
        self.request_labels = self.request_page.values
        self.tabs.addTab(self.request_page, "Request for help")
        self.history = LevelHistoryPage(self.levels)
        self.history_table = self.history.history_table
        self.history_tab = self.tabs.addTab(self.history, "Level of need history")
        self._build_assessment_tabs()
        layout.addWidget(self.tabs, 1)
        return page

    def add_banner(self, banner: QWidget) -> None:
        """A status line under the header (the casework's "Closed on …", say)."""
        self.banner_area.addWidget(banner)

    def _build_assessment_tabs(self) -> None:
        """The Consent and Assessments tabs (each from its own package)."""
        self.consent_panel = ConsentPanel(self.runner, self.profile, self)
        self.assessments_panel = AssessmentsPanel(self.runner, self.levels, self.profile, self)
        self.consent_tab = self.tabs.addTab(self.consent_panel, "Consent")
        self.assessments_tab = self.tabs.addTab(self.assessments_panel, "Assessments")
        self.behind.add(self.consent_panel)
        self.behind.add(self.assessments_panel)
        self.consent_panel.status_changed.connect(self._consent_loaded)
        self.assessments_panel.consent_requested.connect(self.record_consent_to_assess)

    def _consent_loaded(self, status: Any) -> None:
        text, tone, tip = badge(status)
        self.consent_badge.setText(text)
        self.consent_badge.setToolTip(tip)
        self.consent_badge.setStyleSheet(
            BADGE_STYLES[tone] + " border-radius: 10px; padding: 2px 10px; font-weight: 600;"
        )
        self.assessments_panel.set_consent(status)

    def record_consent_to_assess(self) -> None:
        """From the assessments' consent gate: the Consent tab, and its dialog ready to record."""
        self.tabs.setCurrentIndex(self.consent_tab)
        self.consent_panel.record_consent(assess_first=True)

    def _build_header(self) -> QWidget:
        self.header = FamilyHeader(self.runner, self.profile, self)
        self.header.back_button.clicked.connect(self.back_requested.emit)
        self.back_button = self.header.back_button
        self.name_label = self.header.name_label
        self.level_badge = self.header.level_badge
        self.edit_button = self.header.edit_button
        self.level_button = self.header.level_button
        self.print_button = self.header.print_button
        self.header_buttons = self.header.header_buttons
        self.reference_label = self.header.reference_label
        self.status_label = self.header.status_label
        self.lead_label = self.header.lead_label
        self.allocated_label = self.header.allocated_label
        self.consent_badge = self.header.consent_badge
        return self.header

    def _build_household(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.add_person_button = QPushButton("&Add person…")
        self.edit_person_button = QPushButton("Ed&it…")
        self.remove_person_button = QPushButton("&Remove")
        self.nhs_button = QPushButton("Show &NHS numbers")
        self.nhs_button.setToolTip("NHS numbers are sensitive: show them only when you need them.")
        self.nhs_button.clicked.connect(self.toggle_nhs_numbers)
        bar = toolbar(
            self.add_person_button, self.edit_person_button, self.remove_person_button
        )
        bar.addWidget(self.nhs_button)
        layout.addLayout(bar)

        self.household_model = RowsModel(
            [
                Column("Name", person_name),
                Column("Role", lambda p: PERSON_ROLES.get(p.role, p.role)),
                Column("Relationship", lambda p: p.relationship_to_child),
                Column("Born / due", person_born),
                Column("Age", person_age),
                Column("Gender", lambda p: p.gender),
                Column("Ethnicity", lambda p: p.ethnicity),
                Column("Language", person_language),
                Column("School or setting", lambda p: p.school_or_setting),
                Column("NHS number", self._nhs_text, tooltip=lambda p: ""),
            ],
            self,
        )
        self.household_model.foreground = (
            lambda p: text_colour("error") if p.interpreter_needed else None
        )
        self.household_table = rows_table(self.household_model)
        self.household_table.setObjectName("householdTable")
        self.household_table.setAccessibleName("Household")
        self.household_table.selectionModel().selectionChanged.connect(self._update_buttons)
        header = self.household_table.horizontalHeader()
        for col in range(self.household_model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(6, 200)  # ethnicity can be long: elided, whole in the tooltip
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.household_table)
        return page

    def _build_agencies(self) -> QWidget:
        page = AgenciesPage()
        self.add_agency_button = page.add_agency_button
        self.edit_agency_button = page.edit_agency_button
        self.remove_agency_button = page.remove_agency_button
        self.agency_model = page.agency_model
        self.agency_table = page.agency_table
        self.agency_table.selectionModel().selectionChanged.connect(self._update_buttons)
        return page

    # -- loading and showing -----------------------------------------------------

    def show_family(self, family_id: str) -> None:
        """The worker opens a family (audited, once): load it in the background and
        show it when everything has arrived."""
        self.runner.run_store(families.record_opened, self.profile, family_id)
        if family_id != self.family_id:
            self.nhs_visible = False
            self.detail = None
            self.pages.setCurrentWidget(self.loading_page)
        self.family_id = family_id
        self._reload()

    def _reload(self) -> None:
        self.follower.stale = False
        if self.family_id is None:
            return
        self._load.run(
            families.load_family,
            self.profile,
            self.family_id,
            done=self._loaded,
            error=self._load_failed,
        )

    @property
    def is_loaded(self) -> bool:
        return self.pages.currentWidget() is self.content_scroll and self.detail is not None

    def _loaded(self, detail: FamilyDetail) -> None:
        self.detail = detail
        self._fill(detail)
        self.print_button.set_family(str(detail.family.id), detail.family.reference)
        self.message.hide()
        self.pages.setCurrentWidget(self.content_scroll)
        self.behind.load(detail)  # the other tabs load behind, the one on screen first
        self.family_loaded.emit(detail)

    def _load_failed(self, error: HearthError) -> None:
        self.detail = None
        assert self.error_label is not None
        self.error_label.setText(error.message)
        self.pages.setCurrentWidget(self.error_page)

    def _fill(self, d: FamilyDetail) -> None:
        f = d.family
        self.header.show_family(d, self.levels)

        members = sorted(
            d.members,
            key=lambda p: (
                ROLE_ORDER.get(p.role, 9), p.date_of_birth or p.expected_date or dt.date.max
            ),
        )
        self.household_model.set_rows(members)
        self._set_nhs_button()
        self.agency_model.set_rows(list(d.agencies))
        self.history.show_history(d.level_history)

        self.contact_page.show_family(d)
        self.request_page.show_family(d)

        self.tabs.setTabText(0, f"Household ({len(d.members)})")
        self.tabs.setTabText(2, f"Agencies involved ({len(d.agencies)})")
        self.tabs.setTabText(self.history_tab, f"Level of need history ({len(d.level_history)})")
        assert f.id is not None
        self.header.show_updated(d)
        self._update_buttons()

    # -- sensitive fields --------------------------------------------------------

    def _nhs_text(self, p: PersonData) -> str:
        if not p.nhs_number:
            return ""
        if self.nhs_visible:
            return nhs_number_spaced(p.nhs_number)
        return nhs_number_masked(p.nhs_number)

    def mask_sensitive(self) -> None:
        """Hide NHS numbers again (also done whenever the view is hidden, e.g. on lock)."""
        if self.nhs_visible:
            self.toggle_nhs_numbers()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self.mask_sensitive()
        super().hideEvent(event)

    def toggle_nhs_numbers(self) -> None:
        self.nhs_visible = not self.nhs_visible
        self._set_nhs_button()
        self.household_model.refresh()
        self.household_table.resizeColumnToContents(9)

    def _set_nhs_button(self) -> None:
        self.nhs_button.setText("Hide &NHS numbers" if self.nhs_visible else "Show &NHS numbers")
        has_any = bool(self.detail and any(p.nhs_number for p in self.detail.members))
        self.nhs_button.setEnabled(has_any)

    # -- selection ---------------------------------------------------------------

    def selected_person(self) -> PersonData | None:
        return selected_row(self.household_table, PersonData)

    def selected_agency(self) -> AgencyData | None:
        return selected_row(self.agency_table, AgencyData)

    def _update_buttons(self) -> None:
        person = self.selected_person() is not None
        self.edit_person_button.setEnabled(person)
        self.remove_person_button.setEnabled(person)
        agency = self.selected_agency() is not None
        self.edit_agency_button.setEnabled(agency)
        self.remove_agency_button.setEnabled(agency)

    def select_person(self, person_id: str) -> None:
        select_row_where(self.household_table, lambda p: p.id == person_id)

    def select_agency(self, agency_id: str) -> None:
        select_row_where(self.agency_table, lambda a: a.id == agency_id)

