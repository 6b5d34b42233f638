"""Blocks kept on one page when that costs little, and allowed to flow when keeping
them whole would leave much of a page blank.

reportlab's own ``KeepTogether`` moves a block that does not fit to the next page
whatever its size: a heading kept with a long table, or a whole section, leaves most
of the page before it blank (large print made page 1 of several documents 60-70%
empty). A :class:`KeptBlock` moves to the next page only when it is short (at most
:data:`SHORT` of a page) or when little room is left on this one (under
:data:`LOW` of a page); otherwise it starts where it is and its pieces split as they
do on their own (a table between rows, with its heading row again; a paragraph
between lines). A heading kept with what follows (``keepWithNext``) never stands
alone at the foot of a page: it moves unless the start of what follows fits below it.

A :class:`WholeBlock` (a signature block, a pair of them under their heading) always
moves on whole, as ``KeepTogether`` does, unless it is taller than a page.

Kept blocks may hold kept blocks (a signature block inside a section): they are
measured by their content, and keep their own rules when the outer block flows.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer
from reportlab.platypus.doctemplate import FrameBreak, NullActionFlowable

# A block at most this share of a page moves to the next page whole.
SHORT = 0.4
# With less than this share of a page left, a block that does not fit moves on whole.
LOW = 0.2


def _flat(flowables: list[Flowable]) -> list[Flowable]:
    out: list[Flowable] = []
    for f in flowables:
        if isinstance(f, KeepTogether):
            out.extend(_flat(list(f._content)))
        else:
            out.append(f)
    return out


def _steps(flowables: list[Flowable], width: float, canv: Any) -> list[tuple[float, float]]:
    """Each flowable's space above it (the larger of its own and the space below the one
    before) and its height, set one after another in ``width`` points."""
    out: list[tuple[float, float]] = []
    after = 0.0
    for i, f in enumerate(flowables):
        if isinstance(f, KeepTogether):  # a kept block inside: as tall as what it holds
            h = _height(_flat(list(f._content)), width, canv)
        else:
            _, h = f.wrapOn(canv, width, 0xFFFFFF)
        out.append((max(f.getSpaceBefore(), after) if i else 0.0, h))
        after = f.getSpaceAfter()
    return out


def _height(flowables: list[Flowable], width: float, canv: Any) -> float:
    """The height of ``flowables`` set one after another in ``width`` points."""
    return sum(gap + h for gap, h in _steps(flowables, width, canv))


def _stub(
    content: list[Flowable], width: float, height: float, canv: Any, most: float
) -> int | None:
    """Where the section cut off at the foot of the page begins, when all of it that
    would stay there is its heading (and under ``most`` points more) because what
    follows cannot start there; None when the content may flow on from here."""
    used = 0.0
    for i, (gap, h) in enumerate(_steps(content, width, canv)):
        if used + gap + h <= height:
            used += gap + h
            continue
        if i == 0 or content[i].splitOn(canv, width, height - used - gap):
            return None  # what crosses the foot of the page starts here
        heads = [k for k in range(i) if content[k].getKeepWithNext()]
        if not heads:
            return None
        start = heads[-1]
        while start > 0 and content[start - 1].getKeepWithNext():
            start -= 1
        return start if _height(content[start:i], width, canv) < most else None
    return None


class KeptBlock(KeepTogether):  # type: ignore[misc]  # reportlab's flowables are untyped
    """Flowables kept on one page when they are short or little room is left;
    otherwise they start where they are."""

    whole = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        content = list(self._content)
        self._H = _height(content, availWidth, self.canv)
        self._H0 = _height(content[:1], availWidth, self.canv)
        self._wrapInfo = availWidth, availHeight
        return availWidth, 0xFFFFFF  # always split (that is where the deciding happens)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (availWidth, availHeight):
            self.wrap(availWidth, availHeight)
        content: list[Flowable] = list(self._content)
        whole, first = float(self._H), float(self._H0)
        if whole <= availHeight or self._at_top():
            return _here(content)
        page = self._page_height(availHeight)
        short = whole <= SHORT * page or self.whole
        if first > availHeight or short or availHeight < LOW * page:
            return [FrameBreak(), *content]
        return _here(self._flow(content, availWidth, availHeight))

    def _flow(self, content: list[Flowable], width: float, height: float) -> list[Flowable]:
        """The block starting here; a section's start that would stay here without any
        of its body (its heading and a line or two before a table that moves on) moves
        on with it."""
        cut = _stub(content, width, height, self.canv, SHORT * self._page_height(height))
        if cut is None:
            return content
        return [*content[:cut], FrameBreak(), *content[cut:]]

    def _at_top(self) -> bool:
        frame = getattr(self, "_frame", None)
        return bool(frame is not None and getattr(frame, "_atTop", False))

    def _page_height(self, available: float) -> float:
        frame = getattr(self, "_frame", None)
        return float(frame._height) if frame is not None else available


class WholeBlock(KeptBlock):
    """Flowables that move to the next page together whenever they do not fit here
    (and fit on a page)."""

    whole = True


class KeptWithNext(KeptBlock):
    """A heading (or headings) with what follows them: what reportlab makes of
    ``keepWithNext`` (``BaseDocTemplate.keepTogetherClass``). When they flow, the
    headings stay where they are only if the start of what follows fits below them."""

    def _flow(self, content: list[Flowable], width: float, height: float) -> list[Flowable]:
        *lead, last = content
        if not lead:
            return content
        gap = max(lead[-1].getSpaceAfter(), last.getSpaceBefore())
        room = height - _height(lead, width, self.canv) - gap
        parts: list[Flowable] = last.splitOn(self.canv, width, room) if room > 0 else []
        if not parts:
            return [FrameBreak(), *content]
        return [*lead, *parts]


def _here(pieces: list[Flowable]) -> list[Flowable]:
    """The pieces of a block that stays on this page, as reportlab takes them: it places
    the first piece of a split at once, without splitting it again, so a kept block
    first goes behind a marker that does nothing."""
    if pieces and isinstance(pieces[0], KeepTogether):
        return [NullActionFlowable(), *pieces]
    return pieces


class IfItFits(Flowable):  # type: ignore[misc]  # reportlab's flowables are untyped
    """``whole`` (flowables) where all of it fits in the room left on the page,
    otherwise ``instead`` (the same content laid out to flow over pages)."""

    def __init__(self, whole: list[Flowable], instead: list[Flowable]) -> None:
        super().__init__()
        self.whole = whole
        self.instead = instead

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, 0xFFFFFF  # always split (that is where the choosing happens)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if _height(self.whole, availWidth, self.canv) <= availHeight:
            return list(self.whole)
        return [NullActionFlowable(), *self.instead]

    def draw(self) -> None:  # never drawn: split first
        return


class Space(Spacer):  # type: ignore[misc]  # reportlab's flowables are untyped
    """Vertical space that ends with the page: at the foot of a page it takes only the
    room left, so a space never carries over to start a page (or make one) of its own."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, max(min(self.height, availHeight), 0.0)
