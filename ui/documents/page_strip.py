"""The pages of a previewed document, one under another on grey, each as wide as the
preview has room for (never larger than drawn)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.widgets.theme import backdrop_colour


class PageStrip(QScrollArea):
    """A scroll area of page images; ``fit()`` again when the preview is resized."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: list[QImage] = []
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet(f"QScrollArea {{ background: {backdrop_colour()}; }}")
        self.page_host = QWidget()
        self.page_host.setStyleSheet(f"background: {backdrop_colour()};")
        self.page_layout = QVBoxLayout(self.page_host)
        self.page_layout.setSpacing(16)
        self.page_layout.setContentsMargins(16, 16, 16, 16)
        self.page_layout.addStretch(1)
        self.setWidget(self.page_host)

    def show_pages(self, images: Sequence[QImage]) -> None:
        """A label per page (named ``previewPage1``…), then the pages fitted to the width."""
        self.images = list(images)
        for number, _image in enumerate(self.images, start=1):
            label = QLabel()
            label.setObjectName(f"previewPage{number}")
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setFrameShape(QFrame.Shape.NoFrame)
            label.setToolTip(f"Page {number} of {len(self.images)}")
            self.page_layout.insertWidget(self.page_layout.count() - 1, label)
        self.fit()

    def _page_labels(self) -> list[QLabel]:
        labels = []
        for index in range(self.page_layout.count()):
            item = self.page_layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                labels.append(widget)
        return labels

    def fit(self) -> None:
        """Show each page as wide as the preview allows (never larger than drawn)."""
        margins = self.page_layout.contentsMargins()
        room = self.viewport().width() - margins.left() - margins.right()
        for label, image in zip(self._page_labels(), self.images, strict=False):
            width = max(200, min(room, image.width()))
            label.setPixmap(
                QPixmap.fromImage(
                    image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
                )
            )

    def clear(self) -> None:
        """No pages (they are gone from the strip at once)."""
        self.images = []
        while self.page_layout.count() > 1:
            item = self.page_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from the page list at once
                widget.deleteLater()
