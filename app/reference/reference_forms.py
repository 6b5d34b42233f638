"""The council's forms as the central service sends them, checked and installed on a device.

Each item of the service's ``forms`` list is either a council's file as it wrote it,
``{"file": "forms/ehat_barset.yaml", "yaml": "<its text>"}`` (what ``hearth-server
load-reference`` stores for YAML files, so the council's comments and line numbers
travel with it), or a form, descriptor file or option list as a JSON object (what an
older reference JSON file held).

A device writes each to its forms folder named by what it holds, never by its place in
the list: ``from-server-<id>-v<version>.yaml``, or ``from-server-option_lists.yaml``.
Nothing already there is deleted: a version the service stops sending stays, so the
assessments made with it still open and print. A form the service no longer sends at
all is listed in ``retired_forms.json`` and so no longer offered for new assessments
(:mod:`app.reference.form_choices`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from app.forms.loader import OPTION_LISTS_FILE, SHIPPED_FORMS, load_texts
from app.reference.form_choices import RETIRED_FORMS_FILE_NAME, load_retired_forms

# Forms written from the service start with this; the council's own files never do.
SERVER_FORM_PREFIX = "from-server-"
SERVER_OPTION_LISTS = f"{SERVER_FORM_PREFIX}{OPTION_LISTS_FILE}"
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def is_text_item(item: Any) -> bool:
    """A council's file as it wrote it: ``{"file": name, "yaml": text}``."""
    return isinstance(item, dict) and set(item) == {"file", "yaml"}


def form_texts(forms: list[Any]) -> list[tuple[str, str]]:
    """Each item as ``(the name problems are reported against, the text of a file)``."""
    texts = []
    for index, item in enumerate(forms):
        if is_text_item(item):
            texts.append((str(item["file"]), str(item["yaml"])))
            continue
        name = f"forms[{index}]"
        if isinstance(item, dict) and "option_lists" in item:
            name += f": {OPTION_LISTS_FILE}"  # read before the forms (app.forms.loader)
        texts.append((name, _json(item)))
    return texts


def form_problems(forms: Any) -> list[str]:
    """Every problem with the service's forms, each on one line, against the council's
    own file name and line (checked with the shipped forms, which they may build on but
    neither repeat nor reuse the ids of)."""
    if not isinstance(forms, list) or not all(isinstance(item, dict) for item in forms):
        return ["forms: must be a list of form definitions (objects)"]
    bad = [index for index, item in enumerate(forms)
           if ("yaml" in item or "file" in item) and not (
               is_text_item(item) and isinstance(item["file"], str)
               and isinstance(item["yaml"], str))]
    if bad:
        return [f"forms[{bad[0]}]: a council's file must be sent as "
                '{"file": its name, "yaml": its text}']
    lists = [name for name, _ in form_texts(forms) if name.endswith(OPTION_LISTS_FILE)]
    if len(lists) > 1:
        return [f"forms: the option lists are in {len(lists)} files ({', '.join(lists)}); "
                f"a council keeps all its lists in one {OPTION_LISTS_FILE}"]
    shipped = [(str(path), path.read_text(encoding="utf-8"))
               for path in sorted(SHIPPED_FORMS.glob("*.yaml"))]
    result = load_texts(shipped, council=form_texts(forms))
    return [str(problem) for problem in result.problems
            if not problem.file.startswith(str(SHIPPED_FORMS))]


def read_yaml(text: str) -> Any:
    """A file's content, read as the form loader reads it (libyaml's safe loader, when
    present, accepts a little more than PyYAML's own)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)


def sent_form_versions(forms: Any) -> set[tuple[str, int]]:
    """The (id, version) of each form in a forms list (descriptor files and option lists
    are not forms; anything unreadable is skipped)."""
    found: set[tuple[str, int]] = set()
    if not isinstance(forms, list):
        return found
    for _, text in form_texts(forms):
        try:
            form = read_yaml(text)
        except yaml.YAMLError:
            continue
        if (isinstance(form, dict) and "descriptors_for" not in form
                and isinstance(form.get("id"), str) and type(form.get("version")) is int):
            found.add((form["id"], form["version"]))
    return found


def installed_name(text: str) -> str:
    """The file a device keeps a (checked) form, descriptor file or option list in."""
    data = read_yaml(text)
    if not isinstance(data, dict):
        raise ValueError("not a form")
    if "option_lists" in data:
        return SERVER_OPTION_LISTS
    name = f"{data.get('id')}-v{data.get('version')}"
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:80]
    return f"{SERVER_FORM_PREFIX}{safe}.yaml"


def install_forms(folder: Path, forms: list[Any], write: Callable[[Path, str], bool]) -> bool:
    """Write the (checked) forms into ``folder``, keeping every one already there; True if
    anything changed."""
    wanted = {installed_name(text): text for _, text in form_texts(forms)}
    changed = False
    for name, text in wanted.items():
        changed = write(folder / name, text) or changed
    for old in sorted(folder.glob(f"{SERVER_FORM_PREFIX}*.yaml")):
        if old.name in wanted:
            continue
        new_name = _name_of_file(old)
        if new_name is None or new_name == old.name:
            continue  # kept as it is
        # Written by an older release, named by its place in the list: kept under its
        # new name, unless the same form and version has just been written.
        if new_name in wanted or (folder / new_name).exists():
            old.unlink()
        else:
            old.rename(folder / new_name)
        changed = True
    sent = {_id_of(text) for text in wanted.values()} - {None}
    return _write_retired(folder.parent, folder, sent, write) or changed


def _write_retired(config: Path, folder: Path, sent: set[str | None],
                   write: Callable[[Path, str], bool]) -> bool:
    """List the forms on the device that came from the service and no longer do."""
    held = {_id_of(_text_of(path))
            for path in folder.glob(f"{SERVER_FORM_PREFIX}*.yaml")} - {None}
    retired = sorted(str(form_id) for form_id in held - sent)
    if not retired and not load_retired_forms(config):
        return False
    return write(config / RETIRED_FORMS_FILE_NAME, _json(retired))


def _text_of(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""  # a damaged file is left as it is (the loader reports it)


def _name_of_file(path: Path) -> str | None:
    try:
        return installed_name(_text_of(path))
    except (ValueError, yaml.YAMLError):
        return None


def _id_of(text: str) -> str | None:
    try:
        data = read_yaml(text)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or "descriptors_for" in data or "option_lists" in data:
        return None
    form_id = data.get("id")
    return form_id if isinstance(form_id, str) else None


def _json(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False)
