"""The small pieces the casework tabs share: styles, toolbars, muted labels, lists of
names in words. (Their base, :class:`ui.widgets.panel.Panel`, is the widget kit's.)"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.widgets.fields import NOTICE_STYLE

CLOSED_STYLE = (
    "background: #eceff1; color: #263238; border: 1px solid #90a4ae;"
    " border-left: 5px solid #455a64; border-radius: 4px; padding: 8px 10px; font-weight: 600;"
)
WARNING_STYLE = NOTICE_STYLE
OVERDUE_COLOUR = "#b3261e"
MUTED_STYLE = "color: #555555;"

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


def names(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
