"""The icon's committed pictures are hearth.svg as it is now (render.py was run after
the last change), and the Windows .ico holds every size Windows asks for."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops

from tests.packaging.loading import PACKAGING, load

ICONS = PACKAGING / "icons"


def test_the_committed_pictures_are_the_svg_rendered(qapp: object, tmp_path: Path) -> None:
    render = load("icons/render.py")
    render.render_all(tmp_path)
    for size in render.PNG_SIZES:
        committed = Image.open(ICONS / f"hearth-{size}.png").convert("RGBA")
        fresh = Image.open(tmp_path / f"hearth-{size}.png").convert("RGBA")
        assert committed.size == fresh.size == (size, size)
        difference = ImageChops.difference(committed, fresh).getextrema()
        assert max(high for _low, high in difference) <= 8, (
            f"hearth-{size}.png is not hearth.svg: run packaging/icons/render.py")


def test_the_ico_holds_the_sizes_windows_shows() -> None:
    with Image.open(ICONS / "hearth.ico") as ico:
        sizes = ico.info["sizes"]
        assert {(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)} <= sizes
        ico.size = (16, 16)
        small = ico.convert("RGBA")
    # the 16-pixel frame is the 16-pixel drawing, not the large one squeezed by Windows
    drawn = Image.open(ICONS / "hearth-16.png").convert("RGBA")
    assert ImageChops.difference(small, drawn).getbbox() is None
