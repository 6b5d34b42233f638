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

from app import dates
from app.casework import assessment_completion, assessment_drafts
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment
from app.casework.chronology import build_chronology
from app.documents.catalogue import available_documents, load_document, render_document
from app.documents.family_facts import NothingToPrint, form_registry
from app.documents.layout.document_info import RenderOptions
from app.forms.loader import FormRegistry, load_default
from app.store.caseload_store import Profile, Store
from app.store.paths import config_folder
from tests.builders import Built, Consent, Member, add_family, add_plan, days, in_store
from tests.council_forms import install_council_forms
from tests.pdf_accessibility import assert_accessible_basics, assert_tagged
from tests.pdf_text import assert_page_furniture, read_pdf, uk

TODAY = dates.today()


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
    answers: dict[str, Any], *, version: int | None = None, child_id: str | None = None,
) -> str:
    form = registry.get(form_id, version) if version else registry.latest(form_id)
    detail = store.run(
        assessment_drafts.start_assessment, profile,
        NewAssessment(family_id, form, child_id), registry,
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
    printable = store.run(load_document, profile, ids.reference, "ehat")
    data = printable.data
    assert [c.split(" (")[0] for c in data.children] == ["Ria Otterburn"]
    assert data.recommended_level == "Level 3 - Child in Need (s17)"
    assert data.fam_needed is True
    text = read_pdf(render_document("ehat", printable, None)).text
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
    data = store.run(load_document, profile, ids.reference, "ehat").data
    assert sorted(c.split(" (")[0] for c in data.children) == ["Ria Otterburn", "Tamsin Otterburn"]
    assert data.recommended_level == "Level 2 - Early Help"
    assert data.fam_needed is None  # the form does not say which answer is the meeting's


def test_the_shipped_council_b_variant_names_its_outcome_fields(registry: FormRegistry) -> None:
    outcome = registry.latest("ehat_short_council_b").outcome
    assert outcome is not None
    assert (outcome.recommended_level_field, outcome.fam_needed_field, outcome.children_field) == (
        "level_of_need", "meeting_needed", "children")
    assert registry.latest("ehat").outcome.children_field == "children_assessed"


def test_a_council_kind_and_three_houses_print_as_other_assessments(
    store: Store, profile: Profile
) -> None:
    registry = council_registry()
    ids = otterburns(store, profile)
    assert "assessments" not in store.run(available_documents, profile, ids.id)
    with pytest.raises(NothingToPrint, match="has no other completed assessment to print"):
        store.run(load_document, profile, ids.reference, "assessments")
    complete(store, profile, registry, ids.id, "strengths_review", {
        "review_date": (TODAY - dt.timedelta(days=9)).isoformat(),
        "strengths_seen": "Jude reads with both girls every night.",
    }, version=1)
    complete(store, profile, registry, ids.id, "three_houses", {
        "date": TODAY.isoformat(), "how_done": "drawing",
        "house_of_worries": "Shouting at bedtime.", "house_of_good_things": "Our cat Biscuit.",
        "house_of_dreams": "A trampoline.",
    }, child_id=ids["tam"])
    assert "assessments" in store.run(available_documents, profile, ids.id)

    data = store.run(load_document, profile, ids.reference, "assessments")
    pdf = read_pdf(render_document("assessments", data, None))
    text = pdf.text
    assert "Family strengths review, version 1" in text  # the version it was made with
    assert "Date of the review" in text and "Jude reads with both girls every night." in text
    assert "Who helps the family" not in text  # a question of version 2 only
    assert "Three houses about Tamsin Otterburn" in text
    assert "They drew them" in text and "Our cat Biscuit." in text
    assert "Family strengths review" in pdf.outline and "What the family does well" in pdf.outline
    assert_page_furniture(pdf, ids.reference, "Made from")

    # a newer one of the same kind replaces it; the chronology shows both kinds
    complete(store, profile, registry, ids.id, "strengths_review", {
        "assessment_date": TODAY.isoformat(), "strengths_seen": "Calm mornings now.",
        "helpers": "Gran on Tuesdays.",
    })
    text = read_pdf(render_document(
        "assessments", store.run(load_document, profile, ids.reference, "assessments"), None
    )).text
    assert "Calm mornings now." in text and "Gran on Tuesdays." in text
    assert "Jude reads with both girls" not in text
    chronology = store.run(build_chronology, profile, ids.id, None, None, registry)
    titles = [(item.date, item.title) for item in chronology.items if item.type == "assessment"]
    assert (TODAY - dt.timedelta(days=9), "Family strengths review completed") in titles
    assert (TODAY, "Family strengths review completed") in titles
    assert (TODAY, "Three houses completed") in titles


def test_large_print_of_other_assessments(store: Store, profile: Profile) -> None:
    registry = council_registry()
    ids = otterburns(store, profile)
    complete(store, profile, registry, ids.id, "strengths_review", {
        "assessment_date": TODAY.isoformat(), "strengths_seen": "Synthetic strengths. " * 60,
    })
    data = store.run(load_document, profile, ids.reference, "assessments")
    normal = read_pdf(render_document("assessments", data, RenderOptions()))
    large_pdf = render_document("assessments", data, RenderOptions(large_print=True))
    large = read_pdf(large_pdf)
    assert large.page_count > normal.page_count
    assert_accessible_basics(large_pdf, "assessments (large)")
    assert {"H1", "H2", "P", "Table", "TD"} <= set(assert_tagged(large_pdf, "assessments").roles)



def test_an_assessment_whose_form_is_gone_is_named_and_the_others_still_print(
    store: Store, profile: Profile
) -> None:
    registry = council_registry()
    ids = otterburns(store, profile)
    complete(store, profile, registry, ids.id, "strengths_review", {
        "review_date": TODAY.isoformat(), "strengths_seen": "Synthetic strengths.",
    }, version=1)
    complete(store, profile, registry, ids.id, "three_houses", {
        "date": TODAY.isoformat(), "how_done": "told", "house_of_worries": "None today.",
        "house_of_good_things": "Swimming.", "house_of_dreams": "A dog.",
    }, child_id=ids["ria"])
    (config_folder() / "forms" / "strengths_review_v1.yaml").unlink()  # taken away
    form_registry.cache_clear()
    text = read_pdf(render_document(
        "assessments", store.run(load_document, profile, ids.reference, "assessments"), None
    )).text
    assert "Family strengths review" in text
    assert "version 1 of the form 'strengths_review', which is not loaded" in text
    assert "Synthetic strengths." not in text
    assert "Three houses about Ria Otterburn" in text and "Swimming." in text


def test_the_newer_form_language_prints(store: Store, profile: Profile) -> None:
    """Identifiers tidied, "other, please say", a scale's words, a family value and a
    confirmation with who and when, in the family's printed assessments."""
    from tests.council_forms import LANGUAGE_FORMS

    install_council_forms(LANGUAGE_FORMS)
    registry = load_default().registry
    ids = otterburns(store, profile)
    complete(store, profile, registry, ids.id, "riverside_child_health", {
        "age_now": 6,
        "seen_on": TODAY.isoformat(),
        "nhs_number": "9434765919",
        "home_postcode": "sw1a1aa",
        "ethnicity": "other",
        "ethnicity_other": "Kurdish",
        "worry_scale": 2,
        "family_agreed": {"by": "Robin Testworker", "at": "2026-07-01T12:05:00+00:00"},
    }, child_id=ids["ria"])
    data = store.run(load_document, profile, ids.reference, "assessments")
    for large_print in (False, True):
        pdf = render_document("assessments", data, RenderOptions(large_print=large_print))
        text = " ".join(read_pdf(pdf).pages)
        for shown in (
            "943 476 5919",
            "SW1A 1AA",
            "Ethnicity: Any other ethnic group, please say",
            "Kurdish",
            "2 out of 3: quite worried",
            "6 years old",
            "Confirmed by Robin Testworker on 01/07/2026 at 13:05",
        ):
            assert shown in text, shown
        assert "Grade what you have seen yourself" not in text  # guidance is not printed


PLAN = (("Ria misses her after-school club.", "education", "Ria back at her club.", (
    ("Ring the club about Thursdays", "person", "carer", days(7), "on_track", ""),
)),)
WHAT_WORKS = "Jude reads with both girls every evening, and Ria helps Tamsin get dressed."


def test_the_plan_opens_with_what_a_council_ehat_says_is_going_well(
    store: Store, profile: Profile, tmp_path: Any
) -> None:
    """The council's EHAT keeps its strengths in its own field (``what_works``, named by
    its outcome's ``strengths_fields``), and the family plan prints them first."""
    registry = council_registry()
    ids = otterburns(store, profile)
    in_store(store, add_plan, profile, ids.id, PLAN, {"carer": ids["carer"]})
    complete(store, profile, registry, ids.id, "ehat_riverside", {
        "assessment_date": days(-3).isoformat(), "who_for": [ids["ria"]],
        "why_now": "Ria has stopped going to her after-school club.",
        "what_works": WHAT_WORKS, "agreed_level": "early_help", "meeting_decision": False,
    })
    for large_print in (False, True):
        printable = store.run(load_document, profile, ids.reference, "plan")
        content = render_document("plan", printable, RenderOptions(large_print=large_print))
        text = read_pdf(content).text
        section = text[text.index("What is going well"):text.index("What we are working on")]
        assert f"From your early help assessment (EHAT), {uk(days(-3))}" in section
        assert " ".join(WHAT_WORKS.split()) in " ".join(section.split())
        assert "Nothing is written here yet." not in section
    (tmp_path / "plan.pdf").write_bytes(content)
