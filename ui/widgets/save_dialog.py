"""Asking where to save a file, leaving no trace of where: Qt's file dialog records the
folders it visited in ``QtProject.conf`` (a folder may be named after a family), so that
record is removed as soon as the dialog has gone."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

QT_SETTINGS_APPLICATION = "QtProject"  # where Qt's own dialogs keep their state
FILE_DIALOG_GROUP = "FileDialog"


def ask_save_path(
    parent: QWidget | None, title: str, suggested: Path, name_filter: str, suffix: str
) -> Path | None:
    """The file the person chose (``suffix`` added when they typed none, before the
    dialog asks about replacing a file), or None if they cancelled."""
    dialog = QFileDialog(parent, title, str(suggested.parent), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suffix)
    dialog.selectFile(suggested.name)
    try:
        chosen = dialog.selectedFiles() if dialog.exec() else []
    finally:
        shiboken6.delete(dialog)  # it writes its history as it goes: remove it now
        forget_file_dialog_history()
    return Path(chosen[0]) if chosen else None


def forget_file_dialog_history() -> None:
    """Remove what Qt's file dialogs remember (the last folder, the recent ones)."""
    settings = QSettings(QSettings.Scope.UserScope, QT_SETTINGS_APPLICATION)
    settings.remove(FILE_DIALOG_GROUP)
    settings.sync()
