"""A date typed as dd/mm/yyyy (with a Today button), stored as ISO text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFontMetrics,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.dates import parse_uk, uk
from app.dates import today as today_date
from app.forms.definition import Field

from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_editor import FieldEditor


class DateEditor(FieldEditor):
    """Typed as dd/mm/yyyy; stored as ISO text (yyyy-mm-dd)."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"input_{item.id}")
        self.edit.setAccessibleName(item.label)
        self.edit.setPlaceholderText("dd/mm/yyyy")
        self.edit.setMaxLength(10)
        self.edit.setFixedWidth(
            QFontMetrics(self.edit.font()).horizontalAdvance("00/00/00000") + 24
        )
        self.today_button = QPushButton("&Today")
        self.today_button.setObjectName(f"today_{item.id}")
        self.today_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.today_button.clicked.connect(self._today)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.today_button)
        layout.addStretch(1)
        self.edit.textEdited.connect(self._emit)
        self.edit.editingFinished.connect(self._tidy)
        self.setFocusProxy(self.edit)

    def _today(self) -> None:
        self.edit.setText(uk(today_date()))
        self.changed.emit()

    def _tidy(self) -> None:
        try:
            day = parse_uk(self.edit.text())
        except ValueError:
            return
        if day is not None:
            self.edit.setText(uk(day))

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        try:
            day = parse_uk(text)
        except ValueError:
            return text  # the engine says it is not a real date
        return day.isoformat() if day else None

    def set_value(self, value: Any) -> None:
        if value is None:
            self.edit.setText("")
            return
        try:
            self.edit.setText(uk(dt.date.fromisoformat(str(value))))
        except ValueError:
            self.edit.setText(str(value))

    def focus_target(self) -> QWidget:
        return self.edit
