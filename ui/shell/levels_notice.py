"""The line at the top of the main window that says the council's levels-of-need file
could not be used, which file and why, and which levels Hearth uses meanwhile: the
worker can carry on, and whoever looks after the council's settings knows what to mend."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.fields import banner_style

ASK = "Tell whoever looks after Hearth's settings for your council."


class LevelsNotice(QLabel):
    def __init__(self, problem: str) -> None:
        super().__init__(f"The council's levels of need could not be used. {problem} {ASK}")
        self.setObjectName("levelsNotice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(banner_style())


def show_levels_problem(notices: QBoxLayout, problem: str) -> LevelsNotice | None:
    """Put the notice across the top of the window's areas (first in ``notices``, the
    layout above them; nothing when there is no problem)."""
    if not problem:
        return None
    notice = LevelsNotice(problem)
    margin = QWidget()
    layout = QVBoxLayout(margin)
    layout.setContentsMargins(6, 6, 6, 0)
    layout.addWidget(notice)
    notices.insertWidget(0, margin)
    return notice
