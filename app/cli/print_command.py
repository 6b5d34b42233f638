"""``hearth print``: make one of a family's documents as a PDF file, for batch printing,
or as an accessible web page (``--format html``) a screen reader reads in order.

    hearth print --store DIR --family EH-000012 --document plan --out plan.pdf [--large-print]
    hearth print --store DIR --family EH-000012 --document plan --format html --out plan.html

The passphrase comes as for every other command (``$HEARTH_PASSPHRASE`` or
``--passphrase-file``); ``app.cli.main`` adds those options and hands over here.
A family with nothing to make the document from is a one-line error (exit
status 1), e.g. "Family EH-000012 has no completed EHAT to print." A council identity
file with a mistake is a warning on stderr naming the file and the problem; the
document is still made, with the identity read before (or a general one).

The file is made in memory and written to a temporary name beside ``--out``,
then renamed, so an interrupted run never leaves half a file.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from app.documents.catalogue import (
    DOCUMENT_NAMES,
    LABELS,
    load_document,
    render_checked,
    unprintable_message,
)
from app.documents.layout.document_info import RenderOptions
from app.errors import HearthError

HELP = "make a family's document (consent, plan, ehat, ...) as a PDF file or web page"
FORMATS = ("pdf", "html")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--family", required=True, metavar="REF",
                        help="the family's reference, e.g. EH-000012")
    parser.add_argument("--document", required=True, choices=DOCUMENT_NAMES, metavar="NAME",
                        help=f"which document: {', '.join(DOCUMENT_NAMES)}")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help="where to write the file (replaced if it exists)")
    parser.add_argument("--format", choices=FORMATS, default="pdf",
                        help="pdf (the default), or html: an accessible web page "
                             "a screen reader reads in order")
    parser.add_argument("--large-print", action="store_true",
                        help="larger type (16pt) for readers who need it (PDF)")


def write_pdf(path: Path, content: bytes, *, kind: str = "PDF", suffix: str = "pdf") -> None:
    """Write ``content`` to ``path`` whole or not at all."""
    path = Path(path)
    if path.is_dir():
        raise HearthError(
            f"{path} is a folder; give a file name for the {kind}, e.g. {path}/plan.{suffix}."
        )
    if not path.parent.is_dir():
        raise HearthError(f"cannot write {path}: the folder {path.parent} does not exist.")
    partial = path.with_name(f".{path.name}.part")
    try:
        with open(partial, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise HearthError(f"cannot write {path}: {exc.strerror or exc}.") from None


def run(args: argparse.Namespace, passphrase: str, out: Callable[[str], None]) -> int:
    from app.store.unlock_attempts import open_store_counted

    name: str = args.document
    store = open_store_counted(args.store, passphrase)
    try:
        data = store.run(load_document, store.profile, args.family, name)
    finally:
        store.close()
    options = RenderOptions(large_print=bool(args.large_print))
    if args.format == "html":
        from app.documents.web_page import render_with_web_page

        both = render_with_web_page(name, data, options)
        content, unprintable = both.html.encode("utf-8"), both.unprintable
        write_pdf(args.out, content, kind="web page", suffix="html")
        size = "web page, "
    else:  # the PDF alone: its web page is not drawn up only to be thrown away
        content, unprintable = render_checked(name, data, options)
        write_pdf(args.out, content)
        size = "large print, " if args.large_print else ""
    if unprintable:
        print(f"warning: {unprintable_message(unprintable, show=False)}", file=sys.stderr)
    if data.letterhead.problem:  # the council's identity file has a mistake: say so
        print(f"warning: {data.letterhead.problem}", file=sys.stderr)
    out(
        f"Wrote \u201c{LABELS[name]}\u201d for family {args.family.strip().upper()} "
        f"to {args.out} ({size}{max(1, len(content) // 1024)} KB)."
    )
    return 0
