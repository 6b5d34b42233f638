"""A picture field (``type: picture``): a scan or photo of a child's drawing, chosen with
"Choose picture…", taken away with "Remove", and shown small.

The file is read into memory and made ready to store by :mod:`app.forms.pictures` (no
copy of it is written anywhere); the file dialog is Qt's own, so the system records no
"recent file", and what Qt's dialog remembers (the folders it visited) is removed as
soon as it closes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.forms.definition import Field
from app.forms.pictures import (
    NOT_A_PICTURE,
    Picture,
    PictureRefused,
    picture_from_answer,
    read_picture_file,
)

from ui.widgets.save_dialog import documents_folder, forget_file_dialog_history
from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_editor import FieldEditor
from ui.wizard.editors.look import ERROR_COLOUR, MUTED_COLOUR, text_label, tint

THUMBNAIL_SIDE = 220
READ_ONLY_SIDE = 420  # a completed assessment shows the drawing larger
PICTURE_FILTER = (
    "Pictures (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.tif *.tiff *.JPG *.JPEG *.PNG);;"
    "All files (*)"
)


def ask_picture_path(parent: QWidget | None, title: str) -> Path | None:
    """The picture file the worker chose, or None; Qt's own dialog (no system history),
    starting in Documents, whose record of folders is removed when it closes."""
    dialog = QFileDialog(parent, title, str(documents_folder()), PICTURE_FILTER)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    try:
        chosen = dialog.selectedFiles() if dialog.exec() else []
    finally:
        shiboken6.delete(dialog)
        forget_file_dialog_history()
    return Path(chosen[0]) if chosen else None


def _prepared_or_refused(path: Path) -> Picture | str:
    """The picture in ``path`` ready to keep, or the sentence saying why not (run off the
    UI thread: a phone photo takes a few hundred milliseconds to decode and shrink)."""
    try:
        return read_picture_file(path)
    except PictureRefused as refused:
        return refused.message


def thumbnail(value: Any, side: int = THUMBNAIL_SIDE) -> QPixmap | None:
    """A small copy of a stored picture (None when there is none, or it cannot be read)."""
    picture = picture_from_answer(value)
    if picture is None:
        return None
    image = QImage.fromData(picture.data)
    if image.isNull():
        return None
    return QPixmap.fromImage(
        image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                     Qt.TransformationMode.SmoothTransformation)
    )


def picture_view(item: Field, value: Any) -> QLabel:
    """The picture shown small (or "No picture" in words), named for screen readers."""
    shown = thumbnail(value, READ_ONLY_SIDE)
    if shown is None:
        label = text_label("No picture attached.", MUTED_COLOUR)
    else:
        label = QLabel()
        label.setPixmap(shown)
        label.setFrameShape(QFrame.Shape.Box)
        label.setFixedSize(shown.width() + 2, shown.height() + 2)
    label.setObjectName(f"picture_{item.id}")
    label.setAccessibleName(f"{item.label}: " + ("attached" if shown else "none"))
    return label


class PictureEditor(FieldEditor):
    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self._value: dict[str, Any] | None = None
        self.preview = QLabel()
        self.preview.setObjectName(f"picture_{item.id}")
        self.preview.setMinimumSize(THUMBNAIL_SIDE // 2, THUMBNAIL_SIDE // 2)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.Box)
        self.choose_button = QPushButton("Choose picture…")
        self.choose_button.setObjectName(f"choose_{item.id}")
        self.choose_button.setAccessibleName(f"Choose picture: {item.label}")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName(f"remove_{item.id}")
        self.remove_button.setAccessibleName(f"Remove the picture: {item.label}")
        self.message = text_label("", ERROR_COLOUR, bold=True)
        self.message.setObjectName(f"pictureMessage_{item.id}")
        self.message.hide()
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.choose_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self._remove)
        self.setFocusProxy(self.choose_button)
        self._show()

    def _choose(self) -> None:
        path = ask_picture_path(self, f"Choose a picture: {self.field.label}")
        if path is None:
            return
        background = self.context.background
        if background is None:
            self._prepared(_prepared_or_refused(path))
            return
        self._set_working(True)
        background(lambda: _prepared_or_refused(path), self._prepared, self._failed)

    def _set_working(self, working: bool) -> None:
        self.choose_button.setEnabled(not working)
        self.remove_button.setEnabled(not working and self._value is not None)
        if working:
            self.preview.setText("Getting the picture ready…")

    def _prepared(self, result: Picture | str) -> None:
        """The picture made ready to keep, or why it was refused (on the UI thread)."""
        if not shiboken6.isValid(self):
            return  # the wizard closed meanwhile
        self._set_working(False)
        if isinstance(result, str):
            self._say(result)
            self._show()
            return
        self._value = result.answer()
        self._say("")
        self._show()
        self.changed.emit()

    def _failed(self, error: Any) -> None:
        if shiboken6.isValid(self):
            self._set_working(False)
            self._say(getattr(error, "message", "") or NOT_A_PICTURE)
            self._show()

    def _remove(self) -> None:
        self._value = None
        self._say("")
        self._show()
        self.changed.emit()
        self.choose_button.setFocus()

    def _say(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.choose_button.setAccessibleDescription(message)

    def _show(self) -> None:
        shown = thumbnail(self._value)
        if shown is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No picture yet")
            tint(self.preview, MUTED_COLOUR)
        else:
            self.preview.setPixmap(shown)
        self.preview.setAccessibleName(
            f"{self.field.label}: " + ("the picture attached" if shown else "no picture yet")
        )
        self.remove_button.setEnabled(self._value is not None)
        self.choose_button.setText("Choose another picture…" if shown else "Choose picture…")

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value if isinstance(value, dict) else None
        self._show()

    def focus_target(self) -> QWidget:
        return self.choose_button
