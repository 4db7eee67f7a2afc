"""Where each key and value of a TOML file sits in the source.

tomllib gives values without positions, so problems found after parsing
(pydantic's, cross-references, expressions) are pointed back at the source
through tree-sitter's TOML parse tree. A path is the dotted key path as
pydantic reports it: ("events", "summit", "choices", 0, "effects", "trust").
A path that cannot be found gets no position: a wrong line is worse than none.
"""

from __future__ import annotations

import array
import itertools
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Callable

import tree_sitter
import tree_sitter_toml


Path = tuple[str | int, ...]
MAX_ARRAY_POSITIONS = 1000


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in characters


@dataclass(frozen=True, slots=True)
class Located:
    key: Position  # where the key (or table header) starts
    value: Position  # where the value (or the header's name) starts
    raw: str  # the value's source text, as written


@cache
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_toml.language()))


class SourceMap:
    """Positions of every key path in one TOML document."""

    def __init__(self, source: bytes) -> None:
        source = source.removeprefix(b"\xef\xbb\xbf")  # a byte order mark: editors show no column for it
        self._lines = source.split(b"\n")
        self._columns: dict[int, array.array] = {}  # row -> characters before each byte, non-ASCII rows
        self._paths: dict[Path, Located] = {}
        self._array_tables: dict[Path, int] = {}  # path -> index of its latest element
        self._walk_document(_parser().parse(source).root_node)

    def find(self, path: Path) -> Located | None:
        return self._paths.get(tuple(path))

    def nearest(self, path: Path) -> tuple[Path, Located] | None:
        """The deepest enclosing path that has a position, e.g. a table header."""
        path = tuple(path)
        while path:
            if (found := self._paths.get(path)) is not None:
                return path, found
            path = path[:-1]
        return None

    def first_under(self, prefix: Path) -> Located | None:
        """The earliest position of anything inside `prefix`, for a table that
        is only implied by its sub-tables (`[[events.x.choices]]` implies `events.x`)."""
        prefix = tuple(prefix)
        found = [v for p, v in self._paths.items() if p[: len(prefix)] == prefix]
        return min(found, key=lambda v: (v.key.line, v.key.column), default=None)

    # -- walking the tree -------------------------------------------------

    def _position(self, point: tree_sitter.Point) -> Position:
        row, byte_column = point
        line = self._lines[row] if row < len(self._lines) else b""
        if line.isascii():
            return Position(row + 1, min(byte_column, len(line)) + 1)
        # Decoding the line up to the column for every value would be quadratic on a
        # hostile one-line file of a million values: count characters once per line.
        columns = self._columns.get(row)
        if columns is None:
            starts = (0 if 0x80 <= byte < 0xC0 else 1 for byte in line)  # UTF-8 continuation bytes add none
            columns = self._columns[row] = array.array("L", itertools.accumulate(starts, initial=0))
        return Position(row + 1, columns[min(byte_column, len(line))] + 1)

    def _walk_document(self, root: tree_sitter.Node) -> None:
        for node in root.children:
            if node.type == "pair":
                self._walk_pair(node, ())
            elif node.type in ("table", "table_array_element"):
                self._walk_table(node)

    def _walk_table(self, node: tree_sitter.Node) -> None:
        key_node = next((c for c in node.children if c.type.endswith("key")), None)
        if key_node is None:
            return
        keys = self._key_parts(key_node)
        if keys is None:
            return
        is_array = node.type == "table_array_element"
        path = (*self._resolve(keys[:-1]), keys[-1]) if is_array else self._resolve(keys)
        if is_array:
            index = self._array_tables.get(path, -1) + 1
            self._array_tables[path] = index
            if path not in self._paths:
                self._remember(path, node, key_node, raw="")
            path = (*path, index)
        self._remember(path, node, key_node, raw="")
        for child in node.children:
            if child.type == "pair":
                self._walk_pair(child, path)

    def _resolve(self, keys: tuple[str, ...]) -> Path:
        """Insert the current index after every prefix that is an array of tables."""
        path: Path = ()
        for key in keys:
            path = (*path, key)
            if path in self._array_tables:
                path = (*path, self._array_tables[path])
        return path

    def _walk_pair(self, node: tree_sitter.Node, table: Path) -> None:
        # A trailing comment is a child of the pair too: the value is the last other one.
        parts = [c for c in node.children if c.type != "comment"]
        key_node = parts[0] if parts else None
        value_node = parts[-1] if len(parts) >= 3 else None
        if key_node is None or value_node is None:
            return
        keys = self._key_parts(key_node)
        if keys is None:
            return
        path = (*table, *keys)
        self._remember(path, key_node, value_node, raw=value_node.text.decode("utf-8", "replace"))
        self._walk_value(value_node, path)

    def _walk_value(self, node: tree_sitter.Node, path: Path) -> None:
        if node.type == "inline_table":
            for child in node.children:
                if child.type == "pair":
                    self._walk_pair(child, path)
        elif node.type == "array":
            values = [c for c in node.children if c.is_named and c.type != "comment"]
            # No list of a scenario holds more than MAX_ARRAY_POSITIONS items; beyond that a
            # hostile file would only make the map huge, and those items go without a position.
            for index, value in enumerate(values[:MAX_ARRAY_POSITIONS]):
                item = (*path, index)
                self._remember(item, value, value, raw=value.text.decode("utf-8", "replace"))
                self._walk_value(value, item)

    def _remember(self, path: Path, key: tree_sitter.Node, value: tree_sitter.Node, raw: str) -> None:
        self._paths[path] = Located(
            self._position(key.start_point), self._position(value.start_point), raw
        )

    @staticmethod
    def _key_parts(node: tree_sitter.Node) -> tuple[str, ...] | None:
        if node.type == "dotted_key":
            parts: tuple[str, ...] = ()
            for child in node.children:
                if child.type.endswith("key"):
                    sub = SourceMap._key_parts(child)
                    if sub is None:
                        return None
                    parts += sub
            return parts
        raw = node.text.decode("utf-8", "replace")
        if node.type == "bare_key":
            return (raw,)
        try:  # a quoted key: let tomllib undo its escapes (kept as written: the loader refuses unclean keys)
            return tuple(tomllib.loads(f"{raw} = 0"))
        except tomllib.TOMLDecodeError:
            return None


def first_node(source: bytes, wanted: Callable[[tree_sitter.Node, int], bool]) -> Position | None:
    """Where the first node (in document order) that `wanted` accepts starts.

    `wanted` gets the node and how many arrays and inline tables enclose it.
    The tree is walked without recursion, so a hostile nesting depth is safe;
    for problems the parser reports without a position (a number too long to
    convert, values nested too deeply).
    """
    lines = source.split(b"\n")
    stack = [(_parser().parse(source).root_node, 0)]
    while stack:
        node, depth = stack.pop()
        if wanted(node, depth):
            row, byte_column = node.start_point
            line = lines[row] if row < len(lines) else b""
            return Position(row + 1, len(line[:byte_column].decode("utf-8", "replace")) + 1)
        inner = depth + (node.type in ("array", "inline_table"))
        stack.extend((child, inner) for child in reversed(node.children))
    return None


def expression_position(located: Located, offset: int) -> Position:
    """The position of character `offset` of an expression written as a TOML string.

    Exact for a one-line string without escapes (how expressions are written);
    otherwise the string's own start, rather than a guess.
    """
    raw, start = located.raw, located.value
    if len(raw) >= 2 and raw[0] in "\"'" and raw[:3] not in ('"""', "'''"):
        inner = raw[1:-1]
        if raw[0] == "'" or "\\" not in inner:
            return Position(start.line, start.column + 1 + offset)
    return start
