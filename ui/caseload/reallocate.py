"""Moving families to another worker, from the caseload (team leads and administrators):
select one or several families, press "Move to another worker…", choose the worker.
The change syncs through the allocation path (:mod:`app.families.allocation`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.families.allocation import ALLOCATING_ROLES, Worker, reallocate, team_workers
from app.store.caseload_store import Profile

from ui.widgets.fields import ChoiceCombo, hint_style
from ui.widgets.form_dialog import FormDialog
from ui.widgets.one_dialog import OneDialogAtATime


def may_reallocate(profile: Profile) -> bool:
    return profile.role in ALLOCATING_ROLES


class ReallocateDialog(FormDialog):
    """Choose the worker the chosen families move to; ``saved`` says how many moved."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family_ids: Sequence[str],
        workers: Sequence[Worker],
        parent: QWidget | None = None,
    ) -> None:
        count = len(family_ids)
        families = "this family" if count == 1 else f"these {count} families"
        super().__init__(runner, f"Move {families} to another worker", parent)
        self.profile = profile
        self.family_ids = tuple(family_ids)
        intro = QLabel(
            f"Move {families} to another worker of the team. The change reaches the "
            "service with the next sync; the other worker's laptop then hands over anything "
            "not yet sent, and nothing typed on it is lost."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        form = self.new_form()
        self.worker = ChoiceCombo(
            {w.username: f"{w.name} ({w.open_families} open)" for w in workers},
            blank="Choose the worker…",
            editable=True,
        )
        self.add_row(form, "worker", "Move to", self.worker,
                     hint="Choose from the list, or type a colleague's username.")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.save_button.setText("Move")
        self.setMinimumWidth(560)

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return reallocate, (self.profile, self.family_ids, self.worker.code())


class Reallocation(OneDialogAtATime):
    """The caseload's "Move to another worker…" button and its dialog (for leads)."""

    def __init__(self, runner: Any, profile: Profile, chosen: Callable[[], list[str]],
                 parent: QWidget) -> None:
        self.runner = runner
        self.profile = profile
        self.chosen = chosen
        self.parent = parent
        self.button = QPushButton("&Move to another worker…")
        self.button.setObjectName("reallocateButton")
        self.button.setToolTip("Move the selected families to another worker of the team")
        self.button.clicked.connect(lambda _checked=False: self.start())

    def start(self) -> None:
        family_ids = self.chosen()
        if not family_ids or self.dialog_open():
            return
        self.runner.run_store(
            team_workers, self.profile, done=lambda workers: self._ask(family_ids, workers)
        )

    def _ask(self, family_ids: list[str], workers: Sequence[Worker]) -> None:
        if self.dialog_open():
            return
        self.open_dialog(
            ReallocateDialog(self.runner, self.profile, family_ids, workers, self.parent)
        )

    def dialog_saved(self, record_id: str) -> None:
        """The caseload follows the change notice; nothing more to do."""
