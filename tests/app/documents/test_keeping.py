"""What stays together on a page and what flows (app/documents/layout/keeping.py), read
back from real PDFs: a long section starts where it is, with its heading; a short
block moves to the next page whole; a heading never ends a page alone; signature
blocks are never split; a space at the foot of a page never makes a page of its own."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Spacer

from app.documents.layout.document_info import DocumentInfo, RecordStamp, RenderOptions
from app.documents.layout.page import geometry
from app.documents.layout.pdf import render
from app.documents.layout.story import Story
from tests.pdf_text import Pdf, read_pdf

FRAME = geometry(large_print=False).frame_height
INFO = DocumentInfo(title="Layout test", family_reference="EH-000000",
                    family_name="Test family", stamp=RecordStamp(1))
LINE = "A sentence of synthetic text that fills about one line of the page. " * 2


def laid_out(build: Callable[[Story], None]) -> Pdf:
    return read_pdf(render(INFO, build, RenderOptions()))


def page_of(pdf: Pdf, text: str) -> int:
    return next(n for n, page in enumerate(pdf.pages, start=1) if text in page)


def fill(story: Story, share: float) -> None:
    """Take up ``share`` of the first page (a blank space, then a line to see)."""
    story.add(Spacer(1, FRAME * share - 40))
    story.para("The end of the filling.")


def test_a_long_section_starts_where_it_is_with_its_heading() -> None:
    def build(story: Story) -> None:
        fill(story, 0.4)
        with story.section():
            story.heading("A long section")
            for n in range(40):
                story.para(f"Paragraph {n:02d}. {LINE}")

    pdf = laid_out(build)
    assert page_of(pdf, "A long section") == 1
    assert page_of(pdf, "Paragraph 00.") == 1
    assert page_of(pdf, "Paragraph 39.") > 1


def test_a_short_block_moves_to_the_next_page_whole() -> None:
    def build(story: Story) -> None:
        fill(story, 0.75)
        with story.section():
            story.heading("A short section")
            for n in range(8):
                story.para(f"Paragraph {n:02d}. {LINE}")

    pdf = laid_out(build)
    assert page_of(pdf, "A short section") == 2
    assert page_of(pdf, "Paragraph 00.") == page_of(pdf, "Paragraph 07.") == 2


def test_a_long_section_near_the_foot_of_a_page_moves_on() -> None:
    def build(story: Story) -> None:
        fill(story, 0.88)
        with story.section():
            story.heading("A long section")
            for n in range(40):
                story.para(f"Paragraph {n:02d}. {LINE}")

    pdf = laid_out(build)
    assert page_of(pdf, "A long section") == page_of(pdf, "Paragraph 00.") == 2


def test_a_heading_never_ends_a_page_alone() -> None:
    for share in (0.86, 0.88, 0.9, 0.92):
        def build(story: Story, share: float = share) -> None:
            fill(story, share)
            story.heading("The heading")
            story.para(f"The first paragraph under it. {LINE * 3}")

        pdf = laid_out(build)
        assert page_of(pdf, "The heading") == page_of(pdf, "The first paragraph"), share


def test_a_table_starts_with_its_heading_and_short_opening() -> None:
    for share in (0.78, 0.8, 0.82, 0.84, 0.86, 0.88):
        def build(story: Story, share: float = share) -> None:
            fill(story, share)
            story.heading("Who will do what")
            story.para("What you want to be different")
            story.para("\u201cA warm, dry home.\u201d")
            story.table(["Action", "Who"],
                        [[f"Action {n} {LINE}", "Someone"] for n in range(6)], [3, 1])

        pdf = laid_out(build)
        on = page_of(pdf, "Who will do what")
        assert on == page_of(pdf, "A warm, dry home") == page_of(pdf, "Action 0 "), share


def test_signature_blocks_are_never_split() -> None:
    for share in (0.5, 0.6, 0.7, 0.8):
        def build(story: Story, share: float = share) -> None:
            fill(story, share)
            with story.together():
                story.heading("Signatures")
                story.signature_blocks([("Alex Example", "Parent"), ("Sam Example", "Worker")])

        pdf = laid_out(build)
        page = page_of(pdf, "Signatures")
        assert pdf.pages[page - 1].count("Signing as") == 2, share


def test_a_space_at_the_foot_of_a_page_never_makes_a_page() -> None:
    def build(story: Story) -> None:
        story.add(Spacer(1, FRAME - 30))
        story.para("The last line.")
        story.space(2)

    assert laid_out(build).page_count == 1
