"""CI runs the README's test command, exactly, and that command runs every gate."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def readme_command() -> str:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"\*\*Run the tests:\*\*\s*```\n(.+?)\n```", text, re.DOTALL)
    assert found is not None, "the README's 'Run the tests' block"
    return found.group(1).strip()


def ci_command() -> str:
    text = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    found = re.search(r"^\( (.+) \) 2>&1 \| tee", text, re.MULTILINE)
    assert found is not None, "the subshell line in .ci/run"
    return found.group(1)


def test_ci_runs_the_readme_command() -> None:
    assert ci_command() == readme_command()


def test_the_command_runs_the_gates_before_the_tests() -> None:
    steps = [step.strip() for step in readme_command().split("&&")]
    lint = steps.index(".venv/bin/ruff check .")
    types = steps.index(".venv/bin/mypy")
    tests = next(i for i, step in enumerate(steps) if "pytest" in step)
    assert lint < types < tests


def readme_desktop_libraries() -> set[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"On Linux, Qt also needs system\s+libraries:(.+?)\(on Debian", text, re.S)
    assert found is not None, "the README's list of system libraries"
    return set(re.findall(r"lib[a-z0-9.+-]+", found.group(1)))


def desktop_check_libraries() -> set[str]:
    text = (PROJECT / ".ci" / "desktop-check").read_text(encoding="utf-8")
    found = re.search(r"^desktop=\((.+?)\)", text, re.S | re.M)
    assert found is not None, "the desktop=(...) list in .ci/desktop-check"
    return set(found.group(1).split())


def test_ci_starts_the_app_with_exactly_the_readme_libraries() -> None:
    listed = readme_desktop_libraries()
    assert "libxcb-cursor0" in listed and "libegl1" in listed
    assert desktop_check_libraries() == listed


def test_ci_runs_the_desktop_check() -> None:
    run = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".ci/desktop-check" in run
