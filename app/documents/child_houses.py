"""The child's own page of a three houses assessment: each house of the form (a
``long_text`` field with ``look: house``) drawn with its name on the roof and the
child's words inside, under the child's name and the date; then the child's drawing
(a ``picture`` field) on a page of its own.

Each house is a figure described in words (its name and the words inside it), so a
screen reader and the web page copy read what the child said; the words are drawn with
the documents' own paragraphs, so every script prints (Arabic right to left, CJK...).
A house whose words run past the page continues in a house of its own on the next.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image

from app.dates import uk
from app.documents.layout.colours import INK
from app.documents.layout.fonts import fonts
from app.documents.layout.paragraphs import Para
from app.documents.layout.styles import Styles
from app.documents.layout.text import esc
from app.forms.answer_checks import answer_date
from app.forms.answers import is_answered, visible, visible_answers
from app.forms.definition import Field, FormDefinition
from app.forms.pictures import Picture, picture_from_answer

# Each house's fill and lines, in turn (calm tints; the words are printed in ink).
HOUSE_COLOURS = (
    (colors.HexColor("#fdf0d9"), colors.HexColor("#8a5300")),
    (colors.HexColor("#e2f1e3"), colors.HexColor("#2e6b32")),
    (colors.HexColor("#e3edf8"), colors.HexColor("#1f4e79")),
)
MAX_HOUSE_WIDTH = 440.0  # points: a house, not a banner, on an A4 page
ROOF_PITCH = 0.26


@dataclass(frozen=True)
class House:
    name: str  # on the roof
    words: str  # the child's words ("" when none were written)


@dataclass(frozen=True)
class ChildPage:
    child: str  # the child's name ("" for a form not about one child)
    day: dt.date | None
    houses: tuple[House, ...]
    drawing: Picture | None
    drawing_label: str = ""

    @property
    def owner(self) -> str:
        return f"{self.child}'s" if self.child else "The child's"


def house_fields(form: FormDefinition) -> tuple[Field, ...]:
    return tuple(f for f in form.all_fields() if f.look == "house")


def page_fields(form: FormDefinition) -> tuple[str, ...]:
    """The fields the child's page prints (left out of the list of answers)."""
    return tuple(f.id for f in form.all_fields() if f.look == "house" or f.type == "picture")


def child_page(
    form: FormDefinition, answers: Mapping[str, Any], child: str, completed: dt.datetime | None
) -> ChildPage | None:
    """The child's page of an assessment, or None for a form with no houses."""
    fields = house_fields(form)
    if not fields:
        return None
    shown = visible_answers(form, answers)
    houses = tuple(
        House(field.roof, str(shown.get(field.id) or "").strip())
        for field in fields
        if visible(field, shown)
    )
    day = next(
        (answer_date(shown[f.id]) for f in form.all_fields()
         if f.type == "date" and answer_date(shown.get(f.id)) is not None),
        completed.date() if completed is not None else None,
    )
    drawing, label = None, ""
    for field in form.all_fields():
        if field.type == "picture" and is_answered(shown.get(field.id)):
            drawing, label = picture_from_answer(shown[field.id]), field.label
            if drawing is not None:
                break
    return ChildPage(child, day, houses, drawing, label)


class HouseDrawing(Flowable):  # type: ignore[misc]  # reportlab's flowables are untyped
    """A house drawn with its name on the roof and ``words`` (a paragraph) inside."""

    def __init__(
        self, name: str, words: Para, styles: Styles, tint: int, *, continued: bool = False
    ) -> None:
        super().__init__()
        self.hAlign = "CENTER"
        self.name, self.words, self.styles, self.tint = name, words, styles, tint
        self.continued = continued
        roof_style = ParagraphStyle(
            "house_roof", parent=styles.body, fontName=fonts().bold, alignment=TA_CENTER,
            fontSize=styles.base * 1.25, leading=styles.base * 1.25 * 1.25, spaceAfter=0,
        )
        self.roof = Para(esc(name + (", continued" if continued else "")), roof_style)
        self.pad = styles.base * 0.9
        self.door = styles.base * 2.6
        self.width = self.height = self.roof_height = 0.0
        self.words_height = self.words_drawn = 0.0

    def _sizes(self, avail_width: float) -> None:
        self.width = min(avail_width, MAX_HOUSE_WIDTH)
        _, roof_text = self.roof.wrap(self.width * 0.56, 10_000)
        self.roof_height = max(self.width * ROOF_PITCH, roof_text / 0.3)
        _, self.words_drawn = self.words.wrap(self._inner_width(), 10_000)
        self.words_height = max(self.words_drawn, self.words.style.leading * 2.5)

    def _inner_width(self) -> float:
        return self.width - 2 * (self.pad + self.styles.base * 0.6)

    def _fixed(self) -> float:
        return self.roof_height + 2 * self.pad + self.door

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._sizes(availWidth)
        self.height = self._fixed() + self.words_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        self._sizes(availWidth)
        room = availHeight - self._fixed()
        if room < self.words.style.leading * 2:
            return []
        pieces = self.words.split(self._inner_width(), room)
        if len(pieces) < 2:
            return []
        return [
            HouseDrawing(self.name, pieces[0], self.styles, self.tint, continued=self.continued),
            HouseDrawing(self.name, pieces[1], self.styles, self.tint, continued=True),
        ]

    def draw(self) -> None:
        canvas, width, height = self.canv, self.width, self.height
        fill, line = HOUSE_COLOURS[self.tint % len(HOUSE_COLOURS)]
        eaves = height - self.roof_height
        inset = self.styles.base * 0.6
        canvas.saveState()
        canvas.setLineWidth(1.6)
        canvas.setLineJoin(1)
        canvas.setStrokeColor(line)
        canvas.setFillColor(fill)
        canvas.rect(width * 0.7, eaves + self.roof_height * 0.3, width * 0.07,
                    self.roof_height * 0.55, stroke=1, fill=1)
        canvas.rect(inset, 0, width - 2 * inset, eaves, stroke=1, fill=1)
        roof = canvas.beginPath()
        roof.moveTo(0, eaves)
        roof.lineTo(width / 2, height)
        roof.lineTo(width, eaves)
        roof.close()
        canvas.drawPath(roof, stroke=1, fill=1)
        door = self.door * 0.62
        canvas.setFillColor(line)
        canvas.roundRect(width / 2 - door / 2, 0, door, self.door - self.pad * 0.4, 3,
                         stroke=0, fill=1)
        canvas.restoreState()
        self.roof.wrap(width * 0.56, 10_000)
        self.roof.drawOn(canvas, width * 0.22, eaves + self.roof_height * 0.1)
        top = self.door + self.pad + self.words_height  # the words start at the top
        self.words.drawOn(canvas, inset + self.pad, top - self.words_drawn)


def house_words(page: ChildPage, house: House) -> str:
    """What a house says to a screen reader (and the web page copy)."""
    said = f"the words inside: {house.words}" if house.words else "nothing written inside"
    return f"A drawn house, the {house.name}, with {said}"


def write_child_page(story: Any, page: ChildPage) -> None:
    """The child's page on a :class:`~app.documents.layout.story.Story`, then the drawing."""
    s: Styles = story.s
    words_style = ParagraphStyle(
        "house_words", parent=s.body, fontSize=s.base * 1.2, leading=s.base * 1.2 * 1.35,
        textColor=INK, spaceAfter=0,
    )
    story.page_break()
    story.subheading(f"{page.owner} three houses")
    told = " · ".join(part for part in (page.child, uk(page.day) if page.day else "") if part)
    if told:
        story.para(told)
    for index, house in enumerate(page.houses):
        drawn = HouseDrawing(
            house.name, Para(esc(house.words or " "), words_style), s, index
        )
        story.figure(drawn, house_words(page, house))
        story.space(0.6)
    if page.drawing is None:
        return
    story.page_break()
    story.subheading(f"{page.owner} drawing")
    if told:
        story.para(told)
    picture = page.drawing
    scale = min(story.width / picture.width, story.width * 1.1 / picture.height)
    image = Image(io.BytesIO(picture.data), picture.width * scale, picture.height * scale)
    described = (
        f"{page.owner} own drawing of their houses, scanned or photographed "
        f"({page.drawing_label or 'a picture'}). What each house says is written above."
    )
    story.figure(image, described)
