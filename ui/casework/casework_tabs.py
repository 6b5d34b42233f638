"""The family view's casework: the Plan, Meetings & reviews, Visits and
Chronology tabs, the header's "Step up…/Step down…" and "Close family…/Reopen…"
buttons, and the read-only state of a closed family.

:class:`CaseworkController` is part of the family view (``view.casework``): it adds
the tabs and buttons to the view and keeps them in step with the family the view
shows (``family_loaded``). A closed family shows a banner ("Closed on
dd/mm/yyyy — read-only") and every edit control in the view is disabled, the
view's own and the other tabs' included, until the case is reopened.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QPushButton, QWidget
from shiboken6 import isValid

from app.casework.closure import ClosureData
from app.casework.step_changes import StepChangeData
from app.errors import HearthError
from app.families.households import FamilyDetail
from app.records.changes import Changes
from app.screens.family_header import closing_data, closure_and_steps
from app.store.caseload_store import Profile

from ui.casework.casework_banners import CaseStatusBanners
from ui.casework.chronology_view import ChronologyView
from ui.casework.closure_dialog import CloseFamilyDialog
from ui.casework.closure_record import ClosureRecordDialog
from ui.casework.meetings_panel import MeetingsPanel
from ui.casework.plan_view import PlanView
from ui.casework.reopen_dialog import ReopenDialog
from ui.casework.supervision_panel import SupervisionPanel
from ui.casework.visits_panel import VisitsPanel
from ui.family.step_dialog import ReferralOutcomeDialog, StepDownDialog, StepUpDialog
from ui.widgets.latest_load import LatestLoad
from ui.widgets.one_dialog import OneDialogAtATime
from ui.widgets.panel import Panel

AREAS = ("plan", "meetings", "visits", "chronology", "supervision")
# The records behind the header's step and close buttons and the status banners.
STATUS_RECORDS = frozenset({"closure", "step_change"})


# ---------------------------------------------------------------- read-only guard


class _KeepDisabled(QObject):
    """While the family is closed, an edit button the other tabs enable again
    (on a change of selection, say) is disabled straight away."""

    def __init__(self, controller: CaseworkController) -> None:
        super().__init__(controller)
        self.controller = controller

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.EnabledChange
            and self.controller.read_only
            and isinstance(watched, QWidget)
            and watched.isEnabled()
        ):
            watched.setEnabled(False)
        return False


# ---------------------------------------------------------------- the controller


class CaseworkController(OneDialogAtATime, QObject):
    """The casework part of one family view (``view.casework``)."""

    def __init__(self, view: Any) -> None:
        super().__init__(view)
        self.view = view
        self.runner = view.runner
        self.profile: Profile = view.profile
        self.levels = view.levels
        self.detail: FamilyDetail | None = None
        self.closure: ClosureData | None = None
        self.steps: tuple[StepChangeData, ...] = ()
        self.read_only = False
        self.dialog: QWidget | None = None
        self._pending: tuple[str, str, str] | None = None  # family, area, record
        self._status_load = LatestLoad(self.runner, view)

        self.plan = PlanView(self.runner, self.profile, view)
        self.meetings = MeetingsPanel(self.runner, self.profile, view)
        self.visits = VisitsPanel(self.runner, self.profile, view)
        self.chronology = ChronologyView(self.runner, self.profile, self.levels, view)
        self.supervision = SupervisionPanel(self.runner, self.profile, view)
        self.panels: dict[str, Panel] = {
            "plan": self.plan,
            "meetings": self.meetings,
            "visits": self.visits,
            "chronology": self.chronology,
            "supervision": self.supervision,
        }
        titles = {
            "plan": "Plan",
            "meetings": "Meetings && reviews",
            "visits": "Visits",
            "chronology": "Chronology",
            "supervision": "Oversight",
        }
        self.tab_index: dict[str, int] = {}
        for area, panel in self.panels.items():
            self.tab_index[area] = view.tabs.addTab(panel, titles[area])
            panel.loaded.connect(self._apply_pending)
            view.behind.add(panel)  # given the family after the page shows
        self.plan.open_visit.connect(lambda visit_id: self.open_area("visits", visit_id))
        self.chronology.open_requested.connect(self.open_area)
        view.assessments_panel.assessments_loaded.connect(self._apply_pending)

        # Twelve tabs: a little less padding so they all fit at 1280 pixels wide.
        view.tabs.tabBar().setStyleSheet("QTabBar::tab { padding: 5px 7px; }")
        self._build_header()
        self._build_banner()
        self._guard = _KeepDisabled(self)
        for button in self._guarded_buttons():
            button.installEventFilter(self._guard)
        view.family_loaded.connect(self.family_loaded)
        self.runner.changes.connect(self._changes_arrived)

    # -- building -------------------------------------------------------------------

    def _build_header(self) -> None:
        header = self.view.header_buttons
        self.step_button = QPushButton("St&ep up…")
        self.step_button.setObjectName("stepButton")
        self.step_button.clicked.connect(self.step)
        self.close_button = QPushButton("Cl&ose family…")
        self.close_button.setObjectName("closeFamilyButton")
        self.close_button.clicked.connect(self.close_or_reopen)
        header.addWidget(self.step_button)
        header.addWidget(self.close_button)

    def _build_banner(self) -> None:
        self.banners = CaseStatusBanners()
        self.outcome_button = self.banners.outcome_button
        self.banner, self.banner_label = self.banners.banner, self.banners.banner_label
        self.notice, self.notice_label = self.banners.notice, self.banners.notice_label
        self.outcome_button.clicked.connect(self.record_referral_outcome)
        self.view.add_banner(self.banners.banner)
        self.view.add_banner(self.banners.notice)

    def _guarded_buttons(self) -> list[QWidget]:
        """Every edit control of the view and its other tabs (they are disabled while closed)."""
        found: list[QWidget] = list(self.view.edit_buttons)
        for casework_panel in self.panels.values():
            found.extend(casework_panel.edit_buttons)
        found.append(self.step_button)
        found.append(self.outcome_button)
        return found

    # -- loading ----------------------------------------------------------------------

    def family_loaded(self, detail: FamilyDetail) -> None:
        new = self.detail is None or self.detail.family.id != detail.family.id
        self.detail = detail
        if new:
            self.closure = None
            self.steps = ()
            self.notice.hide()
        self.set_read_only(detail.family.status == "closed")
        self._update_header()
        if new:
            self._load_status()

    def _changes_arrived(self, changes: Changes) -> None:
        if isValid(self.view) and changes.touches(self.family_id, STATUS_RECORDS):
            self._load_status()

    def _load_status(self) -> None:
        """The family's closure and step changes (the header's buttons and banners)."""
        family_id = self.family_id
        if family_id is None:
            return
        self._status_load.run(
            closure_and_steps,
            self.profile,
            family_id,
            done=self._status_loaded,
            error=self.view.show_error,
        )

    def _status_loaded(
        self, result: tuple[ClosureData | None, tuple[StepChangeData, ...]]
    ) -> None:
        self.closure, self.steps = result
        self._update_header()

    @property
    def family_id(self) -> str | None:
        return self.detail.family.id if self.detail else None

    @property
    def is_closed(self) -> bool:
        return self.detail is not None and self.detail.family.status == "closed"

    def awaiting_outcome(self) -> StepChangeData | None:
        """The latest step up, if its referral's outcome is not recorded yet."""
        latest = self.steps[0] if self.steps else None
        return latest if latest is not None and latest.awaiting_outcome else None

    def is_social_care(self) -> bool:
        if self.detail is None:
            return False
        level = self.levels.current(self.detail.family.level_code)
        return bool(level and level.social_care)

    # -- read-only ----------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.view.set_editable(not read_only)
        for button in (self.step_button, self.outcome_button):
            button.setEnabled(not read_only)
        for panel in self.panels.values():
            if read_only:
                for widget in panel.edit_buttons:
                    widget.setEnabled(False)
            panel.set_read_only(read_only)

    def _update_header(self) -> None:
        closed = self.is_closed
        self.close_button.setText("Re&open…" if closed else "Cl&ose family…")
        self.close_button.setToolTip(
            "Reopen the case: a new request for help"
            if closed
            else "Close the case: the family's records become read-only"
        )
        self.step_button.setText("St&ep down…" if self.is_social_care() else "St&ep up…")
        self.step_button.setToolTip(
            "Step down from children's social care into early help"
            if self.is_social_care()
            else "Step up to children's social care (the front door)"
        )
        self.banners.show_status(closed, self.closure, self.awaiting_outcome())

    # -- header actions -----------------------------------------------------------------

    def step(self) -> None:
        if self.detail is None or self.read_only or self.dialog_open():
            return
        if self.is_social_care():
            self.open_dialog(
                StepDownDialog(self.runner, self.levels, self.profile, self.detail, self.view)
            )
        else:
            self.open_dialog(
                StepUpDialog(self.runner, self.levels, self.profile, self.detail, self.view)
            )

    def record_referral_outcome(self) -> None:
        step = self.awaiting_outcome()
        if step is None or self.read_only or self.dialog_open():
            return
        self.open_dialog(ReferralOutcomeDialog(self.runner, self.profile, step, self.view))

    def close_or_reopen(self) -> None:
        """Load what the dialog needs (the plan's outcomes, the re-referral window),
        then show it."""
        if self.detail is None or self.dialog_open():
            return
        family_id = self.family_id
        self.close_button.setEnabled(False)
        self.runner.run_store(
            closing_data,
            self.profile,
            family_id,
            done=self._show_close_or_reopen,
            error=self._close_failed,
        )

    def _close_failed(self, error: HearthError) -> None:
        if not isValid(self.view):
            return
        self.close_button.setEnabled(True)
        self.view.show_error(error)

    def _show_close_or_reopen(self, data: tuple[Any, Any]) -> None:
        if not isValid(self.view):
            return
        self.close_button.setEnabled(True)
        outcomes, settings = data
        if self.detail is None or self.dialog_open():
            return
        months = settings.rereferral_months
        if self.is_closed:
            self.open_dialog(
                ReopenDialog(
                    self.runner,
                    self.profile,
                    self.detail,
                    self.closure,
                    self.view,
                    rereferral_months=months,
                )
            )
        else:
            self.open_dialog(
                CloseFamilyDialog(
                    self.runner,
                    self.profile,
                    self.detail,
                    outcomes,
                    self.view,
                    rereferral_months=months,
                )
            )

    # -- changes and navigation ------------------------------------------------------------

    def open_area(self, area: str, record_id: str = "", family_id: str | None = None) -> None:
        """Show a tab of the view (the family's own tabs too) and, once that
        family's tab has loaded, the record in it (selected, or its dialog open).
        ``family_id``: the family being opened (default: the one shown)."""
        view = self.view
        family_id = family_id or self.family_id
        if area in self.panels:
            view.tabs.setCurrentIndex(self.tab_index[area])
            if record_id and family_id:
                self._pending = (family_id, area, record_id)
                self._apply_pending()
            return
        if area == "closure":
            if self.is_closed and family_id == self.family_id:
                self.show_closure()
            return
        others = {
            "consent": view.consent_tab,
            "assessments": view.assessments_tab,
            "family": view.history_tab,  # the level of need history
            "step_changes": view.history_tab,
        }
        index = others.get(area)
        if index is not None:
            view.tabs.setCurrentIndex(index)
        if area == "assessments" and record_id and family_id:
            self._pending = (family_id, area, record_id)
            self._apply_pending()

    def _apply_pending(self) -> None:
        if self._pending is None:
            return
        family_id, area, record_id = self._pending
        if self.family_id != family_id:
            return  # that family is still loading
        if area == "assessments":
            panel = self.view.assessments_panel
            if panel.family_id != family_id or panel.row(record_id) is None:
                return  # it calls back when its list has loaded
            self._pending = None
            panel.select_assessment(record_id)
            return
        casework_panel = self.panels[area]
        if casework_panel.family_id != family_id or not getattr(casework_panel, "is_loaded", False):
            return  # it calls back when it has loaded
        self._pending = None
        casework_panel.open_record(record_id)

    def show_closure(self) -> None:
        if self.closure is None or self.dialog_open():
            return
        dialog = ClosureRecordDialog(self.closure, self.view)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self.dialog_closed(dialog))
        dialog.open()
