"""Every document, in normal and large print, is a tagged PDF a screen reader can follow:
its structure tree (read back with pikepdf) holds headings, paragraphs, lists, tables
and described figures in reading order, every piece of text on a page is either in the
structure or marked as page furniture, and each page has its parent tree entry."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.casework.chronology import save_chronology_entry
from app.casework.chronology_data import ChronologyEntryRequest
from app.documents.catalogue import DOCUMENT_NAMES, load_document, render_document
from app.documents.gcp2_profile import Gcp2ProfileData
from app.documents.layout.document_info import RenderOptions
from app.documents.sos_map import SosMapData
from app.store.caseload_store import Profile, Store
from tests.app.documents.test_documents import family_with
from tests.builders import TODAY, SmallFamily, add_numbered_plan
from tests.pdf_accessibility import Node, Tagged, assert_tagged
from tests.pdf_text import read_pdf

# What each document holds by design (its facts are a table of labels and values;
# the consent form lists what was agreed; the charts are figures).
ROLES = {name: {"H1", "H2", "P", "Table", "TR", "TH", "TD"} for name in DOCUMENT_NAMES}
ROLES["chronology"] = {"H1", "P", "Table", "TR", "TH", "TD"}
ROLES["consent"] |= {"L", "LI", "LBody"}
ROLES["gcp2"] |= {"Figure"}
ROLES["sos"] |= {"Figure"}

SIZES = pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])


def _made(store: Store, name: str, large_print: bool) -> tuple[object, bytes]:
    reference = family_with(store, name)
    printable = store.run(load_document, store.profile, reference, name)
    content = render_document(name, printable, RenderOptions(large_print=large_print))
    return printable.data, content


def _in(node: Node, role: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.role == role:
            return True
        parent = parent.parent
    return False


@SIZES
def test_every_document_is_tagged_in_reading_order(demo_store: Store, large_print: bool) -> None:
    for name in DOCUMENT_NAMES:
        if name == "assessments":  # no demo family has one: test_council_form_documents.py
            continue
        what = f"{name} ({'large' if large_print else 'normal'})"
        _, content = _made(demo_store, name, large_print)
        tagged = assert_tagged(content, what)
        missing = ROLES[name] - set(tagged.roles)
        assert not missing, f"{what}: no {sorted(missing)} in the structure"
        first = next(node for node in tagged.nodes if node.marks)
        assert first.role == "H1" and first.marks[0][0] == 0, f"{what}: does not open with H1"
        pdf = read_pdf(content)
        assert first.text in pdf.pages[0], f"{what}: the H1 is not the page's title"
        # every heading is in the outline, in the same order
        headings = [n.text for n in tagged.nodes if re.fullmatch(r"H\d", n.role)]
        assert headings == [" ".join(t.split()) for t in pdf.outline], what
        # the running header and footer are furniture, not content
        assert f"Page 1 of {pdf.page_count}" in tagged.artifact_text, what
        assert "Page 1 of" not in tagged.root.text, what
        for node in tagged.nodes:
            if node.marks and node.text.startswith("•"):
                assert node.role == "LBody" and _in(node, "L"), f"{what}: a bullet outside a list"
            if node.role in ("TR", "TH", "TD"):
                assert _in(node, "Table"), f"{what}: a {node.role} outside a table"
        widths = {len(row.children) for row in tagged.nodes if row.role == "TR"}
        assert widths, what


def _figures(tagged: Tagged) -> list[Node]:
    return [node for node in tagged.nodes if node.role == "Figure"]


@SIZES
def test_the_gcp2_chart_is_a_figure_described_in_words(demo_store: Store,
                                                       large_print: bool) -> None:
    data, content = _made(demo_store, "gcp2", large_print)
    assert isinstance(data, Gcp2ProfileData)
    figures = _figures(assert_tagged(content, "gcp2"))
    assert len(figures) == len(data.profiles)  # one chart a child
    for figure, profile in zip(figures, data.profiles, strict=True):
        alt = figure.alt
        assert alt.startswith(f"Graded Care Profile 2 chart for {profile.child}")
        for row in profile.rows:
            grade = f"grade {row.grade}" if row.grade is not None else "not graded"
            said = f"{row.label} area: {grade}" if row.is_area else f"{row.label}: {grade}"
            assert said in alt, f"the chart's description leaves out {said!r}"
        assert figure.parent is not None and figure.parent.role == "Document"


@SIZES
def test_each_scaling_dial_is_a_figure_in_its_score_cell(demo_store: Store,
                                                         large_print: bool) -> None:
    data, content = _made(demo_store, "sos", large_print)
    assert isinstance(data, SosMapData)
    figures = _figures(assert_tagged(content, "sos"))
    assert len(figures) == len(data.scores)
    for figure, score in zip(figures, data.scores, strict=True):
        assert figure.alt == f"A scale from {data.scale_min} to {data.scale_max}, " \
                             f"marked at {score.score}."
        cell = figure.parent
        assert cell is not None and cell.role == "TD"
        # (in large print the person and their score share the first cell)
        assert f"{score.score} out of {data.scale_max}" in cell.text
        row = cell.parent
        assert row is not None and row.children[0].text.startswith(score.name)


LONG_EVENT = " ".join(f"event{n:04d}" for n in range(560))  # 5,039 characters


def test_a_long_chronology_entry_is_one_paragraph_in_one_cell_across_pages(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    store.run(save_chronology_entry, profile, ChronologyEntryRequest(
        family.id, TODAY - dt.timedelta(days=5), LONG_EVENT, source="School",
        impact_on_child="Impact recorded after the long event.",
        child_person_id=family.child_id))
    data = store.run(load_document, store.profile, family.reference, "chronology")
    for large_print in (False, True):
        what = f"chronology ({'large' if large_print else 'normal'})"
        content = render_document("chronology", data, RenderOptions(large_print=large_print))
        tagged = assert_tagged(content, what)
        # The paragraph itself (its cell may hold the entry's heading as its own text).
        (event,) = [node for node in tagged.nodes
                    if "event0000" in node.text and node.marks and node.role != "TD"]
        assert event.role == "P" and event.text == LONG_EVENT, what
        assert len({page for page, _ in event.marks}) > 1, f"{what}: the entry did not split"
        cell = event.parent
        assert cell is not None and cell.role == "TD", what
        assert cell.text.endswith("Impact on the child: Impact recorded after the long event.")
        row = cell.parent
        assert row is not None and [c.role for c in row.children] == ["TD"] * 4, what


def test_a_thirty_action_plan_is_tagged_table_by_table(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    texts = add_numbered_plan(store, profile, family, 30)
    data = store.run(load_document, store.profile, family.reference, "plan")
    for large_print in (False, True):
        what = f"plan ({'large' if large_print else 'normal'})"
        content = render_document("plan", data, RenderOptions(large_print=large_print))
        tagged = assert_tagged(content, what)
        first_cells = [row.children[0].text for node in tagged.nodes if node.role == "Table"
                       for row in node.children[1:] if row.children[0].role == "TD"]
        assert [t for t in first_cells if t in texts] == texts, what
