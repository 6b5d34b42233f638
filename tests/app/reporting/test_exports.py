"""The exports read back: CSV with the csv module, the workbook with openpyxl. They hold
family references, and names only when asked for."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from app.reporting.catalogue import FIGURES
from app.reporting.export_csv import family_list_csv, figures_csv
from app.reporting.export_xlsx import figures_xlsx
from app.reporting.period import Scope
from app.reporting.report import Report, load_report
from app.store.caseload_store import Store
from tests.app.reporting.conftest import PERIOD, Seeded


def _report(store: Store, names: bool = False) -> Report:
    return store.run(lambda s: load_report(s, PERIOD, Scope(), with_names=names))


def test_csv_has_every_row_with_family_references_and_no_names(
    store: Store, seeded: Seeded
) -> None:
    text = figures_csv(_report(store))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "Family names" not in rows[0]
    by = {(r["Figure id"], r["Row"]): r for r in rows}
    early = by[("open_by_level", "Early Help")]
    assert early["Value"] == "2"
    assert early["Family references"].split() == sorted([seeded.refs["A"], seeded.refs["E"]])
    assert by[("days_consent_to_ehat", "Lower quartile (days)")]["Value"] == "22.5"
    assert {r["Figure id"] for r in rows} == {fn.__name__ for fn in FIGURES}
    assert "Ashby" not in text and "Ellis" not in text


def test_csv_with_names_when_asked(store: Store, seeded: Seeded) -> None:
    report = _report(store, names=True)
    rows = list(csv.DictReader(io.StringIO(figures_csv(report))))
    early = next(r for r in rows if (r["Figure id"], r["Row"]) == ("open_by_level", "Early Help"))
    assert early["Family names"] == "Ashby; Ellis"
    figure = next(f for f in report.figures if f.id == "step_changes")
    listed = list(csv.reader(io.StringIO(family_list_csv(report, figure))))
    assert listed[0] == ["Row", "Family reference", "Family name"]
    assert ["Step ups without a completed EHAT before", seeded.refs["C"], "Carver"] in listed


def test_workbook_has_definitions_and_one_sheet_per_figure(store: Store, seeded: Seeded) -> None:
    book = load_workbook(io.BytesIO(figures_xlsx(_report(store))))
    assert book.sheetnames[0] == "Definitions"
    assert len(book.sheetnames) == len(FIGURES) + 1
    definitions = book["Definitions"]
    listed = {row[1]: row[2] for row in definitions.iter_rows(min_row=4, values_only=True)}
    assert "level of need on the last day" in listed[
        "Families open at the end of the period, by level of need"]
    sheet = book["open_by_level"]
    table = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    assert table["Early Help"][1] == 2
    assert table["Early Help"][2].split() == sorted([seeded.refs["A"], seeded.refs["E"]])
    assert table["Total"][1] == 7
    requests = book["new_requests_by_source"]
    months = [row for row in requests.iter_rows(values_only=True) if row[0] == "Month"]
    assert months, "the monthly series is on the sheet"
    all_text = " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True)
                        for c in row if c is not None)
    assert "Ashby" not in all_text
