"""The council's configuration on this computer, and installing it from the central service.

A council's administrator loads its levels of need, its list of agencies, its
own form definitions and its identity into the central service once (``hearth-server
load-reference``); each device fetches them as it syncs and installs them
where Hearth already looks for a council's configuration (:func:`app.store.paths.config_folder`):

* ``levels_of_need.json`` (read by :mod:`app.reference.levels_of_need`);
* ``agencies.json``, a list of agency names (read by :func:`agencies`);
* ``forms/from-server-<id>-v<version>.yaml``, one file per form definition or
  descriptor file, and ``forms/from-server-option_lists.yaml`` (read by
  :mod:`app.forms.loader` with the council's other forms; written and kept as
  :mod:`app.reference.reference_forms` says: a form version is never deleted);
* ``council.json``, the council's name, logo, address, phone numbers and privacy
  notice on every document (read by :mod:`app.reference.council_identity`);
* ``form_choices.json``, which forms its workers are offered (read by
  :mod:`app.reference.form_choices`).

None of this is personal data, so it lives beside the store, not in it.
Everything is checked before anything is written; what fails a check is left
as it was and said in one line per problem. Each file is written whole (to a
temporary file, then renamed), so a process killed part way leaves the old
file or the new one, never half of one. Something the service no longer
holds is left as it is: a council clears it by loading new reference data.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import HearthError
from app.reference.choices import AGENCIES
from app.reference.council_identity import COUNCIL_FILE_NAME, embed_logo, identity_problem
from app.reference.form_choices import FORM_CHOICES_FILE_NAME, parse_form_choices
from app.reference.levels_of_need import LEVELS_FILE_NAME, parse_levels
from app.reference.reference_forms import form_problems, install_forms
from app.reference.reference_forms import sent_form_versions as sent_form_versions  # service
from app.store.paths import config_folder

AGENCIES_FILE_NAME = "agencies.json"
FORMS_FOLDER = "forms"
# The configuration files a council may load into the service, and the kind each holds.
REFERENCE_FILES = {
    LEVELS_FILE_NAME: "levels_of_need",
    AGENCIES_FILE_NAME: "agencies",
    COUNCIL_FILE_NAME: "council",
    FORM_CHOICES_FILE_NAME: "form_choices",
}
MAX_AGENCY_LENGTH = 120


@dataclass
class Installed:
    """What installing the service's reference data changed, and what it refused."""

    changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def agencies() -> list[str]:
    """The agencies a worker chooses from: the council's list if it has one, else Hearth's."""
    path = config_folder() / AGENCIES_FILE_NAME
    try:
        names = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return list(AGENCIES)
    return list(agency_names(names) or ()) if not agency_problem(names) else list(AGENCIES)


def agency_names(items: Any) -> list[str] | None:
    """The names in an agencies list (each a name, or an object with a ``name``); None
    if it is not such a list."""
    if not isinstance(items, list):
        return None
    names = [item.get("name") if isinstance(item, dict) else item for item in items]
    strings = [name for name in names if isinstance(name, str)]
    return strings if len(strings) == len(names) else None


def agency_problem(items: Any) -> str:
    """Why ``items`` is not a list of agencies ('' if it is)."""
    names = agency_names(items)
    if not names:
        return "agencies must be a list of names, with at least one"
    if any(not name.strip() or len(name) > MAX_AGENCY_LENGTH for name in names):
        return f"each agency must be a name of 1 to {MAX_AGENCY_LENGTH} characters"
    if len({name.strip() for name in names}) != len(names):
        return "the agencies list names one agency twice"
    return ""


def reference_problems(data: dict[str, Any]) -> list[str]:
    """Every problem with reference data (``levels_of_need``, ``agencies``, ``forms``,
    ``council``, ``form_choices``), each on one line; the service checks with this too
    before it stores any."""
    problems: list[str] = []
    council = data.get("council")
    if council:
        problem = identity_problem(council)
        if problem:
            problems.append(f"council: {problem}")
    levels = data.get("levels_of_need")
    if levels:
        try:
            parse_levels(json.dumps(levels), "levels_of_need")
        except HearthError as exc:
            problems.append(exc.message)
    names = data.get("agencies")
    if names:
        problem = agency_problem(names)
        if problem:
            problems.append(f"agencies: {problem}")
    forms = data.get("forms")
    if forms:
        problems.extend(form_problems(forms))
    choices = data.get("form_choices")
    if choices:
        problems.extend(parse_form_choices(choices, "form_choices").problems)
    return problems


def install_reference(data: dict[str, Any], folder: Path | None = None) -> Installed:
    """Install what the service sent; nothing of a kind that fails its checks."""
    folder = folder or config_folder()
    # Each kind: what the user is told arrived, and how it is written (True if changed).
    kinds: dict[str, tuple[str, Callable[[Any], bool]]] = {
        "levels_of_need": ("levels of need",
                           lambda levels: _write(folder / LEVELS_FILE_NAME, _json(levels))),
        "agencies": ("agencies",
                     lambda items: _write(folder / AGENCIES_FILE_NAME, _json(agency_names(items)))),
        "forms": ("forms",
                  lambda forms: install_forms(folder / FORMS_FOLDER, forms, _write)),
        "council": ("name and contact details",
                    lambda council: _write(folder / COUNCIL_FILE_NAME, _json(council))),
        "form_choices": ("choice of forms",
                         lambda choices: _write(folder / FORM_CHOICES_FILE_NAME, _json(choices))),
    }
    installed = Installed()
    for key, (label, write) in kinds.items():
        value = data.get(key)
        if not value:
            continue
        problems = reference_problems({key: value})
        if problems:
            installed.problems.extend(problems)
        elif write(value):
            installed.changed.append(label)
    return installed


def with_logo_embedded(data: Any, folder: Path) -> Any:
    """Reference data with the council's logo, named as an image file in ``folder``,
    replaced by the image itself (what ``hearth-server load-reference`` stores);
    ValueError says why the file cannot be used."""
    if isinstance(data, dict) and "council" in data:
        return {**data, "council": embed_logo(data["council"], folder)}
    return data


def _json(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False)


def _write(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` whole (temporary file, then rename); False if unchanged."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
