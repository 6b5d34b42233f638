"""Alt+letter keys (mnemonics) for the standard buttons of a dialog's button box: Qt names
them "Save", "Cancel", "Close"… without one on most platforms, so :func:`name_buttons`
gives each the same words with an ``&`` (every button in Hearth has one; issue 16)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

Standard = QDialogButtonBox.StandardButton

STANDARD_TEXTS: dict[Standard, str] = {
    Standard.Ok: "&OK",
    Standard.Save: "&Save",
    Standard.Cancel: "&Cancel",
    Standard.Close: "&Close",
    Standard.Yes: "&Yes",
    Standard.No: "&No",
    Standard.Apply: "&Apply",
    Standard.Discard: "&Discard",
    Standard.Open: "&Open",
    Standard.Reset: "&Reset",
}


def name_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Give ``box``'s standard buttons words with a mnemonic (a text already chosen, with
    its own ``&``, is kept); return ``box``."""
    for which, text in STANDARD_TEXTS.items():
        button = box.button(which)
        if button is not None and "&" not in button.text():
            button.setText(text)
    return box
