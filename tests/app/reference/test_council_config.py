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
from app.reference.levels_of_need import DEFAULT_FILE, load_levels
from app.store.paths import config_folder


def council_levels() -> dict[str, Any]:
    levels = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    levels["name"] = "Synthetic Borough continuum"
    levels["levels"][1]["label"] = "Level 2 - Targeted Early Help"
    return levels


def council_form() -> dict[str, Any]:
    """The shipped EHAT as a council's own version 7, renamed."""
    form = yaml.safe_load((SHIPPED_FORMS / "ehat.yaml").read_text(encoding="utf-8"))
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
    assert result.registry.latest("ehat").title == "Synthetic Borough Early Help Assessment"
    assert result.registry.has("ehat", 1)  # the shipped version stays for older assessments
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
    assert any("also in" in p and "gcp2" in p for p in installed.problems)
    # What was there before is untouched; no form of the refused set was written.
    assert load_levels().levels[0].rank == 1
    assert agencies() == ["School"]
    assert not (config_folder() / "forms").exists()


def test_a_form_the_service_no_longer_sends_is_removed_and_the_councils_own_kept() -> None:
    form = council_form()
    later = copy.deepcopy(form)
    later["version"] = 8
    install_reference({"forms": [form]})
    own = config_folder() / "forms" / "council-own.yaml"
    other = yaml.safe_load((SHIPPED_FORMS / "three_houses.yaml").read_text(encoding="utf-8"))
    other["version"] = 5
    own.write_text(yaml.safe_dump(other), encoding="utf-8")
    assert install_reference({"forms": [later]}).changed == ["forms"]
    registry = load_default().registry
    assert registry.versions("ehat")[-1] == 8 and not registry.has("ehat", 7)
    assert registry.has("three_houses", 5) and own.exists()


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
    from tests.council_forms import RIVERSIDE_CHILD_HEALTH, RIVERSIDE_OPTION_LISTS

    form = yaml.safe_load(RIVERSIDE_CHILD_HEALTH)
    lists = yaml.safe_load(RIVERSIDE_OPTION_LISTS)
    installed = install_reference({"forms": [form, lists]})  # the form first
    assert installed.problems == [] and installed.changed == ["forms"]
    names = sorted(p.name for p in (config_folder() / "forms").glob("*.yaml"))
    assert names == [
        "from-server-01-riverside_child_health-v1.yaml",
        "from-server-02-option_lists.yaml",
    ]
    result = load_default()
    assert not result.problems
    ethnicity = result.registry.get("riverside_child_health", 1).field("ethnicity")
    assert ethnicity.options_list == "ethnicity" and ethnicity.options[-1].other
    # without its lists the form is refused, naming each list
    found = reference_problems({"forms": [form]})
    assert len(found) == 4
    assert found[0] == (
        "from-server-01-riverside_child_health-v1.yaml: pages[2].fields[0].options_from: "
        "unknown option list 'ethnicity' (known lists: levels_of_need, agencies, "
        "request_sources; a council's own lists are read from option_lists.yaml in its "
        "forms folder) (line 144)"
    )
