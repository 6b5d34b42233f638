"""The line that says, for as long as it is true, that this computer's store can only be
read (its folder or file may not be changed): nothing can be saved, so the worker knows
before typing, not after."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.store.caseload_store import Store

from ui.widgets.fields import banner_style

READ_ONLY_TEXT = (
    "This store can only be read on this computer: its folder may not be changed. "
    "Nothing you type can be saved. Ask IT to check the folder, then unlock again."
)


class ReadOnlyBanner(QLabel):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(READ_ONLY_TEXT, parent)
        self.setObjectName("readOnlyBanner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(banner_style())
        self.show_for(store)

    def show_for(self, store: Store) -> None:
        self.setVisible(store.read_only)
