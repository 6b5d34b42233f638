"""Every document is also a web page a screen reader reads in order: one self-contained
UTF-8 file in British English, titled as the PDF, opening with its one h1, holding the
PDF's headings in the PDF's order, tables with scoped header cells, figures with the
PDF's descriptions, every piece of text free to run right to left, and the running
header's and footer's facts once each."""

from __future__ import annotations

import io
import unicodedata

import pikepdf

from app.documents.catalogue import DOCUMENT_NAMES, load_document
from app.documents.layout.document_info import RenderOptions
from app.documents.web_page import render_with_web_page
from app.store.caseload_store import Store
from tests.app.documents.test_documents import family_with
from tests.html_reading import Page, read_html
from tests.pdf_accessibility import assert_tagged
from tests.pdf_text import read_pdf


def _even(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _assert_self_contained(source: str, page: Page, what: str) -> None:
    assert "script" not in page.tags, what
    assert not [k for k, _ in page.attributes if k in ("src", "href", "srcset", "action")], what
    assert "url(" not in source and "@import" not in source and "http" not in source, what
    assert "prefers-color-scheme: dark" in source and "@media print" in source, what


def _pdf_title(content: bytes) -> str:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return str(pdf.docinfo["/Title"])


def test_every_document_is_a_web_page_in_the_pdfs_reading_order(demo_store: Store) -> None:
    for name in DOCUMENT_NAMES:
        if name == "assessments":  # no demo family has one
            continue
        reference = family_with(demo_store, name)
        data = demo_store.run(load_document, demo_store.profile, reference, name)
        made = render_with_web_page(name, data, RenderOptions())
        page = read_html(made.html)
        tagged = assert_tagged(made.pdf, name)
        assert page.lang == "en-GB", name
        assert made.html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in made.html
        assert page.title == _pdf_title(made.pdf) and reference in page.title, name
        _assert_self_contained(made.html, page, name)
        # one h1, first; then the PDF's headings (its outline), in the PDF's order
        assert page.headings and page.headings[0][0] == "h1", name
        assert [tag for tag, _ in page.headings].count("h1") == 1, name
        assert [_even(text) for _, text in page.headings] == [
            _even(t) for t in read_pdf(made.pdf).outline], name
        assert {tag for tag, _ in page.headings} <= {"h1", "h2", "h3"}, name
        # tables: header cells scoped, as many as the PDF's
        assert page.header_scopes and set(page.header_scopes) <= {"col", "row"}, name
        assert len(page.header_scopes) == tagged.roles["TH"], name
        assert page.tags.count("table") == tagged.roles["Table"], name
        assert page.tags.count("tr") == tagged.roles["TR"], name
        # the figures are the PDF's, described in the same words
        alts = [_even(n.alt) for n in tagged.nodes if n.role == "Figure"]
        assert [_even(f) for f in page.figures] == alts, name
        if name in ("gcp2", "sos"):
            assert alts and all(len(a) > 20 for a in alts), name
        assert page.tags.count("li") == tagged.roles["LI"], name
        assert not page.undirected, f"{name}: text without dir=auto: {page.undirected}"
        # the running header once at the top, the footer's facts once at the foot
        text = page.text
        assert text.count(f"Family {reference}") == 1, name
        assert text.count("Printed ") == 1 and text.rstrip().endswith("."), name
        assert text.rindex("Printed ") > text.index(page.headings[-1][1]), name
        assert "Page 1 of" not in text, name


def test_the_web_page_reads_the_pdfs_paragraphs_in_the_same_order(demo_store: Store) -> None:
    reference = family_with(demo_store, "plan")
    data = demo_store.run(load_document, demo_store.profile, reference, "plan")
    made = render_with_web_page("plan", data, RenderOptions(large_print=True))
    text = _even(read_html(made.html).text)
    tagged = assert_tagged(made.pdf, "plan")
    assert '<p class="label" dir="auto">What needs to change</p>' in made.html
    where = 0
    for node in tagged.nodes:
        if node.role in ("P", "H1", "H2", "H3") and node.text.strip():
            words = _even(node.text)
            found = text.find(words, where)
            assert found >= 0, f"not in the web page after what came before it: {words!r}"
            where = found
