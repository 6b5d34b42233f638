"""A council's own forms print from their definitions: its EHAT's summary reads
the level agreed, the meeting decision and the children it is about through the
form's ``outcome:`` (its own field ids), and a kind Hearth has no layout for
prints as the family's other assessments. Real store, real PDFs read back;
the forms are the tests' own (tests/council_forms.py), never the shipped files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from app.casework import assessment_completion, assessment_drafts
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment
from app.documents.catalogue import available_documents, load_document, render_document
from app.documents.family_facts import form_registry
from app.forms.loader import FormRegistry, load_default
from app.store.caseload_store import Profile, Store
from tests.builders import Built, Consent, Member, add_family, days, in_store
from tests.council_forms import install_council_forms
from tests.pdf_text import read_pdf

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def fresh_forms() -> Iterator[None]:
    """Documents load the forms once per process; each test here installs its own."""
    form_registry.cache_clear()
    yield
    form_registry.cache_clear()


def otterburns(store: Store, profile: Profile) -> Built:
    """A carer and two children, with consent to assess."""
    return in_store(
        store, add_family, profile, "Otterburn", request_date=days(-30),
        people=(
            Member("carer", "parent_carer", "Jude", dt.date(1988, 6, 1)),
            Member("ria", "child", "Ria", TODAY - dt.timedelta(days=365 * 6)),
            Member("tam", "child", "Tamsin", TODAY - dt.timedelta(days=365 * 3)),
        ),
        consent=Consent("carer", days(-20)),
    )


def council_registry() -> FormRegistry:
    install_council_forms()
    result = load_default()
    assert result.ok, result.problems
    return result.registry


def complete(
    store: Store, profile: Profile, registry: FormRegistry, family_id: str, form_id: str,
    answers: dict[str, Any],
) -> str:
    detail = store.run(
        assessment_drafts.start_assessment, profile,
        NewAssessment(family_id, registry.latest(form_id)), registry,
    )
    store.run(assessment_drafts.save_draft, profile, DraftSave(detail.id, answers, ""))
    store.run(
        assessment_completion.complete_assessment, profile, CompleteAssessment(detail.id), registry
    )
    return detail.id


def test_a_council_ehat_summary_reads_its_outcome_fields(store: Store, profile: Profile) -> None:
    registry = council_registry()
    ids = otterburns(store, profile)
    complete(store, profile, registry, ids.id, "ehat_riverside", {
        "assessment_date": TODAY.isoformat(),
        "who_for": [ids["ria"]],
        "why_now": "Ria has stopped going to her after-school club.",
        "agreed_level": "child_in_need",
        "meeting_decision": True,
    })
    data = store.run(load_document, profile, ids.reference, "ehat")
    assert [c.split(" (")[0] for c in data.children] == ["Ria Otterburn"]
    assert data.recommended_level == "Level 3 - Child in Need (s17)"
    assert data.fam_needed is True
    text = read_pdf(render_document("ehat", data, None)).text
    assert "Tamsin" not in text  # the header lists the child it is about, not every child
    assert "Level of need agreed" in text and "Level 3 - Child in Need (s17)" in text
    assert "Family Action Meeting" in text and "Needed" in text
    assert "Riverside early help assessment, version 1" in text


def test_a_council_ehat_without_children_field_lists_every_child(
    store: Store, profile: Profile
) -> None:
    variant = install_council_forms().joinpath("ehat_riverside.yaml")
    variant.write_text(
        variant.read_text().replace("  children_field: who_for\n", "")
        .replace("  fam_needed_field: meeting_decision\n", ""),
        encoding="utf-8",
    )
    registry = load_default().registry
    assert registry.latest("ehat_riverside").outcome.children_field == ""
    ids = otterburns(store, profile)
    complete(store, profile, registry, ids.id, "ehat_riverside", {
        "assessment_date": TODAY.isoformat(), "who_for": [ids["ria"]], "why_now": "Synthetic.",
        "agreed_level": "early_help", "meeting_decision": False,
    })
    data = store.run(load_document, profile, ids.reference, "ehat")
    assert sorted(c.split(" (")[0] for c in data.children) == ["Ria Otterburn", "Tamsin Otterburn"]
    assert data.recommended_level == "Level 2 - Early Help"
    assert data.fam_needed is None  # the form does not say which answer is the meeting's


def test_the_shipped_council_b_variant_names_its_outcome_fields(registry: FormRegistry) -> None:
    outcome = registry.latest("ehat_short_council_b").outcome
    assert outcome is not None
    assert (outcome.recommended_level_field, outcome.fam_needed_field, outcome.children_field) == (
        "level_of_need", "meeting_needed", "children")
    assert registry.latest("ehat").outcome.children_field == "children_assessed"
    assert available_documents  # imported for the generic document tests below

