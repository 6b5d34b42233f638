"""Render Hearth's icon (hearth.svg) to the PNG sizes and the Windows hearth.ico.

Run from the repository root after changing hearth.svg, and commit what it writes:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/render.py

The outputs are committed so that a build needs neither this script nor Qt's SVG
module. The window (ui/shell/application.py), the Linux desktop entry and the
PyInstaller spec use them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "hearth.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def render_all(folder: Path) -> None:
    """Write hearth-SIZE.png for every size and hearth.ico into ``folder``."""
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise ValueError(f"{SOURCE.name} is not a valid SVG")
    for size in PNG_SIZES:
        render(renderer, size).save(str(folder / f"hearth-{size}.png"))
    frames = [Image.open(folder / f"hearth-{size}.png").convert("RGBA") for size in ICO_SIZES]
    frames[-1].save(
        folder / "hearth.ico",
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=frames[:-1],
    )


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    render_all(HERE)
    print(f"render: {len(PNG_SIZES)} PNG sizes and hearth.ico ({len(ICO_SIZES)} sizes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
