"""A report: every figure for a period and scope, with the references (and, only when
asked for, the names) of the families they count, as plain data for the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dates import today as today_date
from app.reporting.catalogue import compute_figures
from app.reporting.figure import Figure
from app.reporting.period import Period, Scope
from db.models import Family


@dataclass(frozen=True)
class Report:
    period: Period
    scope: Scope
    figures: tuple[Figure, ...]
    references: dict[str, str]  # family id -> reference
    names: dict[str, str]  # family id -> family name; empty unless names were asked for
    made_on: dt.date

    def family_refs(self, family_ids: tuple[str, ...]) -> list[str]:
        return sorted(self.references.get(fid, fid) for fid in family_ids)

    def family_list(self, family_ids: tuple[str, ...]) -> list[tuple[str, str]]:
        """(reference, name) of each family, by reference; the name is "" without names."""
        return sorted((self.references.get(fid, fid), self.names.get(fid, ""))
                      for fid in family_ids)


def load_report(
    session: Session, period: Period, scope: Scope, *, with_names: bool = False
) -> Report:
    """Every figure for ``period`` and ``scope`` and the families' references."""
    figures = compute_figures(session, period, scope)
    ids = {fid for fig in figures for fid in fig.all_family_ids}
    references: dict[str, str] = {}
    names: dict[str, str] = {}
    if ids:
        for fid, reference, name in session.execute(
            select(Family.id, Family.reference, Family.family_name).where(Family.id.in_(ids))
        ):
            references[fid] = reference
            if with_names:
                names[fid] = name
    return Report(period, scope, figures, references, names, today_date())
