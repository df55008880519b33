"""Read YAML with line numbers, so content problems can say where the mistake is."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, Problem

PathKey = tuple  # e.g. ("steps", 2, "title")


def _walk(node: yaml.Node, prefix: PathKey, offset: int, out: dict[PathKey, int]) -> None:
    out[prefix] = node.start_mark.line + offset
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[prefix + (key,)] = key_node.start_mark.line + offset
            _walk(value_node, prefix + (key,), offset, out)
            out[prefix + (key,)] = key_node.start_mark.line + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, prefix + (index,), offset, out)


class LineMap:
    """Maps a path inside a YAML document to its line in the file (1-based)."""

    def __init__(self, lines: dict[PathKey, int], default: int):
        self._lines = lines
        self._default = default

    def line(self, *path: Any) -> int:
        """The line of ``path``, or of its nearest parent that has one."""
        key = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return self._default


def parse_yaml(text: str, path: Path, first_line: int = 1) -> tuple[Any, LineMap]:
    """Parse ``text`` (which starts at ``first_line`` of ``path``).

    Raises ContentError naming the file and line when the YAML is malformed.
    """
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + first_line if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise ContentError(
            [
                Problem(
                    path,
                    f"the YAML could not be read ({reason}). Check the indentation, that every "
                    "'key: value' has a space after the colon, and that text containing ': ' or "
                    "starting with a quote or [ is put in quotes.",
                    line,
                )
            ]
        ) from None
    lines: dict[PathKey, int] = {}
    if node is not None:
        _walk(node, (), first_line, lines)
    return data, LineMap(lines, first_line)


def read_yaml_file(path: Path) -> tuple[Any, LineMap]:
    """Read and parse a whole YAML file."""
    return parse_yaml(path.read_text(encoding="utf-8"), path)
