"""``hearth-server``: run and administer the central sync service.

The database comes from ``HEARTH_DATABASE_URL`` (e.g.
``postgresql+psycopg://hearth@db.example/hearth``); without it an embedded
SQLite file in the app-data folder is used (``HEARTH_SERVER_HOME`` moves it).
Errors are one clear line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.orm import Session

from app.version import version
from server import (
    accounts,
    admin,
    recovery_key,
    recovery_key_command,
    reference_admin,
    throttle,
)
from server.db import DatabaseError, default_database_url, init_database, session_factory
from server.reference_files import KIND_FILES, CouncilFiles, ReferenceFileError, read_reference


class CliError(Exception):
    """A failure to report as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _top_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hearth-server", description="Hearth central sync service.")
    parser.add_argument("--version", action="version", version=f"hearth-server {version()}")
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    sub.add_parser("init", help="create or upgrade the database")

    p = sub.add_parser("add-team", help="add a team")
    p.add_argument("name")

    p = sub.add_parser("add-user", help="add a user account")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="the person's name")
    p.add_argument("--role", required=True, choices=("worker", "team_lead", "admin"))
    p.add_argument("--team", help="the user's team (required for workers and team leads)")
    p.add_argument("--gcp2-trained", action="store_true", help="trained to use GCP2")
    p.add_argument("--password-file", type=Path,
                   help="a file holding the password (otherwise you are asked)")

    p = sub.add_parser("allocate", help="allocate a family to a user (also moves it)")
    p.add_argument("family_id")
    p.add_argument("username")

    sub.add_parser("devices", help="list enrolled devices: user, name, last sync, how far behind")

    p = sub.add_parser("deactivate-user",
                       help="stop an account: it cannot enrol and all its devices are revoked")
    p.add_argument("username")

    p = sub.add_parser("reactivate-user", help="let a deactivated account enrol again")
    p.add_argument("username")

    p = sub.add_parser("set-password", help="give an account a new password (lifts a lockout)")
    p.add_argument("username")
    p.add_argument("--password-file", type=Path,
                   help="a file holding the password (otherwise you are asked)")

    sub.add_parser("lockouts", help="list accounts and addresses locked after failed sign-ins")

    p = sub.add_parser("unlock", help="lift the lockout of an account (or, --address, an address)")
    p.add_argument("name", metavar="USERNAME")
    p.add_argument("--address", action="store_true",
                   help="NAME is a client address, not a username")

    p = sub.add_parser("revoke-device", help="revoke a device: it wipes its store at next sync")
    p.add_argument("device_id")

    _add_load_reference(sub)
    recovery_key_command.configure(sub)
    p = sub.add_parser("serve", help="run the service (upgrades the database first)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    p.add_argument("--ssl-keyfile", help="the certificate's private key (PEM)")
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (default 1; on PostgreSQL, about two per CPU core)")
    return parser


def _add_load_reference(sub: Any) -> None:
    p = sub.add_parser(
        "load-reference",
        help="load the council's reference data: a reference JSON file, its configuration "
             "files, form files (.yaml) or a configuration folder",
        description="Load the council's reference data from each PATH: a reference JSON "
        "file (levels_of_need, agencies, forms, council, form_choices); levels_of_need.json, "
        "agencies.json, council.json (its logo beside it) or form_choices.json; a form, "
        "descriptor or option_lists.yaml file; or a folder laid out like the app's "
        "configuration folder (those files, and *.yaml at the top or in forms/). Nothing "
        "is loaded if anything has a problem.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")



def _password(args: argparse.Namespace) -> str:
    if args.password_file is not None:
        try:
            text: str = args.password_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(f"Cannot read the password file: {exc.strerror}.") from None
        password = text.rstrip("\r\n")
        if not password:
            raise CliError("The password file is empty.")
        return password
    if not sys.stdin.isatty():
        raise CliError("Give --password-file, or run in a terminal to be asked for the password.")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise CliError("The passwords do not match.")
    return first


def _when(value: object) -> str:
    return "-" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")  # type: ignore[attr-defined]


def _print_devices(devices: list[admin.DeviceInfo]) -> None:
    if not devices:
        print("No devices are enrolled.")
        return
    for d in devices:
        state = f"revoked {_when(d.revoked_at)}" if d.revoked_at else "active"
        user = f"{d.username} ({d.user_name})"
        last_sync = _when(d.last_sync_at) if d.last_sync_at else "never"
        behind = "-" if d.behind is None else str(d.behind)
        print(f"{d.id}  no. {d.number or '-':<4} {d.name:<24} {user:<30} enrolled "
              f"{_when(d.created_at)}  last sync {last_sync}  behind {behind}  {state}")
    print("(behind: records in the user's scope changed since the device last synced to the "
          "end, each counted once, plus families it has to remove)")


def _deactivate(session: Session, args: argparse.Namespace, _password: str | None) -> str:
    done = accounts.deactivate_user(session, args.username)
    return (f"{'Already deactivated' if done.already else 'Deactivated'} {done.user.username}; "
            f"revoked {done.devices_revoked} device{'s' if done.devices_revoked != 1 else ''} "
            "(each wipes its store at its next sync).")


def _reactivate(session: Session, args: argparse.Namespace, _password: str | None) -> str:
    user = accounts.reactivate_user(session, args.username)
    return f"Reactivated {user.username}; they can connect a device again."


def _set_password(session: Session, args: argparse.Namespace, password: str | None) -> str:
    assert password is not None
    user = accounts.set_password(session, args.username, password)
    return f"Set a new password for {user.username}; any lockout of the account is lifted."


def _lockouts(session: Session, _args: argparse.Namespace, _password: str | None) -> str:
    locks = throttle.current_lockouts(session)
    if not locks:
        return "No account or address is locked."
    lines = [f"{'KIND':<8} {'ACCOUNT OR ADDRESS':<40} {'FAILURES':>8}  UNTIL"]
    lines += [f"{lock.kind:<8} {lock.subject:<40} {lock.failures:>8}  "
              f"{lock.until.strftime('%Y-%m-%d %H:%M:%S UTC')}" for lock in locks]
    return "\n".join(lines)


def _unlock(session: Session, args: argparse.Namespace, _password: str | None) -> str:
    lock = accounts.unlock(session, args.name, address=args.address)
    return f"Lifted the lockout of {lock.kind} {lock.subject}."


ACCOUNT_COMMANDS: dict[str, Callable[[Session, argparse.Namespace, str | None], str]] = {
    "deactivate-user": _deactivate,
    "reactivate-user": _reactivate,
    "set-password": _set_password,
    "lockouts": _lockouts,
    "unlock": _unlock,
}


def run(args: argparse.Namespace) -> int:
    url = default_database_url()
    if args.command == "serve":
        return _serve(url, args)
    if args.command == "recovery-key":
        return recovery_key_command.run(args, url)
    password = _password(args) if args.command in ("add-user", "set-password") else None
    council_files = None
    if args.command == "load-reference":
        try:
            council_files = read_reference(args.paths)
        except ReferenceFileError as exc:
            raise CliError(str(exc)) from None
    engine = init_database(url)
    sessions = session_factory(engine)
    try:
        with sessions.begin() as session:
            if args.command == "init":
                print("The database is ready.")
            elif args.command == "add-team":
                print(f"Added team {admin.add_team(session, args.name)}.")
            elif args.command == "add-user":
                assert password is not None
                user = admin.add_user(
                    session, args.username, name=args.name, role=args.role, team=args.team,
                    password=password, gcp2_trained=args.gcp2_trained,
                )
                print(f"Added {user.role} {user.username}"
                      + (f" in team {user.team}." if user.team else "."))
            elif args.command == "allocate":
                moved = admin.allocate(session, args.family_id, args.username)
                if moved.previous and moved.previous != moved.username:
                    print(f"Moved family {moved.family_id} from {moved.previous} "
                          f"to {moved.username}.")
                else:
                    print(f"Allocated family {moved.family_id} to {moved.username}.")
            elif args.command == "devices":
                _print_devices(admin.list_devices(session))
            elif args.command in ACCOUNT_COMMANDS:
                print(ACCOUNT_COMMANDS[args.command](session, args, password))
            elif args.command == "revoke-device":
                d = admin.revoke_device(session, args.device_id)
                print(f"Revoked device {d.id} ({d.name}, {d.username}).")
            elif args.command == "load-reference":
                assert council_files is not None
                print(_load_reference(session, args.paths, council_files))
    finally:
        engine.dispose()
    return 0


def _load_reference(session: Session, paths: list[Path], files: CouncilFiles) -> str:
    # A problem in one of the configuration files is said against that file.
    names = {kind: source for kind, source in files.sources.items()
             if Path(source).name in KIND_FILES}
    try:
        loaded = reference_admin.load_reference(session, files.data, names)
    except admin.AdminError as exc:
        raise CliError(f"{paths[0]}: {exc}" if len(paths) == 1 else str(exc)) from None
    forms = len(files.data.get("forms") or [])
    said = [f"forms ({forms} file{'s' if forms != 1 else ''})" if kind == "forms" else kind
            for kind in loaded]
    return f"Loaded {', '.join(said) if said else 'nothing'}."


# How long an idle connection is kept open. Uvicorn's 5 s is the interval at which the app
# syncs, so the service closed a device's connection just as the device sent its next
# push on it (the device saw the connection drop: with 500 devices, a dozen failed
# pushes a minute). Longer than the clients' own idle limit (httpx: 5 s) and a load
# balancer's (often 60 s), so the side that closes an idle connection is never the
# service, mid-request.
KEEP_ALIVE_SECONDS = 65


def _serve(url: str, args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app

    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise CliError("Give both --ssl-certfile and --ssl-keyfile to serve HTTPS.")
    if not 1 <= args.workers <= 64:
        raise CliError("--workers must be between 1 and 64.")
    scheme = "https" if args.ssl_certfile else "http"
    options = dict(host=args.host, port=args.port, log_level="warning",
                   timeout_keep_alive=KEEP_ALIVE_SECONDS,
                   ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile)
    if args.workers == 1:
        app = create_app(url)
        print(f"Hearth central service on {scheme}://{args.host}:{args.port} "
              "(Ctrl+C stops it)", flush=True)
        uvicorn.run(app, **options)
        return 0
    init_database(url).dispose()  # migrate once, before the workers start
    os.environ["HEARTH_DATABASE_URL"] = url
    print(f"Hearth central service on {scheme}://{args.host}:{args.port} with "
          f"{args.workers} workers (Ctrl+C stops it)", flush=True)
    uvicorn.run("server.app:app_from_environment", factory=True, workers=args.workers,
                **options)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except (CliError, admin.AdminError, DatabaseError, throttle.SettingsError,
            recovery_key.RecoveryKeyError, recovery_key_command.RecoveryKeyCliError) as exc:
        print(f"hearth-server: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
