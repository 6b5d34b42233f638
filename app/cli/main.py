"""The ``hearth`` command line: subcommands that work on a store without the window.

``hearth seed-demo``, ``hearth families``, ``hearth check``, ``hearth recover`` and more. The GUI entry
point (``ui.shell.launcher``) hands over here when its first argument is one of
:data:`SUBCOMMANDS`, before anything imports Qt; this module never imports Qt.

Adding a subcommand: write ``_configure_x(parser)`` and ``_run_x(args) -> int``
and list them in :data:`COMMANDS`. Only the chosen subcommand is configured,
so import what a subcommand needs inside its two functions: ``hearth check``
then never pays for the modules ``hearth print`` uses.

Errors are one line on stderr, ``hearth: <message>``, with exit status 2 for a
usage mistake and 1 for anything else; never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from app.cli import diagnostics_command
from app.cli.arguments import (
    DEBUG_ENV,
    OneLineParser,
    UsageError,
    add_store_option,
    non_negative_int,
    passphrase_from,
    positive_int,
    say,
)
from app.collector_pause import collector_paused
from app.errors import HearthError
from app.store.no_core_dump import forbid_core_dumps

# ------------------------------------------------------------------ seed-demo


def _configure_seed_demo(parser: argparse.ArgumentParser) -> None:
    from app.store.caseload_store import ROLES

    add_store_option(parser)
    parser.add_argument("--families", type=positive_int, required=True, metavar="N",
                        help="how many synthetic families to add")
    parser.add_argument("--casework", type=non_negative_int, default=0, metavar="N",
                        help="how many of them also get a casework history: consent, "
                        "assessments, meetings, a plan, visits (default 0)")
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="random seed; the same seed gives the same families (default 1)")
    parser.add_argument("--name", default="Demo Worker",
                        help="worker's name for a new store (default: Demo Worker)")
    parser.add_argument("--role", default="family_support_worker", choices=sorted(ROLES),
                        help="worker's role for a new store (default: family_support_worker)")
    parser.add_argument("--team", default="Demo Team",
                        help="worker's team for a new store (default: Demo Team)")


def _run_seed_demo(args: argparse.Namespace) -> int:
    from app.demo.seed import seed
    from app.store.caseload_store import Profile, create_store, store_exists, username_for
    from app.store.unlock_attempts import open_store_counted

    phrase = passphrase_from(args)
    started = time.perf_counter()
    if store_exists(args.store):
        store = open_store_counted(args.store, phrase)
        say(f"Opened the store in {args.store} ({store.profile.name}, {store.profile.team}).")
    else:
        profile = Profile(
            name=args.name.strip(),
            role=args.role,
            team=args.team.strip(),
            username=username_for(args.name),
        )
        store = create_store(args.store, phrase, profile, demo=True)
        say(
            f"Created a demo store in {args.store} for {profile.name} "
            f"({profile.role_label}, {profile.team}; username {profile.username})."
        )
    try:
        seeding = time.perf_counter()
        added = seed(store, args.families, args.seed, casework=min(args.casework, args.families))
        done = time.perf_counter()
    finally:
        store.close()
    say(
        f"Added {added} synthetic families (seed {args.seed}) in {done - seeding:.1f} s; "
        f"{done - started:.1f} s in all."
    )
    return 0


# ------------------------------------------------------------------ families


def _configure_families(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)


def _run_families(args: argparse.Namespace) -> int:
    from app.families.caseload import load_caseload
    from app.reference.choices import FAMILY_STATUSES
    from app.reference.levels_of_need import load_levels
    from app.store.unlock_attempts import open_store_counted

    levels = load_levels()
    store = open_store_counted(args.store, passphrase_from(args))
    try:
        rows = store.run(load_caseload, levels)
    finally:
        store.close()
    for row in sorted(rows, key=lambda r: r.reference):
        lead = row.lead_professional
        if row.lead_agency:
            lead = f"{lead} ({row.lead_agency})" if lead else row.lead_agency
        fields = (
            row.reference,
            row.family_name,
            row.level_label,
            FAMILY_STATUSES.get(row.status, row.status),
            lead,
        )
        say("\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields))
    return 0


# ------------------------------------------------------------------ check


def _configure_check(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)


def _run_check(args: argparse.Namespace) -> int:
    from app.cli import check_command

    return check_command.run(args, passphrase_from(args), say)


# ------------------------------------------------------------------ forms


def _configure_forms(parser: argparse.ArgumentParser) -> None:
    from app.cli import forms_command

    forms_command.configure(parser)


def _run_forms(args: argparse.Namespace) -> int:
    from app.cli import forms_command

    return forms_command.run(args)


# ------------------------------------------------------------------ sync


def _configure_sync(parser: argparse.ArgumentParser) -> None:
    from app.cli import sync_command

    add_store_option(parser)
    sync_command.configure(parser)


def _run_sync(args: argparse.Namespace) -> int:
    from app.cli import sync_command

    return sync_command.run(args, passphrase_from(args), say)


# ------------------------------------------------------------------ print


def _configure_print(parser: argparse.ArgumentParser) -> None:
    from app.cli import print_command

    add_store_option(parser)
    print_command.configure(parser)


def _run_print(args: argparse.Namespace) -> int:
    from app.cli import print_command

    return print_command.run(args, passphrase_from(args), say)


# ------------------------------------------------------------------ report


def _configure_report(parser: argparse.ArgumentParser) -> None:
    from app.cli import report_command

    add_store_option(parser)
    report_command.configure(parser)


def _run_report(args: argparse.Namespace) -> int:
    from app.cli import report_command

    return report_command.run(args, passphrase_from(args), say)


# ------------------------------------------------------------------ recover


def _configure_recover(parser: argparse.ArgumentParser) -> None:
    from app.cli import recover_command

    recover_command.configure(parser)


def _run_recover(args: argparse.Namespace) -> int:
    from app.cli import recover_command

    return recover_command.run(args, say)


# ------------------------------------------------------------------ dispatch


@dataclass(frozen=True)
class Command:
    """A subcommand. A ``short`` one runs with Python's cycle collector held off from
    start to end: the objects its start-up makes (modules, classes, about 165,000) live
    until it ends anyway, and the collector's passes over them were a tenth of ``hearth
    print``; what such a command leaves in cycles is a few megabytes at most, freed
    when it exits. A long one (a sync, making a demo store) keeps the collector."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    short: bool = True


COMMANDS: tuple[Command, ...] = (
    Command("seed-demo", "create a store of synthetic families, or add them to one",
            _configure_seed_demo, _run_seed_demo, short=False),
    Command("families", "list a store's families, one tab-separated line each",
            _configure_families, _run_families),
    Command("check", "check a store's integrity and count its records",
            _configure_check, _run_check),
    Command("forms", "work with form definitions: hearth forms check [DIR]",
            _configure_forms, _run_forms),
    Command("sync", "connect a store to the central service (first time) and sync it once",
            _configure_sync, _run_sync, short=False),
    Command("print", "make a family's document (consent, plan, ehat, ...) as a PDF file",
            _configure_print, _run_print),
    Command("report", "the figures a council reports for a period, as csv, xlsx or pdf",
            _configure_report, _run_report),
    Command("recover", "set a new passphrase with the council's recovery key (IT)",
            _configure_recover, _run_recover),
    Command("diagnostics", "what IT needs to help (version, store state, counts; nothing "
            "personal)", diagnostics_command.configure, diagnostics_command.run),
)

SUBCOMMANDS: frozenset[str] = frozenset(c.name for c in COMMANDS)
SHORT_COMMANDS: frozenset[str] = frozenset(c.name for c in COMMANDS if c.short)


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the ``chosen`` subcommand's options are set up (all if None)."""
    parser = OneLineParser(
        prog="hearth",
        description="Hearth: early help casework. Without a subcommand, `hearth` opens the app.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    subparsers.required = True
    for command in COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        if chosen is None or chosen == command.name:
            command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def _fail(message: str, status: int) -> int:
    message = " ".join(message.split())
    sys.stderr.write(f"hearth: {message}\n")
    sys.stderr.flush()
    return status


def _say_levels_problem() -> None:
    """A broken council levels file, in one line; the command carries on with the last
    good levels (or Hearth's own)."""
    from app.reference.levels_of_need import levels_in_use

    problem = levels_in_use().problem
    if problem:
        _fail(f"warning: {problem}", 0)


def _from_the_database(exc: Exception) -> bool:
    """Whether SQLAlchemy raised ``exc`` (looked up, not imported: a command that never
    opened a store must not pay for SQLAlchemy's import)."""
    exc_module = sys.modules.get("sqlalchemy.exc")
    return exc_module is not None and isinstance(exc, exc_module.SQLAlchemyError)


def _derive_key_early(chosen: str, rest: list[str]) -> None:
    """Start deriving the store's key while the command imports what it needs
    (:mod:`app.store.early_key`); any mistake is left for the command to report."""
    if not chosen or chosen == "seed-demo":
        return
    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("--store", type=Path)
    early.add_argument("--passphrase-file", type=Path)
    try:
        known, _ = early.parse_known_args(rest)
        phrase = passphrase_from(known) if known.store is not None else ""
    except (argparse.ArgumentError, HearthError, SystemExit):
        return
    if not phrase:
        return
    from app.store import early_key, vault
    from app.store.store_files import key_path

    try:
        salt, costs = vault.salt_and_costs(key_path(known.store))
    except (HearthError, OSError, ValueError):
        return
    early_key.start(costs, phrase, salt)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    chosen = args_list[0] if args_list and args_list[0] in SUBCOMMANDS else ""
    with collector_paused() if chosen in SHORT_COMMANDS else nullcontext():  # see Command
        return _main(args_list, chosen)


def _main(args_list: list[str], chosen: str) -> int:
    forbid_core_dumps()  # before any store opens
    if not logging.getLogger().handlers:  # not started by the ``hearth`` launcher
        from app.logs import start_logging

        start_logging("hearth " + (args_list[0] if args_list else ""))
    try:
        _derive_key_early(chosen, args_list[1:])
        args = build_parser(chosen).parse_args(args_list)
        _say_levels_problem()
        return int(args.run(args))
    except SystemExit as exc:  # --help, or argparse giving up
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except HearthError as exc:
        return _fail(exc.message, 1)
    except BrokenPipeError:
        # The reader went away (hearth families | head): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return _fail(f"{exc.strerror or exc}{where}.", 1)
    except KeyboardInterrupt:
        return _fail("interrupted.", 130)
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        if _from_the_database(exc):
            detail = getattr(exc, "orig", None) or exc
            return _fail(f"the store could not be read; it may be damaged ({detail}).", 1)
        if os.environ.get(DEBUG_ENV):
            raise
        return _fail(
            f"unexpected error ({type(exc).__name__}: {exc}); set {DEBUG_ENV}=1 for details.", 1
        )


if __name__ == "__main__":
    sys.exit(main())
