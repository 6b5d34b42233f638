"""``hearth sync``: connect a store to the server (the first time) and sync it once.

For IT staff and scripted tests. ``app.cli.main`` adds the store options and hands
over here; errors are HearthErrors, which the command line prints as one line
with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from app.errors import HearthError
from app.families.households import META_REFERENCE_PREFIX
from app.families.level_renames import rename_replaced_levels
from app.reference.levels_of_need import load_levels
from app.store.caseload_store import Store, read_meta
from app.store.unlock_attempts import open_store_counted
from app.sync.engine import (
    DEFAULT_PULL_LIMIT,
    FIRST_PULL_LIMIT,
    SyncProgress,
    SyncReport,
    sync_store,
)
from app.sync.enrolment import device_name_problem, enrol, enrolled_server
from app.sync.protocol import MAX_PULL_LIMIT
from app.sync.reference_fetch import arrived_text, fetch_outcome
from app.sync.transport import SyncError, check_server_url

HELP = "connect a store to the central service (first time) and sync it once"
PASSWORD_ENV = "HEARTH_SERVER_PASSWORD"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", metavar="URL",
                        help="the service's address (https://..., or http://localhost:PORT); "
                             "needed the first time only")
    parser.add_argument("--username", metavar="USER", help="your username on the service "
                        "(first time only)")
    parser.add_argument("--password-file", type=Path, metavar="FILE",
                        help=f"read your password from the first line of FILE "
                             f"(otherwise ${PASSWORD_ENV}); first time only")
    parser.add_argument("--device-name", metavar="NAME",
                        help="what the server and IT call this computer (first time only; "
                             "default \"Hearth on <this computer's name>\")")
    parser.add_argument("--page-size", type=int, default=DEFAULT_PULL_LIMIT, metavar="N",
                        help=f"records per download page (default {DEFAULT_PULL_LIMIT}, and "
                             f"{FIRST_PULL_LIMIT} after the first page of a first sync; "
                             "smaller pages suit slow or unreliable connections)")
    parser.add_argument("--reference", action="store_true",
                        help="fetch the council's settings (levels of need, agencies, forms, "
                             "name and contact details) now, along with the sync, whenever "
                             "they were last fetched (otherwise once an hour)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")


def _password(args: argparse.Namespace) -> str:
    if args.password_file is not None:
        try:
            with open(args.password_file, encoding="utf-8") as fh:
                password = fh.readline().rstrip("\r\n")
        except OSError as exc:
            raise HearthError(
                f"cannot read the password file {args.password_file}: {exc.strerror}."
            ) from None
        except UnicodeDecodeError:
            raise HearthError(f"the password file {args.password_file} is not text.") from None
        if not password:
            raise HearthError(f"the password file {args.password_file} has an empty first line.")
        return password
    password = os.environ.get(PASSWORD_ENV, "")
    if password:
        return password
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Password on the server: ")
    raise HearthError(f"no password given: use --password-file FILE or set {PASSWORD_ENV}.")


def run(args: argparse.Namespace, passphrase: str, out: Callable[[str], None]) -> int:
    store = open_store_counted(args.store, passphrase)
    try:
        _connect(store, args, out)

        def progress(p: SyncProgress) -> None:
            if not args.quiet and p.phase == "pull" and p.done:
                out(p.text)

        # Families on codes the levels in use replace are renamed before the push (and
        # those the pull brings, after it: they go with the next sync).
        levels = load_levels()
        store.run(rename_replaced_levels, store.profile, levels)
        # A revoked device: sync_store closes and wipes the store, then raises.
        report = sync_store(store, progress=progress,
                            pull_limit=max(1, min(args.page_size, MAX_PULL_LIMIT)),
                            reference_now=bool(getattr(args, "reference", False)))
        store.run(rename_replaced_levels, store.profile, levels)
        _summarise(report, out)
        if getattr(args, "reference", False) and not report.reference_changed \
                and not report.reference_problems:
            out(fetch_outcome((), ()))
        for problem in report.reference_problems:
            sys.stderr.write(f"hearth: council reference data not installed: {problem}\n")
        if not report.digest_ok:
            raise SyncError(
                "after a full download this store still differs from the server; "
                "run hearth sync again, and tell IT if this persists."
            )
        return 0
    finally:
        store.close()


def _connect(store: Store, args: argparse.Namespace, out: Callable[[str], None]) -> None:
    """Enrol the store with ``--server`` the first time; later, check it is that server."""
    connected = store.run(enrolled_server)
    if connected:
        if args.server and check_server_url(args.server) != connected:
            raise SyncError(
                f"this store is connected to {connected}, not {args.server.strip()}."
            )
        return
    if not args.server or not args.username:
        raise SyncError(
            "this store is not connected to a server yet: give --server, --username "
            "and --password-file."
        )
    check_server_url(args.server)
    name = getattr(args, "device_name", None)
    problem = device_name_problem(name) if name is not None else ""
    if problem:
        raise SyncError(f"--device-name: {problem}")
    profile = enrol(store, args.server, args.username, _password(args),
                    device_name=name)
    out(f"Connected to {check_server_url(args.server)} as {profile.username} "
        f"({profile.name}).")
    prefix = store.run(read_meta, META_REFERENCE_PREFIX)
    if prefix:
        out(f"New families made here get references {prefix}00001, {prefix}00002...")


def _summarise(report: SyncReport, out: Callable[[str], None]) -> None:
    """What the sync did, in a few lines."""
    out(
        f"Pushed {report.pushed} change{'s' if report.pushed != 1 else ''}, pulled "
        f"{report.pulled} record{'s' if report.pulled != 1 else ''}."
    )
    if report.purged_families:
        out(f"Removed {report.purged_families} famil"
            f"{'ies' if report.purged_families != 1 else 'y'} no longer in your caseload.")
    if report.purge_waiting:
        n = report.purge_waiting
        out(f"{n} famil{'ies' if n != 1 else 'y'} no longer in your caseload "
            f"{'stay' if n != 1 else 'stays'} here until your changes to "
            f"{'them' if n != 1 else 'it'} have reached the server (the next sync).")
    if report.new_conflicts or report.open_conflicts:
        out(f"Conflicts: {report.new_conflicts} new, {report.open_conflicts} to resolve "
            "(open Hearth and choose Sync > Conflicts).")
    else:
        out("No conflicts.")
    if report.set_aside:
        n = report.set_aside
        kinds = ", ".join(k.replace("_", " ") for k in report.set_aside_kinds)
        out(f"{n} record{'s' if n != 1 else ''} from the service could not be stored here "
            f"and {'were' if n != 1 else 'was'} set aside ({kinds}). "
            f"{'They are' if n != 1 else 'It is'} kept in this store and tried again when "
            "the service sends them again; tell IT if this persists.")
    if report.waiting:
        out(f"{report.waiting} change{'s' if report.waiting != 1 else ''} still waiting.")
    if report.reference_changed:
        out(arrived_text(report.reference_changed, " from the server"))
