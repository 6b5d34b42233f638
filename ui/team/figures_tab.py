"""The Team area's Figures tab: the figures a council reports for a period (from/to,
by default the last full calendar quarter) and a scope (the whole team, one worker, or
one level of need), loaded in one store task when "Show" is pressed, and again after
any change to a family while shown. Each figure is a :class:`FigureCard`; a row opens
the families it counts (:class:`FigureFamiliesDialog`), and a family there asks the
Team area to open it (``open_requested(family_id)``). Under the figures, the exports
(:class:`FiguresExport`)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.dates import today as today_date
from app.dates import uk
from app.errors import HearthError, ValidationFailed
from app.families.allocation import shown_name
from app.reference.levels_of_need import LevelsOfNeed
from app.reporting.figure import Figure, FigureRow
from app.reporting.period import Period, Scope
from app.reporting.report import Report, load_report

from ui.team.figure_card import FigureCard
from ui.team.figure_families import FigureFamiliesDialog
from ui.team.figures_export import FiguresExport
from ui.widgets.fields import DateField, banner_style
from ui.widgets.latest_load import LatestLoad
from ui.widgets.one_dialog import OneDialogAtATime

DEFAULT_PERIOD_NAME = "the last full quarter"


def last_full_quarter(today: dt.date) -> Period:
    """The last calendar quarter (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec) ended before today."""
    first_month = (today.month - 1) // 3 * 3 + 1
    this_quarter = dt.date(today.year, first_month, 1)
    end = this_quarter - dt.timedelta(days=1)
    start = dt.date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
    return Period(start, end)


def read_period(start: DateField, end: DateField) -> Period:
    """The period typed; ValidationFailed naming the field that cannot be used."""
    days: dict[str, dt.date] = {}
    for key, field in (("from", start), ("to", end)):
        try:
            day = field.date()
        except ValueError:
            day = None
        if day is None:
            raise ValidationFailed({key: f"Enter the '{key}' date as dd/mm/yyyy."})
        days[key] = day
    return Period(days["from"], days["to"])


def scope_of(code: str) -> Scope:
    """A scope from the scope choice's code: "", "worker:USERNAME" or "level:CODE"."""
    kind, _sep, value = code.partition(":")
    if kind == "worker":
        return Scope(worker=value)
    if kind == "level":
        return Scope(level=value)
    return Scope()


class FiguresTab(OneDialogAtATime, QWidget):
    """``loaded()`` after each load shown."""

    loaded = Signal()
    open_requested = Signal(str)

    def __init__(
        self, runner: Any, levels: LevelsOfNeed, parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.levels = levels
        self.report: Report | None = None
        self.asked: tuple[Period, Scope] | None = None
        self.cards: list[FigureCard] = []
        self._load = LatestLoad(runner, self)
        default = last_full_quarter(today or today_date())
        self.start = DateField(default.start)
        self.start.setAccessibleName("Figures from")
        self.end = DateField(default.end)
        self.end.setAccessibleName("Figures to")
        self.scope = QComboBox()
        self.scope.setAccessibleName("Whose families")
        self.set_workers(())
        self.show_button = QPushButton("&Show")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_figures)
        self.start.returnPressed.connect(self.show_figures)
        self.end.returnPressed.connect(self.show_figures)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(banner_style())
        self.message.hide()
        self.summary = QLabel(f"Figures for {DEFAULT_PERIOD_NAME} "
                              f"({uk(default.start)} to {uk(default.end)}) unless you choose "
                              "other dates; press Show.")
        self.summary.setWordWrap(True)
        self.export = FiguresExport(runner)
        self._layout(self._picker())

    def _picker(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, field in (("&From", self.start), ("&To", self.end), ("F&or", self.scope)):
            label = QLabel(text)
            label.setBuddy(field)
            # Measured with the T-o kerning that the underlined letter undoes, the label
            # was too narrow for its words and cut the "o" of "To" off.
            label.setMinimumWidth(label.sizeHint().width() + 4)
            row.addWidget(label)
            row.addWidget(field)
        row.addWidget(self.show_button)
        row.addStretch(1)
        return row

    def _layout(self, picker: QHBoxLayout) -> None:
        self.figures = QWidget()
        self.figures_layout = QVBoxLayout(self.figures)
        self.figures_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.figures)
        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.export)

    def set_workers(self, usernames: tuple[str, ...] | list[str]) -> None:
        """The scope's choices: the team, each worker (``usernames``), each level of need."""
        current = self.scope.currentData() or ""
        self.scope.clear()
        self.scope.addItem("The whole team", "")
        for username in usernames:
            self.scope.addItem(f"Worker: {shown_name(username)}", f"worker:{username}")
        for level in self.levels.levels:
            self.scope.addItem(f"Level of need: {level.short}", f"level:{level.code}")
        index = self.scope.findData(current)
        self.scope.setCurrentIndex(max(index, 0))

    # -- loading --------------------------------------------------------------

    def show_figures(self) -> None:
        """Load the figures for the period and scope chosen."""
        try:
            period = read_period(self.start, self.end)
            scope = scope_of(str(self.scope.currentData() or ""))
        except ValidationFailed as problem:
            self._failed(problem)
            return
        self.asked = (period, scope)
        self.reload()

    def reload(self) -> None:
        """Load again what was last shown (nothing before the first "Show")."""
        if self.asked is None:
            return
        period, scope = self.asked
        self._load.run(partial(load_report, period=period, scope=scope, with_names=True),
                       done=self._loaded, error=self._failed)

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        self._load.forget()
        self.asked = None
        self.report = None
        self.export.set_report(None)
        self._set_cards(())

    def _loaded(self, report: Report) -> None:
        self.report = report
        self.message.hide()
        self.summary.setText(f"Figures from {uk(report.period.start)} to "
                             f"{uk(report.period.end)} for {report.scope.label}. Enter or a "
                             "double-click on a row lists the families it counts.")
        self._set_cards(report.figures)
        self.export.set_report(report)
        self.loaded.emit()

    def _set_cards(self, figures: tuple[Figure, ...]) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = [FigureCard(figure) for figure in figures]
        for i, card in enumerate(self.cards):
            card.families_requested.connect(self.show_families)
            self.figures_layout.insertWidget(i, card)

    def _failed(self, error: HearthError) -> None:
        self.message.setText(error.message)
        self.message.show()

    # -- families -------------------------------------------------------------

    def show_families(self, figure: Figure, row: FigureRow) -> None:
        if self.report is None or self.dialog_open():
            return
        dialog = FigureFamiliesDialog(self.report, figure, row, self)
        dialog.open_requested.connect(self.open_requested)
        self.open_dialog(dialog)
