"""The page template every Hearth document shares, and the pieces they are built from.

Every page carries the family's reference and the document's title at the top,
and at the foot the date it was printed, the version of the record it was made
from ("Made from record version 12", or, for a record not yet synced, when it
was last changed) and "Page 2 of 3". The page total is known only once the
whole document has been laid out, so pages are held back and their furniture is
drawn when the document is saved (:class:`_NumberedCanvas`).

Text is set in a readable sans-serif with embedded glyphs (so names in any
Latin script print as written); ``large_print`` raises the body size from 11pt
to 16pt for family-facing copies. Headings become bookmarks and entries in the
PDF outline, the document has a title and language, and tables repeat their
header row on each page and split long rows rather than clipping them.

Nothing here touches the store or Qt: :func:`render` takes a story built from
plain data and returns the PDF as bytes, made in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.dates import today, uk, uk_instant

# ---------------------------------------------------------------- colours

INK = colors.HexColor("#1d1d1d")
MUTED = colors.HexColor("#4f5b66")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#b8c4ce")
HEADER_FILL = colors.HexColor("#e7eef5")
SOFT_FILL = colors.HexColor("#f5f7f9")
# The same calm-to-alarming ramp the app uses for GCP2 grades (1 best, 5 worst).
GRADE_FILLS = {
    1: colors.HexColor("#cdebd3"),
    2: colors.HexColor("#e6f2c6"),
    3: colors.HexColor("#fff1bf"),
    4: colors.HexColor("#ffd9b3"),
    5: colors.HexColor("#f7c1bd"),
}
GRADE_EDGES = {
    1: colors.HexColor("#2e7d32"),
    2: colors.HexColor("#689f38"),
    3: colors.HexColor("#b58900"),
    4: colors.HexColor("#d66a00"),
    5: colors.HexColor("#c62828"),
}

# ---------------------------------------------------------------- fonts

# A readable sans-serif with wide coverage, looked for where each system keeps
# it; reportlab's own Bitstream Vera (always present) when none is found.
_FONT_CANDIDATES: tuple[tuple[str, str, str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-BoldItalic.ttf",
    ),
    (
        "C:/Windows/Fonts/arial.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
        "C:/Windows/Fonts/ariali.ttf",
        "C:/Windows/Fonts/arialbi.ttf",
    ),
    (
        "/Library/Fonts/Arial.ttf",
        "/Library/Fonts/Arial Bold.ttf",
        "/Library/Fonts/Arial Italic.ttf",
        "/Library/Fonts/Arial Bold Italic.ttf",
    ),
)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """Register the document font family once; return its face names."""
    import reportlab

    bundled = Path(reportlab.__file__).resolve().parent / "fonts"
    choices = list(_FONT_CANDIDATES) + [
        (
            str(bundled / "Vera.ttf"),
            str(bundled / "VeraBd.ttf"),
            str(bundled / "VeraIt.ttf"),
            str(bundled / "VeraBI.ttf"),
        )
    ]
    for regular, bold, italic, bold_italic in choices:
        if not all(os.path.exists(p) for p in (regular, bold, italic, bold_italic)):
            continue
        try:
            pdfmetrics.registerFont(TTFont("HearthSans", regular))
            pdfmetrics.registerFont(TTFont("HearthSans-Bold", bold))
            pdfmetrics.registerFont(TTFont("HearthSans-Italic", italic))
            pdfmetrics.registerFont(TTFont("HearthSans-BoldItalic", bold_italic))
        except Exception:  # noqa: BLE001 - a damaged font file: try the next family
            continue
        pdfmetrics.registerFontFamily(
            "HearthSans",
            normal="HearthSans",
            bold="HearthSans-Bold",
            italic="HearthSans-Italic",
            boldItalic="HearthSans-BoldItalic",
        )
        return Fonts("HearthSans", "HearthSans-Bold", "HearthSans-Italic")
    return Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique")  # pragma: no cover


# ---------------------------------------------------------------- what a document is made from


@dataclass(frozen=True)
class RecordStamp:
    """Which version of the underlying record a document was made from."""

    version: int | None  # the server's revision; None until first synced
    updated_at: dt.datetime | None = None

    def text(self) -> str:
        if self.version is not None:
            return f"Made from record version {self.version}"
        if self.updated_at is not None:
            return (
                "Made from a record not yet synced "
                f"(last changed {uk_instant(self.updated_at)})"
            )
        return "Made from a record not yet synced"


def combined_stamp(stamps: Iterable[RecordStamp]) -> RecordStamp:
    """The stamp of a document made from several records: the highest version
    when all are synced; otherwise "not yet synced" with the latest change."""
    items = list(stamps)
    if not items:
        return RecordStamp(None, None)
    changed = [s.updated_at for s in items if s.updated_at is not None]
    latest = max(changed) if changed else None
    if any(s.version is None for s in items):
        unsynced = [s.updated_at for s in items if s.version is None and s.updated_at is not None]
        return RecordStamp(None, max(unsynced) if unsynced else latest)
    return RecordStamp(max(s.version or 0 for s in items), latest)


@dataclass(frozen=True)
class DocumentInfo:
    """What every page of a document says about it."""

    title: str
    family_reference: str
    family_name: str
    stamp: RecordStamp
    subject: str = ""
    author: str = ""


@dataclass(frozen=True)
class RenderOptions:
    large_print: bool = False
    printed_on: dt.date | None = None  # today when not given


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    base: float
    large_print: bool
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_muted: ParagraphStyle
    head_cell: ParagraphStyle
    bullet: ParagraphStyle
    callout: ParagraphStyle
    furniture_size: float


def make_styles(large_print: bool = False) -> Styles:
    f = fonts()
    base = 16.0 if large_print else 11.0
    leading = base * 1.38

    def style(name: str, **kw: Any) -> ParagraphStyle:
        values: dict[str, Any] = {
            "fontName": f.regular,
            "fontSize": base,
            "leading": leading,
            "textColor": INK,
            "alignment": TA_LEFT,
        }
        values.update(kw)
        return ParagraphStyle(name, **values)

    cell_size = base * (0.92 if large_print else 0.93)
    return Styles(
        base=base,
        large_print=large_print,
        body=style("body", spaceAfter=base * 0.55),
        small=style("small", fontSize=base * 0.85, leading=base * 0.85 * 1.35),
        muted=style(
            "muted", fontSize=base * 0.88, leading=base * 0.88 * 1.35, textColor=MUTED,
            spaceAfter=base * 0.4,
        ),
        title=style(
            "title", fontName=f.bold, fontSize=base * 1.9, leading=base * 1.9 * 1.2,
            textColor=ACCENT, spaceAfter=base * 0.3,
        ),
        subtitle=style(
            "subtitle", fontSize=base * 1.1, leading=base * 1.1 * 1.3, textColor=MUTED,
            spaceAfter=base * 0.9,
        ),
        h1=style(
            "h1", fontName=f.bold, fontSize=base * 1.4, leading=base * 1.4 * 1.25,
            textColor=ACCENT, spaceBefore=base * 1.1, spaceAfter=base * 0.45, keepWithNext=1,
        ),
        h2=style(
            "h2", fontName=f.bold, fontSize=base * 1.12, leading=base * 1.12 * 1.3,
            textColor=INK, spaceBefore=base * 0.8, spaceAfter=base * 0.3, keepWithNext=1,
        ),
        label=style(
            "label", fontName=f.bold, fontSize=base * 0.92, leading=base * 0.92 * 1.3,
            textColor=MUTED, spaceBefore=base * 0.35, spaceAfter=base * 0.1, keepWithNext=1,
        ),
        cell=style("cell", fontSize=cell_size, leading=cell_size * 1.3),
        cell_bold=style("cell_bold", fontName=f.bold, fontSize=cell_size, leading=cell_size * 1.3),
        cell_muted=style(
            "cell_muted", fontSize=cell_size * 0.92, leading=cell_size * 1.25, textColor=MUTED
        ),
        head_cell=style(
            "head_cell", fontName=f.bold, fontSize=cell_size, leading=cell_size * 1.3,
            textColor=ACCENT,
        ),
        bullet=style(
            "bullet", leftIndent=base * 1.3, bulletIndent=base * 0.3, spaceAfter=base * 0.3,
        ),
        callout=style(
            "callout", fontSize=base, leading=leading, textColor=INK, backColor=SOFT_FILL,
            borderColor=RULE, borderWidth=0.6, borderPadding=(base * 0.6, base * 0.7),
            spaceBefore=base * 0.6, spaceAfter=base * 1.0, leftIndent=base * 0.7,
            rightIndent=base * 0.7,
        ),
        furniture_size=12.0 if large_print else 8.5,
    )


# ---------------------------------------------------------------- text


def esc(text: object) -> str:
    """Plain text made safe for a Paragraph: markup escaped, line breaks kept."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    lines = [escape(line) for line in value.split("\n")]
    return "<br/>".join(lines)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def words_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------- flowables


@dataclass(frozen=True)
class Fixed:
    """A table column of a set width, in points."""

    points: float


class Heading(Paragraph):
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

    # -- keeping things together

    def keep(self, flowables: Sequence[Flowable]) -> None:
        """Append ``flowables`` to stay on one page, with the headings just before them
        (reportlab does not keep a heading with a block that is kept together itself)."""
        if self._depth:  # already inside a kept block (nesting them misplaces tables)
            self.items.extend(flowables)
            return
        grouped = list(flowables)
        while self.items and isinstance(self.items[-1], Heading):
            grouped.insert(0, self.items.pop())
        self.items.append(KeepTogether(grouped))

    @contextmanager
    def together(self) -> Iterator[None]:
        """Everything added inside stays on one page when it fits on one."""
        start = len(self.items)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._depth:
            return
        # A conditional page break inside a kept block would claim the whole page.
        grouped = [f for f in self.items[start:] if not isinstance(f, CondPageBreak)]
        del self.items[start:]
        if grouped:
            self.items.append(CondPageBreak(self.s.base * 8))
            self.items.append(KeepTogether(grouped))

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
            self.items.append(Paragraph(esc(subtitle), self.s.subtitle))

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
            self.items.append(Paragraph(esc(text), style or self.s.body))

    def markup(self, markup: str, style: ParagraphStyle | None = None) -> None:
        """A paragraph with reportlab markup the caller has escaped itself."""
        self.items.append(Paragraph(markup, style or self.s.body))

    def muted(self, text: str) -> None:
        self.para(text, self.s.muted)

    def labelled(self, label: str, text: str, *, empty: str = "") -> None:
        """A question or field name, then its answer (long text flows across pages).

        Without an answer nothing is shown, unless ``empty`` says what to show."""
        answered = bool(text and text.strip())
        if not answered and not empty:
            return
        head = Paragraph(esc(label), self.s.label)
        body = Paragraph(
            esc(text if answered else empty), self.s.body if answered else self.s.muted
        )
        if len(text or "") < 600:
            self.keep([head, body])
        else:
            # Too long to keep whole: keep the label with the answer's start.
            self.items.extend([CondPageBreak(self.s.base * 5), head, body])

    def bullets(self, items: Sequence[str], style: ParagraphStyle | None = None) -> None:
        for item in items:
            if item:
                self.items.append(
                    Paragraph(esc(item), style or self.s.bullet, bulletText="•")
                )

    def callout(self, text: str) -> None:
        self.items.append(Paragraph(esc(text), self.s.callout))

    def space(self, lines: float = 1.0) -> None:
        self.items.append(Spacer(1, self.s.base * lines))

    def page_break(self) -> None:
        self.items.append(PageBreak())

    def add(self, flowable: Flowable) -> None:
        self.items.append(flowable)

    # -- tables

    def cell(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(esc(text), style or self.s.cell)

    def facts(self, rows: Sequence[tuple[str, str]], label_share: float = 0.3) -> None:
        """Label/value pairs in two columns (empty values are left out)."""
        data = [
            [self.cell(label, self.s.cell_bold), self.cell(value)]
            for label, value in rows
            if value and value.strip()
        ]
        if not data:
            return
        table = Table(
            data,
            colWidths=[self.width * label_share, self.width * (1 - label_share)],
            hAlign="LEFT",
            splitInRow=1,
        )
        pad = self.s.base * 0.3
        table.setStyle(
            TableStyle(
                [
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
        widths = _fit_words(data, widths, pad)
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
        commands: list[Any] = [
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
            self.items.append(table)
        self.space(0.6)
        return table

    # -- signatures

    def signature_blocks(self, people: Sequence[tuple[str, str]], *, intro: str = "") -> None:
        """A block per person to sign: printed name, what they sign as, signature and date."""
        if intro:
            self.para(intro)
        for name, role in people:
            self.keep([self._signature_block(name, role), self._gap()])

    def _gap(self) -> Spacer:
        return Spacer(1, self.s.base * 0.9)

    def _signature_block(self, name: str, role: str) -> Table:
        s = self.s
        line_rows = [
            [self.cell("Name", s.cell_bold), self.cell(name)],
            [self.cell("Signing as", s.cell_bold), self.cell(role)],
            [self.cell("Signature", s.cell_bold), ""],
            [self.cell("Date", s.cell_bold), ""],
        ]
        table = Table(
            line_rows,
            colWidths=[self.width * 0.22, self.width * 0.6],
            rowHeights=[None, None, s.base * 3.2, s.base * 2.4],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
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


def _longest_word(cell: Any) -> float:
    """The width of the longest word in a cell (a paragraph or a list of them)."""
    items = cell if isinstance(cell, list) else [cell]
    widest = 0.0
    for item in items:
        if not isinstance(item, Paragraph):
            continue
        style = item.style
        text = re.sub(r"<[^>]+>", " ", item.text)
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        font = style.fontName
        if "<b>" in item.text or "Bold" in font:
            font = fonts().bold
        for word in text.split():
            widest = max(widest, pdfmetrics.stringWidth(word, font, style.fontSize))
    return widest


def _fit_words(data: Sequence[Sequence[Any]], widths: list[float], pad: float) -> list[float]:
    """Widen any column too narrow for its longest word (so no word is broken
    in the middle), taking the room from the columns with the most to spare."""
    need = [
        max((_longest_word(row[i]) for row in data if i < len(row)), default=0.0) + 2 * pad + 1
        for i in range(len(widths))
    ]
    out = list(widths)
    for _ in range(len(out)):
        short = [i for i in range(len(out)) if out[i] < need[i]]
        if not short:
            break
        deficit = sum(need[i] - out[i] for i in short)
        spare = {i: out[i] - need[i] for i in range(len(out)) if out[i] > need[i]}
        available = sum(spare.values())
        if available <= 0:
            break
        take = min(deficit, available)
        for i in short:
            out[i] += (need[i] - out[i]) * take / deficit
        for i, room in spare.items():
            out[i] -= take * room / available
    return out


# ---------------------------------------------------------------- the page


@dataclass(frozen=True)
class PageGeometry:
    size: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float

    @property
    def frame_width(self) -> float:
        return self.size[0] - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.size[1] - self.top - self.bottom


def geometry(large_print: bool, wide: bool = False) -> PageGeometry:
    size = landscape(A4) if wide else A4
    side = 16 * mm if large_print else 20 * mm
    return PageGeometry(
        size=size,
        left=side,
        right=side,
        top=(27 if large_print else 24) * mm,
        bottom=(26 if large_print else 22) * mm,
    )


@dataclass(frozen=True)
class _Furniture:
    info: DocumentInfo
    printed_on: dt.date
    geometry: PageGeometry
    font: str
    bold: str
    size: float

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        g = self.geometry
        width, height = g.size
        left, right = g.left, width - g.right
        size = self.size
        canvas.saveState()
        # header: family reference (left), document title (right), a rule below
        y = height - g.top + size * 2.2
        canvas.setFillColor(ACCENT)
        canvas.setFont(self.bold, size)
        reference = f"Family {self.info.family_reference}"
        canvas.drawString(left, y, reference)
        canvas.setFont(self.font, size)
        canvas.setFillColor(MUTED)
        name = self.info.family_name
        if name:
            canvas.drawString(
                left + pdfmetrics.stringWidth(reference, self.bold, size) + size,
                y,
                _fit(name, self.font, size, (right - left) / 2 - size * 8),
            )
        canvas.drawRightString(right, y, _fit(self.info.title, self.font, size, (right - left) / 2))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, y - size * 0.7, right, y - size * 0.7)
        # footer: printed date and record version (left), page X of Y (right)
        page_text = f"Page {page} of {total}"
        page_width = pdfmetrics.stringWidth(page_text, self.bold, size)
        facts = f"Printed {uk(self.printed_on)}. {self.info.stamp.text()}."
        y = g.bottom - size * 2.6
        canvas.line(left, y + size * 1.4, right, y + size * 1.4)
        canvas.setFillColor(MUTED)
        canvas.setFont(self.font, size)
        room = right - left - page_width - size * 2
        if pdfmetrics.stringWidth(facts, self.font, size) <= room:
            canvas.drawString(left, y, facts)
        else:
            first, second = _split_line(facts, self.font, size, room)
            canvas.drawString(left, y, first)
            canvas.drawString(left, y - size * 1.3, second)
        canvas.setFillColor(INK)
        canvas.setFont(self.bold, size)
        canvas.drawRightString(right, y, page_text)
        canvas.restoreState()


def _fit(text: str, font: str, size: float, room: float) -> str:
    """Text shortened with an ellipsis to fit ``room`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _split_line(text: str, font: str, size: float, room: float) -> tuple[str, str]:
    words = text.split(" ")
    first: list[str] = []
    while words and pdfmetrics.stringWidth(" ".join(first + [words[0]]), font, size) <= room:
        first.append(words.pop(0))
    if not first:
        first.append(words.pop(0))
    return " ".join(first), " ".join(words)


class _NumberedCanvas(Canvas):
    """Holds each page back until the end, so every page can say "Page X of Y".

    Bookmarks made on a held-back page are replayed when it is really written,
    so the outline points at the right pages.
    """

    def __init__(self, *args: Any, furniture: _Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._held: list[tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]] = []
        self._marks: list[tuple[str, dict[str, Any]]] = []

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:  # noqa: N802 (reportlab's name)
        self._marks.append((key, kwargs))

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held.append((dict(self.__dict__), self._marks))
        self._marks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        held = self._held
        for number, (state, marks) in enumerate(held, start=1):
            self.__dict__.update(state)
            for key, kwargs in marks:
                Canvas.bookmarkPage(self, key, **kwargs)
            self._furniture.draw(self, number, total)
            Canvas.showPage(self)
        self._held = []
        Canvas.save(self)


def render(
    info: DocumentInfo,
    build: Callable[[Story], None],
    options: RenderOptions | None = None,
    *,
    wide: bool = False,
) -> bytes:
    """Lay out a document and return its PDF bytes (made in memory, never on disk).

    ``build`` fills a :class:`Story` (its ``s`` are the styles for the chosen
    print size; its ``width`` is the text width). ``wide`` turns the pages to
    landscape, for maps drawn across the page.
    """
    options = options or RenderOptions()
    styles = make_styles(options.large_print)
    g = geometry(options.large_print, wide)
    story = Story(styles, g.frame_width)
    build(story)
    if not story.items:
        story.muted("Nothing has been recorded for this document yet.")
    f = fonts()
    furniture = _Furniture(
        info=info,
        printed_on=options.printed_on or today(),
        geometry=g,
        font=f.regular,
        bold=f.bold,
        size=styles.furniture_size,
    )
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=g.size,
        leftMargin=g.left,
        rightMargin=g.right,
        topMargin=g.top,
        bottomMargin=g.bottom,
        title=f"{info.title}: {info.family_name} ({info.family_reference})",
        author=info.author or "Hearth",
        subject=info.subject or info.title,
        creator="Hearth",
        lang="en-GB",
        initialFontName=f.regular,
    )
    frame = Frame(g.left, g.bottom, g.frame_width, g.frame_height, id="text",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        canvas = _NumberedCanvas(*args, furniture=furniture, **kwargs)
        canvas.showOutline()
        return canvas

    doc.build(story.items, canvasmaker=canvasmaker)
    return buffer.getvalue()
