"""``hearth diagnostics``: what IT needs to help (app.diagnostics), printed, without
personal data. With the store's passphrase it adds the store's counts and sync state."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

PASSPHRASE_ENV = "HEARTH_PASSPHRASE"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, metavar="DIR",
                        help="the store's folder (default: your Hearth data folder)")
    parser.add_argument("--unlock", action="store_true",
                        help=f"open the store (passphrase in ${PASSPHRASE_ENV}) to add its "
                        "counts, schema version and last sync")


def run(args: argparse.Namespace) -> int:
    from app.diagnostics import diagnostic_text, store_facts
    from app.errors import HearthError
    from app.store import paths

    folder = args.store or paths.default_store()
    facts = None
    if args.unlock:
        from app.store.unlock_attempts import open_store_counted

        phrase = os.environ.get(PASSPHRASE_ENV, "")
        if not phrase:
            raise HearthError(f"--unlock needs the passphrase in ${PASSPHRASE_ENV}.")
        store = open_store_counted(folder, phrase)
        try:
            facts = store.run(store_facts)
        finally:
            store.close()
    sys.stdout.write(diagnostic_text(folder, locked=facts is None, facts=facts))
    return 0
