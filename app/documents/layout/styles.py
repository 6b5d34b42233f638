"""The paragraph styles of a document, at normal or large print size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from app.documents.layout.colours import ACCENT, INK, MUTED, RULE, SOFT_FILL
from app.documents.layout.fonts import Fonts, fonts


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


def _styler(f: Fonts, base: float, leading: float) -> Callable[..., ParagraphStyle]:
    """A maker of paragraph styles in body text unless told otherwise."""

    def style(name: str, **kw: Any) -> ParagraphStyle:
        values: dict[str, Any] = {
            "fontName": f.regular,
            "bulletFontName": f.regular,  # reportlab's default is Helvetica, never embedded
            "fontSize": base,
            "leading": leading,
            "textColor": INK,
            "alignment": TA_LEFT,
        }
        values.update(kw)
        return ParagraphStyle(name, **values)

    return style


def make_styles(large_print: bool = False) -> Styles:
    f = fonts()
    base = 16.0 if large_print else 11.0
    leading = base * 1.38
    style = _styler(f, base, leading)
    cell_size = base * (0.92 if large_print else 0.93)
    styles = Styles(
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
        furniture_size=16.0 if large_print else 8.5,  # large print: no text under 16 pt
    )
    return at_least(styles, LARGE_PRINT_MINIMUM) if large_print else styles


LARGE_PRINT_MINIMUM = 16.0


def at_least(styles: Styles, size: float) -> Styles:
    """``styles`` with every text (bullets too) at least ``size`` points: smaller
    styles are raised to it, their line spacing in proportion."""
    raised: dict[str, ParagraphStyle] = {}
    for item in fields(styles):
        style = getattr(styles, item.name)
        if not isinstance(style, ParagraphStyle):
            continue
        grown = ParagraphStyle(style.name, parent=style, bulletFontSize=size)
        if style.fontSize < size:
            grown.leading = style.leading * size / style.fontSize
            grown.fontSize = size
        raised[item.name] = grown
    return replace(styles, **raised)
