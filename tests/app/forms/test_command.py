"""``hearth forms check [DIR]``, run for real as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.forms.loader import SHIPPED_FORMS
from tests.council_forms import STRENGTHS_REVIEW_V1, install_council_forms

ROOT = Path(__file__).resolve().parents[3]


def hearth(*args: str, launcher: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the command line: ``python -m app.cli.main`` or the installed ``hearth`` script."""
    if launcher:
        script = Path(sys.executable).with_name("hearth")
        if not script.exists():
            pytest.skip("the hearth script is not installed beside this Python")
        command = [str(script), *args]
    else:
        command = [sys.executable, "-m", "app.cli.main", *args]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HEARTH_FORMS_DIR", None)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_shipped_forms_pass(tmp_path: Path) -> None:
    result = hearth("forms", "check", str(SHIPPED_FORMS))
    assert result.returncode == 0, result.stdout + result.stderr
    files = len(list(SHIPPED_FORMS.glob("*.yaml")))
    assert result.stdout == (
        f"Checked {files} files: {files - 1} form versions and 1 descriptor file, no problems.\n"
    )
    assert result.stderr == ""


def test_default_folder_is_the_shipped_forms_through_the_hearth_script() -> None:
    result = hearth("forms", "check", launcher=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Checked ")
    assert "no problems" in result.stdout


def test_one_line_per_mistake_and_exit_status_1(tmp_path: Path) -> None:
    (tmp_path / "strengths_review.yaml").write_text(STRENGTHS_REVIEW_V1, encoding="utf-8")
    (tmp_path / "review.yaml").write_text(
        "id: review\n"
        "title: Review\n"
        "kind: review\n"
        "pages:\n"
        "  - id: one\n"
        "    title: One\n"
        "    fields:\n"
        "      - {id: progress, type: paragraph, label: Progress}\n"
        "      - {id: score, type: scale, label: Score, low_label: low}\n",
        encoding="utf-8",
    )
    (tmp_path / "syntax.yaml").write_text("id: x\n  version: 1\n", encoding="utf-8")
    result = hearth("forms", "check", str(tmp_path))
    assert result.returncode == 1
    review, syntax = tmp_path / "review.yaml", tmp_path / "syntax.yaml"
    lines = result.stdout.splitlines()
    assert len(lines) == 4, result.stdout
    assert lines[0].startswith(f"{review}: version: missing: every form needs a version")
    assert lines[1].startswith(f"{review}: pages[0].fields[0].type: unknown field type 'paragraph'")
    assert lines[1].endswith("(line 8)")
    assert lines[2] == (
        f"{review}: pages[0].fields[1].high_label: missing: a scale needs end-point labels; "
        "high_label says what the high end (10) means (line 9)"
    )
    assert lines[3].startswith(f"{syntax}: (file): not valid YAML at line 2")
    assert result.stderr == "4 problems in 3 files.\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = hearth("forms", "check", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr == f"hearth: {tmp_path / 'missing'} is not a folder.\n"
    assert result.stdout == ""


def test_forms_without_an_action_is_a_usage_error() -> None:
    result = hearth("forms")
    assert result.returncode == 2
    assert result.stderr.startswith("hearth: ")
    assert "Traceback" not in result.stderr


def test_a_council_copy_of_a_shipped_form_is_refused_with_what_to_do() -> None:
    folder = install_council_forms({"strengths_review.yaml": STRENGTHS_REVIEW_V1})
    ehat = (SHIPPED_FORMS / "ehat.yaml").read_text(encoding="utf-8")
    (folder / "ehat.yaml").write_text(ehat.replace("\nversion: 1\n", "\nversion: 2\n"),
                                      encoding="utf-8")
    result = hearth("forms", "check")
    assert result.returncode == 1
    assert result.stdout == (
        f"{folder / 'ehat.yaml'}: id: 'ehat' is the id of a form Hearth ships; a council's "
        "own form needs an id of its own, so this file was left out. To change one of "
        "Hearth's forms, give your copy its own id (keep the same kind), and hide Hearth's "
        "with hidden_forms in form_choices.json (line 4)\n")
    assert result.stderr.startswith("1 problem in ")
