"""The team report PDF read back with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.reporting.period import Scope
from app.reporting.report import load_report
from app.reporting.report_pdf import render
from app.store.caseload_store import Store
from tests.app.reporting.conftest import PERIOD, Seeded
from tests.pdf_accessibility import assert_accessible_basics


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_team_report_shows_each_figure_its_definition_and_references(
    store: Store, seeded: Seeded
) -> None:
    report = store.run(lambda s: load_report(s, PERIOD, Scope()))
    content = render(report)
    assert_accessible_basics(content, "team report")
    text = _text(content)
    for figure in report.figures:
        assert figure.title in text
    assert "level of need on the last day of the period" in text
    assert seeded.refs["C"] in text
    assert "Carver" not in text and "Family " + seeded.refs["C"] not in text
    named = _text(render(store.run(lambda s: load_report(s, PERIOD, Scope(), with_names=True))))
    assert "Carver" in named


def test_an_empty_store_makes_a_report_too(store: Store) -> None:
    report = store.run(lambda s: load_report(s, PERIOD, Scope(worker="nobody")))
    text = _text(render(report))
    assert "Team report" in text and "worker nobody" in text
