"""The ``hearth`` command: a subcommand runs on the command line, anything else opens the app.

Subcommands (``hearth seed-demo``, ``hearth families``, ``hearth check``...) are
handed to :mod:`app.cli.main` before Qt is imported, so they work on a machine with
no display and start quickly.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

from app.store.no_core_dump import forbid_core_dumps


def _subcommands() -> frozenset[str]:
    if importlib.util.find_spec("app.cli.main") is None:
        return frozenset()
    from app.cli.main import SUBCOMMANDS

    return SUBCOMMANDS


def build_parser(subcommands: frozenset[str]) -> argparse.ArgumentParser:
    listed = ", ".join(sorted(subcommands)) or "none"
    parser = argparse.ArgumentParser(
        prog="hearth",
        description="Hearth: early help casework, offline first. Opens the application.",
        epilog=f"Command-line tools: hearth COMMAND --help, where COMMAND is one of: {listed}.",
    )
    parser.add_argument("--version", action="store_true", help="say which version this is")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo store of synthetic families (created on first use)",
    )
    parser.add_argument(
        "--as",
        dest="demo_as",
        choices=("worker", "team-lead"),
        default="worker",
        help="with --demo: open it as one of the team's workers (default) or as its team lead",
    )
    parser.add_argument(
        "--store",
        metavar="DIR",
        type=Path,
        help="the folder of the store to open or create (default: your Hearth data folder)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``hearth``; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # answered before anything else is imported
        from app.version import version

        print(f"hearth {version()}")
        return 0
    forbid_core_dumps()  # before any store opens
    subcommands = _subcommands()
    from app.logs import start_logging

    start_logging("hearth " + args[0] if args and args[0] in subcommands else "hearth")
    if args and args[0] in subcommands:
        from app.cli.main import main as cli_main

        return cli_main(args)
    try:
        options, qt_args = build_parser(subcommands).parse_known_args(args)
    except SystemExit as exc:  # --help, or a malformed option (argparse has said why)
        return exc.code if isinstance(exc.code, int) else 0
    if qt_args and not qt_args[0].startswith("-"):
        listed = ", ".join(sorted(subcommands)) or "none"
        sys.stderr.write(f"hearth: unknown command {qt_args[0]!r} (commands: {listed})\n")
        return 2
    unknown = [arg for arg in qt_args if arg.startswith("--")]
    if unknown:
        sys.stderr.write(f"hearth: unrecognised option {unknown[0]} (see hearth --help)\n")
        return 2

    from app.store import paths

    if options.store is not None:
        folder = options.store.expanduser()
    elif options.demo:
        folder = paths.demo_store(lead=options.demo_as == "team-lead")
    else:
        folder = paths.default_store()

    from ui.shell.application import run_gui  # Qt is imported only from here on
    from ui.shell.qt_messages import send_qt_messages_to_log

    send_qt_messages_to_log()

    lead = options.demo and options.demo_as == "team-lead"
    return run_gui(folder, demo=options.demo, demo_lead=lead, qt_args=qt_args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
