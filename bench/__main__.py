"""``python -m bench`` runs every benchmark; ``python -m bench NAME [NAME...]`` runs some.

A benchmark is a module ``bench/<name>_bench.py`` with ``run(workdir) -> list[Result]``.
Each line printed is ``name: value unit (budget B unit) OK|OVER BUDGET``. The exit
status is 0 unless a benchmark crashes or an unknown name is asked for: figures
are reported, not asserted.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

import bench
from bench.harness import bench_families

SUFFIX = "_bench"
# The order to run them in when all are asked for; others follow alphabetically.
PREFERRED_ORDER = ("store", "caseload", "sync", "server", "forms", "documents")


def available() -> list[str]:
    names = [
        info.name[: -len(SUFFIX)]
        for info in pkgutil.iter_modules(bench.__path__)
        if info.name.endswith(SUFFIX)
    ]
    known = [n for n in PREFERRED_ORDER if n in names]
    return known + sorted(n for n in names if n not in known)


def _describe_environment() -> str:
    try:
        import sqlcipher3

        sqlite = sqlcipher3.sqlite_version
    except Exception:  # noqa: BLE001 - informational only
        sqlite = "?"
    return (
        f"# Hearth benchmarks: {bench_families():,} synthetic families; "
        f"Python {platform.python_version()}, SQLite {sqlite} (SQLCipher), "
        f"{os.cpu_count()} CPUs, {platform.system()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        print(__doc__.strip())
        print("Benchmarks: " + ", ".join(available()))
        return 0
    names = args or available()
    unknown = [n for n in names if n not in available()]
    if unknown:
        sys.stderr.write(
            f"bench: no benchmark called {', '.join(unknown)}; "
            f"there are: {', '.join(available())}\n"
        )
        return 2
    print(_describe_environment(), flush=True)
    before = os.environ.get("HEARTH_HOME")
    with tempfile.TemporaryDirectory(prefix="hearth-bench-home-") as home:
        # Hearth's own folders (settings, window layout, council files) in a folder of the
        # run's: a benchmark measures the built-in configuration and never changes the
        # user's (the caseload's column widths were once kept in ~/.config/Hearth).
        os.environ["HEARTH_HOME"] = home
        try:
            return _run_all(names)
        finally:
            if before is None:
                os.environ.pop("HEARTH_HOME", None)
            else:
                os.environ["HEARTH_HOME"] = before


def _run_all(names: list[str]) -> int:
    crashed = []
    for name in names:
        module = importlib.import_module(f"bench.{name}{SUFFIX}")
        with tempfile.TemporaryDirectory(prefix=f"hearth-bench-{name}-") as tmp:
            try:
                results = module.run(Path(tmp))
            except Exception:  # noqa: BLE001 - report, then carry on with the others
                crashed.append(name)
                sys.stderr.write(f"bench: {name} crashed:\n{traceback.format_exc()}")
                print(f"{name}: CRASHED", flush=True)
                continue
        for result in results:
            print(result.line(), flush=True)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
