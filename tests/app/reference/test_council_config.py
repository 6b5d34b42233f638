"""Installing the council's reference data from the central service: levels of need,
agencies and forms land where Hearth reads a council's configuration; nothing that
fails a check is written."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.forms.loader import SHIPPED_FORMS, load_default
from app.reference.council_config import agencies, install_reference, reference_problems
from app.reference.form_choices import load_form_choices
from app.reference.levels_of_need import DEFAULT_FILE, load_levels
from app.store.paths import config_folder
from tests.council_forms import (
    RIVERSIDE_CHILD_HEALTH,
    RIVERSIDE_OPTION_LISTS,
    STRENGTHS_REVIEW_V1,
    STRENGTHS_REVIEW_V2,
)


def council_levels() -> dict[str, Any]:
    levels = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    levels["name"] = "Synthetic Borough continuum"
    levels["levels"][1]["label"] = "Level 2 - Targeted Early Help"
    return levels


def council_form() -> dict[str, Any]:
    """The shipped EHAT as a council's own form (its own id, version 7), renamed."""
    form = yaml.safe_load((SHIPPED_FORMS / "ehat.yaml").read_text(encoding="utf-8"))
    form["id"] = "ehat_synthetic_borough"
    form["version"] = 7
    form["title"] = "Synthetic Borough Early Help Assessment"
    return form  # type: ignore[no-any-return]


def test_reference_data_is_installed_where_hearth_reads_it() -> None:
    data = {"levels_of_need": council_levels(), "agencies": ["School", {"name": "GP"}],
            "forms": [council_form()]}
    installed = install_reference(data)
    assert installed.changed == ["levels of need", "agencies", "forms"]
    assert installed.problems == []
    assert load_levels().name == "Synthetic Borough continuum"
    early_help = load_levels().get("early_help")
    assert early_help is not None and early_help.label == "Level 2 - Targeted Early Help"
    assert agencies() == ["School", "GP"]
    result = load_default()
    assert not result.problems
    own = result.registry.latest("ehat_synthetic_borough")
    assert own.title == "Synthetic Borough Early Help Assessment" and own.kind == "ehat"
    assert result.registry.has("ehat", 1)  # Hearth's own stays beside it
    # The same again changes nothing.
    assert install_reference(data).changed == []


def test_nothing_of_a_kind_that_fails_its_checks_is_written() -> None:
    install_reference({"levels_of_need": council_levels(), "agencies": ["School"]})
    levels = council_levels()
    levels["levels"][0]["rank"] = "first"
    duplicate = yaml.safe_load((SHIPPED_FORMS / "gcp2.yaml").read_text(encoding="utf-8"))
    installed = install_reference({
        "levels_of_need": levels,
        "agencies": ["School", "School"],
        "forms": [council_form(), duplicate],
    })
    assert installed.changed == []
    assert len(installed.problems) >= 3
    assert any("whole number" in p for p in installed.problems)
    assert any("twice" in p for p in installed.problems)
    assert any("'gcp2' is the id of a form Hearth ships" in p for p in installed.problems)
    # What was there before is untouched; no form of the refused set was written.
    assert load_levels().levels[0].rank == 1
    assert agencies() == ["School"]
    assert not (config_folder() / "forms").exists()


def test_no_form_version_is_ever_removed_and_a_form_no_longer_sent_is_not_offered() -> None:
    form = council_form()
    later = copy.deepcopy(form)
    later["version"] = 8
    forms = config_folder() / "forms"
    # A form an older release wrote, named by its place in the list.
    review = yaml.safe_load(STRENGTHS_REVIEW_V1)
    forms.mkdir(parents=True)
    (forms / "from-server-02-strengths_review-v1.yaml").write_text(
        json.dumps(review), encoding="utf-8")
    install_reference({"forms": [form]})
    # Kept under its new name, but no longer offered: the service does not send it now.
    assert sorted(p.name for p in forms.glob("*.yaml")) == [
        "from-server-ehat_synthetic_borough-v7.yaml", "from-server-strengths_review-v1.yaml"]
    registry = load_default().registry
    assert not load_form_choices().offers(registry.latest("strengths_review"))
    own = forms / "council-own.yaml"
    own.write_text(STRENGTHS_REVIEW_V2, encoding="utf-8")
    assert install_reference({"forms": [later, review]}).changed == ["forms"]
    assert sorted(p.name for p in forms.glob("*.yaml")) == [
        "council-own.yaml", "from-server-ehat_synthetic_borough-v7.yaml",
        "from-server-ehat_synthetic_borough-v8.yaml", "from-server-strengths_review-v1.yaml"]
    result = load_default()
    assert result.ok, [str(p) for p in result.problems]
    assert result.registry.versions("ehat_synthetic_borough") == [7, 8]
    assert result.registry.versions("strengths_review") == [1, 2]
    assert load_form_choices().offers(result.registry.latest("ehat_synthetic_borough"))

    # The service stops sending the council's EHAT at all: kept, but not offered.
    assert install_reference({"forms": [review]}).changed == ["forms"]
    registry = load_default().registry
    assert registry.versions("ehat_synthetic_borough") == [7, 8]
    choices = load_form_choices()
    assert not choices.offers(registry.latest("ehat_synthetic_borough"))
    assert choices.offers(registry.latest("strengths_review")) and choices.offers(
        registry.latest("ehat"))
    assert install_reference({"forms": [review]}).changed == []
    # Sent again, it is offered again.
    assert install_reference({"forms": [later, review]}).changed == ["forms"]
    assert load_form_choices().offers(registry.latest("ehat_synthetic_borough"))


def test_empty_reference_data_leaves_the_configuration_as_it_is() -> None:
    install_reference({"agencies": ["School"]})
    assert install_reference({"levels_of_need": {}, "agencies": [], "forms": []}).changed == []
    assert agencies() == ["School"]
    assert not (config_folder() / "levels_of_need.json").exists()


@pytest.mark.parametrize("text", ["not json", "[]", '[""]', '["a", 3]'])
def test_a_damaged_agencies_file_falls_back_to_hearths_list(text: str) -> None:
    path: Path = config_folder() / "agencies.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    assert "Health visiting" in agencies()


def test_the_service_checks_with_the_same_rules() -> None:
    assert reference_problems({"levels_of_need": council_levels(), "agencies": ["School"],
                               "forms": [council_form()]}) == []
    assert reference_problems({"forms": ["not a form"]}) == [
        "forms: must be a list of form definitions (objects)"]


def test_a_councils_licensed_descriptors_from_the_service_are_used_for_new_gcp2s() -> None:
    licensed = yaml.safe_load(
        (SHIPPED_FORMS / "gcp2_descriptors_neutral.yaml").read_text(encoding="utf-8"))
    licensed.update(id="gcp2_descriptors_synthetic_borough", licensed=True,
                    title="GCP2 descriptors (Synthetic Borough licence)")
    licensed["descriptors"]["nutrition"][1] = "Synthetic licensed wording for grade 1."
    assert install_reference({"forms": [licensed]}).changed == ["forms"]
    registry = load_default().registry
    chosen = registry.descriptor_set("gcp2")
    assert chosen is not None and chosen.id == "gcp2_descriptors_synthetic_borough"
    assert registry.has("gcp2")  # the shipped GCP2 form renders with it
    assert registry.descriptor_file("gcp2_descriptors_neutral", 1)  # older GCP2s keep theirs


def test_levels_from_the_service_may_replace_old_codes_but_not_one_code_twice() -> None:
    renamed = council_levels()
    for n, level in enumerate(renamed["levels"], start=1):
        level["replaces"] = [level["code"]]
        level["code"] = f"level_{n}"
    twice = copy.deepcopy(renamed)
    twice["levels"][1]["replaces"] = ["universal"]
    assert reference_problems({"levels_of_need": twice}) == [
        "levels_of_need: 'universal' is replaced twice (by 'level_1' and 'level_2'); "
        "an old code can be replaced by one level only."]
    assert install_reference({"levels_of_need": twice}).changed == []
    assert install_reference({"levels_of_need": renamed}).changed == ["levels of need"]
    levels = load_levels()
    assert levels.current("early_help") == levels.get("level_2")
    assert levels.replaced_codes().keys() == {
        "universal", "early_help", "child_in_need", "child_protection"}


def test_option_lists_from_the_service_are_read_before_the_forms_using_them() -> None:
    form = yaml.safe_load(RIVERSIDE_CHILD_HEALTH)
    lists = yaml.safe_load(RIVERSIDE_OPTION_LISTS)
    installed = install_reference({"forms": [form, lists]})  # the form first
    assert installed.problems == [] and installed.changed == ["forms"]
    names = sorted(p.name for p in (config_folder() / "forms").glob("*.yaml"))
    assert names == [
        "from-server-option_lists.yaml",
        "from-server-riverside_child_health-v1.yaml",
    ]
    result = load_default()
    assert not result.problems
    ethnicity = result.registry.get("riverside_child_health", 1).field("ethnicity")
    assert ethnicity.options_list == "ethnicity" and ethnicity.options[-1].other
    # without its lists the form is refused, naming each list
    found = reference_problems({"forms": [form]})
    assert len(found) == 4
    assert found[0].startswith(
        "forms[0]: pages[2].fields[0].options_from: unknown option list 'ethnicity'")


def test_the_councils_own_files_travel_as_written_and_problems_name_them() -> None:
    commented = "# Riverside's child health check, agreed at the 2026 panel\n" + (
        RIVERSIDE_CHILD_HEALTH)
    sent = [{"file": "forms/child_health.yaml", "yaml": commented},
            {"file": "option_lists.yaml", "yaml": RIVERSIDE_OPTION_LISTS}]
    assert install_reference({"forms": sent}).changed == ["forms"]
    forms = config_folder() / "forms"
    # Kept as the council wrote it: comments and lines.
    assert (forms / "from-server-riverside_child_health-v1.yaml").read_text(
        encoding="utf-8") == commented
    assert (forms / "from-server-option_lists.yaml").read_text(
        encoding="utf-8") == RIVERSIDE_OPTION_LISTS
    assert load_default().registry.has("riverside_child_health", 1)
    found = reference_problems({"forms": sent[:1]})
    line = commented.splitlines().index("      - {id: ethnicity, type: choice, label: "
                                        "Ethnicity, options_from: ethnicity}") + 1
    assert found[0] == (
        "forms/child_health.yaml: pages[2].fields[0].options_from: unknown option list "
        "'ethnicity' (known lists: levels_of_need, agencies, request_sources; a council's own "
        f"lists are read from option_lists.yaml in its forms folder) (line {line})")
    assert reference_problems({"forms": [*sent, {"file": "more/option_lists.yaml",
                                                 "yaml": "option_lists: {}"}]}) == [
        "forms: the option lists are in 2 files (option_lists.yaml, more/option_lists.yaml); "
        "a council keeps all its lists in one option_lists.yaml"]
    assert reference_problems({"forms": [{"file": "x.yaml", "yaml": 3}]}) == [
        'forms[0]: a council\'s file must be sent as {"file": its name, "yaml": its text}']


def test_the_choice_of_forms_travels_with_the_same_checks_as_the_file() -> None:
    choices = {"hidden_forms": ["ehat"], "offered_examples": ["ehat_short_council_b"]}
    assert install_reference({"form_choices": choices}).changed == ["choice of forms"]
    loaded = load_form_choices()
    assert loaded.hidden_forms == {"ehat"} and loaded.problems == ()
    bad = {"hidden_forms": ["EHAT"], "shown": []}
    installed = install_reference({"form_choices": bad})
    assert installed.changed == [] and installed.problems == [
        "form_choices: shown: unknown setting (known: hidden_forms, offered_examples)",
        "form_choices: hidden_forms[0]: 'EHAT' is not a form id (lower-case letters, digits "
        "and underscores)"]
    assert load_form_choices().hidden_forms == {"ehat"}  # the last good one stays
