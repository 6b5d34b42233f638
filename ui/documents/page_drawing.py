"""A PDF's pages drawn as images, off the UI thread, and painted on a printer.

Pages are drawn with Qt's own PDF module when this build of Qt has it
(``PySide6.QtPdf``, in PySide6-Addons), otherwise with PDFium (``pypdfium2``); with
neither, :func:`page_backend` says so. Printing draws each page at the printer's
resolution (at most 300 dpi) and paints it on the printer's page.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from app.errors import HearthError

PREVIEW_DPI = 120
PRINT_DPI_LIMIT = 300


# ---------------------------------------------------------------- drawing pages


@dataclass(frozen=True)
class PageImage:
    """One page as raw pixels (made off the UI thread; a QImage is made from it on it)."""

    width: int
    height: int
    stride: int
    channels: int  # 3: RGB, 4: RGBA
    pixels: bytes

    def to_image(self) -> QImage:
        fmt = QImage.Format.Format_RGBA8888 if self.channels == 4 else QImage.Format.Format_RGB888
        image = QImage(self.pixels, self.width, self.height, self.stride, fmt)
        return image.copy()  # own the pixels


_PDFIUM_LOCK = threading.Lock()  # PDFium is not safe to call from two threads at once


def _optional(module: str) -> Any:
    """A PDF page drawer if this installation has it (QtPdf is not in PySide6-Essentials)."""
    if importlib.util.find_spec(module) is None:
        return None
    return importlib.import_module(module)


def _qtpdf() -> Any:
    return _optional("PySide6.QtPdf")


def _pdfium() -> Any:
    return _optional("pypdfium2")


def page_backend() -> str:
    """``qtpdf``, ``pdfium`` or ``""`` (no way to draw PDF pages here)."""
    if _pdfium() is not None:
        return "pdfium"
    if _qtpdf() is not None:
        return "qtpdf"
    return ""


def draw_pages(pdf: bytes, dpi: float) -> list[PageImage]:
    """Every page of ``pdf`` as pixels at ``dpi``. Safe on a worker thread."""
    backend = page_backend()
    if backend == "pdfium":
        pdfium = _pdfium()
        with _PDFIUM_LOCK:
            document = pdfium.PdfDocument(pdf)
            try:
                out = []
                for index in range(len(document)):
                    page = document[index]
                    bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
                    out.append(
                        PageImage(
                            bitmap.width,
                            bitmap.height,
                            bitmap.stride,
                            bitmap.n_channels,
                            bytes(bitmap.buffer),
                        )
                    )
                    bitmap.close()
                    page.close()
                return out
            finally:
                document.close()
    if backend == "qtpdf":
        return _draw_with_qtpdf(pdf, dpi)
    raise HearthError(
        "Pages cannot be shown on this computer (neither Qt's PDF module nor PDFium is "
        "installed). Save the document and open it with your PDF reader."
    )


def _draw_with_qtpdf(pdf: bytes, dpi: float) -> list[PageImage]:
    from PySide6.QtCore import QBuffer, QIODevice

    qtpdf = _qtpdf()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = qtpdf.QPdfDocument()
    document.load(buffer)
    out = []
    for index in range(document.pageCount()):
        size = document.pagePointSize(index)
        pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
        image = document.render(index, pixels).convertToFormat(QImage.Format.Format_RGBA8888)
        out.append(
            PageImage(image.width(), image.height(), image.bytesPerLine(), 4,
                      bytes(image.constBits()))
        )
    document.close()
    return out


def print_pages(printer: QPrinter, pages: Sequence[QImage]) -> None:
    """Paint page images on the printer, one per sheet, scaled to its printable area."""
    painter = QPainter()
    if not painter.begin(printer):
        raise HearthError(
            "The printer could not be started. Check it is switched on and try again."
        )
    try:
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            target = QRectF(0, 0, area.width(), area.height())
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(
                QRectF((target.width() - width) / 2, (target.height() - height) / 2, width, height),
                image,
            )
    finally:
        painter.end()




def pages_wanted(printer: QPrinter, total: int) -> list[int]:
    """Page indexes (from 0) the print dialog asked for."""
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        first, last = max(printer.fromPage(), 1), min(printer.toPage() or total, total)
        return list(range(first - 1, last))
    return list(range(total))

