"""Reading a closure: :func:`closure_html` and :class:`ClosureRecordDialog` (read-only)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.casework.closure import ClosureData
from app.dates import uk

from ui.widgets.mnemonics import name_buttons
from ui.widgets.window_memory import remember_size


def _esc(text: str) -> str:
    return escape(text, quote=False)


def closure_html(c: ClosureData) -> str:
    lines = [
        f"<h3 style='margin:0'>Closed on {uk(c.closed_on)}</h3>",
        f"<p><b>Reason:</b> {_esc(c.reason_text)}<br><b>Closed by:</b> {_esc(c.closed_by)}</p>",
    ]
    if c.outcomes_achieved:
        lines.append("<p><b>Outcomes</b></p><ul>")
        for o in c.outcomes_achieved:
            note = f" — {_esc(o.note)}" if o.note else ""
            lines.append(f"<li>“{_esc(o.text)}”: <b>{o.achieved_label}</b>{note}</li>")
        lines.append("</ul>")
    none = "<i>None recorded.</i>"
    lines.append(
        f"<p><b>The family's feedback:</b><br>{_esc(c.family_feedback) or none}</p>"
        f"<p><b>The child's feedback:</b><br>{_esc(c.child_feedback) or none}</p>"
    )
    if c.reopened_on:
        re = " <b>A re-referral.</b>" if c.is_rereferral else ""
        lines.append(
            f"<p><b>Reopened on {uk(c.reopened_on)}</b> by {_esc(c.reopened_by)}: "
            f"{_esc(c.reopen_reason)}.{re}</p>"
        )
    return "".join(lines)


class ClosureRecordDialog(QDialog):
    """A closure, to read."""

    def __init__(self, record: ClosureData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Closure")
        remember_size(self, "closureRecord", 640, 520)
        self.text = QTextBrowser()
        self.text.setObjectName("closureText")
        self.text.setHtml(closure_html(record))
        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
