"""Plain text made ready for a document: escaped for reportlab, counted, listed.

No reportlab here: a module that only prepares text need not load it."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape


def esc(text: object) -> str:
    """Plain text made safe for a Paragraph: markup escaped, line breaks kept."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    lines = [escape(line) for line in value.split("\n")]
    return "<br/>".join(lines)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def words_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + " and " + items[-1]
