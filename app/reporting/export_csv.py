"""Figures as CSV: every figure's rows with the families each counts (by reference, and
by name only when the report was made with names), and one figure's family list."""

from __future__ import annotations

import csv
import io

from app.reporting.figure import Figure
from app.reporting.report import Report


def number_text(value: float) -> str:
    """A whole number as such, anything else to one decimal place."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def figures_csv(report: Report) -> str:
    """One line per row of every figure: its figure, label, value, unit and families."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["Figure id", "Figure", "Row", "Value", "Unit", "Family references"]
    writer.writerow(header + (["Family names"] if report.names else []))
    for fig in report.figures:
        for row in fig.rows:
            listed = report.family_list(row.family_ids)
            line = [fig.id, fig.title, row.label, number_text(row.value), fig.unit,
                    " ".join(ref for ref, _name in listed)]
            if report.names:
                line.append("; ".join(name for _ref, name in listed))
            writer.writerow(line)
    return out.getvalue()


def family_list_csv(report: Report, figure: Figure) -> str:
    """The families one figure counts: one line per family and row it is counted in."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Row", "Family reference"] + (["Family name"] if report.names else []))
    for row in figure.rows:
        for reference, name in report.family_list(row.family_ids):
            writer.writerow([row.label, reference] + ([name] if report.names else []))
    return out.getvalue()
