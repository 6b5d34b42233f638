"""The message boxes at the top of a wizard page: a notice (read-only, a team lead's
comment), the count of questions needing attention, why completing failed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ui.widgets.theme import colours

TONES = {"problem": "problem", "info": "info", "returned": "warning"}  # banner -> theme tone


def banner(name: str) -> QLabel:
    """An empty, hidden banner named ``name``."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def style_banner(label: QLabel, text: str, tone: str) -> None:
    """Show ``text`` in the banner in its tone ("problem", "info", "returned"), or hide it
    (keeping its last words, so the room it keeps when hidden is the room it took)."""
    if text or not label.text():
        label.setText(text)
    if text and label.property("tone") != tone:
        label.setProperty("tone", tone)
        label.setStyleSheet(
            colours(TONES.get(tone, "info"))
            + " border-radius: 4px; padding: 8px 10px;"
        )
    label.setVisible(bool(text))
