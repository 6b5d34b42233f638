"""Killing Hearth while it creates a store never leaves a folder nothing can open.

A subprocess (store_creator.py) creates a store and is killed: once at each step
that writes or renames (it pauses there), then 12 times at random moments. Every
time the store folder is either absent or empty, or a whole store that opens with
its passphrase; and the app's first screen on it is the welcome dialog or the
unlock dialog, never a dead end.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, open_store
from app.store.store_state import store_state

from ui.access.unlock_dialog import UnlockDialog
from ui.access.welcome_dialog import WelcomeDialog
from ui.shell.application import Startup
from ui.shell.task_runner import TaskRunner

CREATOR = Path(__file__).with_name("store_creator.py")
RANDOM_KILLS = 12  # the step test kills at every step; these land between them
TARGETS = ("absent", "empty")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]


def launch(folder: Path, passphrase: str, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CREATOR), str(folder), passphrase, mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def line_from(child: subprocess.Popen[str]) -> str:
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if not line:
        stderr = child.stderr.read() if child.stderr else ""
        pytest.fail(f"the creator stopped by itself (exit {child.wait()}):\n{stderr}")
    return line


def answer(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.write("\n")
    child.stdin.flush()


def kill(child: subprocess.Popen[str]) -> None:
    child.kill()
    child.wait(timeout=30)
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream is not None:
            stream.close()


def prepare(base: Path, target: str) -> Path:
    """A fresh place for the store: no folder, or an empty one."""
    if base.exists():
        shutil.rmtree(base)
    base.mkdir()
    folder = base / "store"
    if target == "empty":
        folder.mkdir()
    return folder


def count_steps(base: Path, passphrase: str) -> int:
    folder = prepare(base, "absent")
    child = launch(folder, passphrase, "pause")
    steps = 0
    while (line := line_from(child)) != "done":
        assert line.startswith("step ")
        steps += 1
        answer(child)
    child.wait(timeout=30)
    kill(child)
    return steps


def time_one_creation(base: Path, passphrase: str) -> float:
    child = launch(prepare(base, "absent"), passphrase, "run")
    assert line_from(child) == "ready"
    started = time.monotonic()
    answer(child)
    assert line_from(child) == "done"
    took = time.monotonic() - started
    kill(child)
    return took


def check_left_behind(
    qtbot: QtBot, levels: LevelsOfNeed, folder: Path, passphrase: str, profile: Profile,
    what: str,
) -> str:
    """The folder holds no store or a whole one, and the app's first screen is a way in."""
    state = store_state(folder)
    assert state in ("none", "whole"), f"{what}: left a {state} store"
    if state == "none":
        assert not folder.exists() or list(folder.iterdir()) == [], what
    else:
        store = open_store(folder, passphrase)
        assert store.profile == profile, what
        store.close()
    runner = TaskRunner()
    startup = Startup(runner, levels, folder)
    try:
        startup.start()
        dialog = startup.dialog
        expected = UnlockDialog if state == "whole" else WelcomeDialog
        assert isinstance(dialog, expected), what
        assert dialog.isVisible(), what
        dialog.hide()
        dialog.deleteLater()
    finally:
        runner.shutdown()
    return state


def test_a_store_killed_at_each_step_of_its_making_is_none_or_whole(
    qtbot: QtBot, levels: LevelsOfNeed, tmp_path: Path, passphrase: str, profile: Profile
) -> None:
    base = tmp_path / "place"
    steps = count_steps(base, passphrase)
    assert steps >= 8  # building, key file, engine, migrations, marker, move...
    seen = set()
    for target in TARGETS:
        for kill_at in range(steps):
            folder = prepare(base, target)
            child = launch(folder, passphrase, "pause")
            for _ in range(kill_at):
                assert line_from(child).startswith("step ")
                answer(child)
            step = line_from(child)
            kill(child)
            what = f"{target} folder, killed before {step} (step {kill_at + 1} of {steps})"
            seen.add(check_left_behind(qtbot, levels, folder, passphrase, profile, what))
    assert seen == {"none", "whole"}


def test_a_store_killed_at_random_moments_is_none_or_whole(
    qtbot: QtBot, levels: LevelsOfNeed, tmp_path: Path, passphrase: str, profile: Profile
) -> None:
    base = tmp_path / "place"
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    window = time_one_creation(base, passphrase) * 1.2
    seen = []
    for round_number in range(RANDOM_KILLS):
        target = TARGETS[round_number % 2]
        folder = prepare(base, target)
        child = launch(folder, passphrase, "run")
        assert line_from(child) == "ready"
        delay = rng.uniform(0.0, window)
        answer(child)
        time.sleep(delay)
        kill(child)
        what = f"seed {seed}, round {round_number}: {target} folder, killed after {delay:.3f} s"
        seen.append(check_left_behind(qtbot, levels, folder, passphrase, profile, what))
    assert "none" in seen  # the kills did land during creation
