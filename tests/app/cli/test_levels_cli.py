"""The command line with a council's levels of need: a broken file is one line on
stderr, and the command carries on with the last good levels. Run as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.reference.levels_of_need import LAST_GOOD_FILE_NAME, LEVELS_FILE_NAME
from app.store.paths import config_folder
from tests.council_levels import THREE_LEVELS

ROOT = Path(__file__).resolve().parents[3]
PHRASE = "lantern-orchard-copper-meadow-42"
COUNCIL = THREE_LEVELS


def hearth(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HEARTH_PASSPHRASE"}
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def families(folder: Path, phrase_file: Path) -> subprocess.CompletedProcess[str]:
    return hearth("families", "--store", str(folder), "--passphrase-file", str(phrase_file))


def level_labels(result: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.split("\t")[2] for line in result.stdout.splitlines()}


def test_a_broken_council_file_is_one_line_and_the_last_good_levels_are_used(
    tmp_path: Path,
) -> None:
    phrase_file = tmp_path / "passphrase.txt"
    phrase_file.write_text(PHRASE + "\n")
    folder = tmp_path / "store"
    made = hearth("seed-demo", "--store", str(folder), "--families", "8", "--seed", "4",
                  "--passphrase-file", str(phrase_file), "--name", "Robin Testworker")
    assert made.returncode == 0, made.stderr
    assert level_labels(families(folder, phrase_file)) <= {
        "Universal", "Early Help", "Child in Need", "Child Protection"}

    council = config_folder() / LEVELS_FILE_NAME  # HEARTH_HOME is this test's own
    council.parent.mkdir(parents=True, exist_ok=True)
    council.write_text(json.dumps(COUNCIL), encoding="utf-8")
    good = families(folder, phrase_file)
    assert good.returncode == 0 and good.stderr == ""
    assert level_labels(good) <= {"Level 1", "Level 3", "Level 4"}
    assert (config_folder() / LAST_GOOD_FILE_NAME).exists()

    council.write_text(json.dumps(COUNCIL)[:-40], encoding="utf-8")  # cut short
    broken = families(folder, phrase_file)
    assert broken.returncode == 0, broken.stderr
    assert "Traceback" not in broken.stderr
    lines = broken.stderr.splitlines()
    assert len(lines) == 1, broken.stderr
    assert lines[0].startswith(f"hearth: warning: {council}: not a valid levels-of-need file (")
    assert lines[0].endswith("Until it is put right, Hearth uses the last good levels of need.")
    assert broken.stdout == good.stdout  # the same families, under the last good levels


def test_a_broken_file_with_no_good_copy_uses_hearths_own_levels(tmp_path: Path) -> None:
    council = config_folder() / LEVELS_FILE_NAME
    council.parent.mkdir(parents=True, exist_ok=True)
    council.write_text("levels: [universal]\n", encoding="utf-8")  # YAML, not the JSON asked for
    result = hearth("forms", "check")  # it offers the levels as options: it reads them
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == (f"hearth: warning: {council}: not a valid levels-of-need file "
                        "(Expecting value: line 1 column 1 (char 0)). Until it is put right, "
                        "Hearth uses Hearth's own levels of need.")
