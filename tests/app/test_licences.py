"""Help > About lists what Hearth bundles and each licence, from the packages' own
metadata and the fonts' README."""

from __future__ import annotations

from app.licences import fonts, libraries, licence_text


def test_every_library_and_font_is_named_with_its_licence() -> None:
    names = {c.name.lower().replace("_", "-"): c for c in libraries()}
    for needed in ("python", "pyside6-essentials", "sqlalchemy", "sqlcipher3", "reportlab",
                   "cryptography", "pikepdf", "uharfbuzz"):
        assert needed in names, needed
        assert names[needed].licence and names[needed].version
    assert names["pyside6-essentials"].licence.startswith("LGPL-3.0")
    assert names["sqlcipher3"].licence.startswith("zlib")  # its metadata names none
    font_names = [c.name for c in fonts()]
    assert any(name.startswith("NotoSans-") for name in font_names)
    assert "DroidSansFallbackFull.ttf" in font_names
    assert all(c.licence for c in fonts())
    text = licence_text()
    assert "Fonts (in printed documents):" in text and "SIL OFL 1.1" in text
