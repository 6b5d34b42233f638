"""Which forms a council's workers are offered for new assessments.

A council says so in ``form_choices.json`` in its configuration folder
(:func:`app.store.paths.config_folder`, beside ``levels_of_need.json``)::

    {
      "hidden_forms": ["ehat"],
      "offered_examples": ["ehat_short_council_b"]
    }

* ``hidden_forms``: form ids no new assessment is started with (a shipped form the
  council does not use, or one of its own it has retired);
* ``offered_examples``: forms shipped only as examples (``example: true`` in their
  file, like the "Council B" short EHAT) that the council does want offered. Without
  this an example is never offered.

A council may also load the file into the central service (reference data
``form_choices``); each device then installs it here as it syncs. A form the service
used to send and no longer sends at all is kept on the device (assessments made with
it still open and print) but no longer offered: the device lists it in
``retired_forms.json`` beside this file.

Assessments already made with a form that is not offered still open and print with
the version they were made with. A file that cannot be read, or says something
else, is reported (:attr:`FormChoices.problems`) and the defaults apply: every form
offered except the examples.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.forms.definition import FormDefinition
from app.forms.problems import describe
from app.store.paths import config_folder

FORM_CHOICES_FILE_NAME = "form_choices.json"
# Written by the device (app.reference.reference_forms), never by a council.
RETIRED_FORMS_FILE_NAME = "retired_forms.json"
KEYS = ("hidden_forms", "offered_examples")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class FormChoices:
    hidden_forms: frozenset[str] = frozenset()
    offered_examples: frozenset[str] = frozenset()
    problems: tuple[str, ...] = field(default=(), compare=False)
    # Forms the service no longer sends (kept for the assessments made with them).
    retired_forms: frozenset[str] = frozenset()

    def offers(self, form: FormDefinition) -> bool:
        """Whether a new assessment may be started with this form."""
        if form.id in self.hidden_forms or form.id in self.retired_forms:
            return False
        return not form.example or form.id in self.offered_examples


def form_choices_path(folder: Path | None = None) -> Path:
    return (folder or config_folder()) / FORM_CHOICES_FILE_NAME


def load_form_choices(folder: Path | None = None) -> FormChoices:
    """The council's choices (the defaults when it has no file, or a broken one), and
    the forms the service no longer sends."""
    choices = _load_council_choices(folder)
    retired = load_retired_forms(folder)
    return dataclasses.replace(choices, retired_forms=retired) if retired else choices


def load_retired_forms(folder: Path | None = None) -> frozenset[str]:
    """The ids in ``retired_forms.json`` (none if it is missing or damaged: then every
    form on the device is offered, as before it was written)."""
    path = (folder or config_folder()) / RETIRED_FORMS_FILE_NAME
    try:
        ids = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return frozenset()
    if not isinstance(ids, list):
        return frozenset()
    return frozenset(item for item in ids if isinstance(item, str))


def _load_council_choices(folder: Path | None) -> FormChoices:
    path = form_choices_path(folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return FormChoices()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        return FormChoices(problems=(f"{path.name}: cannot be read: {reason}",))
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        return FormChoices(problems=(f"{path.name}: not JSON{where}: {exc.args[0]}",))
    return parse_form_choices(data, path.name)


def parse_form_choices(data: Any, name: str = FORM_CHOICES_FILE_NAME) -> FormChoices:
    """Read the choices from parsed JSON; anything wrong is a problem and is left out."""
    if not isinstance(data, dict):
        return FormChoices(
            problems=(f"{name}: must be an object with {' and/or '.join(KEYS)}, "
                      f"not {describe(data)}",)
        )
    problems = [
        f"{name}: {key}: unknown setting (known: {', '.join(KEYS)})"
        for key in data
        if key not in KEYS
    ]
    lists: dict[str, frozenset[str]] = {}
    for key in KEYS:
        value = data.get(key, [])
        if not isinstance(value, list):
            problems.append(f"{name}: {key}: must be a list of form ids, not {describe(value)}")
            value = []
        ids: set[str] = set()
        for index, item in enumerate(value):
            if isinstance(item, str) and ID_PATTERN.match(item):
                ids.add(item)
            else:
                problems.append(
                    f"{name}: {key}[{index}]: {describe(item)} is not a form id "
                    "(lower-case letters, digits and underscores)"
                )
        lists[key] = frozenset(ids)
    return FormChoices(lists["hidden_forms"], lists["offered_examples"], tuple(problems))


def unknown_forms(choices: FormChoices, form_ids: set[str]) -> list[str]:
    """The form ids the choices name that are not loaded (worth a warning in a check)."""
    named = sorted(choices.hidden_forms | choices.offered_examples)
    return [
        f"{FORM_CHOICES_FILE_NAME}: {form_id!r} is not a loaded form"
        for form_id in named
        if form_id not in form_ids
    ]
