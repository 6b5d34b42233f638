"""A PDF page's content stream read as a screen reader's tools read it: which marked
content (MCID) each piece of text and drawing belongs to, its text decoded through the
fonts' ToUnicode maps, and whatever is drawn outside both marked content and artifacts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = TEXT_SHOWING | {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do",
                           "INLINE IMAGE"}
LINE_MOVES = {"Td", "TD", "T*", "Tm", "'", '"', "BT"}
ARTIFACT = "artifact"


@dataclass
class PageContent:
    """What one page draws, by marked-content sequence."""

    order: list[int] = field(default_factory=list)  # MCIDs in content order
    texts: dict[int, str] = field(default_factory=dict)  # MCID -> its text
    artifact_text: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)  # painting operators outside both
    problems: list[str] = field(default_factory=list)  # nesting that is not allowed


class _Font:
    """A font's codes read back as text (through its ToUnicode map)."""

    def __init__(self, font: Any) -> None:
        self.width = 1
        self.codes: dict[int, str] = {}
        to_unicode = font.get("/ToUnicode")
        if to_unicode is not None:
            self._read(to_unicode.read_bytes().decode("latin-1"))

    def _read(self, cmap: str) -> None:
        space = re.search(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", cmap)
        if space:
            self.width = len(space.group(1)) // 2
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
            for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                self.codes[int(code, 16)] = _utf16(text)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
            pattern = r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])"
            for low, high, target in re.findall(pattern, block):
                first, last = int(low, 16), int(high, 16)
                if target.startswith("["):
                    for offset, text in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                        self.codes[first + offset] = _utf16(text)
                else:
                    start = int(target[1:-1], 16)
                    for offset in range(last - first + 1):
                        self.codes[first + offset] = chr(start + offset)

    def text(self, data: bytes) -> str:
        step = self.width
        return "".join(
            self.codes.get(int.from_bytes(data[i:i + step], "big"), "\ufffd")
            for i in range(0, len(data), step)
        )


def _utf16(hexed: str) -> str:
    return bytes.fromhex(hexed).decode("utf-16-be") if hexed else ""


def _shown(operator: str, operands: Any) -> list[bytes]:
    if operator == "TJ":
        return [bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)]
    return [bytes(operands[-1])]


def read_page(page: pikepdf.Page) -> PageContent:
    """The page's marked content, its text, and anything drawn unmarked."""
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    fonts = resources.get("/Font", pikepdf.Dictionary())
    made: dict[str, _Font] = {}
    out = PageContent()
    stack: list[int | str | None] = []  # an MCID, an artifact, or other marked content
    font: str | None = None
    saved: list[str | None] = []
    for instruction in pikepdf.parse_content_stream(page):
        operator = str(instruction.operator)
        operands = getattr(instruction, "operands", [])
        if operator in ("BDC", "BMC"):
            _open(out, stack, operator, operands)
        elif operator == "EMC":
            if not stack:
                out.problems.append("EMC without a BDC or BMC")
            else:
                stack.pop()
        elif operator == "q":
            saved.append(font)
        elif operator == "Q":
            font = saved.pop() if saved else None
        elif operator == "Tf":
            font = str(operands[0])
        owner = next((m for m in reversed(stack) if m is not None), None)
        if operator in LINE_MOVES and isinstance(owner, int):
            out.texts[owner] = out.texts.get(owner, "") + " "
        if operator not in PAINTING:
            continue
        if owner is None:
            out.unmarked.append(operator)
            continue
        if operator not in TEXT_SHOWING or font is None:
            continue
        if font not in made:
            made[font] = _Font(fonts[font])
        text = "".join(made[font].text(data) for data in _shown(operator, operands))
        if owner == ARTIFACT:
            out.artifact_text.append(text)
        elif isinstance(owner, int):
            out.texts[owner] = out.texts.get(owner, "") + text
    if stack:
        out.problems.append(f"{len(stack)} marked-content sequence(s) left open")
    out.texts = {mcid: " ".join(text.split()) for mcid, text in out.texts.items()}
    return out


def _open(out: PageContent, stack: list[int | str | None], operator: str,
          operands: Any) -> None:
    tag = str(operands[0])
    properties = operands[1] if operator == "BDC" and len(operands) > 1 else None
    if tag == "/Artifact":
        stack.append(ARTIFACT)
        return
    mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
    if mcid is None:
        stack.append(None)
        return
    if any(isinstance(m, int) for m in stack):
        out.problems.append(f"MCID {int(mcid)} inside another marked-content sequence")
    if ARTIFACT in stack:
        out.problems.append(f"MCID {int(mcid)} inside an artifact")
    stack.append(int(mcid))
    out.order.append(int(mcid))
