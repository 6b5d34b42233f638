"""The ``hearth`` command line run in the test's own process: ``app.cli.main.main`` with
what it writes to stdout and stderr captured, as a subprocess's would be.

Starting a real process costs a second or more (Python, then the modules a command
needs); a test of what a command says for this or that mistake needs none of it. Each
command keeps at least one test that runs it for real as a subprocess."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pytest

from app.cli import main as cli


@dataclass(frozen=True)
class Ran:
    """What a run of the command gave, named as ``subprocess.CompletedProcess`` names it."""

    returncode: int
    stdout: str
    stderr: str


Hearth = Callable[..., Ran]


def hearth_in_process(capsys: pytest.CaptureFixture[str]) -> Hearth:
    """``hearth(*args, env={...})``: run the command line in this process with the given
    environment variables (and no HEARTH_PASSPHRASE but one given)."""

    def hearth(*args: str, env: Mapping[str, str] | None = None) -> Ran:
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("HEARTH_PASSPHRASE", raising=False)
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            # Core dumps stay as they are for the test process (a real run switches them off).
            patch.setattr(cli, "forbid_core_dumps", lambda: True)
            capsys.readouterr()  # only what this run writes
            status = cli.main(list(args))
            out, err = capsys.readouterr()
        return Ran(status, out, err)

    return hearth
