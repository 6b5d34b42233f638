"""``hearth recover`` run for real as a subprocess: a new passphrase with the council's
recovery key, and one clear line (nothing changed) for each thing that can be wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import WrongPassphrase
from app.store.caseload_store import Profile, Store, key_files, open_store
from app.store.recovery import StoreSealer
from tests.app.cli.test_cli import ROOT, assert_one_clear_error
from tests.app.store.recovery_keys import COUNCIL_PHRASE, council_key, snapshot
from tests.builders import small_family

NEW_PHRASE = "heather-canal-silver-kite-77"


def hearth(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as IT run it, but with no terminal to ask on (stdin is not a tty)."""
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], cwd=ROOT,
                          env=dict(os.environ), capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def prepared(store: Store, actor: Profile, tmp_path: Path) -> dict[str, Path]:
    small_family(store, actor)
    pem, council = council_key(tmp_path)
    StoreSealer(store).seal(council)
    store.close()
    council_file = tmp_path / "council-phrase.txt"
    council_file.write_text(COUNCIL_PHRASE + "\n")
    new_file = tmp_path / "new-phrase.txt"
    new_file.write_text(NEW_PHRASE + "\n")
    return {"store": store.folder, "pem": pem, "council": council_file, "new": new_file}


def recover(p: dict[str, Path]) -> tuple[str, ...]:
    return ("recover", "--store", str(p["store"]), "--recovery-key", str(p["pem"]),
            "--recovery-passphrase-file", str(p["council"]),
            "--new-passphrase-file", str(p["new"]))


def test_recover_sets_the_new_passphrase_with_every_record_intact(
        prepared: dict[str, Path], passphrase: str) -> None:
    before_store = open_store(prepared["store"], passphrase)
    assert before_store.engine is not None
    before = snapshot(before_store.engine)
    before_store.close()
    result = hearth(*recover(prepared))
    assert result.returncode == 0, result.stderr
    assert "now opens with the new passphrase" in result.stdout and result.stderr == ""
    with pytest.raises(WrongPassphrase):
        open_store(prepared["store"], passphrase)
    after = open_store(prepared["store"], NEW_PHRASE)
    assert after.engine is not None
    assert snapshot(after.engine) == before
    after.close()


@pytest.mark.parametrize("case", ["wrong passphrase", "another council", "damaged key file",
                                  "damaged sealed copy", "no sealed copy"])
def test_each_problem_is_one_line_and_changes_nothing(
        prepared: dict[str, Path], tmp_path: Path, passphrase: str, case: str) -> None:
    files = key_files(prepared["store"])
    words = {"wrong passphrase": "passphrase does not open",
             "another council": "another council's",
             "damaged key file": "damaged",
             "damaged sealed copy": "damaged",
             "no sealed copy": "no sealed copy"}[case]
    if case == "wrong passphrase":
        prepared["council"].write_text("not-the-council-phrase\n")
    elif case == "another council":
        prepared["pem"], _public = council_key(tmp_path, "other.pem")
    elif case == "damaged key file":
        prepared["pem"].write_text("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n")
    elif case == "damaged sealed copy":
        body = json.loads(files.sealed.read_text())
        body["nonce"] = "AAAAAAAAAAAAAAAA"
        files.sealed.write_text(json.dumps(body))
    else:
        files.sealed.unlink()
    before = {p.name: p.read_bytes() for p in prepared["store"].iterdir() if p.is_file()}
    result = hearth(*recover(prepared))
    assert result.returncode == 1
    assert_one_clear_error(result, words, "nothing was changed")
    assert {p.name: p.read_bytes() for p in prepared["store"].iterdir() if p.is_file()} == before
    open_store(prepared["store"], passphrase).close()


def test_usage_mistakes_and_missing_answers(prepared: dict[str, Path]) -> None:
    missing = hearth("recover", "--store", str(prepared["store"]))
    assert missing.returncode == 2
    assert_one_clear_error(missing, "--recovery-key")
    no_terminal = hearth("recover", "--store", str(prepared["store"]),
                         "--recovery-key", str(prepared["pem"]))
    assert no_terminal.returncode == 1
    assert_one_clear_error(no_terminal, "run in a terminal")
    nowhere = hearth("recover", "--store", str(prepared["store"] / "nothing"),
                     *recover(prepared)[3:])
    assert_one_clear_error(nowhere, "no Hearth store")
