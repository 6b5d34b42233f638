"""The family view's casework: the Plan, Meetings & reviews, Visits and
Chronology tabs, the header's "Step up…/Step down…" and "Close family…/Reopen…"
buttons, and the read-only state of a closed family.

:func:`install` is the family view's hook (``ui.family.family_page.EXTENSIONS``): it
adds the tabs and buttons to a view and keeps them in step with the family the
view shows (``family_loaded``). A closed family shows a banner ("Closed on
dd/mm/yyyy — read-only") and every edit control in the view is disabled, the
view's own and the other tabs' included, until the case is reopened.

:class:`CaseworkPanel` is the base of each tab: it loads through the task
runner, keeps one dialog open at a time, shows errors as sentences, and knows
whether the family is read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)
from shiboken6 import isValid

from app.casework import closure, step_changes
from app.casework.closure import ClosureData
from app.casework.step_changes import StepChangeData
from app.dates import uk
from app.errors import HearthError
from app.families.households import FamilyDetail
from app.store.caseload_store import Profile

from ui.widgets.fields import BANNER_STYLE

CLOSED_STYLE = (
    "background: #eceff1; color: #263238; border: 1px solid #90a4ae;"
    " border-left: 5px solid #455a64; border-radius: 4px; padding: 8px 10px; font-weight: 600;"
)
NOTICE_STYLE = (
    "background: #fff4e0; color: #5c3a00; border: 1px solid #f0c987;"
    " border-radius: 4px; padding: 6px 8px;"
)
WARNING_STYLE = NOTICE_STYLE
OVERDUE_COLOUR = "#b3261e"
MUTED_STYLE = "color: #555555;"

# The areas Today and the chronology can open, by tab.
AREAS = ("plan", "meetings", "visits", "chronology")


class CaseworkPanel(QWidget):
    """The base of a casework tab.

    ``changed`` says the family's records changed (the view reloads the family,
    which reloads every tab). A subclass implements :meth:`reload` and
    :meth:`_update_buttons`, and lists its edit buttons in ``edit_buttons``.
    """

    changed = Signal()
    loaded = Signal()

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.family: FamilyDetail | None = None
        self.family_id: str | None = None
        self.read_only = False
        self.dialog: QWidget | None = None
        self.edit_buttons: list[QPushButton] = []
        self._token = 0
        # Asks "are you sure?"; replaceable so tests can answer without a message box.
        self.confirm: Callable[[str, str], bool] = self._ask

        self.message = QLabel()
        self.message.setObjectName("caseworkMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(BANNER_STYLE)
        self.message.hide()

    # -- family -------------------------------------------------------------------

    def set_family(self, detail: FamilyDetail, read_only: bool) -> None:
        new = detail.family.id != self.family_id
        self.family = detail
        self.family_id = detail.family.id
        if new:
            self.show_message("")
            self.clear()
        self.set_read_only(read_only)
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def clear(self) -> None:
        """Forget the previous family's rows (a new family is loading)."""

    def reload(self) -> None:
        raise NotImplementedError

    def next_token(self) -> int:
        self._token += 1
        return self._token

    def is_current(self, token: int) -> bool:
        """The answer to the latest load, and the tab still exists (answers can outlive it)."""
        return token == self._token and isValid(self)

    def _update_buttons(self) -> None:
        for button in self.edit_buttons:
            button.setEnabled(not self.read_only and self.family_id is not None)

    # -- messages -----------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def failed(self, error: HearthError) -> None:
        if isValid(self):
            self.show_message(error.message)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- dialogs ------------------------------------------------------------------

    def dialog_open(self) -> bool:
        """One dialog at a time: a second request brings the open one forward."""
        if self.dialog is None:
            return False
        self.dialog.raise_()
        self.dialog.activateWindow()
        return True

    def open_dialog(self, dialog: Any, on_saved: Callable[[str], None] | None = None) -> None:
        self.dialog = dialog
        if hasattr(dialog, "saved"):
            dialog.saved.connect(on_saved or self.record_saved)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def record_saved(self, _record_id: str = "") -> None:
        if not isValid(self):
            return
        self.show_message("")
        self.changed.emit()

    # -- opening a record from elsewhere -------------------------------------------

    def open_record(self, record_id: str) -> None:
        """Select (and open) a record once the tab has loaded (Today and the chronology use it)."""


def toolbar(*widgets: QWidget) -> QHBoxLayout:
    bar = QHBoxLayout()
    for widget in widgets:
        bar.addWidget(widget)
    bar.addStretch(1)
    return bar


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(MUTED_STYLE)
    return label


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


class CaseworkController(QObject):
    """The casework part of one family view (``view.casework``)."""

    def __init__(self, view: Any) -> None:
        super().__init__(view)
        from ui.casework.chronology_view import ChronologyView
        from ui.casework.meetings_panel import MeetingsPanel
        from ui.casework.plan_view import PlanView
        from ui.casework.visits_panel import VisitsPanel

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
        self._token = 0

        self.plan = PlanView(self.runner, self.profile, view)
        self.meetings = MeetingsPanel(self.runner, self.profile, view)
        self.visits = VisitsPanel(self.runner, self.profile, view)
        self.chronology = ChronologyView(self.runner, self.profile, self.levels, view)
        self.panels: dict[str, CaseworkPanel] = {
            "plan": self.plan,
            "meetings": self.meetings,
            "visits": self.visits,
            "chronology": self.chronology,
        }
        titles = {
            "plan": "Plan",
            "meetings": "Meetings && reviews",
            "visits": "Visits",
            "chronology": "Chronology",
        }
        self.tab_index: dict[str, int] = {}
        for area, panel in self.panels.items():
            self.tab_index[area] = view.tabs.addTab(panel, titles[area])
            panel.changed.connect(self.family_records_changed)
            panel.loaded.connect(self._apply_pending)
        self.plan.open_visit.connect(lambda visit_id: self.open_area("visits", visit_id))
        self.visits.plan_changed.connect(self.family_records_changed)
        self.meetings.plan_changed.connect(self.family_records_changed)
        self.chronology.open_requested.connect(self.open_area)
        assessments_panel = getattr(view, "assessments_panel", None)
        if assessments_panel is not None and hasattr(assessments_panel, "assessments_loaded"):
            assessments_panel.assessments_loaded.connect(self._apply_pending)

        # Eleven tabs: a little less padding so they all fit at 1280 pixels wide.
        view.tabs.tabBar().setStyleSheet("QTabBar::tab { padding: 5px 9px; }")
        self._build_header()
        self._build_banner()
        self._guard = _KeepDisabled(self)
        for button in self._guarded_buttons():
            button.installEventFilter(self._guard)
        view.family_loaded.connect(self.family_loaded)

    # -- building -------------------------------------------------------------------

    def _build_header(self) -> None:
        header = self.view.header_buttons
        self.step_button = QPushButton("Step up…")
        self.step_button.setObjectName("stepButton")
        self.step_button.clicked.connect(self.step)
        self.close_button = QPushButton("Close family…")
        self.close_button.setObjectName("closeFamilyButton")
        self.close_button.clicked.connect(self.close_or_reopen)
        header.addWidget(self.step_button)
        header.addWidget(self.close_button)

    def _build_banner(self) -> None:
        self.banner = QFrame()
        self.banner.setObjectName("closedBanner")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(0, 0, 0, 0)
        self.banner_label = QLabel()
        self.banner_label.setObjectName("closedBannerText")
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_label.setStyleSheet(CLOSED_STYLE)
        row.addWidget(self.banner_label, 1)
        self.banner.hide()

        self.notice = QFrame()
        self.notice.setObjectName("stepNotice")
        self.notice.setStyleSheet(f"#stepNotice {{ {NOTICE_STYLE} }}")
        notice_row = QHBoxLayout(self.notice)
        notice_row.setContentsMargins(10, 4, 6, 4)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setStyleSheet("border: none; background: transparent;")
        notice_row.addWidget(self.notice_label, 1)
        self.outcome_button = QPushButton("Record the outcome…")
        self.outcome_button.setObjectName("referralOutcomeButton")
        self.outcome_button.clicked.connect(self.record_referral_outcome)
        notice_row.addWidget(self.outcome_button)
        self.notice.hide()

        layout = self.view.tabs.parentWidget().layout()  # the content page (header, message, tabs)
        layout.insertWidget(1, self.banner)
        layout.insertWidget(2, self.notice)

    def _guarded_buttons(self) -> list[QWidget]:
        """Every edit control of the view and its other tabs (they are disabled while closed)."""
        view = self.view
        names = (
            "edit_button",
            "level_button",
            "add_person_button",
            "edit_person_button",
            "remove_person_button",
            "add_agency_button",
            "edit_agency_button",
            "remove_agency_button",
        )
        found: list[QWidget] = [getattr(view, n) for n in names if hasattr(view, n)]
        consent_panel = getattr(view, "consent_panel", None)
        for n in ("record_button", "withdraw_button"):
            if consent_panel is not None and hasattr(consent_panel, n):
                found.append(getattr(consent_panel, n))
        panel = getattr(view, "assessments_panel", None)
        if panel is not None:
            found.extend(getattr(panel, "new_buttons", {}).values())
            for n in ("consent_button", "amend_button", "sign_off_button", "return_button"):
                if hasattr(panel, n):
                    found.append(getattr(panel, n))
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
        for panel in self.panels.values():
            panel.set_family(detail, self.read_only)
        self._update_header()
        family_id = detail.family.id
        assert family_id is not None
        self._token += 1
        token = self._token
        self.runner.run_store(
            _closure_and_steps,
            self.profile,
            family_id,
            done=lambda result: self._status_loaded(token, result),
            error=lambda error: isValid(self.view) and self.view._action_failed(error),
        )

    def _status_loaded(
        self, token: int, result: tuple[ClosureData | None, tuple[StepChangeData, ...]]
    ) -> None:
        if token != self._token or not isValid(self.view):
            return
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
        level = self.levels.get(self.detail.family.level_code)
        return bool(level and level.social_care)

    # -- read-only ----------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        # Double-click or Enter on a person or an agency opens its edit dialog: not while closed.
        for name in ("household_table", "agency_table"):
            table = getattr(self.view, name, None)
            if table is not None:
                table.blockSignals(read_only)
        for button in self._guarded_buttons():
            if read_only:
                button.setEnabled(False)
        if not read_only:
            # Give each part back its own idea of what is enabled.
            view = self.view
            view.edit_button.setEnabled(True)
            view.level_button.setEnabled(True)
            view.add_person_button.setEnabled(True)
            view.add_agency_button.setEnabled(True)
            view._update_buttons()
            consent_panel = getattr(view, "consent_panel", None)
            if consent_panel is not None and hasattr(consent_panel, "_update_buttons"):
                consent_panel._update_buttons()
            panel = getattr(view, "assessments_panel", None)
            if panel is not None:
                for button in getattr(panel, "new_buttons", {}).values():
                    button.setEnabled(True)
                if hasattr(panel, "consent_button"):
                    panel.consent_button.setEnabled(True)
                if hasattr(panel, "_selection_changed"):
                    panel._selection_changed()
            self.step_button.setEnabled(True)
            self.outcome_button.setEnabled(True)
        for panel_ in self.panels.values():
            panel_.set_read_only(read_only)

    def _update_header(self) -> None:
        closed = self.is_closed
        self.close_button.setText("Reopen…" if closed else "Close family…")
        self.close_button.setToolTip(
            "Reopen the case: a new request for help"
            if closed
            else "Close the case: the family's records become read-only"
        )
        self.step_button.setText("Step down…" if self.is_social_care() else "Step up…")
        self.step_button.setToolTip(
            "Step down from children's social care into early help"
            if self.is_social_care()
            else "Step up to children's social care (the front door)"
        )
        if closed:
            when = f" on {uk(self.closure.closed_on)}" if self.closure else ""
            reason = f" ({self.closure.reason_label})" if self.closure else ""
            self.banner_label.setText(
                f"Closed{when} — read-only{reason}. The family's records can be read and "
                "printed but not changed. Use “Reopen…” if there is new work to do."
            )
            self.banner.show()
        else:
            self.banner.hide()
        waiting = self.awaiting_outcome()
        if waiting is not None and not closed:
            referred = uk(waiting.referred_on or waiting.decided_on)
            self.notice_label.setText(
                f"Stepped up on {uk(waiting.decided_on)} (referred to "
                f"{waiting.destination or 'children’s social care'} on {referred}). "
                "The referral's outcome is not recorded yet."
            )
            self.notice.show()
        elif self.closure is not None and self.closure.reopened and not closed:
            re = " This is a re-referral." if self.closure.is_rereferral else ""
            self.notice_label.setText(
                f"Reopened on {uk(self.closure.reopened_on)}, after the case closed on "
                f"{uk(self.closure.closed_on)}.{re}"
            )
            self.outcome_button.hide()
            self.notice.show()
            return
        else:
            self.notice.hide()
        self.outcome_button.show()

    # -- header actions -----------------------------------------------------------------

    def _dialog_open(self) -> bool:
        if self.dialog is None:
            return False
        self.dialog.raise_()
        self.dialog.activateWindow()
        return True

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _id: self.family_records_changed())
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def step(self) -> None:
        from ui.family.step_dialog import StepDownDialog, StepUpDialog

        if self.detail is None or self.read_only or self._dialog_open():
            return
        if self.is_social_care():
            self._open(
                StepDownDialog(self.runner, self.levels, self.profile, self.detail, self.view)
            )
        else:
            self._open(StepUpDialog(self.runner, self.levels, self.profile, self.detail, self.view))

    def record_referral_outcome(self) -> None:
        from ui.family.step_dialog import ReferralOutcomeDialog

        step = self.awaiting_outcome()
        if step is None or self.read_only or self._dialog_open():
            return
        self._open(ReferralOutcomeDialog(self.runner, self.profile, step, self.view))

    def close_or_reopen(self) -> None:
        """Load what the dialog needs (the plan's outcomes, the re-referral window),
        then show it."""
        if self.detail is None or self._dialog_open():
            return
        family_id = self.family_id
        self.close_button.setEnabled(False)
        self.runner.run_store(
            _closing_data,
            self.profile,
            family_id,
            done=self._show_close_or_reopen,
            error=self._close_failed,
        )

    def _close_failed(self, error: HearthError) -> None:
        if not isValid(self.view):
            return
        self.close_button.setEnabled(True)
        self.view._action_failed(error)

    def _show_close_or_reopen(self, data: tuple[Any, Any]) -> None:
        from ui.casework.closure_dialog import CloseFamilyDialog, ReopenDialog

        if not isValid(self.view):
            return
        self.close_button.setEnabled(True)
        outcomes, settings = data
        if self.detail is None or self._dialog_open():
            return
        months = settings.rereferral_months
        if self.is_closed:
            self._open(
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
            self._open(
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

    def family_records_changed(self) -> None:
        """Reload the family (header, level, status) and so every tab."""
        family_id = self.family_id
        if family_id is None:
            return
        self.view.show_family(family_id)
        self.view.family_changed.emit(family_id)

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
            "consent": getattr(view, "consent_tab", None),
            "assessments": getattr(view, "assessments_tab", None),
            "family": 4,  # the level of need history
            "step_changes": 4,
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
            panel = getattr(self.view, "assessments_panel", None)
            if panel is None or panel.family_id != family_id or panel.row(record_id) is None:
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
        from ui.casework.closure_dialog import ClosureRecordDialog

        if self.closure is None or self._dialog_open():
            return
        dialog = ClosureRecordDialog(self.closure, self.view)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()


def _closure_and_steps(
    session: Any, actor: Profile, family_id: str
) -> tuple[ClosureData | None, tuple[StepChangeData, ...]]:
    """The latest closure and the step changes (for the header), in one store task."""
    return (
        closure.latest_closure(session, actor, family_id),
        step_changes.list_step_changes(session, actor, family_id),
    )


def _closing_data(session: Any, actor: Profile, family_id: str) -> tuple[Any, Any]:
    """The plan's outcomes (for a closure) and the casework settings, in one store task."""
    from app.reference.casework_settings import load_casework_settings

    return (
        closure.outcomes_to_close(session, actor, family_id),
        load_casework_settings(session),
    )


def install(view: Any) -> CaseworkController:
    """Add the casework tabs and header buttons to a family view (``view.casework``)."""
    view.casework = CaseworkController(view)
    return view.casework


def controller_of(view: Any) -> CaseworkController | None:
    return getattr(view, "casework", None)


def names(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
