"""The Signs of Safety map's scores: each person's number on the scale, with its words,
its dial, why they chose it and their earlier scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.platypus import Flowable

from app.documents.layout.colours import ACCENT, MUTED, RULE
from app.documents.layout.fonts import fonts
from app.documents.layout.paragraphs import Para
from app.documents.layout.story import Fixed, Story
from app.documents.layout.tagging import described
from app.documents.layout.text import esc


@dataclass(frozen=True)
class ScoreRow:
    name: str
    role: str
    score: int
    reason: str
    earlier: tuple[tuple[str, int], ...]  # (dd/mm/yyyy, score), oldest first


class ScaleScores(Protocol):
    """What the scores are drawn from: the map's data (``sos_map.SosMapData``)."""

    @property
    def scores(self) -> Sequence[ScoreRow]: ...
    @property
    def scale_low(self) -> str: ...
    @property
    def scale_high(self) -> str: ...
    @property
    def scale_min(self) -> int: ...
    @property
    def scale_max(self) -> int: ...
    @property
    def scale_heading(self) -> str: ...
    @property
    def scale_introduction(self) -> str: ...
    @property
    def scale_points(self) -> Sequence[str]: ...

def scale_drawing(
    score: int, low: int, high: int, width: float, base: float, *, text: float | None = None
) -> Drawing:
    """A 0-10 line with the score marked, its ends numbered in ``text`` points
    (by default a little smaller than ``base``)."""
    f = fonts()
    text = text or base * 0.7
    height = base * 1.4 + text * 1.15
    d = Drawing(width, height, initialFontName=f.regular)
    pad = base * 0.5
    y = height - base * 0.85
    span = max(high - low, 1)
    d.add(Line(pad, y, width - pad, y, strokeColor=RULE, strokeWidth=1.6))
    for n in range(low, high + 1):
        x = pad + (width - 2 * pad) * (n - low) / span
        d.add(Line(x, y - base * 0.22, x, y + base * 0.22, strokeColor=RULE, strokeWidth=0.6))
    for n in (low, high):
        x = pad + (width - 2 * pad) * (n - low) / span
        d.add(String(x, y - base * 0.45 - text * 0.95, str(n), fontName=f.regular,
                     fontSize=text, fillColor=MUTED, textAnchor="middle"))
    x = pad + (width - 2 * pad) * (min(max(score, low), high) - low) / span
    d.add(Circle(x, y, base * 0.42, fillColor=ACCENT, strokeColor=None))
    return described(d, f"A scale from {low} to {high}, marked at {score}.")


def _point_words(data: ScaleScores, score: int) -> str:
    index = score - data.scale_min
    if not 0 <= index < len(data.scale_points):
        return ""
    return f": {esc(data.scale_points[index])}"


def scores(story: Story, data: ScaleScores, *, narrow: bool) -> None:
    s = story.s
    story.heading(data.scale_heading)
    story.para(
        data.scale_introduction
        or f"{data.scale_min} means {data.scale_low}; {data.scale_max} means {data.scale_high}."
    )
    if data.scale_points:
        story.bullets(
            [f"{data.scale_min + i}: {text}" for i, text in enumerate(data.scale_points)]
        )
    bar_w = min(story.width * (0.3 if narrow else 0.22), s.base * 15)
    score_w = Fixed(bar_w + s.base * 0.8)
    if narrow:  # a portrait page: who and their score in one column, why in the other
        story.table(
            ["Person and score", "Why this number"],
            [[_who(story, score) + _score_cell(story, data, score, bar_w), _why(story, score)]
             for score in data.scores],
            [score_w, 1],
        )
        return
    story.table(
        ["Person", "Taking part as", "Score", "Why this number", "Earlier scores"],
        [[story.cell(score.name, s.cell_bold), score.role,
          _score_cell(story, data, score, bar_w), score.reason, _earlier(score)]
         for score in data.scores],
        [1.6, 1.4, score_w, 3.2, 1.8],
    )


def _earlier(score: ScoreRow) -> str:
    if not score.earlier:
        return "First time scored"
    return ", ".join(f"{n} on {day}" for day, n in score.earlier)


def _score_cell(story: Story, data: ScaleScores, score: ScoreRow, width: float) -> list[Flowable]:
    s = story.s
    return [
        Para(f"<b>{score.score}</b> out of {data.scale_max}"
             + _point_words(data, score.score), s.cell),
        scale_drawing(score.score, data.scale_min, data.scale_max, width, s.base,
                      text=s.small.fontSize),
    ]


def _who(story: Story, score: ScoreRow) -> list[Flowable]:
    return [story.cell(score.name, story.s.cell_bold), story.cell(score.role)]


def _why(story: Story, score: ScoreRow) -> list[Flowable]:
    earlier = _earlier(score)
    if score.earlier:
        earlier = f"Earlier: {earlier}"
    return [story.cell(score.reason), story.cell(earlier, story.s.cell_muted)]
