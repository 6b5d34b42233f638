"""Step up to children's social care and step down into early help: the
level of need, the history, the status, the lead professional, the referral
outcome, and the chronology."""

from __future__ import annotations

import datetime as dt

import pytest

from app.casework.chronology import build_chronology
from app.casework.chronology_data import ChronologyFilter
from app.casework.step_changes import (
    ReferralOutcomeRequest,
    StepDownRequest,
    StepUpRequest,
    list_step_changes,
    record_referral_outcome,
    step_down,
    step_up,
)
from app.errors import ValidationFailed
from app.families.households import load_family
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from tests.builders import TODAY, Household, make_household


def test_step_up_changes_the_level_status_and_history(
    store: Store, actor: Profile, household: Household, levels: LevelsOfNeed
) -> None:
    decided = TODAY - dt.timedelta(days=3)
    made = store.run(step_up, actor, levels, StepUpRequest(
        household.family_id, "child_in_need", decided,
        "Maisie disclosed being left alone overnight.", referred_on=TODAY - dt.timedelta(days=2)))
    assert made.kind_label == "Step up" and made.awaiting_outcome
    assert (made.from_level, made.to_level) == ("early_help", "child_in_need")
    assert made.destination == "Children's social care front door"
    detail = store.run(load_family, actor, household.family_id)
    assert detail.family.level_code == "child_in_need" and detail.family.status == "stepped_up"
    latest = detail.level_history[0]
    assert latest.id == made.level_change_id and latest.direction == "step_up"
    assert latest.reason == "Maisie disclosed being left alone overnight."
    assert latest.decided_by == actor.name

    outcome = store.run(record_referral_outcome, actor, ReferralOutcomeRequest(
        made.id, "Accepted for a child and family assessment"))
    assert outcome.referral_outcome_on == TODAY and not outcome.awaiting_outcome
    [listed] = store.run(list_step_changes, actor, household.family_id)
    assert listed.referral_outcome == "Accepted for a child and family assessment"

    chronology = store.run(build_chronology, actor, household.family_id,
                           ChronologyFilter(types=frozenset({"step_change", "level_change"})))
    titles = [i.title for i in chronology.items]
    # The step up is one entry (its level change is folded into it).
    assert titles == ["Level of need set to Early Help",
                      "Stepped up to Children's social care front door"]
    assert "Referral outcome: Accepted" in chronology.items[-1].detail


def test_step_up_checks(store: Store, actor: Profile, household: Household,
                        levels: LevelsOfNeed) -> None:
    with pytest.raises(ValidationFailed) as err:
        store.run(step_up, actor, levels, StepUpRequest(
            household.family_id, "universal", TODAY + dt.timedelta(days=1), " ",
            referred_on=TODAY - dt.timedelta(days=9), destination=""))
    assert set(err.value.problems) == {"to_level", "decided_on", "reason", "destination",
                                       "referred_on"}
    store.run(step_up, actor, levels, StepUpRequest(
        household.family_id, "child_protection", TODAY, "Serious injury reported"))
    with pytest.raises(ValidationFailed) as err:
        store.run(step_up, actor, levels, StepUpRequest(
            household.family_id, "child_protection", TODAY, "Again"))
    assert "already at Child Protection" in err.value.problems["to_level"]


def test_step_down_names_the_new_lead_professional(
    store: Store, actor: Profile, levels: LevelsOfNeed
) -> None:
    h = make_household(store, actor, levels, "Harrowby", level="child_in_need")
    with pytest.raises(ValidationFailed) as err:
        store.run(step_down, actor, levels, StepDownRequest(
            h.family_id, "child_protection", TODAY, "Risk reduced", new_lead_professional=""))
    assert set(err.value.problems) == {"to_level", "new_lead_professional"}
    made = store.run(step_down, actor, levels, StepDownRequest(
        h.family_id, "early_help", TODAY, "Risk reduced; plan with the family nurse",
        new_lead_professional="Priya Example", new_lead_agency="Family nurse partnership"))
    assert made.kind == "step_down" and made.destination == "Early help"
    detail = store.run(load_family, actor, h.family_id)
    assert detail.family.level_code == "early_help" and detail.family.status == "open"
    assert (detail.family.lead_professional, detail.family.lead_agency) == (
        "Priya Example", "Family nurse partnership")
    assert detail.level_history[0].direction == "step_down"
    # Nothing to step down from now.
    with pytest.raises(ValidationFailed):
        store.run(step_down, actor, levels, StepDownRequest(
            h.family_id, "universal", TODAY, "Again", new_lead_professional="X"))
    items = store.run(build_chronology, actor, h.family_id).items
    assert any(i.title == "Stepped down into Early help" and
               "New lead professional: Priya Example (Family nurse partnership)" in i.detail
               for i in items)


def test_a_family_arriving_as_a_step_down_gets_its_first_level(
    store: Store, actor: Profile, levels: LevelsOfNeed
) -> None:
    from app.families.households import FamilyData, save_family

    fid = store.run(save_family, actor, FamilyData(
        id=None, family_name="Oakridge", request_source="social_care_step_down"))
    made = store.run(step_down, actor, levels, StepDownRequest(
        fid, "early_help", TODAY, "Closed to social care; early help to continue",
        new_lead_professional="Robin Testworker", new_lead_agency="Early Help"))
    assert made.from_level == "" and made.to_level == "early_help"
    detail = store.run(load_family, actor, fid)
    assert detail.family.level_code == "early_help" and detail.family.status == "open"
