"""The caseload's two pages instead of its table: no families yet, and none that match."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


def empty_page(new_button: QPushButton) -> QWidget:
    """What an empty store shows: a word of explanation and ``new_button``."""
    page = QWidget()
    empty_title = QLabel("No families yet")
    empty_title.setObjectName("emptyTitle")
    empty_text = QLabel(
        "Families you work with will be listed here. Start by adding the first one; "
        "you can record the household, the agencies involved and the level of need."
    )
    empty_text.setWordWrap(True)
    empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty_box = QWidget()
    empty_box.setFixedWidth(480)
    box_layout = QVBoxLayout(empty_box)
    box_layout.addWidget(empty_title, 0, Qt.AlignmentFlag.AlignHCenter)
    box_layout.addWidget(empty_text)
    box_layout.addSpacing(8)
    box_layout.addWidget(new_button, 0, Qt.AlignmentFlag.AlignHCenter)
    empty_layout = QVBoxLayout(page)
    empty_layout.addWidget(empty_box, 0, Qt.AlignmentFlag.AlignCenter)
    return page


def no_match_page(clear_button: QPushButton) -> QWidget:
    """What a search or filter that matches no family shows, not a blank table."""
    page = QWidget()
    text = QLabel("No families match the search and filters.")
    text.setObjectName("noMatchText")
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addWidget(text)
    layout.addWidget(clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch(2)
    return page
