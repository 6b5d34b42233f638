"""Names and words in every script families in English councils write print
correctly: in a font that has them, shaped, right to left where the script is, and
in the right order inside an English sentence; what no font has is reported to the
worker before printing and printed as a visible mark, never dropped."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
import uharfbuzz as hb
from sqlalchemy import select

from app.demo.every_script import CHILD_WORDS_ARABIC, NAMES, every_name
from app.documents.catalogue import (
    available_documents,
    load_document,
    render_checked,
    unprintable_message,
)
from app.documents.layout import scripts
from app.documents.layout.bidi_lines import Word, visual_order
from app.documents.layout.document_info import RenderOptions
from app.store.caseload_store import Store
from db.models import Family
from tests.pdf_accessibility import assert_accessible_basics, assert_tagged
from tests.pdf_text import read_pdf

RTL_SCRIPTS = {"Arabic", "Urdu", "Persian", "Hebrew"}
INDIC = {"Bengali", "Gurmukhi", "Devanagari", "Gujarati", "Tamil"}



def _normal(text: str) -> str:
    """Extracted text as letters: presentation forms (shaped Arabic) back to letters."""
    return unicodedata.normalize("NFKC", text)


def _printed(word: str, script: str, text: str) -> bool:
    word = _normal(word)
    if script in RTL_SCRIPTS:  # drawn in visual order: a reader may give it reversed
        return word in text or word[::-1] in text
    if script in INDIC:
        # A conjunct (प्र) is one glyph with no character of its own in the font, so
        # reading the PDF back loses it; the shapes are checked against the fonts below.
        letters = [c for c in word if unicodedata.category(c) == "Lo"]
        return any(c in text for c in letters)
    return word in text


def test_every_script_prints_in_every_document(demo_store: Store, scripts_family: str) -> None:
    family_id = demo_store.run(lambda s: s.scalar(
        select(Family.id).where(Family.reference == scripts_family)))
    names = demo_store.run(available_documents, demo_store.profile, family_id)
    assert {"chronology", "plan", "consent"} <= set(names)
    for name in names:
        data = demo_store.run(load_document, demo_store.profile, scripts_family, name)
        for large in (False, True):
            pdf, unprintable = render_checked(name, data, RenderOptions(large_print=large))
            assert unprintable == frozenset(), name
            assert_accessible_basics(pdf, name)
            assert_tagged(pdf, name)
            text = _normal(read_pdf(pdf).text)
            assert "\ufffd" not in text and "\u25a1" not in text
            # The family's name, in Latin, Chinese and Arabic, heads every document.
            assert "Testwood" in text and "李" in text and _printed("محمد", "Arabic", text)
    chronology = read_pdf(render_checked(
        "chronology", demo_store.run(load_document, demo_store.profile, scripts_family,
                                     "chronology"))[0])
    text = _normal(chronology.text)
    for script, given, family in NAMES:
        for word in (given, family):
            assert _printed(word, script, text), (script, word)
    for word in CHILD_WORDS_ARABIC.split():
        assert _printed(word.strip("،"), "Arabic", text), word


@pytest.mark.parametrize("script,given,family", NAMES)
def test_every_letter_has_a_glyph_in_the_font_it_prints_in(
    script: str, given: str, family: str
) -> None:
    """HarfBuzz shapes each run in the bundled font chosen for it: no glyph is the
    font's "missing" glyph (.notdef, glyph 0)."""
    for run in scripts.runs(f"{given} {family}"):
        file_name = run.face.regular if run.face else "NotoSans-Regular.ttf"
        blob = hb.Blob.from_file_path(str(scripts.FONT_DIR / file_name))
        font = hb.Font(hb.Face(blob))
        buffer = hb.Buffer()
        buffer.add_str(run.text)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        assert all(info.codepoint != 0 for info in buffer.glyph_infos), (script, run)
        if script in RTL_SCRIPTS and run.face is not None:
            assert buffer.direction == "rtl"


def test_right_to_left_words_read_right_to_left_inside_an_english_sentence() -> None:
    line = [Word(w, False, False) for w in "Mother: محمد علي حسن (born 2019) said".split()]
    seen = [w.text for w in visual_order(line, "ltr")]
    assert seen == ["Mother:", "حسن", "علي", "محمد", "(born", "2019)", "said"]
    # A paragraph in Arabic with a number and an English word in it.
    line = [Word(w, False, False) for w in "أنا عمري 7 سنوات and I like school".split()]
    seen = [w.text for w in visual_order(line, "rtl")]
    assert seen == ["and", "I", "like", "school", "سنوات", "7", "عمري", "أنا"]


def test_a_character_no_font_has_is_reported_and_printed_as_a_mark(
    demo_store: Store, scripts_family: str
) -> None:
    melting = "\U0001fae0"  # Unicode 14 emoji: in none of the bundled fonts
    assert not scripts.printable(ord(melting))

    def rename(session: Any) -> None:
        family = session.scalar(select(Family).where(Family.reference == scripts_family))
        family.family_name = f"Testwood {melting} family"

    demo_store.run(rename)
    data = demo_store.run(load_document, demo_store.profile, scripts_family, "plan")
    pdf, unprintable = render_checked("plan", data)
    assert unprintable == frozenset({melting})
    assert "Testwood \ufffd family" in read_pdf(pdf).text
    assert "U+1FAE0" in unprintable_message(unprintable, show=False)
    assert melting not in unprintable_message(unprintable, show=False)
    assert every_name()  # the names list stays whole for the other tests
