"""The team report as a PDF (reportlab, the documents' layout): for the period and
scope, each figure with its definition, a bar chart and a table of its numbers, and
its monthly series as a small table when it has one. Family references are listed
(names only when the report was made with names)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from app.dates import uk
from app.documents.layout.document_info import DocumentInfo, RecordStamp, RenderOptions
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Fixed, Story
from app.reporting.export_csv import number_text
from app.reporting.figure import Figure
from app.reporting.report import Report
from app.reporting.report_chart import bar_chart, bar_chart_words

TITLE = "Team report"


@dataclass(frozen=True)
class ReportStamp(RecordStamp):
    """A report is made from the whole store, not from one record."""

    made_from: str = ""

    def text(self) -> str:
        return self.made_from


def render(report: Report, options: RenderOptions | None = None) -> bytes:
    period = f"{uk(report.period.start)} to {uk(report.period.end)}"
    info = DocumentInfo(
        title=TITLE, family_reference="", family_name=f"Figures for {report.scope.label}",
        stamp=ReportStamp(None, made_from=f"Figures for {period} from this store"),
        subject=f"Figures for {report.scope.label}, {period}",
    )
    return render_pdf(info, partial(_write, report), options)


def _write(report: Report, story: Story) -> None:
    story.title(TITLE, f"{uk(report.period.start)} to {uk(report.period.end)} · "
                       f"{report.scope.label}")
    story.muted("Each figure counts from the records in this store; its definition says "
                "exactly what it counts. Families are shown by reference"
                + (" and name." if report.names else ", never by name."))
    for figure in report.figures:
        _figure(report, figure, story)


LISTED = 24  # families named in a row; the exports list them all


def _figure(report: Report, figure: Figure, story: Story) -> None:
    story.heading(figure.title)
    story.para(figure.definition)
    chart = bar_chart(figure, story.width)
    if chart is not None:
        story.figure(chart, bar_chart_words(figure))
        story.space(0.5)
    headers = ["", figure.unit.capitalize(), "Family references"]
    rows = []
    for row in figure.rows:
        listed = report.family_list(row.family_ids)
        shown = ", ".join(f"{ref} {name}".strip() for ref, name in listed[:LISTED])
        if len(listed) > LISTED:
            shown += f" and {len(listed) - LISTED} more (every one is in the Excel export)"
        rows.append([row.label, number_text(row.value), shown])
    story.table(headers, rows, [0.4, Fixed(60), 0.6], bold_first=True)
    if figure.monthly:
        story.subheading("By month, the last 12 months")
        story.table(
            [p.month.strftime("%b %y") for p in figure.monthly],
            [[number_text(p.value) for p in figure.monthly]],
            [1.0] * len(figure.monthly),
        )
