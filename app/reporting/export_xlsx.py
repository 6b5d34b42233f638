"""Figures as an Excel workbook (openpyxl): a Definitions sheet, then one sheet per
figure with its rows, the families each counts and its monthly series, if any."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.dates import uk
from app.reporting.figure import Figure
from app.reporting.report import Report

BOLD = Font(bold=True)


def sheet_name(figure: Figure, taken: set[str]) -> str:
    """A unique sheet name of at most 31 characters (Excel's limit) from the figure's id."""
    base = figure.id[:31]
    name, n = base, 2
    while name in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _definitions(book: Workbook, report: Report, names: list[str]) -> None:
    sheet = book.active
    sheet.title = "Definitions"
    sheet.append([f"Figures from {uk(report.period.start)} to {uk(report.period.end)} "
                  f"for {report.scope.label}; made on {uk(report.made_on)}"])
    sheet["A1"].font = BOLD
    sheet.append([])
    sheet.append(["Sheet", "Figure", "Definition"])
    for cell in sheet[3]:
        cell.font = BOLD
    for name, fig in zip(names, report.figures, strict=True):
        sheet.append([name, fig.title, fig.definition])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 100
    for row in sheet.iter_rows(min_row=4):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")


def _figure_sheet(book: Workbook, name: str, fig: Figure, report: Report) -> None:
    sheet = book.create_sheet(name)
    sheet.append([fig.title])
    sheet["A1"].font = BOLD
    sheet.append([fig.definition])
    sheet.append([])
    header = ["Row", f"Value ({fig.unit})", "Family references"]
    sheet.append(header + (["Family names"] if report.names else []))
    for cell in sheet[4]:
        cell.font = BOLD
    for row in fig.rows:
        listed = report.family_list(row.family_ids)
        line: list[object] = [row.label, row.value, " ".join(r for r, _n in listed)]
        if report.names:
            line.append("; ".join(n for _r, n in listed))
        sheet.append(line)
    if fig.monthly:
        sheet.append([])
        sheet.append(["Month", "Value"])
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        for point in fig.monthly:
            sheet.append([point.month.strftime("%b %Y"), point.value])
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 60


def figures_xlsx(report: Report) -> bytes:
    """The workbook as bytes."""
    book = Workbook()
    taken = {"Definitions"}
    names = [sheet_name(fig, taken) for fig in report.figures]
    _definitions(book, report, names)
    for name, fig in zip(names, report.figures, strict=True):
        _figure_sheet(book, name, fig, report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
