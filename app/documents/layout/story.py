"""A document's content, built in reading order from plain text: headings that are
bookmarks, paragraphs, fact lists, tables and signature blocks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Table,
    TableStyle,
)

from app.documents.layout.colours import ACCENT, HEADER_FILL, INK, RULE, SOFT_FILL
from app.documents.layout.column_widths import fit_words, longest_word
from app.documents.layout.flowing_table import FlowingTable
from app.documents.layout.fonts import fonts
from app.documents.layout.keeping import IfItFits, KeptBlock, Space, WholeBlock
from app.documents.layout.paragraphs import Para
from app.documents.layout.styles import Styles
from app.documents.layout.tagged_table import TaggedTable
from app.documents.layout.tagging import described
from app.documents.layout.text import esc


@dataclass(frozen=True)
class Fixed:
    """A table column of a set width, in points."""

    points: float


class Heading(Para):
    """A heading that is also a bookmark and an entry in the PDF's outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(esc(text), style)
        self.outline_text = " ".join(text.split())
        self.outline_level = level
        self.key = key

    def draw(self) -> None:
        super().draw()
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.outline_text, self.key, level=self.outline_level)


class Story:
    """A document's content, built in reading order from plain text."""

    def __init__(self, styles: Styles, width: float) -> None:
        self.s = styles
        self.width = width
        self.items: list[Flowable] = []
        self._keys = 0
        self._level = -1
        self._depth = 0
        self._floor = 0

    # -- keeping things together

    def keep(self, flowables: Sequence[Flowable], *, whole: bool = True) -> None:
        """Append ``flowables`` to stay on one page, with the headings just before them
        (reportlab does not keep a heading with a block that is kept together itself).
        Unless ``whole``, a block of more than a few lines starts where it is rather
        than leave much of a page blank (:mod:`~app.documents.layout.keeping`)."""
        grouped = list(flowables)
        while len(self.items) > self._floor and isinstance(self.items[-1], Heading):
            grouped.insert(0, self.items.pop())
        self.items.append(WholeBlock(grouped) if whole else KeptBlock(grouped))

    @contextmanager
    def together(self) -> Iterator[None]:
        """Everything added inside stays on one page when it fits on one."""
        with self._kept(whole=True):
            yield

    @contextmanager
    def section(self) -> Iterator[None]:
        """Everything added inside stays on one page when it is short, or when little
        room is left on this one; a longer section starts where it is (its heading
        with the start of what follows), rather than leave much of a page blank."""
        with self._kept(whole=False):
            yield

    @contextmanager
    def _kept(self, *, whole: bool) -> Iterator[None]:
        start, floor = len(self.items), self._floor
        self._depth += 1
        self._floor = start  # what is inside keeps only its own headings
        try:
            yield
        finally:
            self._depth -= 1
            self._floor = floor
        if self._depth:
            return
        # A conditional page break inside a kept block would claim the whole page.
        grouped = [f for f in self.items[start:] if not isinstance(f, CondPageBreak)]
        del self.items[start:]
        if grouped:
            self.items.append(CondPageBreak(self.s.base * 8))
            self.keep(grouped, whole=whole)

    def fitting(self, whole: Callable[[], None], instead: Callable[[], None]) -> None:
        """What ``whole`` adds where all of it fits in the room left on the page,
        otherwise what ``instead`` adds (the same content, laid out to flow)."""
        start = len(self.items)
        whole()
        first = self.items[start:]
        del self.items[start:]
        instead()
        second = self.items[start:]
        del self.items[start:]
        self.items.append(IfItFits(first, second))

    # -- headings

    def _heading(self, text: str, style: ParagraphStyle, level: int) -> Heading:
        # An outline level may only go one deeper than the one before it.
        level = min(level, self._level + 1)
        self._level = level
        self._keys += 1
        return Heading(text, style, level, f"h{self._keys}")

    def title(self, text: str, subtitle: str = "") -> None:
        self.items.append(self._heading(text, self.s.title, 0))
        if subtitle:
            self.items.append(Para(esc(subtitle), self.s.subtitle))

    def heading(self, text: str, *, keep_with_next: bool = True) -> None:
        """A section heading, kept on the same page as what follows it (unless what
        follows is a long table that should start straight away)."""
        self.items.append(CondPageBreak(self.s.base * 6))
        style = self.s.h1 if keep_with_next else ParagraphStyle(
            "h1_flowing", parent=self.s.h1, keepWithNext=0
        )
        self.items.append(self._heading(text, style, 1))

    def subheading(self, text: str) -> None:
        self.items.append(CondPageBreak(self.s.base * 4.5))
        self.items.append(self._heading(text, self.s.h2, 2))

    # -- text

    def para(self, text: str, style: ParagraphStyle | None = None) -> None:
        if text and text.strip():
            self.items.append(Para(esc(text), style or self.s.body))

    def markup(self, markup: str, style: ParagraphStyle | None = None) -> None:
        """A paragraph with reportlab markup the caller has escaped itself."""
        self.items.append(Para(markup, style or self.s.body))

    def muted(self, text: str) -> None:
        self.para(text, self.s.muted)

    def labelled(self, label: str, text: str, *, empty: str = "") -> None:
        """A question or field name, then its answer (long text flows across pages).

        Without an answer nothing is shown, unless ``empty`` says what to show."""
        answered = bool(text and text.strip())
        if not answered and not empty:
            return
        head = Para(esc(label), self.s.label)
        body = Para(
            esc(text if answered else empty), self.s.body if answered else self.s.muted
        )
        if len(text or "") < 600:
            self.keep([head, body])
        else:
            # Too long to keep whole: the label (kept with what follows) stays with
            # the answer's start, and a heading before it with both.
            self.items.extend([head, body])

    def bullets(self, items: Sequence[str], style: ParagraphStyle | None = None) -> None:
        for item in items:
            if item:
                self.items.append(
                    Para(esc(item), style or self.s.bullet, bulletText="•")
                )

    def callout(self, text: str) -> None:
        self.items.append(Para(esc(text), self.s.callout))

    def space(self, lines: float = 1.0) -> None:
        self.items.append(Space(1, self.s.base * lines))

    def page_break(self) -> None:
        self.items.append(PageBreak())

    def add(self, flowable: Flowable) -> None:
        self.items.append(flowable)

    def figure(self, flowable: Flowable, description: str) -> None:
        """A chart or drawing, read out to a screen reader as ``description``."""
        self.items.append(described(flowable, description))

    # -- tables

    def cell(self, text: str, style: ParagraphStyle | None = None) -> Para:
        return Para(esc(text), style or self.s.cell)

    def facts(self, rows: Sequence[tuple[str, str]], label_share: float = 0.3) -> None:
        """Label/value pairs in two columns (empty values are left out)."""
        data = [
            [self.cell(label, self.s.cell_bold), self.cell(value)]
            for label, value in rows
            if value and value.strip()
        ]
        if not data:
            return
        pad = self.s.base * 0.3
        # No label broken mid-word (large print's labels are wider than their share).
        label_w = max(self.width * label_share,
                      max(longest_word(row[0]) for row in data) + pad * 2 + 1)
        table = TaggedTable(
            data,
            colWidths=[label_w, self.width - label_w],
            hAlign="LEFT",
            splitInRow=1,
            header_columns=1,
        )
        table.setStyle(
            TableStyle(
                [
                    self._table_font(),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad * 2),
                ]
            )
        )
        self.items.append(table)
        self.space(0.6)

    def _table_font(self) -> tuple[str, tuple[int, int], tuple[int, int], str, float]:
        """The cell font every table starts from: reportlab's default is Helvetica,
        which is never embedded (it sets it even when every cell is a paragraph)."""
        return ("FONT", (0, 0), (-1, -1), fonts().regular, self.s.cell.fontSize)

    def text_width(self, sample: str, *, bold: bool = False) -> Fixed:
        """A column just wide enough for ``sample`` in a table cell (with padding)."""
        f = fonts()
        size = self.s.cell.fontSize
        return Fixed(
            pdfmetrics.stringWidth(sample, f.bold if bold else f.regular, size)
            + self.s.base * 0.9
        )

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        shares: Sequence[float | Fixed],
        *,
        row_fills: Sequence[colors.Color | None] | None = None,
        bold_first: bool = False,
        keep_together: bool = False,
    ) -> Table:
        """A table with a header row repeated on each page; ``shares`` are the
        columns' parts of the page width left after any :class:`Fixed` columns.
        A cell is text, a flowable or a list of flowables. Rows too tall for a
        page split."""
        fixed = sum(share.points for share in shares if isinstance(share, Fixed))
        total = sum(share for share in shares if not isinstance(share, Fixed)) or 1.0
        room = max(self.width - fixed, 0.0)
        widths = [
            share.points if isinstance(share, Fixed) else room * share / total
            for share in shares
        ]
        data: list[list[Any]] = [[self.cell(h, self.s.head_cell) for h in headers]]
        for row in rows:
            cells: list[Any] = []
            for i, value in enumerate(row):
                if isinstance(value, (Flowable, list)):
                    cells.append(value)
                else:
                    cells.append(self.cell(value, self.s.cell_bold if bold_first and i == 0
                                           else self.s.cell))
            data.append(cells)
        pad = self.s.base * 0.35
        widths = fit_words(data, widths, pad)
        # A long row reaching the foot of a page splits there when two lines of it fit.
        table = FlowingTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT",
                             splitInRow=round(self.s.base * 3.2), header_rows=1)
        commands: list[Any] = [
            self._table_font(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ]
        for i, fill in enumerate(row_fills or ()):
            if fill is not None:
                commands.append(("BACKGROUND", (0, i + 1), (-1, i + 1), fill))
        table.setStyle(TableStyle(commands))
        if keep_together:
            self.keep([table])
        else:
            self._lead_in()
            self.items.append(table)
        self.space(0.6)
        return table

    def _lead_in(self) -> None:
        """A heading's short opening before a table (a label, a line or two: "What you
        want to be different", the family's words) stays with the table's start: a
        heading never ends a page with only its opening."""
        opening: list[Para] = []
        for item in reversed(self.items):
            if isinstance(item, Heading):
                break
            if (not isinstance(item, Para) or len(opening) == 5
                    or len(item.getPlainText()) > 300):
                return
            opening.append(item)
        else:
            return
        for item in opening:
            item.keepWithNext = 1

    # -- signatures

    def signature_blocks(self, people: Sequence[tuple[str, str]], *, intro: str = "") -> None:
        """A block per person to sign: printed name, what they sign as, signature and date."""
        lead: list[Flowable] = [Para(esc(intro), self.s.body)] if intro else []
        for name, role in people:  # the heading and the intro stay with the first block
            self.keep([*lead, self._signature_block(name, role), self._gap()])
            lead = []

    def _gap(self) -> Space:
        return Space(1, self.s.base * 0.9)

    def _signature_block(self, name: str, role: str) -> Table:
        s = self.s
        line_rows = [
            [self.cell("Name", s.cell_bold), self.cell(name)],
            [self.cell("Signing as", s.cell_bold), self.cell(role)],
            [self.cell("Signature", s.cell_bold), ""],
            [self.cell("Date", s.cell_bold), ""],
        ]
        # Wide enough for "Signing as" on one line (in large print too).
        label_w = max(self.width * 0.22, self.text_width("Signing as", bold=True).points
                      + s.base * 0.3)
        table = TaggedTable(
            line_rows,
            colWidths=[label_w, self.width * 0.82 - label_w],
            # Room to sign and to write the date, whatever the size of the print.
            rowHeights=[None, None, max(s.base * 2.5, 36.0), max(s.base * 2.0, 26.0)],
            hAlign="LEFT",
            header_columns=1,
        )
        table.setStyle(
            TableStyle(
                [
                    self._table_font(),
                    ("VALIGN", (0, 0), (-1, 1), "TOP"),
                    ("VALIGN", (0, 2), (0, -1), "BOTTOM"),
                    ("LINEBELOW", (1, 2), (1, 3), 0.8, INK),
                    ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                    ("BACKGROUND", (0, 0), (-1, -1), SOFT_FILL),
                    ("LEFTPADDING", (0, 0), (-1, -1), s.base * 0.6),
                    ("RIGHTPADDING", (0, 0), (-1, -1), s.base * 0.6),
                    ("TOPPADDING", (0, 0), (-1, -1), s.base * 0.35),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), s.base * 0.35),
                ]
            )
        )
        return table
