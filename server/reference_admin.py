"""The council's reference data on the service: checking and storing what an
administrator loads (``hearth-server load-reference``), and what devices fetch.

Reference data is checked as the devices will check it before they install any, and
new forms must keep every version of a council's form that assessments on the service
were made with: devices keep every version they have, but a device enrolled later
gets only what the service holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.forms.loader import SHIPPED_FORMS
from app.forms.reserved_ids import reserved_reason, shipped_ids
from app.reference.council_config import reference_problems, sent_form_versions
from server.admin_error import AdminError
from server.models import Record, ReferenceData, utcnow

REFERENCE_KINDS = ("levels_of_need", "agencies", "forms", "council", "form_choices")
ASSESSMENT_ENTITY = "assessment"
_SHAPES: dict[str, tuple[type | tuple[type, ...], str]] = {
    "agencies": (list, "agencies must be a list."),
    "forms": (list, "forms must be a list."),
    "levels_of_need": ((dict, list), "levels_of_need must be an object or a list."),
    "council": (dict, "council must be an object with the council's name and details."),
    "form_choices": (dict, "form_choices must be an object with hidden_forms and/or "
                           "offered_examples."),
}


def load_reference(
    session: Session, data: Any, names: Mapping[str, str] | None = None
) -> list[str]:
    """Store reference data (an object with levels_of_need, agencies, forms, council
    and/or form_choices); the kinds stored, in that order. ``names`` gives the file a
    kind came from, to say its problems against (``levels_of_need.json: ...``)."""
    if not isinstance(data, dict):
        raise AdminError(
            f"Reference data must be a JSON object with {', '.join(REFERENCE_KINDS)}."
        )
    unknown = sorted(set(data) - set(REFERENCE_KINDS))
    if unknown:
        raise AdminError(
            f"Unknown reference data {', '.join(unknown)}: use {', '.join(REFERENCE_KINDS)}."
        )
    for kind, (shape, message) in _SHAPES.items():
        if kind in data and not isinstance(data[kind], shape):
            raise AdminError(message)
    # Checked as the devices will check them before they install any (one line each).
    problems = [_against_file(problem, names or {}) for problem in reference_problems(data)]
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise AdminError("Nothing was loaded; the reference data has problems: "
                         + "; ".join(problems[:5]) + more)
    if "forms" in data:
        _refuse_removing_used_forms(session, data["forms"])
    loaded = []
    for kind in REFERENCE_KINDS:
        if kind not in data:
            continue
        row = session.get(ReferenceData, kind)
        if row is None:
            row = ReferenceData(name=kind, data=data[kind])
            session.add(row)
        row.data = data[kind]
        row.updated_at = utcnow()
        loaded.append(kind)
    session.flush()
    return loaded


def _against_file(problem: str, names: Mapping[str, str]) -> str:
    kind, _, rest = problem.partition(": ")
    return f"{names[kind]}: {rest}" if kind in names and rest else problem


def reference(session: Session) -> dict[str, Any]:
    out: dict[str, Any] = {"levels_of_need": {}, "agencies": [], "forms": [], "council": {},
                           "form_choices": {}}
    for row in session.scalars(select(ReferenceData)):
        if row.name in out:
            out[row.name] = row.data
    return out


def assessments_using(session: Session) -> Counter[tuple[str, int]]:
    """How many assessments (not deleted) on the service were made with each form
    version: counted and grouped by the database, no record loaded."""
    form_id = Record.data["form_id"].as_string()
    version = Record.data["form_version"].as_integer()
    rows = session.execute(
        select(form_id, version, func.count())
        .where(Record.entity == ASSESSMENT_ENTITY, Record.deleted.is_(False))
        .group_by(form_id, version)
    )
    return Counter({(str(fid), int(ver)): int(n) for fid, ver, n in rows
                    if fid is not None and ver is not None})


def _refuse_removing_used_forms(session: Session, forms: list[Any]) -> None:
    """AdminError if the new forms leave out a version of a council's form that
    assessments on the service were made with (Hearth's own forms are on every device)."""
    used = assessments_using(session)
    sent = sent_form_versions(forms)
    missing = sorted(key for key in used
                     if key not in sent and not reserved_reason(key[0], shipped_ids(SHIPPED_FORMS)))
    if not missing:
        return
    said = "; ".join(
        f"form {form_id!r} version {version} is used by {used[(form_id, version)]} "
        f"assessment{'s' if used[(form_id, version)] != 1 else ''}"
        for form_id, version in missing)
    raise AdminError(
        f"Nothing was loaded; the forms leave out versions that assessments were made "
        f"with: {said}. Keep each of those versions in the files you load (a changed form "
        "goes in a new file with a new version number, beside the old one)."
    )

