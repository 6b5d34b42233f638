"""The administrator's window for GCP2 grade descriptors: which wording new
GCP2s use, importing a council's licensed descriptor file, and going back to
Hearth's own neutral wording.

The file is read off the UI thread, checked and kept inside the encrypted
store by :mod:`app.forms.gcp2_descriptors` (administrators only); a file with
mistakes is refused with one line per mistake and nothing changes. Earlier
GCP2s keep the wording they were made with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.dates import uk_instant
from app.errors import HearthError
from app.forms import gcp2_descriptors
from app.forms.gcp2_descriptors import DescriptorFileInfo, DescriptorImport
from app.forms.loader import FormRegistry
from app.store.caseload_store import Profile

from ui.widgets.fields import banner_style, hint_style
from ui.widgets.mnemonics import name_buttons
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.save_dialog import forget_file_dialog_history
from ui.widgets.table import rows_table
from ui.widgets.theme import box_style, tint
from ui.wizard.form_wizard import shared_registry


def _source(info: DescriptorFileInfo) -> str:
    if info.imported:
        when = uk_instant(info.imported_at) if info.imported_at else ""
        return f"Imported by {info.imported_by} {when}".strip()
    return "Shipped with Hearth" if not info.licensed else "From a forms folder"


class DescriptorImportDialog(QDialog):
    """GCP2 descriptors: the files known, the one in use, import and go back."""

    imported = Signal(object)  # DescriptorFileInfo

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        registry: FormRegistry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.registry = registry or shared_registry()
        self.files: tuple[DescriptorFileInfo, ...] = ()
        self.busy = False
        # Replaceable so tests can choose a file without a file dialog.
        self.choose_file: Callable[[], str | None] = self._choose_file
        self.setWindowTitle("GCP2 grade descriptors")
        self.setMinimumWidth(760)

        intro = self._build_intro()
        self.is_admin = profile.role == "administrator"
        self.admin_note = QLabel(
            "Only an administrator can change the descriptors. You can see which are in use."
        )
        self.admin_note.setObjectName("adminOnly")
        self.admin_note.setWordWrap(True)
        self.admin_note.setVisible(not self.is_admin)
        self.message = QLabel()
        self.message.setObjectName("descriptorMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.table = self._build_table()
        row = self._build_actions()
        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.admin_note)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.reload()

    def _build_intro(self) -> QLabel:
        intro = QLabel(
            "Graded Care Profile 2 is licensed by the NSPCC. Hearth ships the structure with "
            "neutral wording of its own. A council holding a licence can import the official "
            "descriptors as a file with the same structure: every GCP2 started afterwards uses "
            "it, and earlier ones keep the wording they were made with."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        return intro

    def _build_table(self) -> QTableView:
        """The descriptor files this computer has, the one in use shaded."""
        self.model = RowsModel(
            [
                Column("Wording", lambda f: f.title),
                Column("Version", lambda f: str(f.version)),  # never the file's internal id
                Column("Licensed", lambda f: "Yes" if f.licensed else "No"),
                Column("Where from", _source),
                Column("In use", lambda f: "✓ New GCP2s use this" if f.in_use else ""),
            ],
            self,
        )
        self.model.background = lambda f: tint("success") if f.in_use else None
        table = rows_table(self.model)
        table.setObjectName("descriptorTable")
        table.setAccessibleName("Descriptors")
        header = table.horizontalHeader()
        for col in range(5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return table

    def _build_actions(self) -> QHBoxLayout:
        """Import a file, or go back to the shipped wording (administrators only)."""
        self.import_button = QPushButton("Import a descriptor file…")
        self.import_button.setObjectName("importDescriptors")
        self.import_button.clicked.connect(self.import_file)
        self.shipped_button = QPushButton("Use Hearth's own wording")
        self.shipped_button.setObjectName("useShipped")
        self.shipped_button.clicked.connect(self.use_shipped)
        for button in (self.import_button, self.shipped_button):
            button.setEnabled(self.is_admin)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.shipped_button)
        row.addStretch(1)
        return row

    # -- loading ------------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run_store(
            gcp2_descriptors.descriptor_files,
            self.profile,
            self.registry,
            done=self._loaded,
            error=self._failed,
        )

    def _loaded(self, files: Sequence[DescriptorFileInfo]) -> None:
        if not isValid(self):
            return  # closed while the list was loading
        self.files = tuple(files)
        self.model.set_rows(list(files))

    @property
    def in_use(self) -> DescriptorFileInfo | None:
        return next((f for f in self.files if f.in_use), None)

    # -- actions ------------------------------------------------------------------

    def show_message(self, text: str, *, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(box_style("success") if ok else banner_style())
        self.message.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.import_button, self.shipped_button):
            button.setEnabled(self.is_admin and not busy)
        self.import_button.setText("Importing…" if busy else "Import a descriptor file…")

    def import_file(self) -> None:
        if not self.is_admin or self.busy:
            return
        path = self.choose_file()
        if not path:
            return
        self._set_busy(True)
        self.show_message("")
        self.runner.run_background(
            lambda: gcp2_descriptors.read_import_file(path),
            done=self._read,
            error=self._failed,
        )

    def _read(self, request: DescriptorImport) -> None:
        if not isValid(self):
            return
        self.runner.run_store(
            gcp2_descriptors.import_descriptor_file,
            self.profile,
            request,
            self.registry,
            done=self._imported,
            error=self._failed,
        )

    def _imported(self, info: DescriptorFileInfo) -> None:
        if not isValid(self):
            return
        self._set_busy(False)
        self.show_message(
            f"Imported “{info.title}” ({info.entries} sub-areas). Every GCP2 started from now "
            "on uses this wording; earlier ones keep theirs.",
            ok=True,
        )
        self.imported.emit(info)
        self.reload()

    def use_shipped(self) -> None:
        if not self.is_admin or self.busy:
            return
        self._set_busy(True)
        self.runner.run_store(
            gcp2_descriptors.use_shipped_descriptors,
            self.profile,
            self.registry,
            done=self._went_back,
            error=self._failed,
        )

    def _went_back(self, info: DescriptorFileInfo | None) -> None:
        if not isValid(self):
            return
        self._set_busy(False)
        title = f"“{info.title}”" if info is not None else "Hearth's own wording"
        self.show_message(f"New GCP2s now use {title}.", ok=True)
        self.reload()

    def _failed(self, error: HearthError) -> None:
        if not isValid(self):
            return
        self._set_busy(False)
        self.show_message(error.message)

    def _choose_file(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Choose the council's GCP2 descriptor file", "", "Descriptor files (*.yaml *.yml)"
        )
        forget_file_dialog_history()
        return path or None


def open_descriptor_import(window: Any) -> DescriptorImportDialog | None:
    """The main window's menu action: open the dialog over ``window``."""
    if getattr(window, "is_locked", False):
        return None
    dialog = DescriptorImportDialog(window.runner, window.profile, parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
