"""A house to write in (``look: house``): a house painted from the palette, its name on
the roof, and the child's words typed inside its walls, large, so the child can watch
them go in. The same house, with the words as text, shows a completed answer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app.forms.definition import Field

from ui.widgets.theme import line_colour, role_colour, tone
from ui.wizard.editors.look import focus_colour, text_label
from ui.wizard.editors.text import GrowingTextEdit, LongTextEditor

# Each house has a colour of its own, from its name (tints the theme makes readable).
HOUSE_TONES = ("info", "warning", "success")
WORDS_SCALE = 1.5  # the words inside, against the application's font (large text too)
ROOF_SCALE = 1.35
MAX_HOUSE_WIDTH = 640
ROOF_PITCH = 0.3  # the roof's height, against the house's width
WALL_INSET = 14  # the walls stand a little inside the eaves


_ROOF_FLAGS = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)


def house_tone(name: str) -> str:
    return HOUSE_TONES[len(name) % len(HOUSE_TONES)]


def scaled_font(base: QFont, scale: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    else:
        font.setPixelSize(round(font.pixelSize() * scale))
    font.setBold(bold)
    return font


class HouseFrame(QWidget):
    """A painted house holding ``inside`` between its walls: a roof with ``name`` on
    it, a chimney, and a door under the words."""

    def __init__(self, name: str, inside: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.inside = inside
        self.kind = house_tone(name)
        self.roof_font = scaled_font(self.font(), ROOF_SCALE, bold=True)
        metrics = QFontMetrics(self.roof_font)
        self.least_roof = max(72, int(metrics.height() * 3.2))
        self.roof_height = self.least_roof
        self.door_height = max(44, int(metrics.height() * 2.2))
        layout = QVBoxLayout(self)
        layout.addWidget(inside)
        self._fit_roof()
        inside.installEventFilter(self)  # the house shows where the keyboard is
        self.setMinimumWidth(300)
        self.setMaximumWidth(MAX_HOUSE_WIDTH)

    def _fit_roof(self) -> None:
        """Room for the roof (steeper as the house is wider) and the door."""
        self.roof_height = max(self.least_roof, int(self.width() * ROOF_PITCH))
        pad = WALL_INSET + 16
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(pad, self.roof_height + 14, pad, self.door_height + 12)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_roof()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        colours = tone(self.kind)
        focused = self.inside.hasFocus()
        edge = focus_colour() if focused else QColor(colours.text)
        if edge == QColor(role_colour(QPalette.ColorRole.Window)):
            edge = QColor(line_colour())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(edge, 4 if focused else 2.5)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        width, height = float(self.width()), float(self.height())
        roof = self.roof_height
        painter.setBrush(QColor(colours.background))
        # the chimney first, so the roof covers its foot
        painter.drawRect(QRectF(width * 0.72, roof * 0.12, width * 0.07, roof * 0.6))
        painter.drawRect(QRectF(WALL_INSET, roof, width - 2 * WALL_INSET, height - roof - 2))
        eaves = QPolygonF(
            [QPointF(2, roof + 2), QPointF(width / 2, 3), QPointF(width - 2, roof + 2)]
        )
        painter.drawPolygon(eaves)
        door_w = self.door_height * 0.62
        painter.setBrush(QColor(colours.border))
        painter.drawRoundedRect(
            QRectF(width / 2 - door_w / 2, height - self.door_height, door_w,
                   self.door_height - 2), 4, 4,
        )
        painter.setPen(QColor(colours.text))
        painter.setFont(self.roof_font)
        painter.drawText(self._roof_space(), _ROOF_FLAGS, self.name)
        painter.end()

    def _roof_space(self) -> QRectF:
        width, roof = float(self.width()), self.roof_height
        return QRectF(width * 0.2, roof * 0.4, width * 0.6, roof * 0.58)

    def roof_words_box(self) -> QRect:
        """Where the name is written on the roof (this widget's coordinates)."""
        space = self._roof_space()
        box = QFontMetrics(self.roof_font).boundingRect(space.toRect(), _ROOF_FLAGS, self.name)
        return box.adjusted(-2, -2, 2, 2)


def centred(house: HouseFrame) -> QWidget:
    """The house in the middle of the page's width."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 4, 0, 4)
    row.addStretch(1)
    row.addWidget(house, 12)
    row.addStretch(1)
    return holder


class HouseEditor(LongTextEditor):
    """A ``long_text`` field with ``look: house``: the words typed inside the house."""

    def make_edit(self, item: Field) -> GrowingTextEdit:
        edit = GrowingTextEdit(min_lines=4, max_lines=12)
        edit.setFont(scaled_font(self.font(), WORDS_SCALE))
        edit.setAccessibleName(f"{item.roof}: {item.label}")
        edit.setPlaceholderText("Type the child's words here")
        return edit

    def shown(self, item: Field) -> QWidget:
        self.house = HouseFrame(item.roof, self.edit)
        self.house.setObjectName(f"house_{item.id}")
        return centred(self.house)


def house_answer(item: Field, text: str) -> QWidget:
    """A completed house: its words shown inside it, large."""
    words = text_label(text or "Not answered")
    words.setFont(scaled_font(words.font(), WORDS_SCALE))
    words.setObjectName(f"answer_{item.id}")
    words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    words.setAccessibleName(f"{item.roof}: {text or 'Not answered'}")
    return centred(HouseFrame(item.roof, words))
