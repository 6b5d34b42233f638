"""The Team area's Figures tab: a lead sees the figures compute_figures counts for the
period chosen (the last full quarter by default), a new period reloads them, a row lists
its families and a family opens, and each export is written and read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import dates
from app.dates import uk
from app.reference.levels_of_need import LevelsOfNeed
from app.reporting.catalogue import compute_figures
from app.reporting.export_csv import number_text
from app.reporting.figure import Figure
from app.reporting.period import Period, Scope
from app.store.caseload_store import Profile, Store, create_store
from tests.builders import OTHER_WORKER, Consent, Level, Member, add_family, days, in_store

from ui.shell.task_runner import TaskRunner
from ui.team import figures_export
from ui.team.figure_card import FigureCard
from ui.team.figures_tab import last_full_quarter
from ui.team.team_view import TeamView

WAIT = 20_000
LEAD = Profile("Lee Teamlead", "team_lead", "North Locality Team", "lee.lead")
PEOPLE = (Member("carer", "parent_carer", "Sam"), Member("kid", "child", "Kit", days(-2000)))
# name, days ago requested, source, days ago at early help, days ago consent, worker
FAMILIES = (
    ("Ashby", 100, "school", 95, 90, "robin.testworker"),
    ("Barlow", 20, "gp", 15, 10, OTHER_WORKER),
    ("Carver", 200, "police", 190, None, "robin.testworker"),
    ("Dalton", 5, "school", 4, 3, OTHER_WORKER),
)


def seed(store: Store, actor: Profile, levels: LevelsOfNeed) -> dict[str, str]:
    """The four families; name -> id."""
    ids = {}
    for name, asked, source, early, consent, worker in FAMILIES:
        ids[name] = in_store(
            store, add_family, actor, name, people=PEOPLE, levels=levels,
            request_date=days(-asked), request_source=source, allocated_to=worker,
            level_path=(Level("early_help", days(-early)),),
            consent=Consent("carer", days(-consent)) if consent is not None else None,
        ).id
    return ids


def shown(card: FigureCard) -> list[tuple[str, str]]:
    model = card.model
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def expected(figure: Figure) -> list[tuple[str, str]]:
    return [(row.label, number_text(row.value)) for row in figure.rows]


def assert_shows(view: TeamView, figures: tuple[Figure, ...]) -> None:
    cards = view.figures.cards
    assert [c.figure.title for c in cards] == [f.title for f in figures]
    for card, figure in zip(cards, figures, strict=True):
        assert shown(card) == expected(figure), figure.id
        assert card.definition.text() == figure.definition
        assert card.chart.accessibleDescription()


def show_period(qtbot: QtBot, view: TeamView, start: dt.date, end: dt.date) -> None:
    tab = view.figures
    tab.start.setText(uk(start))
    tab.end.setText(uk(end))
    with qtbot.waitSignal(tab.loaded, timeout=WAIT):
        qtbot.mouseClick(tab.show_button, Qt.MouseButton.LeftButton)


def test_a_lead_sees_the_figures_for_the_last_quarter_and_another_period(
    qtbot: QtBot, make_window: Any, store_dir: Path, passphrase: str, levels: LevelsOfNeed
) -> None:
    store = create_store(store_dir, passphrase, LEAD)
    quarter = last_full_quarter(dates.today())
    recent = Period(days(-30), days(0))
    try:
        seed(store, LEAD, levels)
        by_quarter = store.run(lambda s: compute_figures(s, quarter, Scope()))
        by_recent = store.run(lambda s: compute_figures(s, recent, Scope()))
        by_worker = store.run(lambda s: compute_figures(s, recent, Scope(worker=OTHER_WORKER)))
    finally:
        store.close()
    window = make_window()
    team = window.today.team
    qtbot.keyClick(window.caseload.search, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = team.view
    qtbot.waitUntil(lambda: "caseloads" in view.loaded_tabs, timeout=WAIT)
    with qtbot.waitSignal(view.figures.loaded, timeout=WAIT):
        view.tabs.setCurrentIndex(3)
    assert view.tabs.tabText(3) == "Figures"
    assert view.figures.report is not None and view.figures.report.period == quarter
    assert_shows(view, by_quarter)

    show_period(qtbot, view, recent.start, recent.end)
    assert_shows(view, by_recent)
    assert [expected(f) for f in by_recent] != [expected(f) for f in by_quarter]

    scope = view.figures.scope
    scope.setCurrentIndex(scope.findData(f"worker:{OTHER_WORKER}"))
    show_period(qtbot, view, recent.start, recent.end)
    assert_shows(view, by_worker)


def test_a_wrong_date_says_so_and_loads_nothing(
    qtbot: QtBot, store: Store, store_runner: TaskRunner, levels: LevelsOfNeed
) -> None:
    view = TeamView(store_runner, levels, LEAD)
    qtbot.addWidget(view)
    view.show()
    tab = view.figures
    tab.start.setText("31/02/2026")
    qtbot.mouseClick(tab.show_button, Qt.MouseButton.LeftButton)
    assert not tab.message.isHidden() and "from" in tab.message.text()
    assert tab.asked is None


def open_figures(
    qtbot: QtBot, store_runner: TaskRunner, levels: LevelsOfNeed
) -> TeamView:
    view = TeamView(store_runner, levels, LEAD)
    qtbot.addWidget(view)
    view.show()
    view.tabs.setCurrentIndex(3)
    show_period(qtbot, view, days(-365), days(0))
    return view


def test_a_double_click_lists_the_families_and_enter_opens_one(
    qtbot: QtBot, store: Store, profile: Profile, store_runner: TaskRunner, levels: LevelsOfNeed
) -> None:
    ids = seed(store, profile, levels)
    view = open_figures(qtbot, store_runner, levels)
    card = next(c for c in view.figures.cards if c.figure.id == "open_by_level")
    row = next(i for i, r in enumerate(card.model.rows) if r.label == "Early Help")
    assert card.model.rows[row].value == 4
    card.table.scrollTo(card.model.index(row, 0))
    rect = card.table.visualRect(card.model.index(row, 0))
    qtbot.mouseClick(card.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(card.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = view.figures.dialog
    assert dialog is not None and dialog.isVisible()
    assert [line.name for line in dialog.lines] == sorted(
        ["Ashby", "Barlow", "Carver", "Dalton"],
        key=lambda n: next(x.reference for x in dialog.lines if x.name == n),
    )
    assert {line.family_id for line in dialog.lines} == set(ids.values())
    first = dialog.lines[0]
    dialog.table.setFocus()
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert opened.args == [first.family_id, "", ""]
    qtbot.waitUntil(lambda: view.figures.dialog is None)


@pytest.fixture
def saved_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Every save asks for a file in ``tmp_path`` named after its suffix."""
    asked: list[str] = []

    def ask(parent: Any, title: str, suggested: Path, name_filter: str, suffix: str) -> Path:
        asked.append(suggested.name)
        return tmp_path / f"figures.{suffix}"

    monkeypatch.setattr(figures_export, "ask_save_path", ask)
    return asked


def export(qtbot: QtBot, view: TeamView, key: str) -> Path:
    bar = view.figures.export
    with qtbot.waitSignal(bar.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(bar.buttons[key], Qt.MouseButton.LeftButton)
    path = Path(saved.args[0])
    assert bar.status.text() == f"Saved as {path}."
    return path


def test_each_export_is_written_and_reads_back(
    qtbot: QtBot, store: Store, profile: Profile, store_runner: TaskRunner,
    levels: LevelsOfNeed, saved_to: list[str],
) -> None:
    ids = seed(store, profile, levels)
    view = open_figures(qtbot, store_runner, levels)
    report = view.figures.report
    assert report is not None
    refs = sorted(report.references[fid] for fid in ids.values())

    rows = list(csv.DictReader(io.StringIO(export(qtbot, view, "csv").read_text("utf-8"))))
    early = next(r for r in rows if (r["Figure id"], r["Row"]) == ("open_by_level", "Early Help"))
    assert early["Value"] == "4" and early["Family references"].split() == refs
    assert "Family names" not in rows[0]

    book = load_workbook(export(qtbot, view, "xlsx"))
    assert book.sheetnames[0] == "Definitions"
    assert len(book.sheetnames) == len(report.figures) + 1
    every = " ".join(str(c) for ws in book for r in ws.iter_rows(values_only=True)
                     for c in r if c is not None)
    assert refs[0] in every and "Ashby" not in every

    text = "".join(page.extract_text() for page in PdfReader(export(qtbot, view, "pdf")).pages)
    assert "Team report" in text and refs[0] in text and "Ashby" not in text
    assert saved_to[0].startswith("team-figures-") and saved_to[0].endswith(".csv")

    view.figures.export.with_names.setChecked(True)
    rows = list(csv.DictReader(io.StringIO(export(qtbot, view, "csv").read_text("utf-8"))))
    early = next(r for r in rows if (r["Figure id"], r["Row"]) == ("open_by_level", "Early Help"))
    assert set(early["Family names"].split("; ")) == {"Ashby", "Barlow", "Carver", "Dalton"}


def test_an_empty_store_shows_every_figure_and_a_change_reloads_them(
    qtbot: QtBot, store: Store, profile: Profile, store_runner: TaskRunner, levels: LevelsOfNeed
) -> None:
    view = open_figures(qtbot, store_runner, levels)
    report = view.figures.report
    assert report is not None and len(view.figures.cards) == len(report.figures)
    assert view.figures.cards[0].model.rows[-1].value == 0

    def another(session: Any) -> str:
        return add_family(session, profile, "Evans", people=PEOPLE, levels=levels,
                          request_date=days(-3), level_path=(Level("early_help", days(-2)),)).id

    with qtbot.waitSignal(view.figures.loaded, timeout=WAIT):
        store_runner.run_store(another)
    assert view.figures.cards[0].model.rows[-1].value == 1
