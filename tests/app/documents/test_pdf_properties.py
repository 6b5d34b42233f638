"""Every document, in normal and large print, is a PDF a viewer and a screen reader
can place: the viewer shows its title (DisplayDocTitle), its language is set
(/Lang en-GB in the catalog), and every font it uses is embedded in the file."""

from __future__ import annotations

import pytest

from app.documents.catalogue import DOCUMENT_NAMES, load_document, render_document
from app.documents.layout.document_info import RenderOptions
from app.store.caseload_store import Store
from tests.app.documents.test_documents import family_with
from tests.pdf_accessibility import assert_accessible_basics


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
def test_every_document_shows_its_title_has_a_language_and_embeds_its_fonts(
    demo_store: Store, large_print: bool
) -> None:
    for name in DOCUMENT_NAMES:
        if name == "assessments":
            continue  # no demo family has a form without a layout: test_council_form_documents
        reference = family_with(demo_store, name)
        data = demo_store.run(load_document, demo_store.profile, reference, name)
        content = render_document(name, data, RenderOptions(large_print=large_print))
        assert_accessible_basics(content, f"{name} ({'large' if large_print else 'normal'})")
