"""Recording or correcting a meeting or review in a dialog (read-only for a closed family)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.casework import meetings
from app.casework.meetings import MeetingData
from app.errors import ValidationFailed
from app.families.households import FamilyDetail
from app.reference.casework_settings import CaseworkSettings
from app.store.caseload_store import Profile

from ui.casework.meeting_form import MeetingForm, keep_ticks, ticks_changed
from ui.widgets.fields import hint_style
from ui.widgets.form_dialog import REQUIRED_NOTE, FormDialog
from ui.widgets.scrolling import vertical_scroll
from ui.widgets.window_memory import remember_size

# ---------------------------------------------------------------- the dialog


class MeetingDialog(FormDialog):
    """Record a meeting, or correct one; ``saved`` carries its id. With
    ``read_only`` (a closed family) it only shows it."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family: FamilyDetail,
        settings: CaseworkSettings,
        meeting: MeetingData | None = None,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        title = meeting.title if meeting else "Record a meeting"
        super().__init__(runner, title, parent)
        self.profile = profile
        self.meeting = meeting
        self.ticks_opened: list[str] = []
        self.read_only = read_only
        remember_size(self, "meetingDialog", 1120, 700)
        self.form = MeetingForm(family, settings, meeting, self)
        self.rows = self.form.rows
        intro = QLabel(
            "A Family Action Meeting or Team Around the Family meeting: the family and the "
            "agencies agree the plan. Record who came, what everyone said, and what was decided. "
            + REQUIRED_NOTE
            if meeting is None
            else f"Recorded by {meeting.recorded_by}."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addWidget(vertical_scroll(self.form, "meetingForm"), 1)
        layout.addWidget(self.buttons)
        if read_only:
            self.form.set_read_only()
            self.save_button.hide()
            self.buttons.button(self.buttons.StandardButton.Cancel).setText("&Close")
        self.save_button.setText("&Save meeting" if meeting is None else "&Save changes")
        self.form.kind.setFocus()
        if not read_only:
            family_id = family.family.id
            self.keep_drafts(
                f"meeting:{meeting.id}" if meeting else f"meeting:new:{family_id}", family_id
            )
            keep_ticks(self, self.form)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.ticks_opened = self.ticks_opened or self.form.attendees.tick_values()
        super().showEvent(event)

    def has_changes(self) -> bool:
        return super().has_changes() or ticks_changed(self, self.form)

    def draft_fields(self) -> dict[str, Any]:
        return {**super().draft_fields(), "attendees": self.form.attendees.tick_values()}

    def restore_draft(self, fields: dict[str, Any]) -> None:
        super().restore_draft(fields)
        self.form.attendees.restore_ticks(fields.get("attendees"))

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if self.read_only:
            raise ValidationFailed(
                {"": "This family's case is closed: its meetings can be read, not changed."}
            )
        return meetings.save_meeting, (self.profile, self.form.request())

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText("&Save meeting" if self.meeting is None else "&Save changes")

    def result_id(self, result: Any) -> str:
        return str(result.id)
