"""A council's forms travel from the service to a device, and a device never loses a
form version: an assessment made with version 1 still opens after the service sends
only version 2, new assessments take version 2, and a form the service stops sending
is no longer offered. The service then refuses to drop version 1, which its
assessments now use. All of it synthetic."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.casework.assessment_data import NewAssessment
from app.casework.assessment_drafts import start_assessment
from app.casework.assessments import form_for, load_assessment
from app.casework.form_offer import offered_forms
from app.forms.loader import load_default
from app.reference.form_choices import load_form_choices
from server import admin
from tests.app.sync.devices import Device, Service
from tests.builders import small_family
from tests.council_forms import RIVERSIDE_EHAT, STRENGTHS_REVIEW_V1, STRENGTHS_REVIEW_V2

V1 = {"file": "forms/strengths_review.yaml", "yaml": STRENGTHS_REVIEW_V1}
V2 = {"file": "forms/strengths_review_v2.yaml", "yaml": STRENGTHS_REVIEW_V2}
EHAT = {"file": "forms/ehat_riverside.yaml", "yaml": RIVERSIDE_EHAT}


def offered(role: str = "family_support_worker") -> dict[str, int]:
    registry = load_default().registry
    return {form.id: form.version
            for form in offered_forms(registry, load_form_choices(), role=role)}


def test_an_assessment_made_with_a_version_the_service_stops_sending_still_opens(
    service: Service, device: Callable[[str, str], Device],
) -> None:
    with service.session() as s:
        admin.load_reference(s, {"forms": [V1, EHAT],
                                 "form_choices": {"hidden_forms": ["ehat"]}})
    robin = device("robin", "robin")
    report = robin.engine(reference_every=None).sync()
    assert {"forms", "choice of forms"} <= set(report.reference_changed)
    assert report.reference_problems == ()
    now = offered()
    assert now["strengths_review"] == 1 and "ehat_riverside" in now and "ehat" not in now

    family = small_family(robin.store, robin.actor)
    registry = load_default().registry
    made = robin.run(start_assessment, robin.actor,
                     NewAssessment(family.id, registry.latest("strengths_review")), registry)
    assert made.form_version == 1

    # Before that assessment reaches it, the service is given version 2 only (and no
    # longer the council's EHAT): it has no assessment using version 1, so it takes it.
    with service.session() as s:
        assert admin.load_reference(s, {"forms": [V2]}) == ["forms"]
    report = robin.engine(reference_every=None).sync()
    assert report.reference_changed == ("forms",) and report.reference_problems == ()

    after = load_default()
    assert after.ok, [str(p) for p in after.problems]
    loaded = robin.run(load_assessment, robin.actor, made.id)
    form = form_for(after.registry, loaded)
    assert (form.id, form.version) == ("strengths_review", 1)
    assert form.has_field("review_date") and not form.has_field("helpers")
    now = offered()
    assert now["strengths_review"] == 2  # new assessments take version 2
    assert "ehat_riverside" not in now  # kept for its assessments, no longer offered
    assert after.registry.has("ehat_riverside", 1)
    newer = robin.run(start_assessment, robin.actor,
                      NewAssessment(family.id, after.registry.latest("strengths_review")),
                      after.registry)
    assert newer.form_version == 2

    # Now the service holds an assessment made with version 1: it will not drop it.
    with service.session() as s, pytest.raises(admin.AdminError) as refused:
        admin.load_reference(s, {"forms": [V2]})
    assert "form 'strengths_review' version 1 is used by 1 assessment." in str(refused.value)
