"""The line across the main window that says some of the council's form files could not
be loaded: for workers, what that means and whom to tell; behind "Details…", for whoever
looks after the council's settings, which file and why (file, place, line, problem:
never anything personal), to copy.

:func:`attach_forms_notice` puts it in the window and keeps it true: after a sync brings
new forms they are read again (off the window's thread) and the notice follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.forms.loader import LoadResult
from app.forms.problems import Problem
from app.sync.engine import SyncReport

from ui.shell.task_runner import TaskRunner
from ui.sync.sync_controller import SyncController
from ui.widgets.fields import banner_style
from ui.widgets.theme import tone
from ui.wizard.form_wizard import reload_shared_forms, shared_forms

ASK = "Tell whoever looks after Hearth's settings for your council."


def notice_text(problems: Sequence[Problem]) -> str:
    """What a worker reads: how many files, what it means, whom to tell ("" if none)."""
    files = len({problem.file for problem in problems})
    if not files:
        return ""
    which = ("1 of the council's form files" if files == 1
             else f"{files} of the council's form files")
    return (f"{which} could not be loaded. Assessments made with "
            f"{'it' if files == 1 else 'them'} cannot be opened on this computer until "
            f"{'it is' if files == 1 else 'they are'} mended; everything else carries on "
            f"as usual. {ASK}")


def details_text(problems: Sequence[Problem]) -> str:
    """For whoever mends them: each file, where in it, the line and the problem."""
    blocks = []
    for problem in problems:
        path = Path(problem.file)
        lines = [f"File: {path.name}"]
        if str(path.parent) not in ("", "."):
            lines.append(f"Folder: {path.parent}")
        lines.append(f"Where: {problem.path}"
                     + (f" (line {problem.line})" if problem.line is not None else ""))
        lines.append(f"Problem: {problem.message}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class FormsProblemsDialog(QDialog):
    """Which form files were left out and why, selectable, with "Copy all"."""

    def __init__(self, problems: Sequence[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Form files that could not be loaded")
        intro = QLabel(
            "For whoever looks after Hearth's settings for the council. Each file named "
            "here was left out; mend it (the forms guide explains each rule) or ask for a "
            "corrected copy, then start Hearth again or fetch the council's settings."
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(details_text(problems))
        self.text.setObjectName("formsProblems")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(max(fixed.pointSizeF(), self.font().pointSizeF()))  # large print
        self.text.setFont(fixed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy all")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_all)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())


class FormsNotice(QWidget):
    """Hidden while every form file loads; otherwise the notice and "Details…"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame = QFrame()
        frame.setObjectName("formsNotice")
        frame.setStyleSheet(f"#formsNotice {{ {banner_style()} }}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 0)
        outer.addWidget(frame)
        self.problems: tuple[Problem, ...] = ()
        self.dialog: FormsProblemsDialog | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setStyleSheet(
            f"color: {tone('problem').text}; border: none; background: transparent; padding: 0;")
        self.details_button = QPushButton("Details…")
        self.details_button.setToolTip("Which files, and what is wrong in each")
        self.details_button.clicked.connect(self.show_details)
        row = QHBoxLayout(frame)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        self.label.setText(notice_text(self.problems))
        self.setVisible(bool(self.problems))
        if not self.problems and self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.close()

    def show_details(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
        dialog = FormsProblemsDialog(self.problems, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: FormsProblemsDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def attach_forms_notice(
    notices: QBoxLayout, runner: TaskRunner, sync: SyncController
) -> FormsNotice:
    """The notice across the top of the window's areas (first in ``notices``, the layout
    above them), following the forms in use."""
    notice = FormsNotice()
    notices.insertWidget(0, notice)
    notice.show_problems(shared_forms().problems)

    def reloaded(result: LoadResult) -> None:
        notice.show_problems(result.problems)

    def synced(report: SyncReport) -> None:
        if "forms" in report.reference_changed:
            runner.run_background(reload_shared_forms, done=reloaded)

    sync.finished.connect(synced)
    return notice
