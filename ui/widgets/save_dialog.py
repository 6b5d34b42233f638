"""Asking where to save a file, leaving no trace of where.

The dialog (the system's own where there is one) starts in the person's Documents folder
with a name suggested, extension included; a name typed without one gets it from the
dialog itself (``setDefaultSuffix``), before the dialog asks about replacing a file of
that name. Qt's file dialog records the folders it visited in ``QtProject.conf`` (a
folder may be named after a family), so that record is removed as soon as it has gone."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

QT_SETTINGS_APPLICATION = "QtProject"  # where Qt's own dialogs keep their state
FILE_DIALOG_GROUP = "FileDialog"


def documents_folder() -> Path:
    """The person's Documents folder (their home folder when there is none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def ask_save_path(
    parent: QWidget | None, title: str, suggested: Path, name_filter: str, suffix: str
) -> Path | None:
    """The file the person chose (``suffix`` added when they typed none, before the
    dialog asks about replacing a file), or None if they cancelled. ``suggested`` is a
    file name (the dialog opens in Documents) or a full path (it opens in that folder)."""
    folder = suggested.parent if suggested.is_absolute() else documents_folder()
    dialog = QFileDialog(parent, title, str(folder), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    # Replacing a file is asked about (Qt's default, said here so that it stays so).
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, False)
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
