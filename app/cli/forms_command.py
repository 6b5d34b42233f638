"""``hearth forms check [DIR]``: check a folder of form definitions.

Prints one ``file: path: problem`` line per mistake and exits 1 if there is
any; otherwise prints a summary line and exits 0. Without DIR, the forms the
application would load (shipped and council folders) are checked, and the
council's choice of forms (``form_choices.json``) with them.

``app.cli.main`` registers it with :func:`configure` and :func:`run`; any other
argparse-based command line can use :func:`add_parser`. :func:`run` returns
the exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

HELP = "work with form definitions: hearth forms check [DIR]"


def configure(parser: argparse.ArgumentParser) -> None:
    """Give a ``forms`` parser its ``check`` action."""
    actions = parser.add_subparsers(dest="forms_command", metavar="ACTION")
    actions.required = True
    check = actions.add_parser(
        "check",
        help="check a folder of form definitions",
        description="Check every *.yaml form definition in a folder. Prints one "
        "'file: path: problem' line per mistake; exit status 1 if there is any.",
    )
    check.add_argument(
        "folder",
        nargs="?",
        metavar="DIR",
        help="the folder to check (default: the forms the application loads)",
    )


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``forms`` to an argparse sub-parser set; ``args.run(args)`` runs it."""
    forms: argparse.ArgumentParser = subparsers.add_parser("forms", help=HELP, description=HELP)
    configure(forms)
    forms.set_defaults(run=run)
    return forms


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    if getattr(args, "forms_command", None) != "check":
        print("hearth: usage: hearth forms check [DIR]", file=err)
        return 2
    from app.forms.loader import default_folders, load_folders

    folder = getattr(args, "folder", None)
    if folder is not None:
        path = Path(folder)
        if not path.is_dir():
            print(f"hearth: {folder} is not a folder.", file=err)
            return 2
        folders = [path]
    else:
        folders = default_folders()
    result = load_folders(folders)
    problems = [str(problem) for problem in result.problems]
    if folder is None:
        problems += choices_problems(set(result.registry.form_ids()))
    for problem in problems:
        print(problem, file=out)
    files = len(result.files)
    if problems:
        count = len(problems)
        print(
            f"{count} problem{'s' if count != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}.",
            file=err,
        )
        return 1
    forms = len(result.registry)
    descriptor_files = len(result.registry.descriptor_files)
    print(
        f"Checked {files} file{'s' if files != 1 else ''}: {forms} form version"
        f"{'s' if forms != 1 else ''} and {descriptor_files} descriptor file"
        f"{'s' if descriptor_files != 1 else ''}, no problems.",
        file=out,
    )
    return 0


def choices_problems(form_ids: set[str]) -> list[str]:
    """What is wrong with the council's ``form_choices.json`` (nothing if it has none)."""
    from app.reference.form_choices import load_form_choices, unknown_forms

    choices = load_form_choices()
    return [*choices.problems, *unknown_forms(choices, form_ids)]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m app.cli.forms_command check [DIR]`` (the same as ``hearth forms check``)."""
    parser = argparse.ArgumentParser(prog="hearth")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["forms", *(sys.argv[1:] if argv is None else argv)])
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
