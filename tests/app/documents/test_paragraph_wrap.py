"""A paragraph breaks its lines once for a width: a table wraps each cell to work out its
rows' heights, and again to split and to draw (a chronology of 300 entries in every script
took 4.1-4.7 s to print, 3.1 s with each width's lines kept)."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import Paragraph

from app.documents.layout.paragraphs import Para
from app.documents.layout.styles import make_styles

TEXTS = {
    "latin": " ".join(["A significant event with enough words to wrap a line or two."] * 6),
    "every script": " ".join(["प्रिया شرما محمد الحسن Zoë-Ångström Αλέξανδρος 小龙"] * 8),
}


@pytest.mark.parametrize("kind", sorted(TEXTS))
def test_lines_are_broken_once_for_each_width(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken: list[float] = []
    real = Paragraph.breakLines

    def counting(self: Paragraph, widths: Any) -> Any:
        broken.append(widths[0])
        return real(self, widths)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    para = Para(TEXTS[kind], make_styles(False).body)
    wide = para.wrap(400, 1000)
    assert para.wrap(400, 50) == wide and para.wrap(400, 1000) == wide
    assert len(broken) == 1
    narrow = para.wrap(200, 1000)
    assert narrow[0] == 200 and narrow[1] > wide[1]  # more lines at half the width
    assert len(broken) == 2
    assert para.wrap(400, 1000) == wide  # and back: broken again for that width
    assert len(broken) == 3


def test_a_paragraph_split_across_pages_is_wrapped_afresh() -> None:
    para = Para(TEXTS["latin"], make_styles(False).body)
    _, height = para.wrap(200, 1000)
    first, rest = para.split(200, height / 2)
    assert first.wrap(200, 1000)[1] + rest.wrap(200, 1000)[1] == pytest.approx(height)
    assert para.wrap(200, 1000) == (200, height)  # itself as it was
