"""The consent form a parent can trust: everything agreed to and how to change
their mind come before any signature, each signature block stays with its
heading, agency types read as words in a sentence, and the worker's own notes
never print on the family's copy."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from app.casework.consent import list_consents
from app.casework.consent_data import ConsentRequest
from app.casework.consent_writes import record_consent
from app.documents.catalogue import load_document, render_document
from app.documents.layout.document_info import RenderOptions
from app.families.households import AgencyData, save_agency
from app.reference.choices import AGENCIES
from app.store.caseload_store import Profile, Store
from tests.builders import TODAY, SmallFamily
from tests.pdf_text import Pdf, read_pdf

NOTE = "Mum seemed tired; worker to check housing arrears quietly."
SIGNATURE_HEADING = re.compile(r"Consent given by \S+ \S+ on \d\d/\d\d/\d{4}")
CAPACITY = "Understood the leaflet after we went through it twice."


def _consent_with_everything(store: Store, profile: Profile, family: SmallFamily) -> None:
    def write(session: Any) -> None:
        for agency in AGENCIES:
            save_agency(session, profile, AgencyData(None, family.id, agency))
        for person, days in ((family.carer_id, 10), (family.child_id, 4)):
            record_consent(session, profile, ConsentRequest(
                family.id, person, "", "signed_paper", TODAY - dt.timedelta(days=days),
                scope_assess=True, share_agencies=tuple(AGENCIES),
                refer_services=("Food bank",), capacity_note=CAPACITY, notes=NOTE))

    store.run(write)


def _form(store: Store, profile: Profile, family: SmallFamily, large: bool = False) -> Pdf:
    data = store.run(load_document, profile, family.reference, "consent")
    return read_pdf(render_document("consent", data, RenderOptions(large_print=large)))


def test_everything_agreed_and_how_to_withdraw_come_before_any_signature(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    _consent_with_everything(store, profile, family)
    for large in (False, True):
        pdf = _form(store, profile, family, large)
        text = pdf.text
        first_signature = text.index("Signing as")
        withdraw = text.index("How to change your mind")
        assert withdraw < first_signature
        assert text.index("You do not have to give a reason") < first_signature
        assert text.rindex("What you have agreed to") < first_signature
        assert text.rindex("We can ask Food bank") < first_signature
        in_force = len(store.run(list_consents, profile, family.id))
        assert text.count("Signing as") == 2 * in_force  # each person, each with the worker


def test_each_signature_block_is_on_the_page_of_its_heading(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    _consent_with_everything(store, profile, family)
    in_force = len(store.run(list_consents, profile, family.id))
    for large in (False, True):
        pdf = _form(store, profile, family, large)
        blocks = 0
        for page in pdf.pages:
            headings = len(SIGNATURE_HEADING.findall(page))
            # both blocks of a consent (the person and the worker) under its heading
            assert page.count("Signing as") == 2 * headings, page
            assert len(re.findall(r"\bSignature\b", page)) == 2 * headings
            blocks += headings
        assert blocks == in_force


def test_agency_types_read_as_words_in_a_sentence(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    _consent_with_everything(store, profile, family)
    text = _form(store, profile, family).text
    sentence = text[text.index("We can share information about your family with"):]
    sentence = sentence[: sentence.index("We only share what they need to know")]
    assert "with Voluntary sector" not in text
    assert "the voluntary organisations (charities) working with your family" in sentence
    assert "your GP" in sentence and "your children's school" in sentence
    assert "Voluntary sector" not in sentence and "Health visiting" not in sentence


def test_the_workers_notes_never_print_on_the_familys_copy(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    _consent_with_everything(store, profile, family)
    text = _form(store, profile, family).text
    assert "housing arrears" not in text and "Mum seemed tired" not in text
    assert "Understood the leaflet" not in text
    assert "Why they can decide" not in text and "Notes" not in text
