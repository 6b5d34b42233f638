"""The ids a council's own forms may not use: those Hearth ships, and any starting
``hearth_`` (kept for forms a later release ships, so none can ever collide with a
council's).

A council's form (or descriptor file) with such an id is reported against its own
file, at its ``id``, and left out: a council changes a shipped form by writing its
own with its own id and the same ``kind``, and hides Hearth's with ``hidden_forms``
in ``form_choices.json`` (see forms/README.md).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from pathlib import Path

from app.forms.definition import DescriptorSet, FormDefinition
from app.forms.problems import ReadResult

RESERVED_PREFIX = "hearth_"
_TOP_ID = re.compile(r"^id:\s*['\"]?([A-Za-z0-9_]+)['\"]?\s*(?:#.*)?$", re.MULTILINE)


@functools.cache
def shipped_ids(folder: Path) -> frozenset[str]:
    """The ids of the forms and descriptor files shipped in ``folder`` (read once)."""
    ids: set[str] = set()
    for path in folder.glob("*.yaml"):
        match = _TOP_ID.search(path.read_text(encoding="utf-8"))
        if match:
            ids.add(match.group(1))
    return frozenset(ids)


def reserved_reason(document_id: str, shipped: Iterable[str]) -> str:
    """Why a council may not use ``document_id`` ('' if it may)."""
    if document_id in set(shipped):
        return f"{document_id!r} is the id of a form Hearth ships"
    if document_id.startswith(RESERVED_PREFIX):
        return f"ids starting {RESERVED_PREFIX!r} are kept for forms Hearth ships"
    return ""


def refuse_reserved(result: ReadResult, shipped: Iterable[str]) -> ReadResult:
    """``result`` (a council's file) as it stands, or left out with a problem at its
    ``id`` if that id is reserved."""
    document = result.document
    if not isinstance(document, (FormDefinition, DescriptorSet)):
        return result
    reason = reserved_reason(document.id, shipped)
    if not reason:
        return result
    if isinstance(document, FormDefinition):
        advice = ("a council's own form needs an id of its own, so this file was left out. "
                  "To change one of Hearth's forms, give your copy its own id (keep the same "
                  "kind), and hide Hearth's with hidden_forms in form_choices.json")
    else:
        advice = ("a council's own descriptor file needs an id of its own (keep its "
                  "descriptors_for), so this file was left out")
    problem = result.problem_at(("id",), f"{reason}; {advice}")
    return dataclasses.replace(result, document=None, problems=(*result.problems, problem))
