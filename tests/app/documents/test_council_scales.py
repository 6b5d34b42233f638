"""A council's safety mapping printed with its own scale wording at every point and its
own heading and introduction for the scores: a real store, a real PDF read back."""

from __future__ import annotations

from app.documents import sos_map
from app.documents.catalogue import render_document
from app.documents.layout.document_info import RenderOptions
from app.store.caseload_store import Store
from tests.app.documents.test_documents import family_with
from tests.council_forms import SCALE_WORDS, registry_with_council_safety_map
from tests.pdf_text import read_pdf


def test_the_safety_map_prints_the_councils_scale_words(demo_store: Store) -> None:
    reference = family_with(demo_store, "sos")
    registry = registry_with_council_safety_map()
    data = demo_store.run(sos_map.load, demo_store.profile, reference, registry)
    assert data.scale_heading == "Riverside scaling: how safe is everyone?"
    assert data.scale_points == tuple(SCALE_WORDS)
    for large_print in (False, True):
        pdf = render_document("sos", data, RenderOptions(large_print=large_print))
        text = " ".join(read_pdf(pdf).pages)
        assert "Riverside scaling: how safe is everyone?" in text
        assert "Each person gave their own number; here is what each means." in text
        assert "How safe are the children? Everyone's score" not in text
        assert "0: the children are not safe enough to stay at home" in text
        assert "5: worries and safety about even" in text
        assert "10: safe enough to close the case" in text
        score = data.scores[0].score
        assert f"{score} out of 10: {SCALE_WORDS[score]}" in text
