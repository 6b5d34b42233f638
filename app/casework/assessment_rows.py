"""Assessment rows read into plain data: one row by id, its reviews, its amendments and
the worked-out status, as an :class:`~app.casework.assessment_data.AssessmentDetail`."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_data import AssessmentDetail, ReviewData
from app.casework.assessment_errors import FormNotLoaded
from app.errors import NotFound
from app.forms.definition import FormDefinition
from app.forms.loader import FormRegistry
from db.models import Assessment, AssessmentReview, Person


def get_assessment(session: Session, assessment_id: str) -> Assessment:
    row = session.get(Assessment, assessment_id)
    if row is None or row.deleted:
        raise NotFound("That assessment is no longer in this store.")
    return row


def person_name(person: Person | None) -> str:
    if person is None:
        return ""
    name = f"{person.given_name} {person.family_name}".strip()
    if not name and person.role == "unborn":
        return "Unborn baby"
    return name


def form_of_row(registry: FormRegistry, row: Assessment) -> FormDefinition:
    try:
        return registry.get(row.form_id, row.form_version)
    except KeyError:
        raise FormNotLoaded(row.form_id, row.form_version) from None


def _review(r: AssessmentReview) -> ReviewData:
    return ReviewData(
        id=r.id,
        assessment_id=r.assessment_id,
        outcome=r.outcome,
        comment=r.comment,
        reviewed_by=r.reviewed_by,
        reviewer_name=r.reviewer_name,
        reviewed_at=r.reviewed_at,
    )


def reviews_of(session: Session, ids: Sequence[str]) -> dict[str, list[ReviewData]]:
    out: dict[str, list[ReviewData]] = {}
    if not ids:
        return out
    for r in session.scalars(
        select(AssessmentReview).where(
            AssessmentReview.assessment_id.in_(list(ids)), AssessmentReview.deleted.is_(False)
        )
    ):
        out.setdefault(r.assessment_id, []).append(_review(r))
    for items in out.values():
        items.sort(key=lambda r: (r.reviewed_at, r.id))
    return out


def _status(row: Assessment, reviews: Sequence[ReviewData]) -> str:
    if row.completed_at is None:
        return "draft"
    if reviews:
        return reviews[-1].outcome
    return "completed"


@dataclass(frozen=True)
class Links:
    amended_by: str | None
    superseded: bool


def links_of(session: Session, ids: Sequence[str]) -> dict[str, Links]:
    """For each assessment: its latest amendment and whether one is completed."""
    found: dict[str, list[tuple[dt.datetime, str, bool]]] = {}
    if ids:
        for rid, amends, started, completed in session.execute(
            select(Assessment.id, Assessment.amends_id, Assessment.started_at,
                   Assessment.completed_at)
            .where(Assessment.amends_id.in_(list(ids)), Assessment.deleted.is_(False))
        ):
            found.setdefault(str(amends), []).append((started, rid, completed is not None))
    out: dict[str, Links] = {}
    for original, items in found.items():
        items.sort()
        out[original] = Links(amended_by=items[-1][1], superseded=any(done for *_, done in items))
    return out


def summary_values(
    row: Assessment,
    child: Person | None,
    reviews: Sequence[ReviewData],
    links: Links | None,
) -> dict[str, Any]:
    return {
        "id": row.id,
        "family_id": row.family_id,
        "form_id": row.form_id,
        "form_version": row.form_version,
        "kind": row.kind,
        "title": row.title,
        "child_person_id": row.child_person_id,
        "child_name": person_name(child),
        "status": _status(row, reviews),
        "started_by": row.started_by,
        "started_at": row.started_at,
        "completed_by": row.completed_by,
        "completed_at": row.completed_at,
        "amends_id": row.amends_id,
        "amended_by_id": links.amended_by if links else None,
        "superseded": links.superseded if links else False,
        "latest_review": reviews[-1] if reviews else None,
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }


def detail_of(session: Session, row: Assessment) -> AssessmentDetail:
    child = session.get(Person, row.child_person_id) if row.child_person_id else None
    reviews = reviews_of(session, [row.id]).get(row.id, [])
    links = links_of(session, [row.id]).get(row.id)
    return AssessmentDetail(
        **summary_values(row, child, reviews, links),
        answers=copy.deepcopy(dict(row.answers or {})),
        current_page=row.current_page,
        descriptors_source=copy.deepcopy(dict(row.descriptors_source or {})),
        reviews=tuple(reviews),
        version=row.version,
    )

