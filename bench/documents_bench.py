"""Making a family's documents as PDFs, in the benchmark store (10,000 families).

One family is given a plan of 30 actions (five needs, across domains, owners
from the family and its agencies) through the real services, then:

plan_pdf: the family plan from the store to PDF bytes: loading its data on
the store's thread (one transaction, audited) and rendering it in memory.
Median of several; budget 300 ms.

plan_pdf_render / plan_pdf_large_print: rendering alone, normal and large print.

chronology_pdf_300: a chronology of 300 entries, loaded and rendered (reported).

plan_pdf_every_script / chronology_pdf_300_every_script: the same family with its
name and people's names in 14 scripts and those names and a child's words in Arabic
added to every chronology entry and visit (app/demo/every_script.py): the stress
family, whose fonts are chosen, shaped and laid right to left.

preview_pages_plan: drawing the plan's pages as images for the preview at its
resolution (PDFium), as the preview does on the pool (reported).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.chronology import save_chronology_entry
from app.casework.chronology_data import ChronologyEntryRequest
from app.casework.plan_data import ActionRequest, NeedRequest, OutcomeRequest
from app.casework.plan_writes import save_action, save_need, save_outcome
from app.demo.every_script import write_in_every_script
from app.documents.catalogue import load_document, render_document
from app.documents.layout.document_info import RenderOptions
from app.store.caseload_store import Profile, Store, open_store
from bench.harness import BENCH_PASSPHRASE, Result, copy_store, median, stopwatch
from db.models import AgencyInvolvement, Family, Person

RUNS = 9
PLAN_ACTIONS = 30
CHRONOLOGY_ENTRIES = 300
PLAN_BUDGET_MS = 300.0
DOMAINS = ("health", "education", "housing", "income", "wellbeing")


def _family(session: Session) -> tuple[str, str, list[str], list[str]]:
    """An open family with a parent and an agency: (id, reference, person ids, agency ids)."""
    for family in session.scalars(
        select(Family).where(Family.status == "open").order_by(Family.reference).limit(200)
    ):
        people = list(session.scalars(
            select(Person.id).where(Person.family_id == family.id, Person.role == "parent_carer")))
        agencies = list(session.scalars(
            select(AgencyInvolvement.id).where(AgencyInvolvement.family_id == family.id)))
        if people and agencies:
            return family.id, family.reference, people, agencies
    raise RuntimeError("no open family with a parent and an agency in the benchmark store")


def _plan(session: Session, actor: Profile, family_id: str, people: list[str],
          agencies: list[str]) -> None:
    today = dt.date.today()
    per_need = PLAN_ACTIONS // len(DOMAINS)
    for n, domain in enumerate(DOMAINS):
        need = save_need(session, actor, NeedRequest(
            family_id=family_id, domain=domain,
            text=f"Synthetic need {n + 1}: what the assessment found about {domain}"))
        outcome = save_outcome(session, actor, OutcomeRequest(
            need_id=need.id, text=f"What we want to be different about {domain}, in our words"))
        for i in range(per_need):
            owner: dict[str, Any] = (
                {"owner_kind": "person", "owner_id": people[i % len(people)]} if i % 2 == 0
                else {"owner_kind": "agency", "owner_id": agencies[i % len(agencies)]}
            )
            save_action(session, actor, ActionRequest(
                outcome_id=outcome.id,
                text=f"Synthetic action {n * per_need + i + 1}: who does what, specific enough "
                     "to know when it is done",
                due_on=today + dt.timedelta(days=7 * (i + 1)),
                status=("on_track", "not_started", "achieved")[i % 3],
                progress_note="A short note on how it is going." if i % 2 else "",
                **owner))


def _chronology(session: Session, actor: Profile, family_id: str) -> None:
    today = dt.date.today()
    for n in range(CHRONOLOGY_ENTRIES):
        save_chronology_entry(session, actor, ChronologyEntryRequest(
            family_id=family_id, occurred_on=today - dt.timedelta(days=CHRONOLOGY_ENTRIES - n),
            event=f"Synthetic significant event {n + 1} with enough words to wrap a line or two",
            source="School", impact_on_child="What it meant for the child.",
            significant=n % 4 == 0))


def _timed(store: Store, reference: str, name: str, options: RenderOptions) -> float:
    with stopwatch() as elapsed:
        data = store.run(load_document, store.profile, reference, name)
        render_document(name, data, options)
    return elapsed() * 1000


def run(workdir: Path) -> list[Result]:
    folder = copy_store(workdir / "store")
    store = open_store(folder, BENCH_PASSPHRASE)
    try:
        family_id, reference, people, agencies = store.run(_family)
        store.run(_plan, store.profile, family_id, people, agencies)
        normal = RenderOptions()
        large = RenderOptions(large_print=True)
        _timed(store, reference, "plan", normal)  # fonts registered, forms loaded: once per run
        totals = [_timed(store, reference, "plan", normal) for _ in range(RUNS)]
        data = store.run(load_document, store.profile, reference, "plan")
        renders, larges = [], []
        pdf = b""
        for _ in range(RUNS):
            with stopwatch() as elapsed:
                pdf = render_document("plan", data, normal)
            renders.append(elapsed() * 1000)
            with stopwatch() as elapsed:
                render_document("plan", data, large)
            larges.append(elapsed() * 1000)
        store.run(_chronology, store.profile, family_id)
        chronology = [_timed(store, reference, "chronology", normal) for _ in range(3)]
        write_in_every_script(store, reference)
        _timed(store, reference, "chronology", normal)  # every script's font registered once
        stress_plan = [_timed(store, reference, "plan", normal) for _ in range(RUNS)]
        stress_chronology = [_timed(store, reference, "chronology", normal) for _ in range(3)]
        results = [
            Result("plan_pdf (30 actions, load + render)", median(totals), "ms", PLAN_BUDGET_MS),
            Result("plan_pdf_render", median(renders), "ms"),
            Result("plan_pdf_large_print", median(larges), "ms"),
            Result(f"chronology_pdf_{CHRONOLOGY_ENTRIES}", median(chronology), "ms"),
            Result("plan_pdf_every_script", median(stress_plan), "ms", PLAN_BUDGET_MS),
            Result(f"chronology_pdf_{CHRONOLOGY_ENTRIES}_every_script",
                   median(stress_chronology), "ms"),
        ]
        try:
            from ui.documents.page_drawing import PREVIEW_DPI, draw_pages, page_backend
        except ImportError:  # pragma: no cover - no Qt
            return results
        if page_backend():
            draws = []
            for _ in range(3):
                with stopwatch() as elapsed:
                    draw_pages(pdf, PREVIEW_DPI)
                draws.append(elapsed() * 1000)
            results.append(Result("preview_pages_plan", median(draws), "ms"))
        return results
    finally:
        store.close()
