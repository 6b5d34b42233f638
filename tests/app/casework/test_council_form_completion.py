"""A council's form using the newer form language, completed through the real store: the
store checks a date against the birth of the child the assessment is about (and the row's
child), as the wizard does. Every name is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from app.casework import assessment_completion, assessment_drafts
from app.casework.assessment_data import CompleteAssessment, NewAssessment
from app.casework.assessment_errors import AssessmentIncomplete
from app.forms.loader import FormRegistry
from app.store.caseload_store import Profile, Store
from tests.builders import Consent, Member, add_family, in_store
from tests.council_forms import language_form

BORN = dt.date(2019, 5, 3)


def test_the_store_refuses_a_date_before_the_childs_birth(store: Store, profile: Profile) -> None:
    built = in_store(
        store,
        add_family,
        profile,
        "Ashdown",
        people=(
            Member("kim", "parent_carer", "Kim", dt.date(1990, 4, 2)),
            Member("ruby", "child", "Ruby", BORN),
            Member("sam", "child", "Sam", dt.date(2022, 1, 10)),
        ),
        consent=Consent("kim"),
    )
    form = language_form()
    registry = FormRegistry(forms={form.key: form})
    ruby, sam = built.people["ruby"], built.people["sam"]
    detail = store.run(
        assessment_drafts.start_assessment, profile, NewAssessment(built.id, form, ruby), registry
    )
    answers = {
        "seen_on": "2019-05-01",
        "nhs_number": "943 476 5919",
        "health_contacts": [{"visit_child": sam, "visit_date": "2021-12-01"}],
    }
    with pytest.raises(AssessmentIncomplete) as refused:
        store.run(
            assessment_completion.complete_assessment,
            profile,
            CompleteAssessment(detail.id, answers),
            registry,
        )
    assert refused.value.problems == {
        "seen_on": "This date is before Ruby Ashdown was born (3 May 2019); please check it.",
        "health_contacts[0].visit_date": (
            "This date is before Sam Ashdown was born (10 January 2022); please check it."
        ),
    }
    answers["seen_on"] = "2019-06-01"
    answers["health_contacts"] = [{"visit_child": sam, "visit_date": "2022-02-01"}]
    done = store.run(
        assessment_completion.complete_assessment,
        profile,
        CompleteAssessment(detail.id, answers),
        registry,
    )
    assert done.assessment.answers["seen_on"] == "2019-06-01"
