"""The team report PDF is tagged like every document: each figure's heading, its
definition, its bar chart as a figure described in words, its table of numbers."""

from __future__ import annotations

from app.reporting.export_csv import number_text
from app.reporting.period import Scope
from app.reporting.report import load_report
from app.reporting.report_pdf import render
from app.store.caseload_store import Store
from tests.app.reporting.conftest import PERIOD, Seeded
from tests.pdf_accessibility import assert_tagged


def test_the_team_report_is_tagged_and_its_charts_are_described(
    store: Store, seeded: Seeded
) -> None:
    report = store.run(lambda s: load_report(s, PERIOD, Scope()))
    tagged = assert_tagged(render(report), "team report")
    assert {"H1", "H2", "P", "Table", "TR", "TH", "TD", "Figure"} <= set(tagged.roles)
    assert [n.text for n in tagged.nodes if n.role == "H2"][:len(report.figures)] == [
        f.title for f in report.figures]
    described = {n.alt for n in tagged.nodes if n.role == "Figure"}
    charted = [f for f in report.figures if any(r.value for r in f.rows)]
    assert len(described) == len(charted) > 0
    for figure in charted:
        alt = next(a for a in described if a.startswith(f"Bar chart of {figure.title} "))
        for row in figure.rows:
            if row.label != "Total":
                assert f"{row.label}: {number_text(row.value)}" in alt
