"""A process that may open a store writes no core dump."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.skipif(sys.platform == "win32", reason="no core files on Windows")
def test_hearth_switches_core_dumps_off_before_anything_else() -> None:
    # A fresh process with core dumps allowed, running the launcher's first step.
    script = (
        "import resource; resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,"
        " resource.RLIM_INFINITY)) if resource.getrlimit(resource.RLIMIT_CORE)[1] =="
        " resource.RLIM_INFINITY else None\n"
        "from ui.shell import launcher\n"
        "launcher.main(['--help'])\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "(0, 0)"
