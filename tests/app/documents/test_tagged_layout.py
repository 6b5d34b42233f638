"""The tagging of a document's pieces, each made through the Story and read back from
the PDF with pikepdf: a paragraph or a table row split across pages stays one element,
a table's heading row repeated on the next page is furniture, bullets are a list,
signature blocks are tables of labels, a drawing is a figure only when described."""

from __future__ import annotations

import datetime as dt

import pytest
from reportlab.graphics.shapes import Drawing, Rect, String

from app.documents.layout.document_info import DocumentInfo, RecordStamp, RenderOptions
from app.documents.layout.pdf import render
from app.documents.layout.story import Story
from tests.pdf_accessibility import Node, Tagged, assert_accessible_basics, assert_tagged
from tests.pdf_text import read_pdf

INFO = DocumentInfo("Test record", "EH-000123", "Test family", RecordStamp(7))
OPTIONS = {
    "normal": RenderOptions(printed_on=dt.date(2025, 3, 1)),
    "large": RenderOptions(large_print=True, printed_on=dt.date(2025, 3, 1)),
}
SIZES = pytest.mark.parametrize("size", list(OPTIONS))
LONG = " ".join(f"word{n}" for n in range(900))


def _roles(tagged: Tagged, role: str) -> list[Node]:
    return [node for node in tagged.nodes if node.role == role]


def _pages(node: Node) -> set[int]:
    found = {page for page, _ in node.marks}
    for child in node.children:
        found |= _pages(child)
    return found


@SIZES
def test_a_paragraph_split_across_pages_is_one_paragraph(size: str) -> None:
    def build(story: Story) -> None:
        story.title("A long note")
        story.para(LONG)
        story.para("After the note.")

    content = render(INFO, build, OPTIONS[size])
    tagged = assert_tagged(content, size)
    note = next(p for p in _roles(tagged, "P") if p.text.startswith("word0 "))
    assert len(_pages(note)) > 1  # it really did split
    assert note.text == LONG
    assert [p.text for p in _roles(tagged, "P")] == [LONG, "After the note."]


@SIZES
def test_a_table_row_split_across_pages_is_one_row_and_its_heading_is_not_repeated(
    size: str,
) -> None:
    def build(story: Story) -> None:
        story.title("A long table")
        story.table(["When", "What happened"],
                    [["01/02/2025", "A short row."], ["02/02/2025", LONG],
                     ["03/02/2025", "The last row."]], [1, 4])
        story.table(["When", "What happened"],
                    [["04/02/2025", [story.cell("Visit"), story.cell(LONG)]]], [1, 4])

    content = render(INFO, build, OPTIONS[size])
    tagged = assert_tagged(content, size)
    table, listed = _roles(tagged, "Table")
    rows = table.children
    assert [[cell.text for cell in row.children] for row in rows] == [
        ["When", "What happened"],
        ["01/02/2025", "A short row."],
        ["02/02/2025", LONG],
        ["03/02/2025", "The last row."],
    ]
    assert [cell.role for cell in rows[0].children] == ["TH", "TH"]
    assert {cell.attributes["Scope"] for cell in rows[0].children} == {"Column"}
    assert len(_pages(rows[2].children[1])) > 1  # the long cell goes on over the page
    # a cell of several paragraphs holds each as a P, the one split across pages too
    (cell,) = [row.children[1] for row in listed.children[1:]]
    assert [(p.role, p.text) for p in cell.children] == [("P", "Visit"), ("P", LONG)]
    assert len(_pages(cell.children[1])) > 1
    # the heading row repeated at the top of the next page is furniture
    assert len(_roles(tagged, "TH")) == 4  # two tables of two headings each
    assert "What happened" in " ".join(tagged.pages[1].artifact_text)


@SIZES
def test_bullets_are_a_list_and_facts_are_labelled(size: str) -> None:
    def build(story: Story) -> None:
        story.title("Lists")
        story.facts([("Reference", "EH-000123"), ("Level", "Targeted early help")])
        story.bullets(["First thing", "Second thing"])
        story.para("Between the lists.")
        story.bullets(["Third thing"])

    tagged = assert_tagged(render(INFO, build, OPTIONS[size]), size)
    lists = _roles(tagged, "L")
    assert [[item.text for item in one.children] for one in lists] == [
        ["• First thing", "• Second thing"], ["• Third thing"]]
    assert all([kid.role for kid in item.children] == ["LBody"]
               for one in lists for item in one.children)
    (facts,) = _roles(tagged, "Table")
    assert [[(c.role, c.attributes.get("Scope"), c.text) for c in row.children]
            for row in facts.children] == [
        [("TH", "Row", "Reference"), ("TD", None, "EH-000123")],
        [("TH", "Row", "Level"), ("TD", None, "Targeted early help")],
    ]


@SIZES
def test_headings_are_h1_to_h3_and_stay_in_the_outline(size: str) -> None:
    def build(story: Story) -> None:
        story.title("The title", "A subtitle")
        story.heading("A section")
        story.subheading("A part of it")
        story.para("Text.")
        story.heading("Another section")

    content = render(INFO, build, OPTIONS[size])
    assert_accessible_basics(content, size)
    tagged = assert_tagged(content, size)
    assert [(n.role, n.text) for n in tagged.root.children] == [
        ("H1", "The title"), ("P", "A subtitle"), ("H2", "A section"),
        ("H3", "A part of it"), ("P", "Text."), ("H2", "Another section")]
    assert read_pdf(content).outline == ("The title", "A section", "A part of it",
                                         "Another section")


@SIZES
def test_signature_blocks_are_tables_of_labels_with_room_to_sign(size: str) -> None:
    def build(story: Story) -> None:
        story.title("Signatures")
        story.signature_blocks([("Sam Carer", "Parent or carer")], intro="Sign below.")

    tagged = assert_tagged(render(INFO, build, OPTIONS[size]), size)
    (block,) = _roles(tagged, "Table")
    assert [[(c.role, c.text) for c in row.children] for row in block.children] == [
        [("TH", "Name"), ("TD", "Sam Carer")],
        [("TH", "Signing as"), ("TD", "Parent or carer")],
        [("TH", "Signature"), ("TD", "")],
        [("TH", "Date"), ("TD", "")],
    ]


def _drawing(label: str) -> Drawing:
    drawing = Drawing(200, 40)
    drawing.add(Rect(0, 0, 200, 40, fillColor=None))
    drawing.add(String(10, 15, label, fontName="HearthSans", fontSize=10))
    return drawing


@SIZES
def test_a_drawing_is_a_figure_only_when_described(size: str) -> None:
    def build(story: Story) -> None:
        story.title("Drawings")
        story.figure(_drawing("described"), "A box with a word in it.")
        story.add(_drawing("decoration"))

    tagged = assert_tagged(render(INFO, build, OPTIONS[size]), size)
    (figure,) = _roles(tagged, "Figure")
    assert figure.alt == "A box with a word in it."
    assert figure.text == "described"  # its own text belongs to the figure
    assert "decoration" in tagged.artifact_text
    assert "decoration" not in tagged.root.text


def test_the_title_and_pdf_ua_identifier_are_in_the_xmp_metadata() -> None:
    import io

    import pikepdf

    content = render(INFO, lambda story: story.title("Metadata"), OPTIONS["normal"])
    with pikepdf.open(io.BytesIO(content)) as pdf:
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == "Test record: Test family (EH-000123)"
            assert meta["pdfuaid:part"] == "1"
        assert pdf.Root.Lang == "en-GB"
        assert pdf.pdf_version >= "1.7"
