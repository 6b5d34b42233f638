"""Who was invited to a meeting and who came: family members, agency contacts
and anyone else, one row each, with the words that list them afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.casework.meetings import Attendee, MeetingData
from app.families.households import AgencyData, PersonData

from ui.casework.tab_pieces import names

ROLE_WORDS = {
    "parent_carer": "Parent or carer",
    "child": "Child or young person",
    "unborn": "Unborn baby",
    "significant_adult": "Family",
}
# Columns of the attendees table.
NAME, WHO, INVITED, CAME = range(4)


# ---------------------------------------------------------------- attendees


@dataclass
class _Invitee:
    name: str
    who: str
    person_id: str | None = None
    agency: str | None = None
    role: str = ""
    fixed: bool = True  # from the family's record (name not typed)


def _agency_invitee(a: AgencyData) -> _Invitee:
    name = a.contact_name or a.agency
    # a role that only repeats the agency ("GP" at the GP) is said once
    role = a.contact_role.strip()
    repeats = not role or role.casefold() == a.agency.strip().casefold()
    who = a.agency if repeats else f"{a.agency}, {role}"
    return _Invitee(name=name, who=who, agency=a.agency, role=a.contact_role)


Index = QModelIndex | QPersistentModelIndex


def _ticked(index: Index) -> bool:
    state = index.data(Qt.ItemDataRole.CheckStateRole)
    return state in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)


class TickDelegate(QStyledItemDelegate):
    """A tick box in the middle of its cell, drawn as the dialog's own tick boxes are (the
    view's own were small, pale and in the corner: they looked disabled); a click anywhere
    in the cell, or Space, ticks it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        cell.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, widget)
        box = QStyleOptionButton()
        size = max(
            style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, widget),
            round(option.fontMetrics.height() * 0.9),
        )  # grows with the text size
        rect = option.rect
        box.rect = QRect(
            rect.x() + (rect.width() - size) // 2, rect.y() + (rect.height() - size) // 2,
            size, size,
        )
        box.palette = QApplication.palette()
        box.state = QStyle.StateFlag.State_Enabled | (
            QStyle.StateFlag.State_On
            if index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
            or index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            else QStyle.StateFlag.State_Off
        )
        if not option.state & QStyle.StateFlag.State_Enabled:
            box.state &= ~QStyle.StateFlag.State_Enabled
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, box, painter, widget)
        # The style's outline is pale on a white cell and lost on a dark one: a firmer one.
        edge = QColor(box.palette.color(QPalette.ColorRole.Text))
        edge.setAlpha(170 if box.state & QStyle.StateFlag.State_Enabled else 70)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(box.rect).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        painter.restore()

    def editorEvent(  # noqa: N802 - Qt's name
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        pressed = (
            isinstance(event, QMouseEvent)
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
        ) or (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)
        )
        if isinstance(event, QMouseEvent) and event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
        ):
            return True  # the release ticks (a double click ticks once, not twice)
        if not pressed or not (index.flags() & Qt.ItemFlag.ItemIsEnabled):
            return False
        new = Qt.CheckState.Unchecked if _ticked(index) else Qt.CheckState.Checked
        return model.setData(index, new, Qt.ItemDataRole.CheckStateRole)


class AttendeesTable(QTableWidget):
    """Everyone who could be invited (family members, agency contacts, anyone
    added), with "Invited" and "Came" ticks. Invited but not came is "invited
    but absent". ``changed`` is emitted when a tick, a name or a row changes."""

    changed = Signal()

    def __init__(
        self,
        members: Sequence[PersonData],
        agencies: Sequence[AgencyData],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["Name", "Who they are", "Invited", "Came"])
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WHO, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(INVITED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CAME, QHeaderView.ResizeMode.ResizeToContents)
        # a long agency and role wraps onto a second line rather than being cut off
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.ticks = TickDelegate(self)
        for col in (INVITED, CAME):
            self.setItemDelegateForColumn(col, self.ticks)
        self.invitees: list[_Invitee] = []
        order = {"parent_carer": 0, "significant_adult": 1, "child": 2}
        members = sorted(
            members, key=lambda p: (order.get(p.role, 3), p.date_of_birth or dt.date.max)
        )
        for p in members:
            if p.role == "unborn" or not p.id:
                continue
            who = ROLE_WORDS.get(p.role, "Family")
            if p.relationship_to_child:
                who += f" ({p.relationship_to_child})"
            self._add(_Invitee(p.full_name, who, person_id=p.id), invited=False, came=False)
        for a in agencies:
            self._add(_agency_invitee(a), invited=False, came=False)
        self.itemChanged.connect(self._item_changed)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def _add(self, invitee: _Invitee, invited: bool, came: bool) -> int:
        row = self.rowCount()
        self.insertRow(row)
        self.invitees.append(invitee)
        name = QTableWidgetItem(invitee.name)
        who = QTableWidgetItem(invitee.who)
        if invitee.fixed:
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            who.setFlags(who.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.setItem(row, NAME, name)
        self.setItem(row, WHO, who)
        for col, checked in ((INVITED, invited), (CAME, came)):
            box = QTableWidgetItem()
            box.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            box.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.setItem(row, col, box)
        return row

    def add_other(self, name: str = "", who: str = "") -> int:
        """A row for someone not in the family's record; name and role typed in the table."""
        row = self._add(_Invitee(name, who, fixed=False), invited=True, came=True)
        self.setCurrentCell(row, NAME)
        item = self.item(row, NAME)
        if not name and item is not None:
            self.editItem(item)
        self.changed.emit()
        return row

    def _item_changed(self, item: QTableWidgetItem) -> None:
        # Came implies invited; not invited means did not come.
        row = item.row()
        invited, came = self.item(row, INVITED), self.item(row, CAME)
        if invited is None or came is None:
            return
        self.blockSignals(True)
        if item.column() == CAME and came.checkState() == Qt.CheckState.Checked:
            invited.setCheckState(Qt.CheckState.Checked)
        if item.column() == INVITED and invited.checkState() == Qt.CheckState.Unchecked:
            came.setCheckState(Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self.viewport().update()

    def is_checked(self, row: int, col: int) -> bool:
        item = self.item(row, col)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def set_checked(self, row: int, col: int, checked: bool) -> None:
        item = self.item(row, col)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def row_of(self, name: str) -> int:
        for row in range(self.rowCount()):
            item = self.item(row, NAME)
            if item is not None and item.text() == name:
                return row
        return -1

    def set_attendees(self, attendees: Sequence[Attendee]) -> None:
        for a in attendees:
            row = -1
            for index, invitee in enumerate(self.invitees):
                if (
                    a.person_id
                    and invitee.person_id == a.person_id
                    or (
                        not a.person_id
                        and a.agency
                        and invitee.agency == a.agency
                        and invitee.name == a.name
                    )
                ):
                    row = index
                if row >= 0:
                    break
            if row < 0:
                row = self.add_other(a.name, a.agency or a.role)
            self.set_checked(row, INVITED, True)
            self.set_checked(row, CAME, a.attended)
        self.setCurrentCell(-1, -1)  # a loaded list opens at its top, nobody chosen
        self.scrollToTop()

    def attendees(self) -> tuple[Attendee, ...]:
        out = []
        for row, invitee in enumerate(self.invitees):
            if not self.is_checked(row, INVITED):
                continue
            name_item, who_item = self.item(row, NAME), self.item(row, WHO)
            name = name_item.text().strip() if name_item else ""
            who = who_item.text().strip() if who_item else ""
            if invitee.fixed:
                out.append(
                    Attendee(
                        name=name,
                        role=invitee.role if invitee.agency else who,
                        person_id=invitee.person_id,
                        agency=invitee.agency,
                        attended=self.is_checked(row, CAME),
                    )
                )
            elif name or who:
                out.append(Attendee(name=name, role=who, attended=self.is_checked(row, CAME)))
        return tuple(out)

    def remove_current(self) -> None:
        row = self.currentRow()
        if 0 <= row < len(self.invitees) and not self.invitees[row].fixed:
            self.removeRow(row)
            del self.invitees[row]
            self.changed.emit()

    def tick_values(self) -> list[str]:
        """Each row as a line (drafts keep lines of text): invited and came as 1 or 0, then
        the name and who they are, split by tabs."""
        out: list[str] = []
        for row in range(self.rowCount()):
            name, who = self.item(row, NAME), self.item(row, WHO)
            ticks = f"{int(self.is_checked(row, INVITED))}{int(self.is_checked(row, CAME))}"
            words = [(name.text() if name else ""), (who.text() if who else "")]
            out.append("\t".join([ticks, *(w.replace("\t", " ") for w in words)]))
        return out

    def restore_ticks(self, lines: object) -> None:
        """Put back what :meth:`tick_values` gave (rows matched by name; others added)."""
        for line in lines if isinstance(lines, list) else []:
            parts = str(line).split("\t")
            if len(parts) != 3 or len(parts[0]) != 2:
                continue
            ticks, name, who = parts
            invited, came = ticks[0], ticks[1]
            row = self.row_of(name)
            if row < 0:
                if not name and not who:
                    continue
                row = self.add_other(name, who)
            self.set_checked(row, INVITED, invited == "1")
            self.set_checked(row, CAME, came == "1")


def attendee_words(meeting: MeetingData) -> tuple[str, str]:
    """('Came: A, B and C', 'Invited but did not come: D') for a meeting."""
    came = names([_attendee_label(a) for a in meeting.present])
    absent = names([_attendee_label(a) for a in meeting.absent])
    return came, absent


def _attendee_label(a: Attendee) -> str:
    if a.agency and a.name != a.agency:
        return f"{a.name} ({a.agency})"
    return a.name
