"""Loading folders of definitions: shipped forms, broken files, versions, council files."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.forms.definition import descriptors_for
from app.forms.loader import (
    SHIPPED_FORMS,
    default_folders,
    load_folder,
    load_folders,
    load_texts,
)
from app.forms.schema import read_descriptor_file

SHIPPED_IDS = {
    "case_audit", "ehat", "ehat_short_council_b", "gcp2", "signs_of_safety", "three_houses"
}

GCP2_SUB_AREAS = {
    "physical_care_grade": ["nutrition", "housing", "clothing", "hygiene", "health"],
    "safety_grade": ["safety_present", "safety_absent"],
    "love_grade": ["love_carer", "love_mutual"],
    "esteem_grade": ["stimulation", "approval", "disapproval", "acceptance"],
}


def test_shipped_forms_all_load_without_problems() -> None:
    result = load_folder(SHIPPED_FORMS)
    assert result.problems == ()
    assert set(result.registry.form_ids()) == SHIPPED_IDS
    assert len(result.files) == len(list(SHIPPED_FORMS.glob("*.yaml")))
    assert [d.id for d in result.registry.descriptor_files.values()] == ["gcp2_descriptors_neutral"]


def test_default_folders_include_a_council_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARTH_FORMS_DIR", str(tmp_path))
    assert default_folders()[:2] == [SHIPPED_FORMS, tmp_path]


def council_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shipped_as(path: str, form_id: str) -> str:
    """A shipped form's text under a council's own id."""
    text = (SHIPPED_FORMS / path).read_text(encoding="utf-8")
    old = path.removesuffix(".yaml")
    assert f"\nid: {old}\n" in text
    return text.replace(f"\nid: {old}\n", f"\nid: {form_id}\n", 1)


def test_a_broken_file_is_reported_and_the_others_load(tmp_path: Path) -> None:
    folder = council_folder(tmp_path / "forms")
    broken = folder / "broken_review.yaml"
    broken.write_text(
        "id: review\nversion: 1\ntitle: Review\nkind: review\npages:\n"
        "  - id: one\n    title: One\n    fields:\n"
        "      - {id: progress, type: paragraph, label: Progress}\n",
        encoding="utf-8",
    )
    bad_yaml = folder / "bad_yaml.yaml"
    bad_yaml.write_text("id: [unclosed\n", encoding="utf-8")
    result = load_folders([SHIPPED_FORMS, folder])
    assert set(result.registry.form_ids()) == SHIPPED_IDS
    assert [(p.file, p.path) for p in result.problems] == [
        (str(bad_yaml), "(file)"),
        (str(broken), "pages[0].fields[0].type"),
    ]
    assert result.problems[1].message.startswith("unknown field type 'paragraph'")
    assert result.problems[1].line == 9


def test_two_versions_of_a_form_coexist(tmp_path: Path) -> None:
    folder = council_folder(tmp_path / "forms")
    text = shipped_as("ehat.yaml", "ehat_riverbank")
    assert "version: 1\n" in text
    changed = text.replace("version: 1\n", "version: 2\n", 1).replace(
        "label: What led to this assessment?", "label: What has led to this assessment now?"
    )
    (folder / "ehat_riverbank.yaml").write_text(text, encoding="utf-8")
    (folder / "ehat_riverbank_v2.yaml").write_text(changed, encoding="utf-8")
    result = load_folders([SHIPPED_FORMS, folder])
    assert result.problems == ()
    registry = result.registry
    assert registry.versions("ehat_riverbank") == [1, 2] and registry.versions("ehat") == [1]
    assert registry.latest("ehat_riverbank").version == 2
    old, new = registry.get("ehat_riverbank", 1), registry.get("ehat_riverbank", 2)
    assert old.field("reason_for_assessment").label == "What led to this assessment?"
    assert new.field("reason_for_assessment").label == "What has led to this assessment now?"
    assert {(f.id, f.version) for f in registry.latest_forms(kind="ehat")} == {
        ("ehat", 1), ("ehat_riverbank", 2), ("ehat_short_council_b", 1)}


def test_the_same_version_twice_is_reported_and_the_first_kept(tmp_path: Path) -> None:
    folder = council_folder(tmp_path / "forms")
    text = shipped_as("three_houses.yaml", "riverbank_houses")
    (folder / "riverbank_houses.yaml").write_text(text, encoding="utf-8")
    (folder / "z_houses_copy.yaml").write_text(
        text.replace("title: Three houses", "title: Copied"), encoding="utf-8"
    )
    result = load_folders([SHIPPED_FORMS, folder])
    (problem,) = result.problems
    assert problem.file == str(folder / "z_houses_copy.yaml")
    assert problem.path == "version"
    assert "form 'riverbank_houses' version 1 is also in" in problem.message
    assert result.registry.get("riverbank_houses", 1).title == "Three houses"


def test_a_council_file_may_not_use_an_id_hearth_ships_or_keeps(tmp_path: Path) -> None:
    folder = council_folder(tmp_path / "forms")
    ehat = (SHIPPED_FORMS / "ehat.yaml").read_text(encoding="utf-8")
    (folder / "ehat_v2.yaml").write_text(ehat.replace("\nversion: 1\n", "\nversion: 2\n"),
                                         encoding="utf-8")
    (folder / "future.yaml").write_text(shipped_as("three_houses.yaml", "hearth_houses"),
                                        encoding="utf-8")
    (folder / "licensed.yaml").write_text(
        licensed_text(ALL_SUB_AREAS).replace("council_gcp2_licensed", "gcp2_descriptors_neutral")
        .replace("version: 1", "version: 2"), encoding="utf-8")
    for folders in ([SHIPPED_FORMS, folder], [folder]):  # also checked on its own
        result = load_folders(folders)
        said = {(Path(p.file).name, p.path, p.line): p.message for p in result.problems}
        assert set(said) == {("ehat_v2.yaml", "id", 4), ("future.yaml", "id", 2),
                             ("licensed.yaml", "id", 2)}
        assert said[("ehat_v2.yaml", "id", 4)] == (
            "'ehat' is the id of a form Hearth ships; a council's own form needs an id of its "
            "own, so this file was left out. To change one of Hearth's forms, give your copy "
            "its own id (keep the same kind), and hide Hearth's with hidden_forms in "
            "form_choices.json")
        assert said[("future.yaml", "id", 2)].startswith(
            "ids starting 'hearth_' are kept for forms Hearth ships;")
        assert "'gcp2_descriptors_neutral' is the id of a form Hearth ships" in said[
            ("licensed.yaml", "id", 2)]
        assert not result.registry.has("ehat", 2) and not result.registry.has("hearth_houses")
        assert ("gcp2_descriptors_neutral", 2) not in result.registry.descriptor_files
    # The shipped folder itself is Hearth's: its ids are its own.
    assert load_folders([SHIPPED_FORMS]).ok


def test_a_council_variant_loads_by_dropping_a_file_in(tmp_path: Path) -> None:
    council = tmp_path / "council"
    council.mkdir()
    (council / "ehat_council_c.yaml").write_text(
        """\
id: ehat_council_c
version: 3
title: Early help assessment (Council C)
kind: ehat
outcome: {recommended_level_field: level}
pages:
  - id: story
    title: The family's story
    fields:
      - {id: story, type: long_text, label: Tell us what is happening, required: true}
      - {id: level, type: choice, label: Level of need, options_from: levels_of_need}
""",
        encoding="utf-8",
    )
    result = load_folders([SHIPPED_FORMS, council])
    assert result.problems == ()
    variant = result.registry.latest("ehat_council_c")
    assert variant.kind == "ehat" and variant.version == 3
    assert variant.outcome is not None and variant.outcome.recommended_level_field == "level"
    kinds = {f.id for f in result.registry.latest_forms(kind="ehat")}
    assert kinds == {"ehat", "ehat_short_council_b", "ehat_council_c"}


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    result = load_folders([tmp_path / "nowhere", SHIPPED_FORMS])
    assert [p.path for p in result.problems] == ["(folder)"]
    assert set(result.registry.form_ids()) == SHIPPED_IDS


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    (tmp_path / "latin.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    result = load_folder(tmp_path)
    (problem,) = result.problems
    assert problem.message == "cannot be read: it is not UTF-8 text"


# ---------------------------------------------------------------- descriptor files

LICENSED = """\
descriptors_for: gcp2
id: council_gcp2_licensed
version: 1
title: Licensed GCP2 descriptors (synthetic test copy)
licensed: true
descriptors:
"""


def licensed_text(entries: list[str]) -> str:
    body = "".join(
        f"  {name}:\n" + "".join(f"    {g}: Licensed {name} {g}\n" for g in range(1, 6))
        for name in entries
    )
    return LICENSED + body


ALL_SUB_AREAS = [s for subs in GCP2_SUB_AREAS.values() for s in subs]


def test_a_licensed_descriptor_file_replaces_the_neutral_wording(tmp_path: Path) -> None:
    folder = council_folder(tmp_path / "forms")
    (folder / "licensed.yaml").write_text(licensed_text(ALL_SUB_AREAS), encoding="utf-8")
    result = load_folders([SHIPPED_FORMS, folder])
    assert result.problems == ()
    registry = result.registry
    chosen = registry.descriptor_set("gcp2")
    assert chosen is not None and chosen.id == "council_gcp2_licensed"
    nutrition = registry.latest("gcp2").field("nutrition")
    assert descriptors_for(nutrition, registry.active_descriptors())[0] == "Licensed nutrition 1"
    # the neutral file is still there for assessments made with it
    neutral = registry.descriptor_file("gcp2_descriptors_neutral", 1)
    assert descriptors_for(nutrition, {"gcp2": neutral})[0].startswith("Regular, varied meals")


def test_an_incomplete_descriptor_file_is_left_out(tmp_path: Path) -> None:
    folder = council_folder(tmp_path / "forms")
    licensed = folder / "licensed.yaml"
    licensed.write_text(licensed_text(ALL_SUB_AREAS[:-1]), encoding="utf-8")
    result = load_folders([SHIPPED_FORMS, folder])
    (problem,) = result.problems
    assert (problem.file, problem.path) == (str(licensed), "descriptors")
    assert problem.message == (
        "missing the entry 'acceptance', which form 'gcp2' version 1 uses; this file was left out"
    )
    assert result.registry.has("gcp2", 1)
    chosen = result.registry.descriptor_set("gcp2")
    assert chosen is not None and chosen.id == "gcp2_descriptors_neutral"


def test_a_form_whose_descriptor_file_is_missing_is_left_out() -> None:
    result = load_texts([(path.name, path.read_text(encoding="utf-8"))
                         for path in sorted(SHIPPED_FORMS.glob("*.yaml"))
                         if path.name != "gcp2_descriptors_neutral.yaml"])
    assert not result.registry.has("gcp2")
    assert result.problems[0].file == "gcp2.yaml"
    assert result.problems[0].path == "pages[0].fields[0].descriptors_from"
    assert result.problems[0].message == (
        "no usable descriptor file for 'gcp2' was found (a file with descriptors_for: gcp2)"
    )
    assert len(result.problems) == 13  # one per sub-area


def test_importing_a_descriptor_file_checks_it_and_switches_to_it() -> None:
    registry = load_folder(SHIPPED_FORMS).registry
    partial = read_descriptor_file(licensed_text(ALL_SUB_AREAS[:3]), "import.yaml")
    assert not isinstance(partial, list)
    missing = registry.descriptor_problems(partial)
    assert {p.path for p in missing} == {f"descriptors.{s}" for s in ALL_SUB_AREAS[3:]}
    full = read_descriptor_file(licensed_text(ALL_SUB_AREAS), "import.yaml")
    assert not isinstance(full, list)
    assert registry.descriptor_problems(full) == []
    switched = registry.with_descriptors(full)
    gcp2 = registry.latest("gcp2")
    assert [d.id for d in registry.descriptors_used(gcp2).values()] == ["gcp2_descriptors_neutral"]
    assert [d.id for d in switched.descriptors_used(gcp2).values()] == ["council_gcp2_licensed"]
    assert switched.descriptors_used(registry.latest("ehat")) == {}
    active = switched.descriptor_set("gcp2")
    assert active is not None and active.id == "council_gcp2_licensed"
    unchanged = registry.descriptor_set("gcp2")  # the original registry is not altered
    assert unchanged is not None and unchanged.id == "gcp2_descriptors_neutral"


# ---------------------------------------------------------------- shipped content


def test_ehat_covers_the_assessment_triangle_and_outcome() -> None:
    ehat = load_folder(SHIPPED_FORMS).registry.latest("ehat")
    dimensions = [
        # the child's developmental needs
        "health", "education", "emotional", "identity", "relationships", "presentation",
        "selfcare",
        # parenting capacity
        "basic_care", "safety", "warmth", "stimulation", "guidance", "stability",
        # family and environment
        "history", "wider_family", "housing", "employment", "income", "integration",
        "community",
    ]  # fmt: skip
    for dimension in dimensions:
        assert ehat.field(f"{dimension}_strengths").type == "long_text"
        assert ehat.field(f"{dimension}_needs").type == "long_text"
    assert ehat.field("children_voice").is_repeat
    assert ehat.field("voice_child").person_takes == ("child",)
    assert ehat.field("voice_adult").person_takes == ("adult",)
    assert ehat.outcome is not None
    assert ehat.outcome.recommended_level_field == "recommended_level"
    assert ehat.field("recommended_level").options_from == "levels_of_need"
    fam_reason = ehat.field("fam_reason")
    assert fam_reason.visible_if is not None and fam_reason.visible_if.field == "fam_needed"


def test_gcp2_has_four_areas_and_thirteen_sub_areas() -> None:
    result = load_folder(SHIPPED_FORMS)
    gcp2 = result.registry.latest("gcp2")
    assert gcp2.per_child
    areas = {f.id: list(f.suggested_from) for f in gcp2.top_fields() if f.suggested_from}
    assert areas == GCP2_SUB_AREAS
    neutral = result.registry.descriptor_file("gcp2_descriptors_neutral", 1)
    assert not neutral.licensed
    assert sorted(neutral.entries) == sorted(ALL_SUB_AREAS)
    for sub_area in ALL_SUB_AREAS:
        field = gcp2.field(sub_area)
        assert field.type == "grade" and field.required
        assert len(descriptors_for(field, {"gcp2": neutral})) == 5
        assert gcp2.field(f"{sub_area}_evidence").type == "long_text"


def test_safety_mapping_and_three_houses() -> None:
    registry = load_folder(SHIPPED_FORMS).registry
    mapping = registry.latest("signs_of_safety")
    assert mapping.scaling is not None
    score = mapping.field(mapping.scaling.score_field)
    assert (score.minimum, score.maximum) == (0, 10)
    assert score.low_label and score.high_label
    role = mapping.field(mapping.scaling.role_field)
    assert [o.value for o in role.options] == ["worker", "parent", "child", "agency"]
    pairs = mapping.field("danger_goals")
    assert [f.id for f in pairs.fields] == ["danger_statement", "safety_goal"]
    assert [c.title for c in mapping.map_columns] == [
        "What are we worried about?",
        "What's working well?",
        "What needs to happen?",
    ]
    houses = registry.latest("three_houses")
    assert houses.per_child
    assert {"house_of_worries", "house_of_good_things", "house_of_dreams"} <= {
        f.id for f in houses.all_fields()
    }
