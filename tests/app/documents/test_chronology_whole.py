"""The chronology document cuts nothing: a 5,000-character event and a text of 120
markers print whole, in their column, however many pages they run over."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select, update

from app.casework.chronology import build_chronology, save_chronology_entry
from app.casework.chronology_data import ChronologyEntryRequest
from app.casework.visit_data import VisitRequest, uk_to_utc
from app.casework.visit_writes import save_visit
from app.documents.catalogue import load_document, render_document
from app.documents.family_facts import form_registry
from app.documents.layout.document_info import RenderOptions
from app.store.caseload_store import Profile, Store
from db.models import Family
from tests.builders import TODAY, SmallFamily
from tests.pdf_text import Pdf, read_pdf

LONG_EVENT = " ".join(f"event{n:04d}" for n in range(560))  # 5,039 characters
MARKERS = " ".join(f"Marker {n:03d} of the notes." for n in range(1, 121))


def _chronology(store: Store, reference: str, **options: Any) -> Pdf:
    data = store.run(load_document, store.profile, reference, "chronology")
    return read_pdf(render_document("chronology", data, RenderOptions(**options)))


def _reading(pdf: Pdf) -> str:
    """The document's text with what each page adds taken out: the page furniture,
    the repeated table heading, and the short cells printed beside a split row's start."""
    text = re.sub(r" ?Family EH-\d+ Brightwater family Chronology Printed .*? Page \d+ of \d+",
                  "", " ".join(pdf.pages))
    for repeated in ("Date What happened Source Child ", "School Whole family ",
                     "Robin Testworker Whole family ", "School Sky Brightwater "):
        text = text.replace(repeated, "")
    return text


def _record_long_entries(store: Store, profile: Profile, family: SmallFamily) -> None:
    def reason(session: Any) -> None:
        session.execute(update(Family).where(Family.id == family.id).values(
            request_reason=MARKERS, request_date=TODAY - dt.timedelta(days=30)))

    store.run(reason)
    store.run(save_chronology_entry, profile, ChronologyEntryRequest(
        family.id, TODAY - dt.timedelta(days=5), LONG_EVENT, source="School",
        impact_on_child="Impact recorded after the long event.",
        child_person_id=family.child_id))
    at = uk_to_utc(TODAY - dt.timedelta(days=4), 10, 0)
    store.run(save_visit, profile, VisitRequest(family.id, at, "home_visit", notes=MARKERS),
              at + dt.timedelta(hours=1))


def test_a_five_thousand_character_event_and_120_markers_print_whole(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    _record_long_entries(store, profile, family)
    for large_print in (False, True):
        pdf = _chronology(store, family.reference, large_print=large_print)
        text = _reading(pdf)
        assert "…" not in text
        for n in range(560):
            assert f"event{n:04d}" in text, f"lost event{n:04d} (large print: {large_print})"
        # The request for help and the visit each carry all 120 markers.
        for n in range(1, 121):
            assert text.count(f"Marker {n:03d} of the notes.") == 2, n
        assert "Impact recorded after the long event." in text
        # A row split over pages keeps its columns: the heading repeats on each page.
        assert pdf.page_count > 3
        # Once on each page of the table: a row split at the foot of a page does not repeat
        # it above itself. The visit's notes end the table; only the Contact box follows.
        last = max(i for i, page in enumerate(pdf.pages) if "Marker 120 of the notes." in page)
        table = pdf.pages[: last + 1]
        assert all(page.count("Date What happened Source Child") == 1 for page in table)
        assert all("Contact" in page for page in pdf.pages[last + 1:])


def test_in_the_demo_no_assessment_is_dated_after_its_family_closed(demo_store: Store) -> None:
    """Assessments are dated by their assessment date, so none follows the closure."""
    def check(session: Any) -> int:
        checked = 0
        for fid in session.scalars(select(Family.id)):
            items = build_chronology(session, demo_store.profile, fid,
                                     registry=form_registry()).items
            closed = [i.date for i in items if i.type == "closure"]
            if not closed or any(i.title.startswith("Case reopened") for i in items):
                continue
            for item in items:
                if item.type == "assessment":
                    assert item.date <= closed[-1], (item.title, item.date, closed[-1])
                    checked += 1
        return checked

    assert demo_store.run(check) > 0
