"""Reading the council's own files for ``hearth-server load-reference PATH...``.

Each PATH is one of:

* a reference JSON file: an object with ``levels_of_need``, ``agencies``, ``forms``,
  ``council`` and/or ``form_choices`` (a logo named in ``council`` is a file beside it);
* one of the app's configuration files by its name: ``levels_of_need.json``,
  ``agencies.json``, ``council.json`` (its logo file beside it) or ``form_choices.json``;
* a form, descriptor file or ``option_lists.yaml`` (``*.yaml`` or ``*.yml``);
* a folder laid out like the app's configuration folder: those four JSON files, and
  ``*.yaml`` in a ``forms`` subfolder or at the top.

Forms travel as the council wrote them (``{"file": name, "yaml": text}``, see
:mod:`app.reference.reference_forms`), so every problem found in them names the
council's own file and line, e.g. ``forms/ehat_barset.yaml: pages[2].fields[0]: ...
(line 41)``. Nothing is stored here: :func:`read_reference` gives the data and, for
each kind, the file it came from.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.reference.council_config import FORMS_FOLDER, REFERENCE_FILES, with_logo_embedded

KIND_FILES = REFERENCE_FILES
FORM_SUFFIXES = (".yaml", ".yml")


class ReferenceFileError(ValueError):
    """A file that cannot be read as reference data; the message is one line."""


@dataclass
class CouncilFiles:
    """Reference data read from the council's files, and the file each kind came from."""

    data: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, value: Any, source: str) -> None:
        if kind == "forms" and isinstance(value, list):
            self.data.setdefault("forms", []).extend(value)
            self.sources.setdefault("forms", source)
            return
        if kind in self.data:
            raise ReferenceFileError(
                f"{kind} is given twice ({self.sources[kind]} and {source}); give it once.")
        self.data[kind] = value
        self.sources[kind] = source


def read_reference(paths: Sequence[Path]) -> CouncilFiles:
    """The reference data in ``paths``; ReferenceFileError names a file that cannot be
    read as one."""
    found = CouncilFiles()
    for path in paths:
        if path.is_dir():
            _read_folder(path, found)
        elif path.suffix.lower() in FORM_SUFFIXES:
            found.add("forms", [_form_item(path, path.name)], path.name)
        elif path.name in KIND_FILES:
            _add_kind_file(path, found)
        elif path.suffix.lower() == ".json":
            _add_reference_file(path, found)
        elif not path.exists():
            raise ReferenceFileError(f"Cannot read {path}: there is no such file or folder.")
        else:
            raise ReferenceFileError(
                f"{path} is not a reference JSON file, one of {', '.join(KIND_FILES)}, a "
                "form file (.yaml) or a folder.")
    return found


def _read_folder(folder: Path, found: CouncilFiles) -> None:
    for name in KIND_FILES:
        if (folder / name).is_file():
            _add_kind_file(folder / name, found, shown=name)
    forms = [(path, path.name) for path in _yaml_files(folder)]
    forms += [(path, f"{FORMS_FOLDER}/{path.name}")
              for path in _yaml_files(folder / FORMS_FOLDER)]
    if forms:
        found.add("forms", [_form_item(path, shown) for path, shown in forms], str(folder))
    if not found.data:
        raise ReferenceFileError(
            f"{folder} holds none of {', '.join(KIND_FILES)} and no form files (*.yaml at "
            f"the top or in {FORMS_FOLDER}/).")


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir()
                  if path.is_file() and path.suffix.lower() in FORM_SUFFIXES)


def _form_item(path: Path, shown: str) -> dict[str, str]:
    return {"file": shown, "yaml": _text(path, shown)}


def _add_kind_file(path: Path, found: CouncilFiles, shown: str | None = None) -> None:
    shown = shown or path.name
    kind = KIND_FILES[path.name]
    value = _json(path, shown)
    if kind == "council":
        value = _with_logo({"council": value}, path.parent, shown)["council"]
    found.add(kind, value, shown)


def _add_reference_file(path: Path, found: CouncilFiles) -> None:
    data = _json(path, str(path))
    if not isinstance(data, dict):
        raise ReferenceFileError(
            f"{path}: reference data must be a JSON object with levels_of_need, agencies, "
            "forms, council and/or form_choices.")
    for kind, value in _with_logo(data, path.parent, str(path)).items():
        found.add(kind, value, str(path))


def _with_logo(data: dict[str, Any], folder: Path, shown: str) -> Any:
    """``data`` with its council's logo file replaced by the image (see
    :func:`app.reference.council_config.with_logo_embedded`)."""
    try:
        return with_logo_embedded(data, folder)
    except ValueError as exc:
        raise ReferenceFileError(f"{shown}: council: {exc}; nothing was loaded.") from None


def _text(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReferenceFileError(f"Cannot read {shown}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise ReferenceFileError(f"{shown} is not UTF-8 text.") from None


def _json(path: Path, shown: str) -> Any:
    text = _text(path, shown)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReferenceFileError(
            f"{shown} is not valid JSON: {exc.msg} (line {exc.lineno}).") from None
