"""One family: who is in the household, how to reach them, the agencies involved,
the request for help and every decision about the level of need.

The view loads a family through the task runner and shows it all at once when
the data arrives (a "Loading…" page until then). Edits happen in dialogs that
save through the runner; after a save the view reloads and says which family
changed (``family_changed``) so other views can refresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.dates import uk, uk_instant
from app.errors import HearthError
from app.families import households as families
from app.families.households import AgencyData, FamilyDetail, LevelChangeData, PersonData
from app.families.personal_details import age_words, nhs_number_masked, nhs_number_spaced
from app.reference.choices import FAMILY_STATUSES, PERSON_ROLES, REQUEST_SOURCES
from app.reference.levels_of_need import DIRECTION_LABELS, LevelsOfNeed
from app.store.caseload_store import Profile

from ui.family.agency_dialog import AgencyDialog
from ui.family.family_dialog import FamilyDialog
from ui.family.level_dialog import LevelDialog
from ui.family.person_dialog import PersonDialog

ModelIndex = QModelIndex | QPersistentModelIndex

DIRECTION_MARKS = {
    "step_up": "▲ ",
    "step_down": "▼ ",
    "up": "↑ ",
    "down": "↓ ",
    "initial": "● ",
    "same": "= ",
}
DIRECTION_COLOURS = {
    "step_up": ("#fdecea", "#8a1c1c"),
    "step_down": ("#e8f5e9", "#1b5e20"),
}
LEVEL_BADGE = {  # by rank position: calm for universal, strong for social care
    False: "background: #e3f2fd; color: #0d47a1; border: 1px solid #90caf9;",
    True: "background: #fdecea; color: #8a1c1c; border: 1px solid #ef9a9a;",
}
MUTED = "color: #666666;"
ROLE_ORDER = {"unborn": 0, "child": 1, "parent_carer": 2, "significant_adult": 3}


def _casework(view: FamilyView) -> None:
    from ui.casework.casework_tabs import install

    install(view)


# Called with each new view once its own tabs are built: each adds tabs or header buttons.
EXTENSIONS: list[Callable[[FamilyView], None]] = [_casework]


# ---------------------------------------------------------------- table model


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    tooltip: Callable[[Any], str] | None = None


class RowsModel(QAbstractTableModel):
    """Read-only rows of plain dataclasses, one column per :class:`Column`."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.background: Callable[[Any], str | None] = lambda row: None
        self.foreground: Callable[[Any], str | None] = lambda row: None
        self.bold_column: int | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def refresh(self) -> None:
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def data(self, index: ModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.text(row) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self.background(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.foreground(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.FontRole and index.column() == self.bold_column:
            if self.background(row):
                font = QFont()
                font.setBold(True)
                return font
        return None


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    return view


# ---------------------------------------------------------------- text


def person_name(p: PersonData) -> str:
    if p.role == "unborn":
        return f"{p.full_name} (unborn)" if p.given_name else "Unborn baby"
    return p.full_name


def person_born(p: PersonData) -> str:
    if p.role == "unborn":
        return f"due {uk(p.expected_date)}" if p.expected_date else "due date not known"
    return uk(p.date_of_birth)


def person_age(p: PersonData) -> str:
    return "unborn" if p.role == "unborn" else age_words(p.date_of_birth)


def person_language(p: PersonData) -> str:
    if p.interpreter_needed:
        return f"{p.language or 'Language not recorded'} (interpreter needed)"
    return p.language


def _or_not_recorded(text: str) -> str:
    return text if text.strip() else "Not recorded"


# ---------------------------------------------------------------- the view


class FamilyView(QWidget):
    """A family's page. Helper views embed it; it reaches the store only through ``runner``."""

    back_requested = Signal()
    family_changed = Signal(str)  # family id whose data changed
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
        self._load_token = 0
        # Asks "are you sure?"; replaceable so the logic can be driven without a message box.
        self.confirm: Callable[[str, str], bool] = self._ask

        self.pages = QStackedWidget()
        self.loading_page = self._message_page("Loading…")
        self.loading_label = self.loading_page.findChild(QLabel)
        self.error_page = self._message_page("")
        self.error_label = self.error_page.findChild(QLabel)
        self.content = self._build_content()
        for page in (self.loading_page, self.error_page, self.content):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested.emit)

    # -- building ---------------------------------------------------------------

    def _message_page(self, text: str) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        label.setFont(font)
        box.addStretch(1)
        box.addWidget(label)
        back = QPushButton("Back to caseload")
        back.clicked.connect(self.back_requested.emit)
        back.setVisible(not text)  # the error page only
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(back)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(2)
        return page

    def _build_content(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addWidget(self._build_header())

        self.message = QLabel()
        self.message.setObjectName("familyMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(
            "background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0;"
            " border-radius: 4px; padding: 6px 8px;"
        )
        self.message.hide()
        layout.addWidget(self.message)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_household(), "Household")
        self.tabs.addTab(self._build_contact(), "Address and contact")
        self.tabs.addTab(self._build_agencies(), "Agencies involved")
        self.tabs.addTab(self._build_request(), "Request for help")
        self.tabs.addTab(self._build_history(), "Level of need history")
        self._build_assessment_tabs()
        layout.addWidget(self.tabs, 1)
        for extend in EXTENSIONS:  # more tabs and header buttons (ui.casework.casework_tabs)
            extend(self)
        return page

    def _build_assessment_tabs(self) -> None:
        """The Consent and Assessments tabs (their own modules; imported here
        because they reuse this module's table model)."""
        from ui.assessments.assessments_panel import AssessmentsPanel
        from ui.casework.consent_dialog import ConsentPanel

        self.consent_panel = ConsentPanel(self.runner, self.profile, self)
        self.assessments_panel = AssessmentsPanel(self.runner, self.levels, self.profile, self)
        self.consent_tab = self.tabs.addTab(self.consent_panel, "Consent")
        self.assessments_tab = self.tabs.addTab(self.assessments_panel, "Assessments")
        self.consent_panel.status_changed.connect(self._consent_loaded)
        self.consent_panel.changed.connect(self._consent_changed)
        self.assessments_panel.consent_requested.connect(self.record_consent_to_assess)
        self.assessments_panel.family_changed.connect(self._changed)

    def _consent_loaded(self, status: Any) -> None:
        from ui.casework.consent_dialog import BADGE_STYLES, badge

        text, tone, tip = badge(status)
        self.consent_badge.setText(text)
        self.consent_badge.setToolTip(tip)
        self.consent_badge.setStyleSheet(
            BADGE_STYLES[tone] + " border-radius: 10px; padding: 2px 10px; font-weight: 600;"
        )
        self.assessments_panel.set_consent(status)

    def _consent_changed(self) -> None:
        if self.family_id is not None:
            self.family_changed.emit(self.family_id)

    def record_consent_to_assess(self) -> None:
        """From the assessments' consent gate: the Consent tab, and its dialog ready to record."""
        self.tabs.setCurrentIndex(self.consent_tab)
        self.consent_panel.record_consent(assess_first=True)

    def _build_header(self) -> QWidget:
        header = QFrame()
        header.setObjectName("familyHeader")
        header.setStyleSheet(
            "#familyHeader { background: #f6f8fa; border: 1px solid #d8dee4; border-radius: 6px; }"
        )
        grid = QVBoxLayout(header)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setSpacing(6)

        top = QHBoxLayout()
        self.back_button = QPushButton("← Back to caseload")
        self.back_button.setToolTip("Back to the caseload (Esc)")
        self.back_button.clicked.connect(self.back_requested.emit)
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
        self.edit_button = QPushButton("Edit family…")
        self.edit_button.clicked.connect(self.edit_family)
        top.addWidget(self.edit_button)
        self.level_button = QPushButton("Change level of need…")
        self.level_button.clicked.connect(self.change_level)
        top.addWidget(self.level_button)
        from ui.documents.document_preview import PrintButton  # the documents' "Print…" menu

        self.print_button = PrintButton(self.runner, self.profile, self)
        top.addWidget(self.print_button)
        self.header_buttons = top  # extensions add their header buttons here
        grid.addLayout(top)

        facts = QHBoxLayout()
        facts.setSpacing(28)
        self.reference_label = QLabel()
        self.status_label = QLabel()
        self.lead_label = QLabel()
        self.allocated_label = QLabel()
        facts_labels = (self.reference_label, self.status_label, self.lead_label, self.allocated_label)
        for label in facts_labels:
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addWidget(label)
        self.consent_badge = QLabel()  # filled in by the Consent tab (ui.casework.consent_dialog)
        self.consent_badge.setObjectName("consentBadge")
        facts.addWidget(self.consent_badge)
        facts.addStretch(1)
        grid.addLayout(facts)
        return header

    def _toolbar(self, *buttons: QWidget) -> QHBoxLayout:
        bar = QHBoxLayout()
        for button in buttons:
            bar.addWidget(button)
        bar.addStretch(1)
        return bar

    def _build_household(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.add_person_button = QPushButton("Add person…")
        self.add_person_button.clicked.connect(lambda: self.edit_person(None))
        self.edit_person_button = QPushButton("Edit…")
        self.edit_person_button.clicked.connect(self._edit_selected_person)
        self.remove_person_button = QPushButton("Remove")
        self.remove_person_button.clicked.connect(self.remove_selected_person)
        self.nhs_button = QPushButton("Show NHS numbers")
        self.nhs_button.setToolTip("NHS numbers are sensitive: show them only when you need them.")
        self.nhs_button.clicked.connect(self.toggle_nhs_numbers)
        bar = self._toolbar(
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
        self.household_model.foreground = lambda p: "#8a1c1c" if p.interpreter_needed else None
        self.household_table = _table(self.household_model)
        self.household_table.setObjectName("householdTable")
        self.household_table.doubleClicked.connect(lambda index: self._edit_selected_person())
        self.household_table.activated.connect(lambda index: self._edit_selected_person())
        self.household_table.selectionModel().selectionChanged.connect(self._update_buttons)
        header = self.household_table.horizontalHeader()
        for col in range(self.household_model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(6, 200)  # ethnicity can be long: elided, whole in the tooltip
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.household_table)
        return page

    def _build_contact(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(10)
        form.setContentsMargins(16, 16, 16, 16)
        self.contact_labels: dict[str, QLabel] = {}
        for key, caption in (
            ("address", "Address"),
            ("phone", "Phone"),
            ("email", "Email"),
            ("contact_notes", "Contact notes"),
        ):
            label = self._value_label()
            self.contact_labels[key] = label
            form.addRow(f"<b>{caption}</b>", label)
        return page

    def _build_agencies(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.add_agency_button = QPushButton("Add agency…")
        self.add_agency_button.clicked.connect(lambda: self.edit_agency(None))
        self.edit_agency_button = QPushButton("Edit…")
        self.edit_agency_button.clicked.connect(self._edit_selected_agency)
        self.remove_agency_button = QPushButton("Remove")
        self.remove_agency_button.clicked.connect(self.remove_selected_agency)
        layout.addLayout(
            self._toolbar(
                self.add_agency_button, self.edit_agency_button, self.remove_agency_button
            )
        )
        self.agency_model = RowsModel(
            [
                Column("Agency", lambda a: a.agency),
                Column("Named contact", lambda a: a.contact_name),
                Column("Role", lambda a: a.contact_role),
                Column("Phone", lambda a: a.phone),
                Column("Email", lambda a: a.email),
            ],
            self,
        )
        self.agency_table = _table(self.agency_model)
        self.agency_table.setObjectName("agencyTable")
        self.agency_table.doubleClicked.connect(lambda index: self._edit_selected_agency())
        self.agency_table.activated.connect(lambda index: self._edit_selected_agency())
        self.agency_table.selectionModel().selectionChanged.connect(self._update_buttons)
        header = self.agency_table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.agency_table)
        return page

    def _build_request(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(10)
        form.setContentsMargins(16, 16, 16, 16)
        self.request_labels: dict[str, QLabel] = {}
        for key, caption in (("date", "Date"), ("source", "Came from"), ("reason", "Reason")):
            label = self._value_label()
            self.request_labels[key] = label
            form.addRow(f"<b>{caption}</b>", label)
        return page

    def _build_history(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history_model = RowsModel(
            [
                Column("Date", lambda c: uk(c.decided_on)),
                Column("Decision", self._direction_text),
                Column("From", self._from_level_text),
                Column("To", lambda c: self.levels.label(c.to_level)),
                Column("Reason", lambda c: c.reason),
                Column("Decided by", lambda c: c.decided_by),
            ],
            self,
        )
        self.history_model.background = lambda c: _direction_colour(c.direction, 0)
        self.history_model.foreground = lambda c: _direction_colour(c.direction, 1)
        self.history_model.bold_column = 1
        self.history_table = _table(self.history_model)
        self.history_table.setObjectName("historyTable")
        self.history_table.setWordWrap(True)
        self.history_table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.history_table.setStyleSheet("QTableView::item { padding: 5px 4px; }")
        header = self.history_table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        rows = self.history_table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMinimumSectionSize(30)
        legend = QLabel(
            "▲ Step up: into children's social care.   ▼ Step down: from social care to early help."
            "   ↑ ↓ a change of level within the same service."
        )
        legend.setStyleSheet(MUTED)
        layout.addWidget(legend)
        layout.addWidget(self.history_table)
        self.history_empty = QLabel(
            "No decision about this family's level of need is recorded yet. "
            "Use “Change level of need…” to record the first one."
        )
        self.history_empty.setStyleSheet(MUTED)
        self.history_empty.setWordWrap(True)
        layout.addWidget(self.history_empty)
        return page

    @staticmethod
    def _value_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setMaximumWidth(760)
        return label

    # -- loading and showing -----------------------------------------------------

    def show_family(self, family_id: str) -> None:
        """Load the family in the background; show it when everything has arrived."""
        if family_id != self.family_id:
            self.nhs_visible = False
            self.detail = None
            self.pages.setCurrentWidget(self.loading_page)
        self.family_id = family_id
        self._reload()

    def _reload(self) -> None:
        if self.family_id is None:
            return
        self._load_token += 1
        token = self._load_token
        self.runner.run_store(
            families.load_family,
            self.profile,
            self.family_id,
            done=lambda detail: self._loaded(token, detail),
            error=lambda error: self._load_failed(token, error),
        )

    @property
    def is_loaded(self) -> bool:
        return self.pages.currentWidget() is self.content and self.detail is not None

    def _loaded(self, token: int, detail: FamilyDetail) -> None:
        if token != self._load_token:
            return  # a newer load is on its way
        self.detail = detail
        self._fill(detail)
        self.print_button.set_family(str(detail.family.id), detail.family.reference)
        self.message.hide()
        self.pages.setCurrentWidget(self.content)
        self.family_loaded.emit(detail)

    def _load_failed(self, token: int, error: HearthError) -> None:
        if token != self._load_token:
            return
        self.detail = None
        self.error_label.setText(error.message)
        self.pages.setCurrentWidget(self.error_page)

    def _fill(self, d: FamilyDetail) -> None:
        f = d.family
        self.name_label.setText(f"{f.family_name} family")
        level = self.levels.get(f.level_code)
        self.level_badge.setText(level.short if level else "Level of need not set")
        self.level_badge.setToolTip(level.label if level else "")
        self.level_badge.setStyleSheet(
            LEVEL_BADGE[bool(level and level.social_care)]
            + " border-radius: 10px; padding: 2px 10px; font-weight: 600;"
        )
        self.reference_label.setText(f"<span style='{MUTED}'>Reference</span> {_esc(f.reference)}")
        self.status_label.setText(
            f"<span style='{MUTED}'>Status</span> {_esc(FAMILY_STATUSES.get(f.status, f.status))}"
        )
        lead = f.lead_professional or "Not recorded"
        if f.lead_agency:
            lead += f" ({f.lead_agency})"
        self.lead_label.setText(f"<span style='{MUTED}'>Lead professional</span> {_esc(lead)}")
        allocated = f.allocated_to or "Not allocated"
        if f.allocated_to == self.profile.username:
            allocated = f"{self.profile.name} (you)"
        self.allocated_label.setText(
            f"<span style='{MUTED}'>Allocated worker</span> {_esc(allocated)}"
        )

        members = sorted(
            d.members,
            key=lambda p: (
                ROLE_ORDER.get(p.role, 9), p.date_of_birth or p.expected_date or dt.date.max
            ),
        )
        self.household_model.set_rows(members)
        self._set_nhs_button()
        self.agency_model.set_rows(list(d.agencies))
        self.history_model.set_rows(list(d.level_history))
        self.history_empty.setVisible(not d.level_history)
        self.history_table.setVisible(bool(d.level_history))
        self.history_table.resizeRowsToContents()

        address = "\n".join(
            part for part in (f.address_line1, f.address_line2, f.town, f.postcode) if part.strip()
        )
        self.contact_labels["address"].setText(_or_not_recorded(address))
        self.contact_labels["phone"].setText(_or_not_recorded(f.phone))
        self.contact_labels["email"].setText(_or_not_recorded(f.email))
        self.contact_labels["contact_notes"].setText(_or_not_recorded(f.contact_notes))
        self.request_labels["date"].setText(_or_not_recorded(uk(f.request_date)))
        self.request_labels["source"].setText(
            _or_not_recorded(REQUEST_SOURCES.get(f.request_source, f.request_source))
        )
        self.request_labels["reason"].setText(_or_not_recorded(f.request_reason))

        self.tabs.setTabText(0, f"Household ({len(d.members)})")
        self.tabs.setTabText(2, f"Agencies involved ({len(d.agencies)})")
        self.tabs.setTabText(4, f"Level of need history ({len(d.level_history)})")
        assert f.id is not None
        self.consent_panel.set_family(f.id, d.members, [a.agency for a in d.agencies])
        self.assessments_panel.set_family(d)
        updated = f"Last changed {uk_instant(d.updated_at)} by {d.updated_by}"
        self.name_label.setToolTip(updated)
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
        self.nhs_button.setText("Hide NHS numbers" if self.nhs_visible else "Show NHS numbers")
        has_any = bool(self.detail and any(p.nhs_number for p in self.detail.members))
        self.nhs_button.setEnabled(has_any)

    # -- selection ---------------------------------------------------------------

    def _selected(self, table: QTableView, model: RowsModel) -> Any:
        rows = table.selectionModel().selectedRows()
        return model.rows[rows[0].row()] if rows else None

    def selected_person(self) -> PersonData | None:
        return self._selected(self.household_table, self.household_model)

    def selected_agency(self) -> AgencyData | None:
        return self._selected(self.agency_table, self.agency_model)

    def _update_buttons(self) -> None:
        person = self.selected_person() is not None
        self.edit_person_button.setEnabled(person)
        self.remove_person_button.setEnabled(person)
        agency = self.selected_agency() is not None
        self.edit_agency_button.setEnabled(agency)
        self.remove_agency_button.setEnabled(agency)

    def select_person(self, person_id: str) -> None:
        for row, p in enumerate(self.household_model.rows):
            if p.id == person_id:
                self.household_table.selectRow(row)
                return

    def select_agency(self, agency_id: str) -> None:
        for row, a in enumerate(self.agency_model.rows):
            if a.id == agency_id:
                self.agency_table.selectRow(row)
                return

    # -- actions -----------------------------------------------------------------

    def _dialog_open(self) -> bool:
        """One dialog at a time (a double click also counts as "activated"): keep the open one."""
        if self.dialog is None:
            return False
        self.dialog.raise_()
        self.dialog.activateWindow()
        return True

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._changed)
        dialog.finished.connect(lambda result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _changed(self, _record_id: str = "") -> None:
        if self.family_id is not None:
            self._reload()
            self.family_changed.emit(self.family_id)

    def edit_family(self) -> None:
        if self.detail is None or self._dialog_open():
            return
        self._open(FamilyDialog(self.runner, self.levels, self.profile, self.detail.family, self))

    def change_level(self) -> None:
        if self.detail is None or self._dialog_open():
            return
        family = self.detail.family
        assert family.id is not None
        self._open(
            LevelDialog(self.runner, self.levels, self.profile, family.id, family.level_code, self)
        )

    def edit_person(self, person: PersonData | None) -> None:
        if self.detail is None or self.family_id is None or self._dialog_open():
            return
        self._open(
            PersonDialog(
                self.runner,
                self.profile,
                self.family_id,
                person,
                family_name=self.detail.family.family_name,
                parent=self,
            )
        )

    def _edit_selected_person(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.edit_person(person)

    def remove_selected_person(self) -> None:
        person = self.selected_person()
        if person is None or person.id is None:
            return
        name = person_name(person)
        if not self.confirm(
            "Remove from the household",
            f"Remove {name} from this family's household?\n\n"
            "The record is kept in the history and the audit trail.",
        ):
            return
        self.runner.run_store(
            families.remove_person, self.profile, person.id,
            done=self._changed, error=self._action_failed,
        )

    def edit_agency(self, agency: AgencyData | None) -> None:
        if self.family_id is None or self._dialog_open():
            return
        self._open(AgencyDialog(self.runner, self.profile, self.family_id, agency, self))

    def _edit_selected_agency(self) -> None:
        agency = self.selected_agency()
        if agency is not None:
            self.edit_agency(agency)

    def remove_selected_agency(self) -> None:
        agency = self.selected_agency()
        if agency is None or agency.id is None:
            return
        if not self.confirm(
            "Remove agency",
            f"Remove {agency.agency} from the agencies involved with this family?",
        ):
            return
        self.runner.run_store(
            families.remove_agency, self.profile, agency.id,
            done=self._changed, error=self._action_failed,
        )

    def _action_failed(self, error: HearthError) -> None:
        self.message.setText(error.message)
        self.message.show()

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _from_level_text(self, change: LevelChangeData) -> str:
        return self.levels.label(change.from_level) if change.from_level else "Not set"

    def _direction_text(self, change: LevelChangeData) -> str:
        label = DIRECTION_LABELS.get(change.direction, change.direction)
        return DIRECTION_MARKS.get(change.direction, "") + label


def _direction_colour(direction: str, which: int) -> str | None:
    """Background (0) or text (1) colour marking a step up or a step down; None otherwise."""
    colours = DIRECTION_COLOURS.get(direction)
    return colours[which] if colours else None


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
