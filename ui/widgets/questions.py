"""Asking "are you sure?" the one way: Yes or Cancel, Cancel unless said otherwise (a
stray Enter must not remove anything). Screens keep the asking replaceable (``confirm``)
so their logic can be driven without a message box."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_yes(parent: QWidget, title: str, text: str, *, yes_by_default: bool = False) -> bool:
    """Whether the person answered Yes."""
    yes, cancel = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel
    answer = QMessageBox.question(
        parent, title, text, yes | cancel, yes if yes_by_default else cancel
    )
    return answer == yes
