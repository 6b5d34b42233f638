"""The small pieces the casework tabs share: styles, toolbars, muted labels, lists of
names in words. (Their base, :class:`ui.widgets.panel.Panel`, is the widget kit's.)"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.widgets.fields import notice_style as warning_style
from ui.widgets.theme import colours, text_colour, text_style, tone

__all__ = ["closed_style", "muted_label", "names", "overdue_colour", "toolbar", "warning_style"]



def closed_style() -> str:
    """The banner over a closed family's casework."""
    t = tone("neutral")
    return (
        colours("neutral") + f" border-left: 5px solid {t.text}; border-radius: 4px;"
        " padding: 8px 10px; font-weight: 600;"
    )


def overdue_colour() -> str:
    return text_colour("overdue")


def toolbar(*widgets: QWidget) -> QHBoxLayout:
    bar = QHBoxLayout()
    for widget in widgets:
        bar.addWidget(widget)
    bar.addStretch(1)
    return bar


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(text_style("hint"))
    return label


def names(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
