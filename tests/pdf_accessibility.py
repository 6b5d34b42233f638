"""A PDF a viewer and a screen reader can place: the viewer shows its title
(DisplayDocTitle), its language is set (/Lang en-GB in the catalog), and every font
it uses is embedded in the file (none of the standard 14 a viewer substitutes)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pypdf
from pypdf.generic import BooleanObject, DictionaryObject, IndirectObject

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _fonts_in(resources: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font in a resource dictionary, including those of forms drawn on the page."""
    resources = _resolved(resources)
    if not resources or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in _resolved(resources.get("/Font", {})).values():
        yield _resolved(font)
    for xobject in _resolved(resources.get("/XObject", {})).values():
        form = _resolved(xobject)
        if form.get("/Subtype") == "/Form" and "/Resources" in form:
            yield from _fonts_in(form["/Resources"], seen)


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = _resolved(font["/DescendantFonts"][0])
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs drawn in the file itself
    descriptor = _resolved(font.get("/FontDescriptor"))
    return descriptor is not None and any(key in descriptor for key in FONT_FILES)


def assert_accessible_basics(content: bytes, what: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog.get("/Lang") == "en-GB", f"{what}: no document language"
    preferences = _resolved(catalog.get("/ViewerPreferences", {}))
    shows_title = preferences.get("/DisplayDocTitle") == BooleanObject(True)
    assert shows_title, f"{what}: the viewer shows the file name, not the title"
    assert reader.metadata is not None and reader.metadata.title, f"{what}: no title"
    seen: set[int] = set()
    fonts = [font for page in reader.pages for font in _fonts_in(page.get("/Resources"), seen)]
    assert fonts, f"{what}: no fonts found"
    for font in fonts:
        assert _embedded(font), f"{what}: font {font.get('/BaseFont')} is not embedded"
