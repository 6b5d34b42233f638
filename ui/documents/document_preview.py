"""Preview a family's document, save it as a PDF or as a web page, or print it.

The document's data is loaded on the store's thread, the PDF is made in
memory on the pool (never written to a temporary file: nothing sensitive
leaves the store unless the worker saves it), and its pages are drawn as
images for the preview, also on the pool. Pages are drawn with Qt's own PDF
module when this build of Qt has it (``PySide6.QtPdf``, in PySide6-Addons),
otherwise with PDFium (``pypdfium2``); with neither, the preview says so and
the document can still be saved.

The web page (``Save as web page…``) is the document's accessible copy, made from the
same drawing as the PDF (:mod:`app.documents.web_page`): one HTML file a screen
reader reads in order, in every script.

Printing goes through the Qt print dialog: each page is drawn at the
printer's resolution (at most 300 dpi) and painted on the printer's page.

The family view's "Print…" menu, which opens it, is
:class:`ui.documents.print_button.PrintButton`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.cli.print_command import write_pdf
from app.documents.catalogue import (
    LABELS,
    Printable,
    load_document,
    unprintable_message,
)
from app.documents.layout.document_info import RenderOptions
from app.documents.web_page import render_with_web_page
from app.errors import HearthError
from app.store.caseload_store import Profile

from ui.documents.page_drawing import (
    PREVIEW_DPI,
    PRINT_DPI_LIMIT,
    PageImage,
    draw_pages,
    page_backend,
    pages_wanted,
    print_pages,
)
from ui.documents.page_strip import PageStrip
from ui.widgets.save_dialog import ask_save_path
from ui.widgets.theme import text_style
from ui.widgets.window_memory import remember_size

# ---------------------------------------------------------------- the dialog


class DocumentPreview(QDialog):
    """One document of one family: its pages, Save as… and Print…."""

    ready = Signal()  # the pages are showing (or why they cannot be)
    saved = Signal(str)  # the path written
    printed = Signal(int)  # pages sent to the printer

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family_reference: str,
        name: str,
        parent: QWidget | None = None,
        *,
        large_print: bool = False,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.reference = family_reference
        self.name = name
        self.data: Any = None
        self.pdf: bytes | None = None
        self.html: str | None = None  # the accessible web page copy
        self.unprintable: frozenset[str] = frozenset()
        self.pages: list[QImage] = []
        self._token = 0
        # Replaceable so tests (and other front ends) can answer without a native dialog.
        self.ask_save_path: Callable[[str], str | None] = self._ask_save_path
        self.ask_printer: Callable[[QPrinter], bool] = self._ask_printer
        self.setWindowTitle(f"{LABELS[name]} — family {family_reference}")
        self.setObjectName("documentPreview")
        remember_size(self, "documentPreview", 880, 900)  # never taller than the screen

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar(large_print))
        self.status = QLabel("Making the document…")
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.strip = PageStrip()
        layout.addWidget(self.strip, 1)
        layout.addLayout(self._build_buttons())
        self._set_busy(True)

    def _build_bar(self, large_print: bool) -> QHBoxLayout:
        """The document's name and family, and the Large print switch."""
        bar = QHBoxLayout()
        title = QLabel(f"<b>{LABELS[self.name]}</b> &nbsp; family {self.reference}")
        bar.addWidget(title)
        bar.addStretch(1)
        self.large_print = QCheckBox("&Large print")
        self.large_print.setToolTip(
            "Larger type (16pt) for anyone who finds small print hard to read"
        )
        self.large_print.setChecked(large_print)
        self.large_print.toggled.connect(self._remake)
        bar.addWidget(self.large_print)
        return bar

    def _build_buttons(self) -> QHBoxLayout:
        """The page count, then Save as…, Print… and Close."""
        buttons = QHBoxLayout()
        self.page_count = QLabel("")
        buttons.addWidget(self.page_count)
        buttons.addStretch(1)
        self.save_button = QPushButton("&Save as…")
        self.save_button.clicked.connect(self.save_as)
        self.web_page_button = QPushButton("Save as &web page…")
        self.web_page_button.setToolTip(
            "An accessible copy a screen reader reads in order, in any language"
        )
        self.web_page_button.clicked.connect(self.save_as_web_page)
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self.print_document)
        self.print_button.setToolTip("Print the document (Ctrl+P)")
        print_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_key.activated.connect(self.print_button.click)  # does nothing while disabled
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(self.reject)
        for button in (self.save_button, self.web_page_button, self.print_button,
                       self.close_button):
            buttons.addWidget(button)
        return buttons

    # -- making

    def start(self) -> None:
        """Load the data (store thread), then make and draw the document (pool)."""
        self._token += 1
        token = self._token
        self._set_busy(True)
        self.runner.run_store(
            load_document,
            self.profile,
            self.reference,
            self.name,
            done=lambda data: self._loaded(token, data),
            error=lambda error: self._failed(token, error),
        )

    def _options(self) -> RenderOptions:
        return RenderOptions(large_print=self.large_print.isChecked())

    def _loaded(self, token: int, data: Any) -> None:
        if token != self._token or not isValid(self):
            return
        self.data = data
        self._make(token)

    def _remake(self) -> None:
        if self.data is None:
            return
        self._token += 1
        self._make(self._token)

    def _make(self, token: int) -> None:
        self._set_busy(True)
        self.status.setText("Making the document…")
        name, data, options = self.name, self.data, self._options()
        can_draw = bool(page_backend())

        def work() -> tuple[bytes, list[PageImage] | None, frozenset[str], str]:
            pdf, html, unprintable = render_with_web_page(name, data, options)
            images = draw_pages(pdf, PREVIEW_DPI) if can_draw else None
            return pdf, images, unprintable, html

        self.runner.run_background(
            work,
            done=lambda result: self._made(token, *result),
            error=lambda error: self._failed(token, error),
        )

    def _made(
        self,
        token: int,
        pdf: bytes,
        images: list[PageImage] | None,
        unprintable: frozenset[str] = frozenset(),
        html: str | None = None,
    ) -> None:
        if token != self._token or not isValid(self):
            return
        self.pdf = pdf
        self.html = html
        self.strip.clear()
        if images is None:
            self.pages = []
            self.status.setText(
                "The pages cannot be shown on this computer, but the document is ready: "
                "use Save as… and open it with your PDF reader."
            )
            self.page_count.setText("")
        else:
            self.pages = [image.to_image() for image in images]
            self.strip.show_pages(self.pages)
            count = len(self.pages)
            self.page_count.setText(f"{count} page{'s' if count != 1 else ''}")
            self.status.setText("")
        # Told before printing: a character no font has prints as a visible mark.
        self.status.setStyleSheet("")
        self.unprintable = unprintable
        # And a mistake in the council's identity file (the document shows the last good one).
        problem = self.data.letterhead.problem if isinstance(self.data, Printable) else ""
        notes = [unprintable_message(unprintable, show=True) if unprintable else "", problem]
        if any(notes):
            self.status.setText("\n\n".join(note for note in notes if note))
        self.status.setVisible(bool(self.status.text()))
        self._set_busy(False)
        self.ready.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.pages:
            self.strip.fit()

    def _failed(self, token: int, error: HearthError) -> None:
        if token != self._token or not isValid(self):
            return
        self.status.setText(error.message)
        self.status.setStyleSheet(text_style("error"))
        self.status.show()
        self._set_busy(False)
        self.save_button.setEnabled(self.pdf is not None)
        self.web_page_button.setEnabled(self.html is not None)
        self.print_button.setEnabled(bool(self.pages))
        self.ready.emit()

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy and self.pdf is not None)
        self.web_page_button.setEnabled(not busy and self.html is not None)
        self.print_button.setEnabled(not busy and self.pdf is not None and bool(page_backend()))
        self.large_print.setEnabled(not busy or self.data is None)
        if not page_backend():
            self.print_button.setToolTip(
                "Printing needs Qt's PDF module or PDFium; save the document and print it "
                "from your PDF reader."
            )

    @property
    def page_total(self) -> int:
        return len(self.pages)

    # -- saving

    def suggested_file_name(self) -> str:
        extra = "-large-print" if self.large_print.isChecked() else ""
        return f"{self.reference}-{self.name}{extra}.pdf"

    def _ask_save_path(self, suggested: str) -> str | None:
        if suggested.endswith(".html"):
            title, kinds, suffix = "Save as a web page", "Web pages (*.html)", "html"
        else:
            title, kinds, suffix = "Save the document as", "PDF documents (*.pdf)", "pdf"
        chosen = ask_save_path(self, title, Path(suggested), kinds, suffix)
        return str(chosen) if chosen else None

    def save_as(self) -> None:
        if self.pdf is not None:
            self._save(self.pdf, self.suggested_file_name(), "PDF")

    def save_as_web_page(self) -> None:
        """The accessible copy: one web page (its name, like the PDF's, says only the
        family's reference and the document)."""
        if self.html is not None:
            self._save(self.html.encode("utf-8"), f"{self.reference}-{self.name}.html",
                       "web page")

    def _save(self, content: bytes, suggested: str, kind: str) -> None:
        chosen = self.ask_save_path(suggested)
        if not chosen:
            return
        # The dialog added the extension to a name typed without one before it asked
        # about replacing a file: adding one here would replace a file without asking.
        suffix = Path(suggested).suffix
        path = Path(chosen)
        try:
            write_pdf(path, content, kind=kind, suffix=suffix.lstrip("."))
        except HearthError as error:
            self.status.setText(error.message)
            self.status.setStyleSheet(text_style("error"))
            self.status.show()
            return
        self.status.setStyleSheet("")
        self.status.setText(f"Saved as {path}.")
        self.status.show()
        self.saved.emit(str(path))

    # -- printing

    def _ask_printer(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print the {LABELS[self.name].lower()}")
        return dialog.exec() == QDialog.DialogCode.Accepted

    def print_document(self) -> None:
        if self.pdf is None or not page_backend():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"{LABELS[self.name]} {self.reference}")
        printer.setFromTo(1, max(self.page_total, 1))
        if not self.ask_printer(printer):
            return
        dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
        pdf = self.pdf
        wanted = pages_wanted(printer, self.page_total)
        self.status.setStyleSheet("")
        self.status.setText("Sending the document to the printer…")
        self.status.show()
        self._set_busy(True)

        def work() -> list[PageImage]:
            images = draw_pages(pdf, dpi)
            return [images[i] for i in wanted if i < len(images)]

        self.runner.run_background(
            work,
            done=lambda images: self._print_drawn(printer, images),
            error=lambda error: self._failed(self._token, error),
        )

    def _print_drawn(self, printer: QPrinter, images: list[PageImage]) -> None:
        if not isValid(self):
            return
        try:
            print_pages(printer, [image.to_image() for image in images])
        except HearthError as error:
            self._failed(self._token, error)
            return
        self._set_busy(False)
        self.status.setText(
            f"Sent {len(images)} page{'s' if len(images) != 1 else ''} to the printer."
        )
        self.printed.emit(len(images))
