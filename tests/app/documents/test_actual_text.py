"""Text drawn as shaped glyphs (an Indic conjunct is one glyph with no character) or in
visual order (right-to-left lines) does not read back as typed, so its structure element
carries the words as typed (``/ActualText``), in logical order; text that reads back as
drawn carries none. The web page copy holds every name exactly as typed."""

from __future__ import annotations

import io
import unicodedata

import pikepdf

from app.demo.every_script import CHILD_WORDS_ARABIC, NAMES, every_name
from app.documents.catalogue import load_document, render_document
from app.documents.layout.document_info import RenderOptions
from app.documents.layout.paragraphs import Para, logical_text
from app.documents.layout.styles import make_styles
from app.documents.web_page import render_with_web_page
from app.store.caseload_store import Store
from tests.html_reading import read_html


def _elements(content: bytes) -> list[tuple[str, str]]:
    """Every structure element's role and /ActualText (empty without one), in order."""
    found: list[tuple[str, str]] = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(reversed(list(node)))
                continue
            if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") == "/MCR":
                continue
            actual = node.get("/ActualText")
            role = str(node.get("/S", "")).lstrip("/")
            found.append((role, str(actual) if actual is not None else ""))
            kids = node.get("/K")
            if kids is not None:
                stack.append(kids)
    return found


def test_shaped_and_reordered_names_carry_their_text_as_typed(
    demo_store: Store, scripts_family: str
) -> None:
    data = demo_store.run(load_document, demo_store.profile, scripts_family, "chronology")
    for large in (False, True):
        elements = _elements(render_document("chronology", data,
                                             RenderOptions(large_print=large)))
        actual = [text for _role, text in elements if text]
        for script, given, family in NAMES:
            if script not in ("Devanagari", "Arabic", "Hebrew", "Urdu", "Bengali", "Tamil"):
                continue
            name = unicodedata.normalize("NFC", f"{given} {family}")
            assert any(name in text for text in actual), (script, name)
        assert "प्रिया शर्मा" in "\n".join(actual) and "محمد الحسن" in "\n".join(actual)
        # English the body font prints as typed carries none
        plain = [role for role, text in elements if role in ("P", "TH", "TD") and not text]
        assert plain, "every cell and paragraph carries /ActualText"
        assert all(role in {"P", "H1", "H2", "H3", "LBody", "TD", "TH"}
                   for role, text in elements if text)


def test_a_split_paragraph_keeps_its_text_as_typed() -> None:
    style = make_styles(False).body
    text = " ".join(["प्रिया شرما محمد الحسن and more words"] * 40)
    para = Para(text, style)
    assert para.logical == unicodedata.normalize("NFC", text) and para.rewritten
    para.wrap(300, 2000)
    pieces = para.split(300, 60)
    assert len(pieces) == 2
    assert all(isinstance(p, Para) and p.logical == para.logical and p.rewritten
               for p in pieces)
    assert not Para("Plain English, as typed &amp; read.", style).rewritten
    assert logical_text("A <b>bold</b> word<br/>then &lt;more&gt;") == "A bold word\nthen <more>"


def test_the_web_page_holds_every_name_as_typed(demo_store: Store, scripts_family: str) -> None:
    data = demo_store.run(load_document, demo_store.profile, scripts_family, "chronology")
    made = render_with_web_page("chronology", data, RenderOptions())
    page = read_html(made.html)
    text = " ".join(page.text.split())
    for name in every_name():
        assert unicodedata.normalize("NFC", name) in text, name
    assert " ".join(CHILD_WORDS_ARABIC.split()) in text
    assert "Testwood 李 محمد" in page.title and not page.undirected
