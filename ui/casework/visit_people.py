"""Who a visit was with: a tick box for each adult seen; each child seen (and seen alone);
for an expected baby, whether the pregnancy was talked about (a baby is never seen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from app.casework.visit_data import VISIT_KINDS, ChildSeen
from app.dates import uk
from app.families.households import FamilyDetail, PersonData
from app.families.personal_details import age_words

from ui.casework.tab_pieces import muted_label


def visit_kinds(family: FamilyDetail, kind: str = "") -> dict[str, str]:
    """The kinds of visit: an antenatal contact only while a baby is expected (or when
    the visit already is one)."""
    expecting = any(m.role == "unborn" for m in family.members)
    keep = expecting or kind == "antenatal"
    return {k: v for k, v in VISIT_KINDS.items() if keep or k != "antenatal"}


def adults_seen(family: FamilyDetail) -> tuple[QWidget, dict[str, QCheckBox]]:
    """A tick box for each adult in the household, parents and carers first."""
    order = {"parent_carer": 0, "significant_adult": 1}
    adults = sorted(
        (m for m in family.members if m.role not in ("child", "unborn") and m.id),
        key=lambda m: (order.get(m.role, 2), m.date_of_birth or dt.date.max),
    )
    seen_box = QWidget()
    seen_grid = QGridLayout(seen_box)
    seen_grid.setContentsMargins(0, 0, 0, 0)
    boxes: dict[str, QCheckBox] = {}
    for index, person in enumerate(adults):
        box = QCheckBox(person.full_name)
        box.setObjectName(f"seen_{index}")
        boxes[person.id or ""] = box
        seen_grid.addWidget(box, index // 2, index % 2)
    if not adults:
        seen_grid.addWidget(muted_label("No adults are recorded in the household."), 0, 0)
    return seen_box, boxes


@dataclass
class ChildrenSeen:
    """The "Each child" rows: tick boxes by person id."""

    widget: QWidget
    people: list[PersonData]
    seen: dict[str, QCheckBox] = field(default_factory=dict)
    alone: dict[str, QCheckBox] = field(default_factory=dict)
    pregnancy: dict[str, QCheckBox] = field(default_factory=dict)

    def answers(self) -> tuple[ChildSeen, ...]:
        children = tuple(
            ChildSeen(pid, self.seen[pid].isChecked(), self.alone[pid].isChecked())
            for pid in self.seen
        )
        return children + tuple(
            ChildSeen(pid, False, pregnancy=box.isChecked()) for pid, box in self.pregnancy.items()
        )

    def boxes(self) -> list[QCheckBox]:
        return [*self.seen.values(), *self.alone.values(), *self.pregnancy.values()]


def children_seen(family: FamilyDetail) -> ChildrenSeen:
    """Each child: seen, and seen alone (only for a child who was seen); then each
    expected baby: whether the pregnancy was talked about."""
    made = ChildrenSeen(QWidget(), [m for m in family.members if m.role == "child" and m.id])
    grid = QGridLayout(made.widget)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(16)
    for row, child in enumerate(made.people):
        assert child.id is not None
        seen = QCheckBox("Seen")
        seen.setObjectName(f"child_seen_{row}")
        alone = QCheckBox("Seen alone")
        alone.setObjectName(f"child_alone_{row}")
        seen.toggled.connect(lambda on, a=alone: _seen_toggled(on, a))
        alone.setEnabled(False)
        grid.addWidget(QLabel(_child_label(child)), row, 0)
        grid.addWidget(seen, row, 1)
        grid.addWidget(alone, row, 2)
        made.seen[child.id] = seen
        made.alone[child.id] = alone
    babies = [m for m in family.members if m.role == "unborn" and m.id]
    for index, baby in enumerate(babies):
        assert baby.id is not None
        talked = QCheckBox("Pregnancy talked about")
        talked.setObjectName(f"pregnancy_{index}")
        grid.addWidget(QLabel(expected_label(baby)), len(made.people) + index, 0)
        grid.addWidget(talked, len(made.people) + index, 1, 1, 2)
        made.pregnancy[baby.id] = talked
    grid.setColumnStretch(3, 1)
    if not made.people and not babies:
        grid.addWidget(muted_label("No children are recorded in the household."), 0, 0)
    return made


def expected_label(baby: PersonData) -> str:
    """``Expected baby (due 03/02/2027)``, or with the baby's chosen name instead."""
    due = f"due {uk(baby.expected_date)}" if baby.expected_date else "unborn"
    return f"{baby.full_name} (expected, {due})" if baby.given_name else f"Expected baby ({due})"


def _seen_toggled(seen: bool, alone: QCheckBox) -> None:
    """Seen alone is only possible for a child who was seen."""
    alone.setEnabled(seen)
    if not seen:
        alone.setChecked(False)


def _child_label(child: PersonData) -> str:
    age = age_words(child.date_of_birth)
    return f"{child.full_name} ({age})" if age else child.full_name
