"""Large print that works, and pages that are not left mostly blank, for every document
a demo family has: every text in large print is at least 16 pt (read back from the
content streams, every transformation applied); no page but the last is more than
half blank (measured below its lowest line of text), unless the document starts a
new page on purpose; the GCP2 chart and the safety map are whole in large print.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import select

from app.documents.catalogue import (
    DOCUMENT_NAMES,
    available_documents,
    load_document,
    render_document,
)
from app.documents.family_facts import form_registry
from app.documents.layout.document_info import RenderOptions
from app.documents.layout.styles import LARGE_PRINT_MINIMUM
from app.store.caseload_store import Profile, Store
from db.models import Family
from tests.app.documents.test_council_form_documents import complete, council_registry, otterburns
from tests.app.documents.test_documents import family_with
from tests.builders import TODAY
from tests.pdf_layout import Page, Word, pages, words
from tests.pdf_text import flat, read_pdf, uk

MOSTLY_BLANK = 0.5


def render(store: Store, name: str, large_print: bool, reference: str = "") -> tuple[Any, bytes]:
    reference = reference or family_with(store, name)
    printable = store.run(load_document, store.profile, reference, name)
    return printable.data, render_document(name, printable,
                                           RenderOptions(large_print=large_print))


# What a document keeps whole on one page on purpose, so that the page before may be
# left blank: the signatures, each pair (or three) with its heading (family_plan.py,
# consent_form.py: never a block alone on a page, nor apart from its heading).
KEPT_WHOLE = {"plan": ("Agreeing the plan",), "consent": ("Signatures", "Consent given by")}
# Documents no demo family has: test_other_assessments_in_large_print makes its own.
NOT_IN_THE_DEMO = {"assessments"}


def starts_on_purpose(name: str, data: Any) -> tuple[str, ...]:
    """What the document starts a new page with on purpose: each child's GCP2 profile,
    and what it keeps whole on one page."""
    if name == "gcp2":
        return tuple(profile.child for profile in data.profiles[1:])
    if name == "assessments":  # a three houses assessment's child's page and drawing
        return tuple(
            f"{a.child_page.owner} {what}" for a in data.assessments if a.child_page
            for what in ("three houses", "drawing")
        )
    return KEPT_WHOLE.get(name, ())


def demo_documents() -> list[str]:
    return [name for name in DOCUMENT_NAMES if name not in NOT_IN_THE_DEMO]


# The last PDF laid out, and where its text sits: a large-print document is checked for
# small text and for blank pages, and its layout is read once (pypdf takes a while).
_LAID_OUT: dict[bytes, list[Page]] = {}


def laid_out(content: bytes) -> list[Page]:
    """Where each run of text sits on each page (tests/pdf_layout.py ``pages``)."""
    if content not in _LAID_OUT:
        _LAID_OUT.clear()
        _LAID_OUT[content] = pages(content)
    return _LAID_OUT[content]


def assert_no_small_text(name: str, content: bytes) -> None:
    small = [
        f"page {run.page}: {run.text[:40]!r} at {run.size:.1f} pt"
        for page in laid_out(content)
        for run in page.runs
        if run.size < LARGE_PRINT_MINIMUM - 0.01
    ]
    assert not small, f"{name} in large print has text under 16 pt: {small[:5]}"


def assert_no_mostly_blank_page(
    name: str, content: bytes, large_print: bool, on_purpose: Sequence[str] = ()
) -> None:
    every = laid_out(content)
    for page, following in zip(every, every[1:], strict=False):
        blank = page.blank_below(large_print)
        if blank <= MOSTLY_BLANK:
            continue
        starts = " ".join(r.text for r in following.body_runs(large_print)[:12])
        if any(flat(starts).startswith(flat(text)) for text in on_purpose):
            continue  # the next page is one the document starts on purpose
        size = "large" if large_print else "normal"
        raise AssertionError(
            f"{name} ({size} print): page {page.number} of {len(every)} is "
            f"{blank:.0%} blank; page {following.number} starts {starts[:80]!r}"
        )


def test_every_text_in_every_large_print_document_is_at_least_16_points(
    demo_store: Store,
) -> None:
    for name in demo_documents():
        _, content = render(demo_store, name, large_print=True)
        assert_no_small_text(name, content)


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
def test_no_page_but_the_last_is_mostly_blank(demo_store: Store, large_print: bool) -> None:
    for name in demo_documents():
        data, content = render(demo_store, name, large_print)
        assert_no_mostly_blank_page(name, content, large_print, starts_on_purpose(name, data))


def test_the_check_for_blank_pages_sees_one() -> None:
    """A page left two-thirds blank by a forced break fails the check."""
    from app.documents.layout.document_info import DocumentInfo, RecordStamp
    from app.documents.layout.pdf import render as render_pdf

    def write(story: Any) -> None:
        story.para("A short first page.")
        story.page_break()
        story.para("The last page.")

    info = DocumentInfo(title="Test", family_reference="EH-000000", family_name="Test family",
                        stamp=RecordStamp(version=1))
    content = render_pdf(info, write, RenderOptions(large_print=True))
    with pytest.raises(AssertionError, match="page 1 of 2 is"):
        assert_no_mostly_blank_page("test", content, large_print=True)
    assert_no_mostly_blank_page("test", content, large_print=True, on_purpose=["The last"])


def test_other_assessments_in_large_print(store: Store, profile: Profile) -> None:
    """The one document no demo family has: a council's kind of form without a layout
    of its own, printed from its definition."""
    form_registry.cache_clear()  # documents load the forms once; these are the tests' own
    try:
        registry = council_registry()
        ids = otterburns(store, profile)
        complete(store, profile, registry, ids.id, "strengths_review", {
            "assessment_date": TODAY.isoformat(), "strengths_seen": "Synthetic strengths. " * 40,
        })
        complete(store, profile, registry, ids.id, "three_houses", {
            "date": TODAY.isoformat(), "how_done": "drawing",
            "house_of_worries": "Shouting at bedtime.", "house_of_good_things": "Our cat.",
            "house_of_dreams": "A trampoline.",
        }, child_id=ids["tam"])
        for large_print in (False, True):
            data, content = render(store, "assessments", large_print, ids.reference)
            if large_print:
                assert_no_small_text("assessments", content)
            assert_no_mostly_blank_page(
                "assessments", content, large_print, starts_on_purpose("assessments", data)
            )
    finally:
        form_registry.cache_clear()


# ---------------------------------------------------------------- the GCP2 chart


ENDS = ["needs", "met", "needs", "not", "met"]


def lines(found: list[Word]) -> list[list[Word]]:
    """Words grouped into lines (same page, same top), each left to right."""
    grouped: dict[tuple[int, int], list[Word]] = {}
    for word in found:
        grouped.setdefault((word.page, round(word.top)), []).append(word)
    return [sorted(ws, key=lambda w: w.x0) for _, ws in sorted(grouped.items())]


def chart_heads(found: list[Word]) -> dict[int, tuple[list[Word], list[Word]]]:
    """By page, the chart's heads: the words of "needs met" and "needs not met" (a line
    of their own), and the first line of figures below them (the five grades)."""
    heads: dict[int, tuple[list[Word], list[Word]]] = {}
    all_lines = lines(found)
    for i, line in enumerate(all_lines):
        if [w.text for w in line] != ENDS:
            continue
        below = next((ws for ws in all_lines[i + 1:] if ws[0].page == line[0].page
                      and any(w.text.isdigit() for w in ws)), [])
        heads[line[0].page] = ([w for w in below if w.text.isdigit()], line)
    return heads


def assert_inside_the_frame(content: bytes, found: list[Word], large_print: bool) -> None:
    by_number = {p.number: p for p in pages(content)}
    for word in found:
        page = by_number[word.page]
        g = page.geometry(large_print)
        assert g.left - 1 <= word.x0 and word.x1 <= page.width - g.right + 1, (
            f"{word.text!r} on page {word.page} runs outside the text "
            f"({word.x0:.0f}-{word.x1:.0f} of {page.width:.0f})"
        )


def a_gcp2_with_a_change(store: Store) -> tuple[str, int]:
    """A demo family, and which of its children, whose GCP2 has one before it."""

    def find(session: Any) -> tuple[str, int] | None:
        for family in session.scalars(select(Family).order_by(Family.reference)):
            if "gcp2" not in available_documents(session, store.profile, family.id):
                continue
            data = load_document(session, store.profile, family.reference, "gcp2").data
            for i, profile in enumerate(data.profiles):
                if profile.has_previous:
                    return family.reference, i
        return None

    found = store.run(find)
    assert found, "no demo family has two GCP2s for a child"
    return found


def test_the_gcp2_chart_in_large_print_is_whole(demo_store: Store) -> None:
    reference, child = a_gcp2_with_a_change(demo_store)
    data, content = render(demo_store, "gcp2", True, reference)
    profile = data.profiles[child]
    pdf = read_pdf(content)
    found = words(content)
    heads = chart_heads(found)
    assert heads, "no chart heads found"
    chart_text = flat(" ".join(pdf.pages[n - 1] for n in heads))
    # Every row label whole (wrapped perhaps, never cut short).
    for row in profile.rows:
        assert flat(row.label) in chart_text, f"row label {row.label!r} is not whole"
    assert "…" not in pdf.text
    # The heads on every page of the chart: what the ends mean, and the five grades,
    # none running into another.
    for grades, ends in heads.values():
        assert [w.text for w in grades] == ["1", "2", "3", "4", "5"]
        for i, one in enumerate(grades + ends):
            for other in (grades + ends)[i + 1:]:
                assert not one.overlaps(other), f"{one.text!r} runs into {other.text!r}"
    # The legend, whole and on the page.
    assert profile.previous_on is not None
    legend = (f"the grade at the previous GCP2 ({uk(profile.previous_on)}); the bars show "
              f"the grades now ({uk(profile.assessment.completed_on)})")
    assert legend in pdf.text
    assert_inside_the_frame(content, found, large_print=True)
    assert_no_small_text("gcp2", content)


# ---------------------------------------------------------------- the safety map


def test_the_safety_map_in_large_print_flows_as_sections(demo_store: Store) -> None:
    data, content = render(demo_store, "sos", large_print=True)
    pdf = read_pdf(content)
    first = pages(content)[0]
    assert not first.wide, "large print's map is in portrait, its columns one after another"
    # Each column of the map is a section of its own, in the map's order ...
    titles = [column.title for column in data.columns]
    assert [t for t in pdf.outline if t in titles] == titles
    assert pdf.text.index(titles[-1]) < pdf.text.index("Danger statement")
    # ... each answer whole on one page (none of the demo's is long).
    for column in data.columns:
        for item in column.items:
            assert any(flat(item.label) in page and flat(item.text) in page
                       for page in pdf.pages), f"{item.label!r} is split or missing"
    # Everyone's score, and the ends of each dial, readable.
    for score in data.scores:
        assert f"{score.score} out of {data.scale_max}" in pdf.text
    dial_ends = [r for p in pages(content) for r in p.runs if r.text in {"0", "10"}]
    assert len(dial_ends) >= 2 * len(data.scores)
    assert_inside_the_frame(content, words(content), large_print=True)
    assert_no_small_text("sos", content)


def test_the_safety_map_in_normal_print_keeps_its_columns_side_by_side(
    demo_store: Store,
) -> None:
    data, content = render(demo_store, "sos", large_print=False)
    pdf = read_pdf(content)
    assert pages(content)[0].wide
    titles = [column.title for column in data.columns]
    assert not [t for t in pdf.outline if t in titles]  # heads of a table's columns
    map_page = next(p for p in pdf.pages if titles[0] in p)
    for title in titles:
        assert title in map_page
