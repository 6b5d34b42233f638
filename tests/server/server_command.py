"""``hearth-server`` commands for tests, run in this process.

A ``python -m server ...`` process costs about 1.5 s of imports before it does anything, and
the command-line tests run about a hundred of them. ``hearth_server`` runs the same entry
point, ``server.cli.main(argv)``, in this process instead, as the process would see it:

- the environment is exactly ``env`` for the call (``os.environ`` restored after), so
  ``HEARTH_DATABASE_URL`` and ``HEARTH_SERVER_HOME`` are read from it as in a process;
- standard input is a ``StringIO`` (``isatty()`` is false, as with a pipe), empty unless
  ``stdin`` is given, so commands that would ask for a password refuse as they do when piped;
- standard output and error are captured; an argparse usage error (``SystemExit(2)``) or
  ``--version`` (``SystemExit(0)``) becomes the return code, as the process's exit status;
- the result is a ``subprocess.CompletedProcess`` with the same fields a process gives.

What the CLI leaves behind in a process is checked to be nothing: each command disposes
of its engine; nothing configures logging or warnings (a warning would be caught by pytest
here, printed on stderr by a process). The autouse ``quick_argon2`` fixture applies to the
passwords ``add-user`` and ``set-password`` hash here, which is fine: the cost, not the hash.

Real processes are kept where being a process is the point (``REAL_PROCESS`` below):
``serve`` (tests/server/test_cli.py::test_serve_initialises_and_answers, which also runs
with 2 workers), one-line usage errors as a shell sees them
(test_cli.py::test_usage_errors_are_one_line) and the service refusing bad settings at
start-up (test_sign_in_throttling.py::test_bad_settings_stop_the_service_with_one_line).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping

from server import cli

# ``python -m server``: for the tests that start a real process.
REAL_PROCESS = [sys.executable, "-m", "server"]


@contextlib.contextmanager
def environment(env: Mapping[str, str]) -> Iterator[None]:
    """``os.environ`` is exactly ``env`` inside; what it was is put back after. Only the
    variables that differ are touched (the environment is never empty for a moment, which
    a live service's thread might see)."""
    saved = dict(os.environ)
    _become(env)
    try:
        yield
    finally:
        _become(saved)


def _become(env: Mapping[str, str]) -> None:
    for name in [name for name in os.environ if name not in env]:
        del os.environ[name]
    for name, value in env.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


def _exit_status(code: object, stderr: io.StringIO) -> int:
    """The status a process ends with on ``sys.exit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=stderr)  # as the interpreter does with a message
    return 1


def hearth_server(env: Mapping[str, str], *args: str, stdin: str | None = None,
                  ) -> subprocess.CompletedProcess[str]:
    """``hearth-server ARGS`` with environment ``env``: its status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(list(args))
            except SystemExit as exc:
                status = _exit_status(exc.code, err)
    finally:
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess([*REAL_PROCESS, *args], status, out.getvalue(),
                                       err.getvalue())


def hearth_server_process(env: Mapping[str, str], *args: str, timeout: float = 120,
                          ) -> subprocess.CompletedProcess[str]:
    """``hearth-server ARGS`` as a real process (stdin empty, not a terminal)."""
    return subprocess.run([*REAL_PROCESS, *args], env=dict(env), text=True,
                          capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
