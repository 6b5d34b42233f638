"""The family view's "Print…" menu: every document, the ones the family has something
for enabled; choosing one opens its :class:`ui.documents.document_preview.DocumentPreview`.

What the family has data for is looked up in the background when the family is set, and
again only when a record the documents are made from (:data:`DOCUMENT_RECORDS`) changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from app.documents.catalogue import DOCUMENT_NAMES, LABELS, available_documents
from app.store.caseload_store import Profile

from ui.documents.document_preview import DocumentPreview
from ui.widgets.change_follower import ChangeFollower
from ui.widgets.latest_load import LatestLoad

# The records the documents are made from (a level decision alone adds none).
DOCUMENT_RECORDS = frozenset({
    "consent", "plan_need", "assessment", "meeting", "closure", "visit", "chronology_entry",
    "supervision",
})


class PrintButton(QPushButton):
    """"Print…": a menu of the family's documents; those it has data for are enabled."""

    opened = Signal(object)  # the DocumentPreview shown

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__("&Print…", parent)
        self.setObjectName("printButton")
        self.setToolTip("Preview, save or print the family's documents (Ctrl+P)")
        self.runner = runner
        self.profile = profile
        self.family_id: str | None = None
        self.reference = ""
        self.preview: DocumentPreview | None = None
        self._load = LatestLoad(runner, self)
        self.menu_of_documents = QMenu(self)
        self.actions_by_name = {}
        for name in DOCUMENT_NAMES:
            action = self.menu_of_documents.addAction(LABELS[name] + "…")
            action.setObjectName(f"print_{name}")
            action.setEnabled(False)
            action.triggered.connect(lambda _checked=False, n=name: self.open_document(n))
            self.actions_by_name[name] = action
        self.setMenu(self.menu_of_documents)
        self.setEnabled(False)
        # Ctrl+P anywhere in the family's view opens the menu of documents.
        self.print_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), parent or self)
        self.print_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_key.activated.connect(self._print_key_pressed)
        self.follower = ChangeFollower(
            self, runner, lambda c: c.touches(self.family_id, DOCUMENT_RECORDS), self._look_up
        )

    def _print_key_pressed(self) -> None:
        if self.isEnabled() and self.isVisible():
            self.showMenu()

    def set_family(self, family_id: str, reference: str) -> None:
        """Say which family; its available documents are looked up in the background
        (for a new family; then again only when records they are made from change)."""
        self.reference = reference
        if family_id == self.family_id:
            return
        self.family_id = family_id
        self._look_up()

    def _look_up(self) -> None:
        family_id = self.family_id
        if family_id is None:
            return
        self._load.run(
            available_documents,
            self.profile,
            family_id,
            done=self._available,
            error=lambda _error: self._available(()),
        )

    def _available(self, names: Sequence[str]) -> None:
        for name, action in self.actions_by_name.items():
            action.setEnabled(name in names)
            action.setToolTip("" if name in names else "Nothing recorded for this yet")
        self.setEnabled(True)

    @property
    def available(self) -> tuple[str, ...]:
        return tuple(n for n, a in self.actions_by_name.items() if a.isEnabled())

    def open_document(self, name: str) -> DocumentPreview | None:
        if not self.reference:
            return None
        if self.preview is not None:
            self.preview.close()
        preview = DocumentPreview(
            self.runner, self.profile, self.reference, name, self.window(),
            large_print=False,
        )
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.destroyed.connect(lambda *_: self._forget(preview))
        self.preview = preview
        preview.show()
        preview.start()
        self.opened.emit(preview)
        return preview

    def _forget(self, preview: DocumentPreview) -> None:
        if self.preview is preview:
            self.preview = None
