"""A web page read back with the standard library's HTML parser: its language, title,
headings in order, table header cells, figures, and all its text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_TEXT_HOLDERS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"}
_VOID = {"meta", "br", "link", "img", "hr", "input"}


@dataclass
class Page:
    lang: str = ""
    title: str = ""
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, text) in order
    header_scopes: list[str] = field(default_factory=list)  # each th's scope ("" if none)
    figures: list[str] = field(default_factory=list)  # each figure's text
    tags: list[str] = field(default_factory=list)  # every start tag, in order
    undirected: list[str] = field(default_factory=list)  # text holders without dir="auto"
    text: str = ""
    attributes: list[tuple[str, str]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[str] = []
        self.chunks: list[str] = []
        self.capture: list[list[str]] = []  # text of the heading/figure/title being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.append(tag)
        self.page.attributes.extend((k, v) for k, v in values.items())
        if tag == "html":
            self.page.lang = values.get("lang", "")
        if tag == "th":
            self.page.header_scopes.append(values.get("scope", ""))
        if tag in _TEXT_HOLDERS - {"figcaption"} and values.get("dir") != "auto":
            self.page.undirected.append(tag)
        if tag == "br":
            self.chunks.append("\n")
            for c in self.capture:
                c.append("\n")
        if tag in _VOID:
            return
        self.open.append(tag)
        if tag in {"title", "figure", "h1", "h2", "h3", "h4", "h5", "h6"}:
            self.capture.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()
        if tag in {"title", "figure", "h1", "h2", "h3", "h4", "h5", "h6"}:
            text = "".join(self.capture.pop())
            if tag == "title":
                self.page.title = text
            elif tag == "figure":
                self.page.figures.append(text)
            else:
                self.page.headings.append((tag, text))
        if tag in _TEXT_HOLDERS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        for c in self.capture:
            c.append(data)


def read_html(source: str) -> Page:
    reader = _Reader()
    reader.feed(source)
    reader.close()
    assert not reader.open, f"left open: {reader.open}"
    reader.page.text = "".join(reader.chunks)
    return reader.page
