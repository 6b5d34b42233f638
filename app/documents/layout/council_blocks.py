"""The council's block above the first page's title (its logo, name, address and phone)
and the closing Contact box (the family's worker, the council, and on a family's copy
the privacy notice), both made from a :class:`~app.documents.layout.letterhead.Letterhead`.

Every text is at least the body size in large print (16 pt), and every paragraph prints
any script (:class:`~app.documents.layout.paragraphs.Para`): a worker's or a council's
name in Arabic or Bengali prints as it is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Image, Table, TableStyle

from app.documents.layout.colours import ACCENT, MUTED, RULE, SOFT_FILL
from app.documents.layout.fonts import fonts
from app.documents.layout.letterhead import ContactBox, Letterhead, WorkerLine
from app.documents.layout.paragraphs import Para
from app.documents.layout.story import Story
from app.documents.layout.tagged_table import TaggedTable
from app.documents.layout.tagging import ARTIFACT, tag
from app.documents.layout.text import esc
from app.reference.council_identity import CouncilIdentity

LOGO_HEIGHT_MM = {False: 13.0, True: 16.0}  # normal, large print
LOGO_MAX_WIDTH_MM = 55.0
LABEL_SHARE = 0.28  # of the Contact box's width, in normal print


def _style(story: Story, name: str, *, bold: bool = False, scale: float = 1.0,
           colour: object = None) -> ParagraphStyle:
    """Body text at ``scale`` (never under the body size in large print)."""
    s = story.s
    size = s.base * (max(scale, 1.0) if s.large_print else scale)
    return ParagraphStyle(
        name, parent=s.body, fontName=fonts().bold if bold else fonts().regular,
        fontSize=size, leading=size * 1.3, spaceAfter=0, textColor=colour or s.body.textColor,
    )


def _font(story: Story) -> tuple[str, tuple[int, int], tuple[int, int], str, float]:
    """The embedded document font for a table's cells (reportlab's default, Helvetica,
    is never embedded, and it sets it even when every cell is a paragraph)."""
    return ("FONT", (0, 0), (-1, -1), fonts().regular, story.s.base)


def _web(address: str) -> str:
    """A web address as people read it (without https://)."""
    return address.removeprefix("https://").removeprefix("http://").rstrip("/")


def _logo(story: Story, council: CouncilIdentity) -> Image | None:
    logo = council.logo
    if logo is None:
        return None
    height = LOGO_HEIGHT_MM[story.s.large_print] * mm
    width = min(height * logo.aspect, LOGO_MAX_WIDTH_MM * mm)
    return Image(io.BytesIO(logo.data), width=width, height=width / logo.aspect)


def add_council_header(story: Story, council: CouncilIdentity) -> None:
    """The council's logo and name, with its address and phone, above the title (in large
    print without the address, which the Contact box gives: the first page stays for the
    document)."""
    text = [Para(esc(council.name), _style(story, "council_name", bold=True,
                                                scale=1.2, colour=ACCENT))]
    details = _style(story, "council_details", scale=0.82, colour=MUTED)
    address = "" if story.s.large_print else ", ".join(council.address)
    for line in (address, f"Phone {council.phone}" if council.phone else ""):
        if line:
            text.append(Para(esc(line), details))
    logo = _logo(story, council)
    gap = story.s.base * 0.8
    if logo is None:
        row, widths = [text], [story.width]
    else:
        row, widths = [logo, text], [logo.drawWidth + gap, story.width - logo.drawWidth - gap]
    table = Table([row], colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([
        _font(story),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), story.s.base * 0.4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE),
    ]))
    # A letterhead, like the running header: an artifact a screen reader passes over, so
    # the document opens with its title; the Contact box says the council's details.
    story.add(tag(table, ARTIFACT))
    story.space(0.5)


def _worker_lines(worker: WorkerLine) -> list[str]:
    lines = [f"{worker.name}, {worker.role}" if worker.role else worker.name]
    if worker.phone:
        lines.append(f"Phone {worker.phone}" + (f" ({worker.phone_of})" if worker.phone_of
                                                 else ""))
    if worker.email:
        lines.append(f"Email {worker.email}")
    return lines


def _council_lines(council: CouncilIdentity) -> list[str]:
    lines = [", ".join(council.address)] if council.address else []
    if council.phone:
        lines.append(f"Phone {council.phone}")
    if council.team_phone and council.team_phone != council.phone:
        lines.append(f"Early help team {council.team_phone}")
    if council.email:
        lines.append(f"Email {council.email}")
    if council.website:
        lines.append(_web(council.website))
    return lines or ["Your worker can give you the council's address and phone number."]


def _council_row(story: Story, council: CouncilIdentity,
                 label: ParagraphStyle) -> tuple[str, list[str]]:
    """The council's row: under its name, or (a name too long for the narrow label
    column of normal print) under "Council", the name its first line."""
    lines = _council_lines(council)
    room = story.width * LABEL_SHARE - story.s.base * 1.1
    split = simpleSplit(council.name, label.fontName, label.fontSize, room)
    fits = len(split) <= 3 and all(
        stringWidth(line, label.fontName, label.fontSize) <= room for line in split)
    if story.s.large_print or fits:
        return council.name, lines
    return "Council", [council.name, *lines]


def add_contact_box(story: Story, letterhead: Letterhead) -> None:
    """The closing Contact box, as the letterhead's ``box`` says (none, agency, family)."""
    if letterhead.box is ContactBox.NONE:
        return
    family = letterhead.box is ContactBox.FAMILY
    council = letterhead.council
    label = _style(story, "contact_label", bold=True, scale=0.93)
    value = _style(story, "contact_value", scale=0.93)
    rows: list[tuple[str, list[str]]] = []
    if letterhead.worker is not None:
        rows.append(("Your worker" if family else "Lead worker",
                     _worker_lines(letterhead.worker)))
    rows.append(_council_row(story, council, label))
    if family:
        notice = [council.privacy_notice]
        if council.privacy_url:
            notice.append(f"More about how we use your information: {_web(council.privacy_url)}")
        rows.append(("Your information", notice))
    cells = [(Para(esc(name), label), [Para(esc(line), value) for line in lines])
             for name, lines in rows]
    if story.s.large_print:  # each heading above its lines: the lines have the full width
        data: list[list[object]] = [[[head, *lines]] for head, lines in cells]
        widths = [story.width]
    else:
        data = [[head, lines] for head, lines in cells]
        widths = [story.width * LABEL_SHARE, story.width * (1 - LABEL_SHARE)]
    pad = story.s.base * 0.45
    # Each row's label is its heading (a screen reader says it with the details).
    table = TaggedTable(data, colWidths=widths, hAlign="LEFT",
                        header_columns=0 if story.s.large_print else 1)
    table.setStyle(TableStyle([
        _font(story),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
        ("BACKGROUND", (0, 0), (-1, -1), SOFT_FILL),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.4),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]))
    story.heading("Contact")
    intro = ("Get in touch if you have a question about this document, or if anything "
             "changes." if family else "Who holds this family's case, and how to reach them.")
    story.keep([Para(esc(intro), story.s.body), table], whole=False)


def build_with_letterhead(story: Story, build: Callable[[Story], None],
                          letterhead: Letterhead | None) -> None:
    """The council's block, the document ``build`` makes (or a line saying nothing is
    recorded yet), then the Contact box; without a letterhead, the document alone."""
    if letterhead is not None:
        add_council_header(story, letterhead.council)
    start = len(story.items)
    build(story)
    if len(story.items) == start:
        story.muted("Nothing has been recorded for this document yet.")
    if letterhead is not None:
        add_contact_box(story, letterhead)
