"""Measures, on the pixels a window really shows, the contrast of every visible text
against what is behind it (WCAG 2 ratio; AA for text is 4.5:1).

The window is grabbed once. For each text (a label's, a button's, a line edit's, each
visible cell of a list, table or tree), the pixels of its box are counted: the commonest
colour is the background, and the text's colour is the one of the rest that stands out
most from it (the cores of the glyphs; their anti-aliased edges lie in between). Used by
tests/ui/test_contrast.py.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStyle,
    QTreeView,
    QWidget,
)

AA = 4.5


@dataclass(frozen=True)
class Reading:
    where: str  # the widget's kind and its words, for the test's message
    background: str
    text: str
    ratio: float


class Pixels:
    """A window's pixels, once, as 0xAARRGGBB integers by row."""

    def __init__(self, window: QWidget, save_to: str = "") -> None:
        self.window = window
        image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        if save_to:
            image.save(save_to)
        self.width, self.height = image.width(), image.height()
        self.scale = image.width() / max(1, window.width())
        self.data = array("I", bytes(image.constBits()))  # native order: 0xAARRGGBB
        self.stride = image.bytesPerLine() // 4

    def read(self, where: str, box: QRect) -> Reading | None:
        """The background and the text colour in ``box`` (window coordinates)."""
        x0, y0 = max(0, int(box.left() * self.scale)), max(0, int(box.top() * self.scale))
        x1 = min(self.width, int((box.right() + 1) * self.scale))
        y1 = min(self.height, int((box.bottom() + 1) * self.scale))
        if x1 - x0 < 3 or y1 - y0 < 3:
            return None
        colours: set[int] = set()
        for y in range(y0, y1):
            start = y * self.stride
            colours.update(self.data[start + x0 : start + x1])
        if len(colours) < 2:
            return None  # nothing drawn here (an empty or clipped text)
        # The background: the commonest colour of three rows, just inside a border (text is
        # sparse along any one row).
        rows: Counter[int] = Counter()
        for y in {min(y0 + 2, y1 - 1), (y0 + y1) // 2, max(y1 - 3, y0)}:
            rows.update(self.data[y * self.stride + x0 : y * self.stride + x1])
        background = rows.most_common(1)[0][0] & 0xFFFFFF
        back = _luminance(background)
        best, ratio = background, 1.0
        for value in colours:
            r = _ratio(_luminance(value & 0xFFFFFF), back)
            if r > ratio:
                best, ratio = value & 0xFFFFFF, r
        return Reading(where, f"#{background:06x}", f"#{best:06x}", round(ratio, 2))


@lru_cache(maxsize=65536)
def _luminance(rgb: int) -> float:
    """WCAG relative luminance of 0xRRGGBB (as ui.widgets.theme.luminance, faster)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(rgb >> 16 & 0xFF)
        + 0.7152 * channel(rgb >> 8 & 0xFF)
        + 0.0722 * channel(rgb & 0xFF)
    )


def _ratio(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def _words(text: str) -> str:
    text = " ".join(text.replace("&", "").split())
    return text[:50]


def _shown_box(widget: QWidget, window: QWidget, inset: int) -> QRect | None:
    """The part of ``widget`` on screen (inside its scroll areas), in window coordinates."""
    region = widget.visibleRegion().boundingRect()
    if region.isEmpty():
        return None
    box = region.adjusted(inset, inset, -inset, -inset)
    if box.width() < 3 or box.height() < 3:
        return None
    return QRect(widget.mapTo(window, box.topLeft()), box.size())


def _indicator_width(widget: QWidget) -> int:
    style = widget.style()
    width = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, widget)
    return width + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, widget)


def text_boxes(window: QWidget) -> Iterator[tuple[str, QRect]]:
    """Each visible, enabled text in ``window`` with the box it is drawn in."""
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or not widget.isEnabled() or widget.window() is not window:
            continue
        inset = 0
        if isinstance(widget, QLabel):
            words = widget.text() if widget.pixmap().isNull() else ""
        elif isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QComboBox)
        ):
            words, inset = widget.text(), 3
        elif isinstance(widget, QComboBox):
            words, inset = widget.currentText(), 3
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            yield from _cells(widget, window)
            continue
        else:
            continue
        if not words.strip():
            continue
        box = _shown_box(widget, window, inset)
        if box is None:
            continue
        if isinstance(widget, (QCheckBox, QRadioButton)):
            box.setLeft(box.left() + _indicator_width(widget))
        yield f"{type(widget).__name__} “{_words(words)}”", box


def _cells(view: QAbstractItemView, window: QWidget) -> Iterator[tuple[str, QRect]]:
    model = view.model()
    if model is None:
        return
    viewport = view.viewport()
    tree = isinstance(view, QTreeView)
    shown = viewport.visibleRegion().boundingRect()

    def columns(parent: QModelIndex) -> int:
        try:
            return int(model.columnCount(parent))
        except TypeError:  # a list widget's model keeps it private: one column
            return 1

    def walk(parent: QModelIndex) -> Iterator[QModelIndex]:
        for row in range(min(model.rowCount(parent), 60)):
            for column in range(columns(parent)):
                index = model.index(row, column, parent)
                yield index
                if column == 0 and tree and model.rowCount(index) > 0:
                    yield from walk(index)

    for index in walk(QModelIndex()):
        text = index.data()
        if not isinstance(text, str) or not text.strip():
            continue
        whole = view.visualRect(index)
        rect = whole.intersected(shown).adjusted(1, 1, -1, -1)
        if rect.width() < 3 or rect.height() < 3:
            continue
        if rect.height() < min(whole.height() - 2, 2 * view.fontMetrics().height()):
            continue  # a row cut by the viewport's edge: its text may not be drawn in view
        top_left = viewport.mapTo(window, rect.topLeft())
        yield f"cell of {type(view).__name__} “{_words(text)}”", QRect(top_left, rect.size())


def low_contrast(
    window: QWidget, ratio: float = AA, save_to: str = ""
) -> tuple[list[Reading], int]:
    """The texts in ``window`` below ``ratio``, and how many texts were measured (the
    picture measured is saved to ``save_to`` if given)."""
    pixels = Pixels(window, save_to)
    found: list[Reading] = []
    measured = 0
    for where, box in text_boxes(window):
        reading = pixels.read(where, box)
        if reading is None:
            continue
        measured += 1
        if reading.ratio < ratio:
            found.append(reading)
    return found, measured

