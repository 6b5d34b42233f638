"""``hearth report``: the figures a council reports, for a period, as a file.

    hearth report --store DIR --from 01/04/2026 --to 30/09/2026 [--worker U | --level CODE]
                  --format csv|xlsx|pdf --out FILE [--names]

The passphrase comes as for every other command (``$HEARTH_PASSPHRASE`` or
``--passphrase-file``). Families are listed by reference; ``--names`` adds their names.
The file is written whole or not at all (as ``hearth print`` does).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from app.cli.print_command import write_pdf
from app.dates import parse_uk, uk
from app.errors import HearthError
from app.reference.levels_of_need import load_levels
from app.reporting.export_csv import figures_csv
from app.reporting.export_xlsx import figures_xlsx
from app.reporting.period import Period, Scope
from app.reporting.report import Report, load_report
from app.reporting.report_pdf import render

FORMATS: dict[str, Callable[[Report], bytes]] = {
    "csv": lambda report: figures_csv(report).encode("utf-8"),
    "xlsx": figures_xlsx,
    "pdf": render,
}


def _date(text: str) -> dt.date:
    try:
        day = parse_uk(text)
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use DD/MM/YYYY")
    return day


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", required=True, type=_date, metavar="DD/MM/YYYY",
                        help="the first day of the period")
    parser.add_argument("--to", dest="end", required=True, type=_date, metavar="DD/MM/YYYY",
                        help="the last day of the period")
    whose = parser.add_mutually_exclusive_group()
    whose.add_argument("--worker", default="", metavar="USERNAME",
                       help="only the families allocated to this worker (default: the team)")
    whose.add_argument("--level", default="", metavar="CODE",
                       help="only the families at this level of need at the end of the period")
    parser.add_argument("--format", required=True, choices=sorted(FORMATS),
                        help="csv, xlsx (a workbook, one sheet per figure) or pdf")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help="where to write the report (replaced if it exists)")
    parser.add_argument("--names", action="store_true",
                        help="list families by name as well as reference")


def run(args: argparse.Namespace, passphrase: str, out: Callable[[str], None]) -> int:
    from app.store.unlock_attempts import open_store_counted

    period = Period(args.start, args.end)
    scope = Scope(worker=args.worker.strip(), level=args.level.strip())
    levels = load_levels()
    if scope.level and levels.get(scope.level) is None:
        known = ", ".join(level.code for level in levels.levels)
        raise HearthError(f"there is no level of need {scope.level!r}; choose one of {known}.")
    store = open_store_counted(args.store, passphrase)
    try:
        report = store.run(lambda s: load_report(s, period, scope, with_names=args.names))
    finally:
        store.close()
    content = FORMATS[args.format](report)
    write_pdf(args.out, content)
    out(f"Wrote {len(report.figures)} figures from {uk(period.start)} to {uk(period.end)} "
        f"for {scope.label} to {args.out} ({args.format}).")
    return 0
