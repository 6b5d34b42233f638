"""What the ``hearth`` subcommands share on the command line: the store and passphrase
options, whole numbers, and one-line usage mistakes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from app.errors import HearthError

PASSPHRASE_ENV = "HEARTH_PASSPHRASE"
DEBUG_ENV = "HEARTH_DEBUG"


class UsageError(Exception):
    """A mistake in the command line itself (exit status 2)."""


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one line instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# ------------------------------------------------------------------ shared options


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", required=True, type=Path, metavar="DIR", help="the store's folder"
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"read the passphrase from the first line of FILE (otherwise ${PASSPHRASE_ENV})",
    )


def passphrase_from(args: argparse.Namespace) -> str:
    if args.passphrase_file is not None:
        try:
            with open(args.passphrase_file, encoding="utf-8") as fh:
                phrase = fh.readline().strip()
        except OSError as exc:
            raise HearthError(
                f"cannot read the passphrase file {args.passphrase_file}: {exc.strerror}."
            ) from None
        except UnicodeDecodeError:
            raise HearthError(f"the passphrase file {args.passphrase_file} is not text.") from None
        if not phrase:
            raise HearthError(
                f"the passphrase file {args.passphrase_file} has an empty first line.")
        return phrase
    phrase = os.environ.get(PASSPHRASE_ENV, "")
    if not phrase:
        raise HearthError(
            f"no passphrase given: set {PASSPHRASE_ENV} or use --passphrase-file FILE "
            "(the passphrase on its first line)."
        )
    return phrase


def whole_number(text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"{value} is too small; give {least} or more")
    return value


def non_negative_int(text: str) -> int:
    return whole_number(text, 0)


def positive_int(text: str) -> int:
    return whole_number(text, 1)


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
