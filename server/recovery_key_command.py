"""``hearth-server recovery-key create|show``: the council's recovery key from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from server import recovery_key
from server.db import init_database, session_factory


class RecoveryKeyCliError(Exception):
    """A failure to report as one line."""


def configure(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("recovery-key", help="the council's recovery key: create, show")
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    create = actions.add_parser(
        "create", help="make the council's recovery key pair (private half to FILE)")
    create.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="where to write the private key (a new file; keep it offline)")
    create.add_argument("--passphrase-file", type=Path, metavar="FILE",
                        help="a file holding the passphrase for FILE (otherwise you are asked)")
    create.add_argument("--replace", action="store_true",
                        help="replace the recovery key this service already has")
    actions.add_parser("show", help="print the fingerprint of the recovery public key")


def _passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_file is not None:
        try:
            text: str = args.passphrase_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise RecoveryKeyCliError(
                f"Cannot read the passphrase file: {exc.strerror}.") from None
        phrase = text.splitlines()[0] if text.strip() else ""
        if not phrase:
            raise RecoveryKeyCliError("The passphrase file is empty.")
        return phrase
    if not sys.stdin.isatty():
        raise RecoveryKeyCliError(
            "Give --passphrase-file, or run in a terminal to be asked for the passphrase.")
    first = getpass.getpass("Passphrase for the recovery key file: ")
    if first != getpass.getpass("The same passphrase again: "):
        raise RecoveryKeyCliError("The passphrases do not match; nothing was made.")
    return first


def run(args: argparse.Namespace, url: str) -> int:
    passphrase = _passphrase(args) if args.action == "create" else ""
    engine = init_database(url)
    try:
        with session_factory(engine).begin() as session:
            if args.action == "create":
                key = recovery_key.create_key(session, args.out, passphrase,
                                              replace=args.replace)
                print(f"Made the council's recovery key. Private key: {args.out} (keep it "
                      "offline with its passphrase). Fingerprint: " + key.fingerprint)
                return 0
            shown = recovery_key.current_key(session)
            if shown is None:
                print("No recovery key is set; make one with 'hearth-server recovery-key "
                      "create --out FILE'.")
                return 1
            print(f"Recovery key fingerprint: {shown.fingerprint} ({shown.algorithm})")
            return 0
    finally:
        engine.dispose()
