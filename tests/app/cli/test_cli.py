"""The command line, run for real as a subprocess: seeding a store, listing its families,
checking it, the installed script, and the pause after wrong passphrases across commands.
What a command says for each mistake, and the same commands on other stores, are seen by
running its main in this process (``hearth_here``, tests/app/cli_in_process.py: each real
process costs seconds)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import SUBCOMMANDS
from app.store.unlock_attempts import UnlockAttempts
from tests.app.cli_in_process import Hearth

ROOT = Path(__file__).resolve().parents[3]


def hearth(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "HEARTH_PASSPHRASE"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_clear_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hearth: ")
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store of 25 synthetic families made by `hearth seed-demo`, and its passphrase file."""
    base = tmp_path_factory.mktemp("cli")
    phrase_file = base / "passphrase.txt"
    phrase_file.write_text("lantern-orchard-copper-meadow-42\nsecond line is ignored\n")
    folder = base / "store"
    result = hearth(
        "seed-demo", "--store", str(folder), "--families", "25", "--seed", "4",
        "--passphrase-file", str(phrase_file), "--name", "Robin Testworker", "--team", "North",
    )
    assert result.returncode == 0, result.stderr
    assert "25 synthetic families" in result.stdout
    assert result.stderr == ""
    return folder, phrase_file


def test_subcommands_are_declared() -> None:
    assert {"seed-demo", "families", "check"} <= SUBCOMMANDS


def test_families_lists_one_tab_separated_line_per_family(seeded: tuple[Path, Path]) -> None:
    folder, phrase_file = seeded
    result = hearth("families", "--store", str(folder), "--passphrase-file", str(phrase_file))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 25
    fields = [line.split("\t") for line in lines]
    assert all(len(f) == 5 for f in fields)
    assert [f[0] for f in fields] == sorted(f[0] for f in fields)
    assert all(f[0].startswith("EH-") for f in fields)
    assert {f[3] for f in fields} <= {"Open", "Closed", "Stepped up"}
    levels = {"Universal", "Early Help", "Child in Need", "Child Protection"}
    assert {f[2] for f in fields} <= levels


def test_passphrase_from_environment(seeded: tuple[Path, Path], hearth_here: Hearth) -> None:
    folder, _ = seeded
    result = hearth_here("families", "--store", str(folder),
                         env={"HEARTH_PASSPHRASE": "lantern-orchard-copper-meadow-42"})
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 25


def test_seed_demo_adds_to_an_existing_store(
    tmp_path: Path, seeded: tuple[Path, Path], hearth_here: Hearth
) -> None:
    folder, phrase_file = seeded
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    result = hearth_here("seed-demo", "--store", str(copy), "--families", "5",
                         "--passphrase-file", str(phrase_file))
    assert result.returncode == 0, result.stderr
    assert "Opened the store" in result.stdout
    listed = hearth_here("families", "--store", str(copy), "--passphrase-file", str(phrase_file))
    assert len(listed.stdout.splitlines()) == 30


def test_check_passes_on_a_good_store(seeded: tuple[Path, Path]) -> None:
    folder, phrase_file = seeded
    result = hearth("check", "--store", str(folder), "--passphrase-file", str(phrase_file))
    assert result.returncode == 0, result.stderr
    assert "SQLCipher integrity check: ok" in result.stdout
    assert "SQLite integrity check: ok" in result.stdout
    assert "Foreign key check: ok" in result.stdout
    counts = {
        parts[0]: parts[1]
        for parts in (line.split() for line in result.stdout.splitlines() if line.startswith("  "))
    }
    assert counts["family"] == "25"
    assert int(counts["person"]) > 25
    assert int(counts["outbox"]) > int(counts["person"])


def test_wrong_passphrase_is_one_clear_line(
    seeded: tuple[Path, Path], tmp_path: Path, hearth_here: Hearth
) -> None:
    folder, _ = seeded
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-right-passphrase\n")
    before = (folder / "hearth.db").read_bytes()
    result = hearth_here("check", "--store", str(folder), "--passphrase-file", str(wrong))
    assert result.returncode == 1
    assert_one_clear_error(result, "passphrase is not right")
    assert (folder / "hearth.db").read_bytes() == before


def test_missing_store_is_one_clear_line(tmp_path: Path, hearth_here: Hearth) -> None:
    result = hearth_here("check", "--store", str(tmp_path / "nowhere"),
                         env={"HEARTH_PASSPHRASE": "lantern-orchard-copper-meadow-42"})
    assert result.returncode == 1
    assert_one_clear_error(result, "no hearth store")


def test_missing_passphrase_says_how_to_give_one(
    seeded: tuple[Path, Path], hearth_here: Hearth
) -> None:
    folder, _ = seeded
    result = hearth_here("families", "--store", str(folder))
    assert result.returncode == 1
    assert_one_clear_error(result, "HEARTH_PASSPHRASE", "--passphrase-file")


def test_corrupted_database_fails_the_check(
    seeded: tuple[Path, Path], tmp_path: Path, hearth_here: Hearth
) -> None:
    folder, phrase_file = seeded
    copy = tmp_path / "damaged"
    shutil.copytree(folder, copy)
    db = copy / "hearth.db"
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    for i in range(middle, middle + 64):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))
    result = hearth_here("check", "--store", str(copy), "--passphrase-file", str(phrase_file))
    assert result.returncode == 1
    assert_one_clear_error(result, "damaged")
    assert "FAILED" in result.stdout


def test_usage_mistakes_exit_2_with_one_line(tmp_path: Path, hearth_here: Hearth) -> None:
    for args in (
        ("seed-demo", "--store", str(tmp_path / "s"), "--families", "many"),
        ("seed-demo", "--store", str(tmp_path / "s")),
        ("no-such-command",),
        (),
    ):
        result = hearth_here(*args)
        assert result.returncode == 2, args
        assert_one_clear_error(result)
    assert not (tmp_path / "s").exists()


def test_weak_passphrase_for_a_new_store(tmp_path: Path, hearth_here: Hearth) -> None:
    result = hearth_here("seed-demo", "--store", str(tmp_path / "s"), "--families", "3",
                         env={"HEARTH_PASSPHRASE": "short"})
    assert_one_clear_error(result, "at least")
    assert not (tmp_path / "s").exists()


def test_unreadable_passphrase_file(
    seeded: tuple[Path, Path], tmp_path: Path, hearth_here: Hearth
) -> None:
    folder, _ = seeded
    result = hearth_here("families", "--store", str(folder),
                         "--passphrase-file", str(tmp_path / "absent.txt"))
    assert result.returncode == 1
    assert_one_clear_error(result, "passphrase file")


def test_installed_hearth_script_runs_subcommands(seeded: tuple[Path, Path]) -> None:
    script = Path(sys.executable).with_name("hearth")
    if not script.exists():
        pytest.skip("the hearth console script is not installed in this environment")
    folder, phrase_file = seeded
    result = subprocess.run(
        [str(script), "families", "--store", str(folder), "--passphrase-file", str(phrase_file)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 25


def test_the_pause_after_wrong_passphrases_holds_across_commands(
    seeded: tuple[Path, Path], tmp_path: Path
) -> None:
    """Each command is a new process: the count of wrong passphrases is kept beside the
    store, so guessing from the command line is as slow as in the window."""
    folder = tmp_path / "store"
    shutil.copytree(seeded[0], folder)
    (folder / "unlock-attempts.json").unlink(missing_ok=True)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-right-passphrase\n")
    first = hearth("families", "--store", str(folder), "--passphrase-file", str(wrong))
    assert_one_clear_error(first, "passphrase is not right")
    assert "wait" not in first.stderr.lower()
    second = hearth("check", "--store", str(folder), "--passphrase-file", str(wrong))
    assert_one_clear_error(second, "passphrase is not right", "wait 2 seconds before the next try")
    # Wrong passphrases typed into the window count too (it keeps the same file); then
    # even the right passphrase waits, in yet another command.
    window_attempts = UnlockAttempts(folder=folder)
    for _ in range(4):
        window_attempts.failed()
    third = hearth("families", "--store", str(folder), "--passphrase-file", str(seeded[1]))
    assert_one_clear_error(third, "too many wrong passphrases", "before trying again")
    assert third.stdout == ""


def test_seed_demo_can_add_casework(tmp_path: Path, hearth_here: Hearth) -> None:
    phrase_file = tmp_path / "passphrase.txt"
    phrase_file.write_text("lantern-orchard-copper-meadow-42\n")
    folder = tmp_path / "store"
    result = hearth(
        "seed-demo", "--store", str(folder), "--families", "6", "--casework", "3",
        "--passphrase-file", str(phrase_file),
    )
    assert result.returncode == 0, result.stderr
    from sqlalchemy import func, select

    from app.store.caseload_store import open_store
    from db.models import Consent, Visit

    store = open_store(folder, "lantern-orchard-copper-meadow-42")
    try:
        with_consent = store.run(
            lambda s: s.scalar(select(func.count(func.distinct(Consent.family_id))))
        )
        visits = store.run(lambda s: s.scalar(select(func.count()).select_from(Visit)))
    finally:
        store.close()
    assert with_consent == 3 and visits > 0
    refused = hearth_here("seed-demo", "--store", str(folder), "--families", "1",
                          "--casework", "-1", "--passphrase-file", str(phrase_file))
    assert refused.returncode == 2 and "too small" in refused.stderr



@pytest.mark.parametrize(("command", "held"), [("families", True), ("print", True),
                                               ("sync", False), ("seed-demo", False)])
@pytest.mark.usefixtures("collector_as_python_starts")
def test_a_short_command_runs_without_the_cycle_collector_and_gives_it_back(
    command: str, held: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short command holds Python's cycle collector off while it runs (its start-up's
    objects live until it ends); a sync or a demo seed keeps it; either way the
    collector is as it was afterwards, even when the command fails."""
    import gc

    import app.cli.main as cli

    seen: list[bool] = []
    first_step = cli.forbid_core_dumps

    def looking(*args: object) -> None:
        seen.append(gc.isenabled())
        first_step()

    monkeypatch.setattr(cli, "forbid_core_dumps", looking)
    assert gc.isenabled()
    status = cli.main([command, "--store", str(tmp_path / "no-store-here")])
    assert status != 0  # no store: the command says so and stops
    assert seen == [not held]
    assert gc.isenabled()
