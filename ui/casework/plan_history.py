"""What the plan said at each review: pick a version on the left, read it on the right."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import plan_history
from app.casework.plan_data import SnapshotData, SnapshotSummary
from app.dates import uk
from app.errors import HearthError
from app.store.caseload_store import Profile

from ui.casework.plan_tree import PlanTree
from ui.widgets.fields import hint_style
from ui.widgets.mnemonics import name_buttons
from ui.widgets.window_memory import remember_size, remember_splitter

# ---------------------------------------------------------------- history


class PlanHistoryDialog(QDialog):
    """What the plan said at each review: pick a version on the left, read it on the right."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        snapshots: Sequence[SnapshotSummary],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.snapshots = list(snapshots)
        self.shown: SnapshotData | None = None
        self._token = 0
        self.setWindowTitle("Plan history")
        remember_size(self, "planHistory", 1240, 660)

        intro = QLabel(
            "The plan as it stood at each review. These versions are kept as they were and "
            "cannot be changed."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        self.versions = self._build_versions()
        self.heading = QLabel()
        self.heading.setObjectName("planVersionHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.tree = PlanTree()
        self.tree.setObjectName("planVersionTree")
        self.tree.setAccessibleName("The plan at this version")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.tree, 1)
        split = QSplitter()
        split.addWidget(self.versions)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        remember_splitter(split, "planHistory")
        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        if self.snapshots:
            self.versions.setCurrentRow(0)

    def _build_versions(self) -> QListWidget:
        """The list of kept versions, newest first (the dialog was given them so)."""
        versions = QListWidget()
        versions.setObjectName("planVersions")
        versions.setAccessibleName("Versions of the plan")
        for s in self.snapshots:
            item = QListWidgetItem(
                f"{uk(s.taken_on)}\n{s.action_count} action{'s' if s.action_count != 1 else ''}"
                f" · by {s.taken_by}"
            )
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            versions.addItem(item)
        versions.setMinimumWidth(180)
        versions.setMaximumWidth(220)
        versions.currentRowChanged.connect(self._version_chosen)
        return versions

    def _version_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.snapshots):
            return
        self._token += 1
        token = self._token
        self.heading.setText("Loading…")
        self.runner.run_store(
            plan_history.load_snapshot,
            self.profile,
            self.snapshots[row].id,
            done=lambda snap: self._loaded(token, snap),
            error=self._failed,
        )

    def _failed(self, error: HearthError) -> None:
        if isValid(self):
            self.heading.setText(error.message)

    def _loaded(self, token: int, snapshot: SnapshotData) -> None:
        if token != self._token or not isValid(self):
            return
        self.shown = snapshot
        review = snapshot.plan.next_review
        self.heading.setText(
            f"The plan at the review of {uk(snapshot.taken_on)}"
            + (f" — next review then set for {uk(review)}" if review else "")
        )
        self.tree.show_plan(snapshot.plan)
