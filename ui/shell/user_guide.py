"""Help > User guide: the guide in ``docs/guide`` (Markdown with pictures of the real
screens), offline, in a window beside the work: its pages on the left, the page on the
right, links between pages followed inside the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QResizeEvent, QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTextBrowser,
    QWidget,
)

# The guide's pages, in reading order: (file name without .md, title in the contents).
PAGES: tuple[tuple[str, str], ...] = (
    ("index", "Welcome"),
    ("caseload", "Today and your caseload"),
    ("family", "A family's record"),
    ("casework", "Consent, visits, assessments and plans"),
    ("printing", "Printing and saving documents"),
    ("sync", "Working with the server"),
    ("passphrase", "Locking, and a forgotten passphrase"),
    ("team-leads", "For team leads"),
    ("shortcuts", "Keyboard shortcuts"),
    ("it", "Settings, and what to tell IT"),
)


def guide_folder() -> Path:
    """``docs/guide`` in a source tree; beside the program in the one-folder build."""
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / "docs" / "guide"
    return Path(__file__).resolve().parents[2] / "docs" / "guide"


class UserGuide(QDialog):
    """The guide's window (not modal: a worker reads it beside their work)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hearth user guide")
        self.folder = guide_folder()
        self.contents = QListWidget()
        self.contents.setAccessibleName("Pages of the guide")
        for name, title in PAGES:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.contents.addItem(item)
        self.contents.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Guide page")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(self.folder)])
        self.browser.sourceChanged.connect(self._source_changed)
        self.browser.sourceChanged.connect(lambda _url: self._fit_pictures())
        self.contents.currentRowChanged.connect(self._row_chosen)
        layout = QHBoxLayout(self)
        layout.addWidget(self.contents)
        layout.addWidget(self.browser, 1)
        self.resize(980, 640)

    def show_page(self, name: str) -> None:
        """Open the page ``name`` (``index`` for a name the guide does not have)."""
        path = self.folder / f"{name}.md"
        if not path.is_file():
            path = self.folder / "index.md"
        if not path.is_file():
            self.browser.setMarkdown(
                "# The guide is missing\n\nThis copy of Hearth was installed without its "
                "user guide. Ask IT to reinstall it."
            )
            return
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        self._source_changed(self.browser.source())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_pictures()

    def _fit_pictures(self) -> None:
        """Each picture at most as wide as the page (no sideways scrolling), kept in shape."""
        document = self.browser.document()
        room = max(200, self.browser.viewport().width() - 2 * int(document.documentMargin()) - 4)
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                image = fragment.charFormat().toImageFormat()
                if fragment.isValid() and image.isValid():
                    picture = document.resource(QTextDocument.ResourceType.ImageResource,
                                                QUrl(image.name()))
                    natural = picture.width() if hasattr(picture, "width") else 0
                    if natural:
                        sized = QTextImageFormat(image)
                        sized.setWidth(min(natural, room))
                        sized.setHeight(picture.height() * min(natural, room) / natural)
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(),
                                           QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(sized)
                it += 1
            block = block.next()

    def page(self) -> str:
        """The page open now (its file name without .md)."""
        return Path(self.browser.source().toLocalFile()).stem

    def _row_chosen(self, row: int) -> None:
        if 0 <= row < len(PAGES) and PAGES[row][0] != self.page():
            self.show_page(PAGES[row][0])

    def _source_changed(self, _url: QUrl) -> None:
        names = [name for name, _title in PAGES]
        if self.page() in names:
            self.contents.blockSignals(True)
            self.contents.setCurrentRow(names.index(self.page()))
            self.contents.blockSignals(False)
