"""A document as a web page: the accessible copy a screen reader reads in order.

Some of what a tagged PDF says reportlab cannot make every reader follow (a shaped
conjunct is a glyph with no character; a right-to-left line is drawn in visual order;
the PDF carries ``/ActualText`` for those, which not every reader uses), so every
document is offered as a web page too. It is made from the same record the PDF's
structure tree is written from (:mod:`~app.documents.layout.tagging`): each element's
role, its text as typed and a figure's description, in the order they were drawn,
which is the reading order. So its headings, paragraphs, lists, tables (with scoped
header cells) and described figures are the PDF's, in the PDF's order.

One self-contained UTF-8 file: no scripts, no external resources, a stylesheet with
large text that follows the reader's dark mode and prints plainly. The running
header's facts (title, family) come once at the top, the footer's (printed date,
record version) once at the foot. Every piece of text has ``dir="auto"``, so a
paragraph in Arabic or Hebrew reads right to left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from html import escape

from app.dates import uk
from app.documents.layout.document_info import DocumentInfo
from app.documents.layout.tagging import Element, Structure

_copies: ContextVar[list[str] | None] = ContextVar("html_copies", default=None)

STYLE = """
:root { color-scheme: light dark; --ink: #1b1b1b; --paper: #ffffff; --muted: #4a4a4a;
  --rule: #8a8a8a; --head: #e8eef4; --accent: #1d4f7a; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #f2f2f2; --paper: #121417; --muted: #c8c8c8; --rule: #6a6a6a;
    --head: #24303b; --accent: #9cc7ee; }
}
html { font-size: 125%; }
body { font-family: "Atkinson Hyperlegible", Verdana, "DejaVu Sans", system-ui, sans-serif;
  line-height: 1.6; color: var(--ink); background: var(--paper); max-width: 44rem;
  margin: 1.5rem auto; padding: 0 1rem; }
h1, h2, h3, h4 { color: var(--accent); line-height: 1.3; margin: 1.6em 0 0.5em; }
h1 { font-size: 1.7rem; margin-top: 0.5em; }
h2 { font-size: 1.35rem; }
h3 { font-size: 1.15rem; }
p { margin: 0 0 0.8em; }
header, footer { color: var(--muted); border-color: var(--rule); }
header { border-bottom: 1px solid var(--rule); padding-bottom: 0.5em; }
footer { border-top: 1px solid var(--rule); margin-top: 2em; padding-top: 0.5em; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1.2em; }
th, td { border: 1px solid var(--rule); padding: 0.35em 0.5em; text-align: start;
  vertical-align: top; }
th { background: var(--head); }
td p, th p { margin: 0 0 0.4em; }
td > :first-child, th > :first-child { margin-top: 0; }
.label, .strong { font-weight: bold; }
.label { margin: 0.9em 0 0.1em; }
.muted, .subtitle { color: var(--muted); }
.callout { border: 1px solid var(--rule); padding: 0.6em 0.8em; background: var(--head); }
figure { margin: 0 0 1.2em; padding: 0.6em 0.8em; border-inline-start: 4px solid var(--accent); }
@media print {
  :root { --ink: #000000; --paper: #ffffff; --muted: #333333; --rule: #777777;
    --head: #eeeeee; --accent: #000000; }
  html { font-size: 12pt; }
  body { max-width: none; margin: 0; }
  tr, figure { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
"""


@contextmanager
def copying() -> Iterator[list[str]]:
    """While the block runs, every document laid out also makes its web page copy,
    collected in the list this yields."""
    found: list[str] = []
    token = _copies.set(found)
    try:
        yield found
    finally:
        _copies.reset(token)


def offer(info: DocumentInfo, printed_on: dt.date, structure: Structure) -> None:
    """Called once a document has been drawn: its web page, when one is wanted."""
    found = _copies.get()
    if found is not None:
        found.append(web_page(info, printed_on, structure))


def document_title(info: DocumentInfo) -> str:
    """The title a viewer shows, as the PDF's."""
    return f"{info.title}: {info.family_name} ({info.family_reference})"


def web_page(info: DocumentInfo, printed_on: dt.date, structure: Structure) -> str:
    """The web page of a document drawn with ``structure`` collected."""
    body: list[str] = []
    for kid in structure.root.kids:
        if isinstance(kid, Element):
            _write(kid, body)
    facts = f"Printed {uk(printed_on)}. {info.stamp.text()}."
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(document_title(info))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<p dir="auto">{_text(info.title)}. Family {_text(info.family_reference)}: '
        f"{_text(info.family_name)}.</p>",
        "</header>",
        "<main>",
        *body,
        "</main>",
        f'<footer><p dir="auto">{_text(facts)}</p></footer>',
        "</body>",
        "</html>",
        "",
    ])


def _text(text: str) -> str:
    return escape(text, quote=False).replace("\n", "<br>")


def _inside(element: Element) -> str:
    """What an element holds: its own text, then its elements'."""
    out: list[str] = [_text(element.text)] if element.text else []
    for kid in element.kids:
        if isinstance(kid, Element):
            _write(kid, out)
    return "".join(out)


_SCOPES = {"Column": "col", "Row": "row", "Both": "col"}
# the styles text is set in that the web page shows too (a label bold, a note muted)
_CLASSES = {"label": "label", "cell_bold": "strong", "muted": "muted",
            "cell_muted": "muted", "small": "muted", "subtitle": "subtitle",
            "callout": "callout"}


def _class(element: Element) -> str:
    found = _CLASSES.get(element.kind)
    return f' class="{found}"' if found else ""


def _write(element: Element, out: list[str]) -> None:
    """``element`` as HTML, appended to ``out``."""
    role = element.role
    if role == "Figure":
        out.append(f'<figure><figcaption dir="auto">{_text(element.alt)}</figcaption></figure>')
    elif len(role) == 2 and role[0] == "H" and role[1].isdigit():
        level = role[1]
        out.append(f'<h{level} dir="auto">{_inside(element)}</h{level}>')
    elif role == "L":
        out.append(f"<ul>{_inside(element)}</ul>")
    elif role == "LI":
        out.append(f'<li dir="auto">{_inside(element)}</li>')
    elif role == "Table":
        out.append(f"<table>{_inside(element)}</table>")
    elif role == "TR":
        out.append(f"<tr>{_inside(element)}</tr>")
    elif role == "TH":
        scope = _SCOPES.get(dict(element.attributes).get("Scope", ""), "col")
        out.append(f'<th scope="{scope}" dir="auto">{_inside(element)}</th>')
    elif role == "TD":
        out.append(f'<td{_class(element)} dir="auto">{_inside(element)}</td>')
    elif role == "LBody":
        out.append(_inside(element))
    else:  # a paragraph
        inside = _inside(element)
        if inside:
            out.append(f'<p{_class(element)} dir="auto">{inside}</p>')
