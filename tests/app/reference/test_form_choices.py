"""A council chooses which forms its workers are offered (``form_choices.json``):
the example "Council B" EHAT only when asked for, any form hidden, and a broken file
reported with the defaults kept. The forms check names what is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.casework.form_offer import offered_forms
from app.forms.loader import FormRegistry
from app.reference.form_choices import FormChoices, load_form_choices
from app.store.paths import config_folder
from tests.council_forms import write_form_choices

ROOT = Path(__file__).resolve().parents[3]


def offered(registry: FormRegistry, role: str = "family_support_worker") -> list[str]:
    return [form.id for form in offered_forms(registry, load_form_choices(), role=role)]


def test_the_council_b_example_is_offered_only_when_asked_for(registry: FormRegistry) -> None:
    assert registry.latest("ehat_short_council_b").example
    assert not registry.latest("ehat").example
    assert load_form_choices() == FormChoices()  # no file: the defaults
    assert offered(registry) == ["ehat", "gcp2", "signs_of_safety", "three_houses"]
    assert offered(registry, "team_lead") == [
        "case_audit", "ehat", "gcp2", "signs_of_safety", "three_houses"]
    write_form_choices(offered_examples=["ehat_short_council_b"])
    assert offered(registry) == [
        "ehat", "ehat_short_council_b", "gcp2", "signs_of_safety", "three_houses"]


def test_a_council_hides_shipped_forms(registry: FormRegistry) -> None:
    write_form_choices(hidden_forms=["ehat", "three_houses"],
                       offered_examples=["ehat_short_council_b"])
    assert offered(registry) == ["ehat_short_council_b", "gcp2", "signs_of_safety"]
    ehats = offered_forms(registry, load_form_choices(), role="x", kind="ehat")
    assert [f.title for f in ehats] == ["Early Help Assessment (short form)"]
    assert registry.get("ehat", 1).title == "Early Help Assessment"  # still loaded, for old ones


def test_a_broken_file_is_reported_and_the_defaults_apply(registry: FormRegistry) -> None:
    path = config_folder() / "form_choices.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"hidden_forms": ["ehat",\n}', encoding="utf-8")
    choices = load_form_choices()
    assert choices == FormChoices()
    assert len(choices.problems) == 1
    assert choices.problems[0].startswith("form_choices.json: not JSON (line 2): ")

    path.write_text('{"hidden_forms": "ehat", "offered": ["x"],'
                    ' "offered_examples": ["ehat_short_council_b", "Council B"]}',
                    encoding="utf-8")
    choices = load_form_choices()
    assert choices.problems == (
        "form_choices.json: offered: unknown setting (known: hidden_forms, offered_examples)",
        "form_choices.json: hidden_forms: must be a list of form ids, not 'ehat'",
        "form_choices.json: offered_examples[1]: 'Council B' is not a form id "
        "(lower-case letters, digits and underscores)",
    )
    assert offered(registry)[:2] == ["ehat", "ehat_short_council_b"]  # what was right applies

    path.write_text("[]", encoding="utf-8")
    assert load_form_choices().problems == (
        "form_choices.json: must be an object with hidden_forms and/or offered_examples, "
        "not a list",)


def test_forms_check_names_the_problems_in_form_choices(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "form_choices.json").write_text(
        '{"hidden_forms": ["ehat", "ehat_council_z"], "offered_examples": [3]}', encoding="utf-8")
    env = {**os.environ, "HEARTH_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HEARTH_FORMS_DIR", None)
    result = subprocess.run([sys.executable, "-m", "app.cli.main", "forms", "check"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "form_choices.json: offered_examples[0]: 3 is not a form id "
        "(lower-case letters, digits and underscores)",
        "form_choices.json: 'ehat_council_z' is not a loaded form",
    ]
    assert result.stderr.startswith("2 problems in ")
    assert "Traceback" not in result.stderr
