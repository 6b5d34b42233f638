"""Saving the figures shown: "Save as CSV…", "Save as Excel…" and "Team report PDF…"
(:mod:`app.reporting`'s exports), asked through :func:`ask_save_path` and made and
written on the pool thread, whole or not at all. Families go by reference only unless
"with names" is ticked; the line under the buttons says where the file went."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.cli.print_command import write_pdf
from app.errors import HearthError
from app.reporting.export_csv import figures_csv
from app.reporting.export_xlsx import figures_xlsx
from app.reporting.report import Report
from app.reporting.report_pdf import render

from ui.widgets.save_dialog import ask_save_path


@dataclasses.dataclass(frozen=True)
class ExportKind:
    key: str
    button: str
    title: str
    name_filter: str
    suffix: str
    make: Callable[[Report], bytes]


KINDS = (
    ExportKind("csv", "Save as &CSV…", "Save the figures as CSV", "CSV files (*.csv)", "csv",
               lambda report: figures_csv(report).encode("utf-8")),
    ExportKind("xlsx", "Save as &Excel…", "Save the figures as an Excel workbook",
               "Excel workbooks (*.xlsx)", "xlsx", figures_xlsx),
    ExportKind("pdf", "Team report &PDF…", "Save the team report", "PDF documents (*.pdf)",
               "pdf", render),
)


def for_export(report: Report, with_names: bool) -> Report:
    """The report as it may leave the app: without names unless they were asked for."""
    return report if with_names else dataclasses.replace(report, names={})


def suggested_name(report: Report, kind: ExportKind) -> str:
    period = report.period
    return f"team-figures-{period.start.isoformat()}-to-{period.end.isoformat()}.{kind.suffix}"


class FiguresExport(QWidget):
    """The export buttons; ``saved(path)`` once a file is written."""

    saved = Signal(str)

    def __init__(self, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.report: Report | None = None
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for kind in KINDS:
            button = QPushButton(kind.button)
            button.clicked.connect(lambda _checked=False, k=kind: self.export(k))
            self.buttons[kind.key] = button
            row.addWidget(button)
        self.with_names = QCheckBox("With &names")
        self.with_names.setToolTip("Without this, families are listed by reference only")
        row.addWidget(self.with_names)
        row.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.set_report(None)

    def set_report(self, report: Report | None) -> None:
        self.report = report
        for button in self.buttons.values():
            button.setEnabled(report is not None)

    def export(self, kind: ExportKind) -> None:
        if self.report is None:
            return
        chosen = ask_save_path(self, kind.title, Path(suggested_name(self.report, kind)),
                               kind.name_filter, kind.suffix)
        if chosen is None:
            return
        report = for_export(self.report, self.with_names.isChecked())
        self._say(f"Saving {chosen}…")

        def work() -> str:
            write_pdf(chosen, kind.make(report))
            return str(chosen)

        self.runner.run_background(
            work, done=self._written, error=self._failed
        )

    def _written(self, path: str) -> None:
        if not isValid(self):
            return
        self._say(f"Saved as {path}.")
        self.saved.emit(path)

    def _failed(self, error: HearthError) -> None:
        if isValid(self):
            self._say(error.message)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
