"""Documents of demo families whose every note is very long (tests/app/documents/
long_notes.py): in normal and large print nothing is lost, no page but the last is
left mostly blank, large print stays at 16 pt or more, and a safety map too long for
its columns side by side flows as sections on portrait pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.store.caseload_store import Store
from tests.app.documents.long_notes import FILLER, lengthen
from tests.app.documents.test_documents import family_with
from tests.app.documents.test_large_print import (
    assert_no_mostly_blank_page,
    assert_no_small_text,
    demo_documents,
    laid_out,
    render,
    starts_on_purpose,
)
from tests.pdf_layout import pages
from tests.pdf_text import flat, read_pdf

SENTENCES = 12


@pytest.fixture(scope="module")
def long_notes(demo_store: Store) -> Iterator[Store]:
    """The demo store with every note of each document's family made very long."""
    for reference in {family_with(demo_store, name) for name in demo_documents()}:
        lengthen(demo_store, reference, SENTENCES)
    yield demo_store


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
def test_long_notes_print_whole_without_mostly_blank_pages(
    long_notes: Store, large_print: bool
) -> None:
    last_marker = FILLER.format(n=SENTENCES - 1).split(":")[0]  # "Marker 011"
    for name in demo_documents():
        data, content = render(long_notes, name, large_print)
        if name != "consent":  # its notes are the worker's own, never printed
            # Every run of text printed, read from the layout the checks below read too.
            printed = flat(" ".join(run.text for page in laid_out(content) for run in page.runs))
            assert last_marker in printed, f"{name}: a long note was cut"
        assert_no_mostly_blank_page(name, content, large_print, starts_on_purpose(name, data))
        if large_print:
            assert_no_small_text(name, content)


def test_a_long_safety_map_flows_as_sections_on_portrait_pages(long_notes: Store) -> None:
    data, content = render(long_notes, "sos", large_print=False)
    pdf = read_pdf(content)
    assert not pages(content)[0].wide
    titles = [column.title for column in data.columns]
    assert [t for t in pdf.outline if t in titles] == titles
