"""Hearth's log file: where it is, its rotation, its level from settings (the worker's
file, the machine's over it), exceptions without their messages; and ``hearth
diagnostics`` on the command line."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import logs
from app.reference import machine_settings as machine
from app.store.caseload_store import Profile, create_store

from ui.shell import launcher

SECRET = "Zephyrine Quillbottom"  # a value that must never reach the log


@pytest.fixture
def hearth_log() -> Iterator[Path]:
    """Logging started as the app starts it; Hearth's handler taken away afterwards."""
    root = logging.getLogger()
    level = root.level
    path = logs.start_logging("hearth test")
    assert path is not None
    yield path
    for handler in list(root.handlers):
        if isinstance(handler, logs._HearthFile):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def logged(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("hearth.log*")))


def test_the_log_is_in_the_log_folder_and_rotates(
    hearth_log: Path, monkeypatch: pytest.MonkeyPatch, hearth_home: Path
) -> None:
    assert hearth_log == hearth_home / "logs" / "hearth.log"
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logs._HearthFile))
    monkeypatch.setattr(handler, "maxBytes", 2000)
    for n in range(400):
        logging.getLogger("app.test").info("line %d of a long day", n)
    files = sorted(p.name for p in hearth_log.parent.iterdir())
    assert files == ["hearth.log", *(f"hearth.log.{n}" for n in range(1, logs.BACKUPS + 1))]
    assert all(p.stat().st_size <= 2200 for p in hearth_log.parent.iterdir())
    assert "line 399 of a long day" in hearth_log.read_text(encoding="utf-8")


def test_an_exception_is_logged_by_type_and_place_never_its_message(hearth_log: Path) -> None:
    try:
        raise ValueError(f"could not save {SECRET}")
    except ValueError:
        logging.getLogger("app.test").exception("saving failed")
    text = logged(hearth_log.parent)
    assert "saving failed" in text and "ValueError" in text and "test_logs.py" in text
    assert SECRET not in text


def test_the_level_is_the_workers_unless_the_machine_sets_one(
    hearth_log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert logs.log_level_in_force() == ("info", False)
    logging.getLogger("app.test").debug("not at info")
    logs.save_log_level("debug")
    assert logs.log_level_in_force() == ("debug", False)
    logging.getLogger("app.test").debug("written at debug")
    text = logged(hearth_log.parent)
    assert "written at debug" in text and "not at info" not in text

    folder = tmp_path / "machine"
    folder.mkdir()
    (folder / "settings.json").write_text(json.dumps({"log_level": "warning"}))
    monkeypatch.setenv(machine.MACHINE_ENV, str(folder))
    assert logs.log_level_in_force() == ("warning", True)
    logs.start_logging("hearth test")  # as at the next start
    assert logging.getLogger().level == logging.WARNING


def test_hearth_diagnostics_prints_what_it_needs_and_nothing_personal(
    tmp_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], hearth_home: Path,
) -> None:
    folder = tmp_path / "store"
    profile = Profile(SECRET, "family_support_worker", "North", "zq.worker")
    create_store(folder, passphrase, profile).close()
    assert launcher.main(["diagnostics", "--store", str(folder)]) == 0
    locked = capsys.readouterr().out
    assert "Store: whole" in locked and "Store locked: yes" in locked
    monkeypatch.setenv("HEARTH_PASSPHRASE", passphrase)
    assert launcher.main(["diagnostics", "--store", str(folder), "--unlock"]) == 0
    out = capsys.readouterr().out
    for line in ("Hearth: ", "Platform: ", "Schema version: 0", "Records: 0 families",
                 "Server: not connected", "Last sync: never", "Store locked: no",
                 f"Log folder: {hearth_home / 'logs'}"):
        assert line in out
    assert SECRET not in out and passphrase not in out
    assert "hearth diagnostics started" in logged(hearth_home / "logs")
    logging.getLogger().handlers[:] = [
        h for h in logging.getLogger().handlers if not isinstance(h, logs._HearthFile)
    ]
