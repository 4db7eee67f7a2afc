"""Cleaning text that comes from strangers' files before it reaches a terminal.

Rich and Textual pass ESC and C1 control bytes straight through, so a scenario
string could move the cursor, retitle the window or worse. Only printable
characters, newlines and tabs survive.
"""

from __future__ import annotations

from typing import Any


def clean(text: str) -> str:
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return text  # nothing to remove: most multi-line strings, checked without a loop in Python
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")


def clean_line(text: str) -> str:
    """`clean`, and on one line: for paths and names inside a one-line message,
    where a newline could forge a line of output."""
    return clean(text).replace("\r", " ").replace("\n", " ").replace("\t", " ")


def shown_key(key: str) -> str:
    """A key as it may be printed, its invisible and control characters as \\u escapes."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in key)


def clean_tree(data: Any) -> Any:
    """A copy of parsed TOML data with every string, keys included, cleaned."""
    if isinstance(data, str):
        return clean(data)
    if isinstance(data, dict):
        return {clean(key): clean_tree(value) for key, value in data.items()}
    if isinstance(data, list):
        return [clean_tree(value) for value in data]
    return data
