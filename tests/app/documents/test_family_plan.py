"""The printed family plan, read back with pypdf: it always opens with what is going well
(written in the plan itself, or from the latest assessment, or plainly none yet), speaks
to the family as "you" in its own words, reads as finished once the family is closed,
and never leaves a signature block alone on a page or apart from its heading (those
checks print 72 plans and read each with one pdftotext run: pypdf is slower)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from app.casework.closure import CloseRequest, OutcomeAchieved, outcomes_to_close
from app.casework.closure_writes import close_family
from app.casework.plan_data import StrengthRequest
from app.casework.plan_writes import save_strength
from app.documents.catalogue import load_document, render_document
from app.documents.layout.document_info import RenderOptions
from app.records import writes as records
from app.store.caseload_store import Profile, Store
from db.models import Assessment
from tests.app.documents.pdf_pages import page_texts
from tests.builders import (
    TODAY,
    Member,
    SmallFamily,
    add_family,
    add_numbered_plan,
    add_plan,
    days,
    in_store,
)
from tests.pdf_text import Pdf, assert_page_furniture, read_pdf, uk

OWN = ("You get Sky to school on time every day.",
       "You ask for help when you need it, and you keep going.")
EHAT_STRENGTHS = "The home is warm and Sky is proud of the garden you grew together."


def plan_pdf(store: Store, reference: str, *, large_print: bool = False) -> Pdf:
    data = store.run(load_document, store.profile, reference, "plan")
    return read_pdf(render_document("plan", data, RenderOptions(large_print=large_print)))


def plan_pages(store: Store, reference: str, *, large_print: bool) -> tuple[str, ...]:
    """Each page's text of the printed plan (read in one pdftotext run: the signature tests
    print 72 plans and only look for words on each page)."""
    data = store.run(load_document, store.profile, reference, "plan")
    return page_texts(render_document("plan", data, RenderOptions(large_print=large_print)))


def strengths(store: Store, profile: Profile, family_id: str, *texts: str) -> None:
    for text in texts:
        store.run(save_strength, profile, StrengthRequest(family_id, text))


def completed_ehat(store: Store, profile: Profile, family_id: str, on: dt.date) -> None:
    """A completed EHAT whose analysis records what is going well (written directly)."""
    answers = {"assessment_date": on.isoformat(), "analysis_strengths": EHAT_STRENGTHS}
    in_store(store, lambda s: records.create(
        s, profile, Assessment, family_id=family_id, form_id="ehat", form_version=1,
        kind="ehat", title="Early Help Assessment", status="completed", answers=answers,
        started_by=profile.name, completed_by=profile.name,
        completed_at=dt.datetime.combine(on + dt.timedelta(days=2), dt.time(12), dt.UTC)))


def between(text: str, first: str, then: str) -> str:
    return text[text.index(first) + len(first):text.index(then)]


# ---------------------------------------------------------------- what is going well


def test_without_an_assessment_the_plan_opens_with_its_own_strengths(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    add_numbered_plan(store, profile, family, 3)
    strengths(store, profile, family.id, *OWN)
    for large in (False, True):
        pdf = plan_pdf(store, family.reference, large_print=large)
        assert pdf.outline[:3] == ("Your family plan", "What is going well",
                                   "What we are working on together")
        section = between(pdf.text, "What is going well", "What we are working on together")
        assert "Written in your plan" in section
        for text in OWN:
            assert text in section
        assert "From your early help assessment" not in pdf.text
        assert_page_furniture(pdf, family.reference, "Made from")


def test_the_plans_own_strengths_come_first_then_the_latest_ehats(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    add_numbered_plan(store, profile, family, 2)
    strengths(store, profile, family.id, OWN[0])
    completed_ehat(store, profile, family.id, days(-30))
    section = between(plan_pdf(store, family.reference).text, "What is going well",
                      "What we are working on together")
    own_at = section.index(OWN[0])
    ehat_label = f"From your early help assessment (EHAT), {uk(days(-30))}"
    assert section.index("Written in your plan") < own_at < section.index(ehat_label)
    assert section.index(ehat_label) < section.index(EHAT_STRENGTHS)


def test_with_nothing_going_well_recorded_the_section_says_so(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    add_numbered_plan(store, profile, family, 3)
    pdf = plan_pdf(store, family.reference)
    assert pdf.outline[1] == "What is going well"
    section = between(pdf.text, "What is going well", "What we are working on together")
    assert section.strip().startswith("Nothing is written here yet.")
    assert "what is going well for your family" in section


# ---------------------------------------------------------------- one voice


GENERATED = (  # the plan's own words, addressed to the family
    "This is your plan. It says what you want to be different",
    "Your children", "What is going well", "What we are working on together",
    "What needs to change", "What you want to be different", "Your next review",
    "We will agree the date of your next review with you.",
    "or you want to talk about your plan, contact Robin Testworker",
    "By signing, you agree to this plan and to working on it together.",
)
NOT_THE_FAMILYS_VOICE = (
    "Our plan", "Our children", "What we want", "Our next review", "we agree to this plan",
    "the family", "The family", "the parents", "their plan", "They ",
)


VOICE_PLAN = (  # what a worker types, with no third person in it
    ("Sky misses school on Mondays.", "education", "Sky at school every day.", (
        ("Walk Sky to school on Mondays", "person", "carer", days(7), "on_track", ""),
        ("Ring home by ten on a day Sky is absent", "agency", "school", days(3),
         "not_started", ""),
    )),
    ("Money is tight at the end of the month.", "income", "Enough for food all month.", (
        ("Book a benefits check", "person", "carer", days(14), "achieved", "Booked."),
    )),
)


def test_the_plan_speaks_to_the_family_as_you_and_names_people_only_as_owners(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    in_store(store, add_plan, profile, family.id, VOICE_PLAN,
             {"carer": family.carer_id, "school": family.agency_id})
    strengths(store, profile, family.id, *OWN)
    text = plan_pdf(store, family.reference).text
    for phrase in GENERATED:
        assert phrase in text, phrase
    for phrase in NOT_THE_FAMILYS_VOICE:
        assert phrase not in text, phrase
    # The carer is named only whole, as who does an action and who signs; never written
    # about ("Alex has been...").
    assert re.findall(r"\bAlex\b(?! Brightwater)", text) == []
    assert text.count("Alex Brightwater") == 3  # two actions, and the signature


# ---------------------------------------------------------------- a closed family


def close(store: Store, profile: Profile, family_id: str, on: dt.date) -> None:
    outcomes = store.run(outcomes_to_close, profile, family_id)
    achieved = tuple(
        OutcomeAchieved(o.outcome_id, "partly" if n == 0 else "yes",
                        "Nearly there by the last visit." if n == 0 else "")
        for n, o in enumerate(outcomes)
    )
    store.run(close_family, profile, CloseRequest(
        family_id, on, "moved_out_of_area", reason_detail="Moved to be near their grandparents.",
        outcomes_achieved=achieved))


def test_a_closed_familys_plan_reads_as_a_finished_record(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    add_numbered_plan(store, profile, family, 8)  # actions due in the next eight days
    strengths(store, profile, family.id, OWN[0])
    closed_on = TODAY - dt.timedelta(days=1)
    close(store, profile, family.id, closed_on)
    for large in (False, True):
        pdf = plan_pdf(store, family.reference, large_print=large)
        text = pdf.text
        assert pdf.outline[0] == "Your family plan (ended)"
        assert all("Family plan (ended)" in page for page in pdf.pages)  # the running head
        assert (f"This plan ended on {uk(closed_on)}, when your family moved out of the area."
                in text)
        assert "nothing in it needs signing, and there are no more reviews" in text
        assert "Written when the plan ended Moved to be near their grandparents." in text
        assert f"Plan ended {uk(closed_on)}" in text
        for gone in ("Next review", "Your next review", "Agreeing the plan", "Signature",
                     "Signing as", "By signing", "as it stands on", "How it is going"):
            assert gone not in text, gone
        # Each action as it stood when the plan ended, and how far each outcome got.
        assert text.count("Still going when the plan ended") == 8
        assert "How it ended" in text
        assert "How far you got: Partly achieved" in text
        assert "Nearly there by the last visit." in text
        assert "How far you got: Achieved" in text
        assert OWN[0] in between(text, "What is going well", "What we are working on")
        assert "If you need help again" in pdf.outline


# ---------------------------------------------------------------- signatures


def family_of(store: Store, profile: Profile, carers: int) -> Any:
    people = [Member(f"carer{n}", "parent_carer", f"Carer{n}", relationship="Parent")
              for n in range(carers)]
    people.append(Member("child", "child", "Sky", dt.date(2016, 3, 14)))
    return in_store(store, add_family, profile, "Signwell", request_date=days(-90),
                    lead_professional="Robin Testworker", lead_agency="Early Help",
                    people=tuple(people))


@pytest.mark.parametrize("large_print", [False, True])
def test_no_signature_block_is_alone_on_a_page_or_apart_from_its_heading(
    store: Store, profile: Profile, large_print: bool
) -> None:
    """Plans of 1 to 12 actions (the signatures land all down the page) with 2 to 5 people
    signing: a page with signature blocks has the heading or at least two blocks, and
    the heading is never without a block under it."""
    seen_split = False
    for signing in (2, 3, 5):
        built = family_of(store, profile, signing - 1)
        fam = SmallFamily(built.id, built.reference, built["carer0"], built["child"], "")
        for actions in range(1, 13):
            add_numbered_plan(store, profile, fam, 1)  # one more need, with one action
            every = plan_pages(store, fam.reference, large_print=large_print)
            pages = [p for p in every if "Signing as" in p]
            assert sum(p.count("Signing as") for p in pages) == signing, (signing, actions)
            for page in pages:
                alone = page.count("Signing as") == 1 and "Agreeing the plan" not in page
                assert not alone, (signing, actions, page)
            heading = [p for p in every if "Agreeing the plan" in p]
            assert len(heading) == 1 and "Signing as" in heading[0], (signing, actions)
            seen_split = seen_split or len(pages) > 1
    assert seen_split or not large_print  # large print needs more than a page for five


def test_what_is_not_agreed_yet_is_said_to_the_family(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    from app.casework.plan_data import NeedRequest, OutcomeRequest
    from app.casework.plan_writes import save_need, save_outcome

    first = store.run(save_need, profile, NeedRequest(family.id, "Sky is not sleeping.",
                                                      "wellbeing"))
    store.run(save_outcome, profile, OutcomeRequest(first.id, "Sky sleeps through."))
    store.run(save_need, profile, NeedRequest(family.id, "The boiler keeps failing."))
    for large in (False, True):
        pdf = plan_pdf(store, family.reference, large_print=large)
        assert "1. Feeling well" in pdf.outline and "2. Something to work on" in pdf.outline
        assert "Who will do what is still to be agreed." in pdf.text
        assert "What you want to be different is still to be agreed." in pdf.text
