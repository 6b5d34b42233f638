"""What reading a form or descriptor file found: each :class:`Problem` names the file, the
path inside it, what is wrong and (when known) the line; paths rendered, lines looked up."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from app.forms.definition import DescriptorSet, FormDefinition, OptionLists

PathPart = str | int
Path = tuple[PathPart, ...]

@dataclass(frozen=True)
class Problem:
    """One mistake in a definition file."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{self.file}: {self.path}: {self.message}{where}"


@dataclass(frozen=True)
class ReadResult:
    """What reading one file gave: a form, a descriptor set, or neither, plus
    its problems. ``node`` is the YAML node tree, kept to find line numbers for
    problems found later (e.g. when checking references between files)."""

    file: str
    document: FormDefinition | DescriptorSet | OptionLists | None
    problems: tuple[Problem, ...]
    node: Any = field(default=None, repr=False, compare=False)

    def problem_at(self, path: Path, message: str) -> Problem:
        return Problem(self.file, render_path(path), message, line_of(self.node, path))


def render_path(path: Path) -> str:
    if not path:
        return "(file)"
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def line_of(node: Any, path: Path) -> int | None:
    """The 1-based line of the node at ``path`` (of its key, for a mapping
    entry); the nearest enclosing node's line if the path goes further than
    the file does."""
    if node is None:
        return None
    line: int = node.start_mark.line + 1
    for index, part in enumerate(path):
        last = index == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    line = key_node.start_mark.line + 1
                    node = value_node
                    if not last:
                        line = node.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def describe(value: Any) -> str:
    """A found value as a form author reads it in a problem."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """"; did you mean ...?" for the closest choice, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""

