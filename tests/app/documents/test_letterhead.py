"""Every document names the council and says how to reach the family's worker: the
council's block above the first page's title, and a closing Contact box (the worker, the
council and, on the family's copies, the privacy notice); the neutral identity when the
council has supplied none; the allocated worker's name and the team's phone when someone
else prints; large print at 16 pt or more; a council file with a mistake is said."""

from __future__ import annotations

import io
from typing import Any

import pypdf
import pytest
from sqlalchemy import update

from app.documents.catalogue import (
    CONTACT_BOXES,
    DOCUMENT_NAMES,
    load_document,
    render_document,
)
from app.documents.layout.document_info import RenderOptions
from app.documents.layout.letterhead import ContactBox
from app.documents.web_page import render_with_web_page
from app.reference.council_identity import GENERAL_PRIVACY
from app.reference.worker_contact import WorkerContact, save_worker_contact
from app.store.caseload_store import Profile, Store
from app.store.paths import config_folder
from db.models import Family
from tests.app.documents.test_documents import family_with
from tests.app.documents.test_print_command import hearth
from tests.app.sync.test_council_identity_sync import page_images
from tests.builders import SmallFamily, add_numbered_plan
from tests.council_files import COUNCIL_NAME, PRIVACY, council_data, write_council
from tests.pdf_accessibility import assert_tagged
from tests.pdf_text import Pdf, read_pdf

# Every document a demo family has (other assessments: test_council_form_documents.py).
DEMO_DOCUMENTS = tuple(name for name in DOCUMENT_NAMES if name != "assessments")


def _print(store: Store, reference: str, name: str, **options: Any) -> tuple[bytes, Pdf]:
    printable = store.run(load_document, store.profile, reference, name)
    content = render_document(name, printable, RenderOptions(**options))
    return content, read_pdf(content)


def test_without_the_councils_file_every_document_carries_the_neutral_identity(
    demo_store: Store,
) -> None:
    for name in DEMO_DOCUMENTS:
        content, pdf = _print(demo_store, family_with(demo_store, name), name)
        first = pdf.pages[0]
        assert first.index("Your local council") < first.index(pdf.outline[0]), name
        assert not page_images(content, 0), name  # no logo pretends to be a council's
        box = CONTACT_BOXES[name]
        after = pdf.text[pdf.text.rfind("Contact"):]
        assert ("Contact" in pdf.outline) is (box is not ContactBox.NONE), name
        if box is ContactBox.NONE:
            continue
        assert "Your local council" in after, name
        assert "Your worker can give you the council's address and phone number." in after
        assert (GENERAL_PRIVACY in after) is (box is ContactBox.FAMILY), name
        assert ("Your worker" if box is ContactBox.FAMILY else "Lead worker") in after, name


def test_every_document_names_the_council_with_its_logo_normal_and_large_print(
    demo_store: Store,
) -> None:
    write_council(config_folder())
    for name in DEMO_DOCUMENTS:
        for large_print in (False, True):
            what = f"{name} ({'large' if large_print else 'normal'} print)"
            content, pdf = _print(demo_store, family_with(demo_store, name), name,
                                  large_print=large_print)
            first = pdf.pages[0]
            assert COUNCIL_NAME in first and "Phone 01632 960000" in first, what
            # The address too in normal print; in large print the Contact box has it.
            above_title = first[: first.index(pdf.outline[0])]
            assert ("Town Hall, High Street, Northtown NT1 1AA" in above_title) is not large_print
            assert first.index(COUNCIL_NAME) < first.index(pdf.outline[0]), what
            assert len(page_images(content, 0)) == 1, what
            if CONTACT_BOXES[name] is ContactBox.FAMILY:
                assert PRIVACY in pdf.text and "Early help team 01632 960001" in pdf.text
            # Tagged: the letterhead is an artifact (the title opens the document, as the
            # running header is), the Contact box content under its heading.
            tagged = assert_tagged(content, what)
            first = next(node for node in tagged.nodes if node.marks)
            assert first.role == "H1" and first.text == pdf.outline[0], what
            assert COUNCIL_NAME in tagged.artifact_text, what
            if CONTACT_BOXES[name] is not ContactBox.NONE:
                contact = next(n for n in tagged.nodes if n.role == "H2" and n.text == "Contact")
                assert contact.marks and "Phone 01632 960000" in tagged.root.text, what
            if large_print:
                sizes = _sizes_of_letterhead(content)
                assert len(sizes) >= (2 if CONTACT_BOXES[name] is ContactBox.NONE else 8), what
                assert min(sizes) >= 16, what


def _sizes_of_letterhead(content: bytes) -> list[float]:
    """The type sizes of the lines of the council's block and the Contact box."""
    exact = {COUNCIL_NAME, "Town Hall, High Street, Northtown NT1 1AA", "Phone 01632 960000",
             "Contact", "Your worker", "Lead worker", "Your information",
             "Early help team 01632 960001", "www.northshire.example.gov.uk"}
    starts = ("Email earlyhelp@", "Get in touch if you have a question", "Who holds this family",
              "Northshire Council uses your", "More about how we use")
    sizes: list[float] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, size: float) -> None:
        text = text.strip()
        if text in exact or text.startswith(starts):
            sizes.append(size * abs(tm[3]) * abs(cm[3]))

    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_the_allocated_worker_printing_gives_their_own_phone_and_email(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    write_council(config_folder())
    add_numbered_plan(store, profile, family, 2)
    _, pdf = _print(store, family.reference, "plan")
    contact = pdf.text[pdf.text.rfind("Contact"):]
    assert "Robin Testworker, Family support worker" in contact
    assert "Phone 01632 960001 (early help team)" in contact  # no number of their own yet
    store.run(save_worker_contact, profile,
              WorkerContact(" 01632  960123 ", " robin@northshire.example.gov.uk "))
    _, pdf = _print(store, family.reference, "plan")
    contact = pdf.text[pdf.text.rfind("Contact"):]
    assert "Phone 01632 960123 Email robin@northshire.example.gov.uk" in contact


def test_the_web_page_copy_names_the_council_and_has_the_contact_box(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    write_council(config_folder())
    add_numbered_plan(store, profile, family, 2)
    store.run(save_worker_contact, profile,
              WorkerContact("01632 960123", "robin@northshire.example.gov.uk"))
    printable = store.run(load_document, profile, family.reference, "plan")
    html = render_with_web_page("plan", printable, RenderOptions()).html
    header = html[html.index("<header>"): html.index("</header>")]
    assert COUNCIL_NAME in header
    contact = html[html.index('<h2 dir="auto">Contact</h2>'):]
    assert '<th scope="row" dir="auto">Your worker</th>' in contact
    for said in ("Phone 01632 960123", "Email robin@northshire.example.gov.uk",
                 "Early help team 01632 960001", PRIVACY):
        assert said in contact, said


def test_someone_else_printing_gives_the_allocated_workers_name_and_the_teams_phone(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    add_numbered_plan(store, profile, family, 2)
    store.run(save_worker_contact, profile,
              WorkerContact("01632 960123", "robin@northshire.example.gov.uk"))
    store.run(lambda s: s.execute(
        update(Family).where(Family.id == family.id).values(allocated_to="sam.worker")))
    write_council(config_folder(), council_data(team_phone=None))
    _, pdf = _print(store, family.reference, "consent")
    contact = pdf.text[pdf.text.rfind("Contact"):]
    assert "Your worker Sam Worker Phone 01632 960000 (council)" in contact
    assert "01632 960123" not in pdf.text and "robin@" not in pdf.text
    write_council(config_folder())
    _, pdf = _print(store, family.reference, "consent")
    assert "Sam Worker Phone 01632 960001 (early help team)" in pdf.text
    # A username that reads as no name is never printed (issue 17).
    store.run(lambda s: s.execute(
        update(Family).where(Family.id == family.id).values(allocated_to="sw2041")))
    _, pdf = _print(store, family.reference, "consent")
    assert "Your early help worker Phone 01632 960001" in pdf.text and "sw2041" not in pdf.text


def test_a_council_file_with_a_mistake_is_a_warning_when_printing(
    store: Store, store_dir: Any, profile: Profile, family: SmallFamily, tmp_path: Any
) -> None:
    add_numbered_plan(store, profile, family, 2)
    store.close()
    path = write_council(config_folder(), council_data(phone="ring the town hall"))
    out = tmp_path / "plan.pdf"
    result = hearth("print", "--store", str(store_dir), "--family", family.reference,
                    "--document", "plan", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"warning: {path}: phone: a phone number has only digits, spaces, brackets "
        "and dashes (and perhaps + at the start, or ext and an extension at the end). "
        "Documents show a general council identity until it is put right."]
    assert "Your local council" in read_pdf(out.read_bytes()).pages[0]


@pytest.mark.parametrize("name", ["plan", "chronology"])
def test_a_document_printed_from_its_own_data_has_no_letterhead(
    store: Store, profile: Profile, family: SmallFamily, name: str
) -> None:
    """Only a document's bare data (its own loader, as some tests use) prints without one."""
    add_numbered_plan(store, profile, family, 2)
    printable = store.run(load_document, profile, family.reference, name)
    pdf = read_pdf(render_document(name, printable.data))
    assert "Your local council" not in pdf.text and "Contact" not in pdf.outline
