"""The ``hearth`` entry point: subcommands go to the command line without loading Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.store.caseload_store import Profile, create_store

from ui.shell import launcher

ROOT = Path(__file__).resolve().parents[3]


def _run(code: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "HEARTH_HOME": str(env_home)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def test_a_subcommand_runs_without_importing_qt(
    tmp_path: Path, store_dir: Path, passphrase: str, profile: Profile
) -> None:
    create_store(store_dir, passphrase, profile).close()
    code = (
        "import os, sys\n"
        f"os.environ['HEARTH_PASSPHRASE'] = {passphrase!r}\n"
        "from ui.shell import launcher\n"
        f"status = launcher.main(['families', '--store', {str(store_dir)!r}])\n"
        "print('QT LOADED' if any(m.startswith('PySide6') for m in sys.modules) else 'NO QT')\n"
        "sys.exit(status)\n"
    )
    result = _run(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "NO QT"


def test_an_unknown_command_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert launcher.main(["famlies"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hearth: unknown command 'famlies'")
    assert len(err.strip().splitlines()) == 1


def test_an_unknown_option_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert launcher.main(["--demo", "--colour"]) == 2
    assert "unrecognised option --colour" in capsys.readouterr().err


def test_help_lists_the_gui_options_and_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert launcher.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--demo" in out and "--store DIR" in out
    if launcher._subcommands():
        assert "seed-demo" in out
