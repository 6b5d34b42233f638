"""``hearth recover --store DIR --recovery-key FILE``: a new passphrase for a forgotten one.

Run by IT with the worker's device in hand and the council's recovery key file (made by
``hearth-server recovery-key create``). It asks for the recovery key file's passphrase
and for the worker's new passphrase twice (or reads them from files, for scripts), then
unseals the store's key and wraps it under the new passphrase
(:func:`app.store.recovery.recover_store`). Every record and draft stays as it was. A
wrong passphrase, another council's key, a damaged file or a store without a sealed
copy is one sentence, and nothing is changed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from app.errors import HearthError
from app.store.recovery import recover_store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", required=True, type=Path, metavar="DIR",
                        help="the store's folder")
    parser.add_argument("--recovery-key", required=True, type=Path, metavar="FILE",
                        help="the council's recovery key file (private key, PEM)")
    parser.add_argument("--recovery-passphrase-file", type=Path, metavar="FILE",
                        help="read the recovery key file's passphrase from FILE's first line")
    parser.add_argument("--new-passphrase-file", type=Path, metavar="FILE",
                        help="read the worker's new passphrase from FILE's first line")


def _from_file(path: Path, what: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            phrase = fh.readline().rstrip("\r\n")
    except OSError as exc:
        raise HearthError(f"cannot read the {what} file {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise HearthError(f"the {what} file {path} is not text.") from None
    if not phrase:
        raise HearthError(f"the {what} file {path} has an empty first line.")
    return phrase


def _asked(prompt: str, what: str, twice: bool) -> str:
    if not sys.stdin.isatty():
        raise HearthError(
            f"no {what} given: run in a terminal to be asked, or give its file "
            "(see 'hearth recover --help')."
        )
    first = getpass.getpass(prompt)
    if twice and first != getpass.getpass("The same again: "):
        raise HearthError(f"the two {what}s are not the same; nothing was changed.")
    if not first:
        raise HearthError(f"no {what} given; nothing was changed.")
    return first


def run(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    if args.recovery_passphrase_file is not None:
        recovery_phrase = _from_file(args.recovery_passphrase_file, "recovery passphrase")
    else:
        recovery_phrase = _asked("Passphrase of the recovery key file: ",
                                 "recovery passphrase", twice=False)
    if args.new_passphrase_file is not None:
        new_phrase = _from_file(args.new_passphrase_file, "new passphrase")
    else:
        new_phrase = _asked("The worker's new passphrase: ", "new passphrase", twice=True)
    recover_store(args.store, args.recovery_key, recovery_phrase, new_phrase)
    out(f"The store in {args.store} now opens with the new passphrase; every record and "
        "draft in it is as it was.")
    return 0
