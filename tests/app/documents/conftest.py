"""Stores with real casework for the document tests, and reading PDFs back.

``demo_store`` is one store per module holding the demo's synthetic families
with their casework (consent, assessments, meetings, plan, visits, closure),
written through the services exactly as the demo store is. ``family`` is a
fresh small family in the per-test ``store`` for tests that build their own
records. All data is synthetic.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlalchemy import select

from app.casework.consent_data import ConsentRequest
from app.casework.consent_writes import record_consent
from app.casework.plan_data import ActionRequest, NeedRequest, OutcomeRequest
from app.casework.plan_writes import save_action, save_need, save_outcome
from app.demo.seed import seed
from app.documents.catalogue import available_documents
from app.families.households import (
    AgencyData,
    FamilyData,
    LevelDecision,
    PersonData,
    change_level,
    save_agency,
    save_family,
    save_person,
)
from app.reference.levels_of_need import load_levels
from app.store import vault
from app.store.caseload_store import Profile, Store, create_store
from db.models import Family

PASSPHRASE = "lantern-orchard-copper-meadow-42"
TODAY = dt.date.today()
DEMO_FAMILIES = 12


@dataclass(frozen=True)
class Pdf:
    """A PDF read back: its pages' text (whitespace evened out) and outline."""

    content: bytes
    pages: tuple[str, ...]
    outline: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)


def _titles(items: Any) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, list):
            out.extend(_titles(item))
        else:
            out.append(str(item.title))
    return out


def read_pdf(content: bytes) -> Pdf:
    assert content.startswith(b"%PDF-"), "not a PDF"
    reader = pypdf.PdfReader(io.BytesIO(content))
    pages = tuple(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return Pdf(content, pages, tuple(_titles(reader.outline)))


def flat(text: str) -> str:
    """Text as it reads in an extracted PDF (whitespace evened out)."""
    return " ".join(text.split())


def uk(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


PAGE_OF = re.compile(r"Page (\d+) of (\d+)")


def assert_page_furniture(pdf: Pdf, reference: str, stamp: str) -> None:
    """Every page: the family reference, the date printed, the record version, "Page k of N"."""
    total = pdf.page_count
    for number, text in enumerate(pdf.pages, start=1):
        assert f"Family {reference}" in text, f"page {number} lacks the family reference"
        assert f"Printed {uk(TODAY)}" in text, f"page {number} lacks the date printed"
        assert stamp in text, f"page {number} lacks {stamp!r}"
        assert f"Page {number} of {total}" in text, f"page {number} lacks its page number"


# ---------------------------------------------------------------- stores


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The demo's first families with their casework (module-wide: building it takes a while)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEARTH_HOME", str(tmp_path_factory.mktemp("hearth_home")))
        patch.setattr(vault, "DEFAULT_KDF", vault.KdfParams(iterations=1, lanes=1, memory_kib=1024))
        profile = Profile("Demo Worker", "family_support_worker", "Demo Team", "demo.worker")
        store = create_store(tmp_path_factory.mktemp("demo") / "store", PASSPHRASE, profile,
                             demo=True)
        seed(store, DEMO_FAMILIES, seed=1, casework=DEMO_FAMILIES)
        try:
            yield store
        finally:
            store.close()


def family_with(store: Store, name: str) -> str:
    """The reference of a demo family that has document ``name`` to print."""

    def find(session: Any) -> str | None:
        for family in session.scalars(select(Family).order_by(Family.reference)):
            if name in available_documents(session, store.profile, family.id):
                return family.reference
        return None

    reference = store.run(find)
    assert reference, f"no demo family has a {name} to print"
    return reference


def family_id_of(store: Store, reference: str) -> str:
    return str(
        store.run(lambda s: s.scalar(select(Family.id).where(Family.reference == reference)))
    )


@dataclass(frozen=True)
class SmallFamily:
    id: str
    reference: str
    carer_id: str
    child_id: str
    agency_id: str


def make_family(store: Store, actor: Profile, *, consent: bool = True) -> SmallFamily:
    def make(session: Any) -> SmallFamily:
        fid = save_family(session, actor, FamilyData(
            id=None, family_name="Brightwater", request_date=TODAY - dt.timedelta(days=90),
            request_source="school", request_reason="Synthetic request for help",
            lead_professional="Robin Testworker", lead_agency="Early Help"))
        change_level(session, actor, load_levels(), LevelDecision(
            fid, "early_help", TODAY - dt.timedelta(days=80), "Synthetic reason", "Jo Lead"))
        carer = save_person(session, actor, PersonData(
            None, fid, "parent_carer", "Alex", "Brightwater", relationship_to_child="Mother"))
        child = save_person(session, actor, PersonData(
            None, fid, "child", "Sky", "Brightwater", date_of_birth=dt.date(2016, 3, 14)))
        agency = save_agency(session, actor, AgencyData(
            None, fid, "School", contact_name="Pat Synthetic", contact_role="Teacher"))
        if consent:
            record_consent(session, actor, ConsentRequest(
                fid, carer, "", "signed_paper", TODAY - dt.timedelta(days=70),
                scope_assess=True, share_agencies=("School",)))
        reference = session.get(Family, fid).reference
        return SmallFamily(fid, reference, carer, child, agency)

    return store.run(make)  # type: ignore[no-any-return]


@pytest.fixture
def family(store: Store, profile: Profile) -> SmallFamily:
    return make_family(store, profile)


def add_plan(store: Store, actor: Profile, fam: SmallFamily, actions: int) -> list[str]:
    """A plan of ``actions`` actions across needs in several domains; returns the action texts."""
    domains = ("health", "education", "housing", "income", "relationships", "safety", "wellbeing")

    def make(session: Any) -> list[str]:
        texts: list[str] = []
        per_need = 6
        for n in range((actions + per_need - 1) // per_need):
            need = save_need(session, actor, NeedRequest(
                family_id=fam.id, text=f"Need number {n + 1} for the family",
                domain=domains[n % len(domains)]))
            outcome = save_outcome(session, actor, OutcomeRequest(
                need_id=need.id, text=f"Outcome {n + 1} in the family's own words"))
            for i in range(per_need):
                number = n * per_need + i + 1
                if number > actions:
                    break
                owner: dict[str, Any] = (
                    {"owner_kind": "person", "owner_id": fam.carer_id} if number % 2
                    else {"owner_kind": "agency", "owner_id": fam.agency_id}
                )
                text = f"Plan action {number:03d} with words long enough to wrap over a line"
                save_action(session, actor, ActionRequest(
                    outcome_id=outcome.id, text=text,
                    due_on=TODAY + dt.timedelta(days=number), status="on_track",
                    progress_note=f"Progress note {number:03d}", **owner))
                texts.append(text)
        return texts

    return store.run(make)  # type: ignore[no-any-return]


def pdf_path(tmp_path: Path, name: str) -> Path:
    return tmp_path / f"{name}.pdf"
