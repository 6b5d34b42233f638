"""Conflicts to resolve: one entry per field that was changed here and on the server.

Each entry shows the record, the field, the value both sides started from, the
value here and the value on the server. The worker keeps one of them or writes a
merged value; the choice is saved as a normal change (``app.sync.conflicts.resolve``)
and syncs like any edit. Changes the server refused (a final or deleted record)
can only be acknowledged; the value entered here stays on view until then.

A change made by someone else (a worker who no longer holds the family, say)
says who made it and when, and its value is labelled with their name. A whole
new record that is not on this computer is shown with its values; the worker
adds it (it is created here and syncs) or leaves it out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.dates import uk_instant
from app.errors import HearthError, ValidationFailed
from app.families.allocation import ANOTHER_WORKER, shown_name
from app.store.caseload_store import Profile
from app.sync.conflicts import ConflictItem, Resolution, list_conflicts, resolve

from ui.shell.task_runner import TaskRunner
from ui.widgets.fields import FieldMessage
from ui.widgets.mnemonics import name_buttons
from ui.widgets.scrolling import vertical_scroll
from ui.widgets.window_memory import remember_size, remember_splitter


class ValueText(QLabel):
    """A value as it stands, as high as its text (one word on one line, a new record's
    details on as many as they take): selectable, wrapped, framed, never a big empty box."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("readOnlyValue")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # the keyboard can read and copy it
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

    def setPlainText(self, text: str) -> None:  # noqa: N802 - as a text box says it
        self.setText(text)
        self.setAccessibleDescription(text)

    def toPlainText(self) -> str:  # noqa: N802 - as a text box says it
        return self.text()


EMPTY_TITLE = "No conflicts to resolve"
EMPTY_TEXT = (
    "A conflict is a detail changed both on this computer and elsewhere before they "
    "synced. When one happens it waits here for you to choose which value to keep. "
    "Nothing needs a decision now: your changes sync as usual."
)


def _person(username: str | None, me: Profile) -> str:
    """Who made a change, as a person reads it: this store's worker by name, a colleague
    by the name their username spells ("claire.morris": "Claire Morris"), else "Another
    worker" (never a raw username or code)."""
    if not username:
        return ANOTHER_WORKER
    return me.name if username == me.username else shown_name(username)


def made_words(item: ConflictItem, me: Profile) -> str:
    """'Changed by Alice Smith on 03/12/2026 at 14:05.' (UK time), or '' when not known."""
    if not item.made_by:
        return ""
    who = _person(item.made_by, me)
    if item.made_at is None:
        return f"Changed by {who}."
    day, time = uk_instant(item.made_at).split(" ")
    return f"Changed by {who} on {day} at {time}."


def _scrolling(details: QWidget) -> QScrollArea:
    """The details scroll up and down when a long value does not fit."""
    return vertical_scroll(details, fit_width=False)


class ConflictsView(QDialog):
    """Emits ``resolved(str)`` (the conflict id) after each decision is saved."""

    resolved = Signal(str)

    def __init__(self, runner: TaskRunner, actor: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conflicts to resolve")
        self.runner = runner
        self.actor = actor
        self.items: list[ConflictItem] = []
        self._busy = False

        self.list = self._build_list()
        details = self._build_details()
        self.empty = self._build_empty()
        self.pages = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(_scrolling(details))
        splitter.setStretchFactor(1, 1)
        remember_splitter(splitter, "conflicts")
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.empty)

        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(buttons)
        self._sized_for_list = False

    def _build_empty(self) -> QWidget:
        """What the view says with nothing to decide: what is empty, and what to do."""
        page = QWidget()
        title = QLabel(EMPTY_TITLE)
        title.setObjectName("emptyTitle")
        self.empty_text = QLabel(EMPTY_TEXT)
        self.empty_text.setWordWrap(True)
        self.empty_text.setObjectName("emptyText")
        box = QVBoxLayout(page)
        box.addWidget(title)
        box.addWidget(self.empty_text)
        box.addStretch(1)
        return page

    def _size_for(self, has_items: bool) -> None:
        """A small window that says there is nothing to do; the list and its details at
        the size the worker left them (kept only for that) once there is something."""
        if has_items and not self._sized_for_list:
            self._sized_for_list = True
            self.setMinimumSize(0, 0)
            remember_size(self, "conflicts", 920, 560)
        elif not has_items and not self._sized_for_list:
            line = self.empty_text.fontMetrics().averageCharWidth()
            width = min(max(60 * line, 420), 720)
            layout = self.layout()
            assert layout is not None
            layout.activate()
            self.resize(width, layout.totalHeightForWidth(width))

    def _build_list(self) -> QListWidget:
        """The conflicts, one line each; choosing one shows its details."""
        conflicts = QListWidget()
        conflicts.setMinimumWidth(300)
        conflicts.setSpacing(3)
        conflicts.setAlternatingRowColors(True)
        conflicts.setWordWrap(True)  # a long record name wraps rather than being cut off
        conflicts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        conflicts.currentRowChanged.connect(self._show_item)
        conflicts.setAccessibleName("Conflicts")
        return conflicts

    def _build_details(self) -> QWidget:
        """The details of one conflict: what it is, its values, the decision, Save."""
        self.record_label = QLabel()
        self.record_label.setObjectName("dialogTitle")
        self.record_label.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.reason_label.setObjectName("hint")
        self.made_label = QLabel()
        self.made_label.setWordWrap(True)
        self.made_label.setAccessibleName("Who made the change")
        values = self._build_values()
        self.choice_box = self._build_choice_box()
        self.acknowledge_note = QLabel(
            "This change cannot be made now. Keep the server's version; if the value here "
            "still matters, add it as a new note or a correction."
        )
        self.acknowledge_note.setWordWrap(True)
        self.message = FieldMessage()
        self.apply_button = QPushButton("Save decision")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)

        details = QWidget()
        detail_layout = QVBoxLayout(details)
        detail_layout.addWidget(self.record_label)
        detail_layout.addWidget(self.made_label)
        detail_layout.addWidget(self.reason_label)
        detail_layout.addLayout(values)
        detail_layout.addWidget(self.choice_box)
        detail_layout.addWidget(self.acknowledge_note)
        detail_layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.apply_button)
        detail_layout.addLayout(row)
        detail_layout.addStretch(1)
        return details

    def _build_values(self) -> QFormLayout:
        """The field, and the values it started from, here and on the server."""
        self.field_label = QLabel()
        self.base_box = ValueText()
        self.here_box = ValueText()
        self.server_box = ValueText()
        self.base_caption = QLabel("Both started from")
        self.here_caption = QLabel("Value here")
        self.server_caption = QLabel("Value on the server")
        values = QFormLayout()
        values.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        values.addRow("Field", self.field_label)
        values.addRow(self.base_caption, self.base_box)
        values.addRow(self.here_caption, self.here_box)
        values.addRow(self.server_caption, self.server_box)
        return values

    def _build_choice_box(self) -> QGroupBox:
        """Keep the value here, the server's, or a merged value typed in."""
        self.choose_here = QRadioButton("Keep the value here")
        self.choose_server = QRadioButton("Keep the value on the server")
        self.choose_merged = QRadioButton("Write a merged value:")
        self.choices = QButtonGroup(self)
        for n, button in enumerate((self.choose_here, self.choose_server, self.choose_merged)):
            self.choices.addButton(button, n)
        self.merged = QPlainTextEdit()
        self.merged.setMaximumHeight(72)
        self.merged.setTabChangesFocus(True)
        self.merged.setAccessibleName("Merged value")
        self.merged.textChanged.connect(self._merged_typed)
        self.choices.idToggled.connect(lambda _id, _on: self._update_buttons())
        choice_box = QGroupBox("Your decision")
        choice_layout = QVBoxLayout(choice_box)
        for w in (self.choose_here, self.choose_server, self.choose_merged, self.merged):
            choice_layout.addWidget(w)
        return choice_box

    # -- loading --------------------------------------------------------------

    def load_and_open(self) -> None:
        """Load the conflicts, then show the dialog with them (never half empty)."""
        self.runner.run_store(list_conflicts, done=self._loaded_then_open)

    def _loaded_then_open(self, items: list[ConflictItem]) -> None:
        self.show_items(items)
        self.open()

    def reload(self) -> None:
        self.runner.run_store(list_conflicts, done=self.show_items)

    def show_items(self, items: list[ConflictItem]) -> None:
        current = self.current.id if self.current else None
        self.items = list(items)
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            entry = QListWidgetItem(f"{item.record_label}\n{item.field_label}")
            entry.setToolTip(item.reason_text)
            self.list.addItem(entry)
        self.list.blockSignals(False)
        self.pages.setCurrentIndex(0 if self.items else 1)
        self._size_for(bool(self.items))
        if self.items:
            ids = [i.id for i in self.items]
            self.list.setCurrentRow(ids.index(current) if current in ids else 0)
            self._show_item(self.list.currentRow())

    @property
    def current(self) -> ConflictItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_item(self, row: int) -> None:
        if not (0 <= row < len(self.items)):
            return
        item = self.items[row]
        self.record_label.setText(item.record_label)
        self.field_label.setText(item.field_label)
        self.reason_label.setText(f"{item.reason_text} Raised {item.created_text}.")
        made = made_words(item, self.actor)
        self.made_label.setText(made)
        self.made_label.setVisible(bool(made))
        self.base_box.setPlainText(item.base_text)
        self.here_box.setPlainText(item.here_text)
        self.server_box.setPlainText(item.server_text)
        self._label_choices(item)
        self.choices.setExclusive(False)
        for button in self.choices.buttons():
            button.setChecked(False)
        self.choices.setExclusive(True)
        self.merged.blockSignals(True)
        self.merged.setPlainText("" if item.here_text == "(empty)" else item.here_text)
        self.merged.blockSignals(False)
        self.choice_box.setVisible(item.can_merge)
        self.acknowledge_note.setVisible(not item.can_merge)
        self.apply_button.setText("Save decision" if item.can_merge
                                  else "Keep the server's version")
        self.message.show_message("")
        self._update_buttons()

    def _label_choices(self, item: ConflictItem) -> None:
        """Say whose value is whose; a whole new record is added or left out."""
        who = _person(item.made_by, self.actor)
        entered = f"entered by {who}" if item.made_by else "here"
        self.here_caption.setText("The new record" if item.is_new_record else f"Value {entered}")
        self.choose_here.setText("Add this record" if item.is_new_record
                                 else f"Keep the value {entered}")
        self.choose_server.setText("Leave it out" if item.is_new_record
                                   else "Keep the value on the server")
        for widget in (self.base_caption, self.base_box, self.server_caption, self.server_box,
                       self.choose_merged, self.merged):
            widget.setVisible(not item.is_new_record)

    def _merged_typed(self) -> None:
        if not self.choose_merged.isChecked():
            self.choose_merged.setChecked(True)

    def _update_buttons(self) -> None:
        item = self.current
        if item is None:
            self.apply_button.setEnabled(False)
            return
        self.merged.setEnabled(True)
        chosen = self.choices.checkedId() >= 0
        self.apply_button.setEnabled(not self._busy and (chosen or not item.can_merge))

    # -- deciding -------------------------------------------------------------

    def apply(self) -> None:
        item = self.current
        if item is None or self._busy:
            return
        if item.can_merge:
            choice = {0: "here", 1: "server", 2: "merged"}.get(self.choices.checkedId())
            if choice is None:
                self.message.show_message("Choose which value to keep, or write a merged one.")
                return
        else:
            choice = "server"
        request = Resolution(item.id, choice, self.merged.toPlainText())
        self._busy = True
        self._update_buttons()
        self.runner.run_store(resolve, self.actor, request, done=lambda _op: self._saved(item.id),
                              error=self._failed)

    def _saved(self, conflict_id: str) -> None:
        self._busy = False
        self.resolved.emit(conflict_id)
        self.reload()

    def _failed(self, exc: HearthError) -> None:
        self._busy = False
        if isinstance(exc, ValidationFailed):
            self.message.show_message(" ".join(exc.problems.values()))
        else:
            self.message.show_message(exc.message)
        self._update_buttons()
