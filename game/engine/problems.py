"""Problems found in a user's file, kept as data until something shows them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    message: str
    line: int | None = None  # only when the parser really knows it
    column: int | None = None
    key: str = ""  # dotted key path, shown when there is no line
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        elif self.key:
            where += f": {self.key}"
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ScenarioError(Exception):
    """A scenario file could not be loaded; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def suggest(word: str, options: Iterable[str]) -> str:
    """"did you mean `x`?" for the option closest to a misspelt word, or ""."""
    import difflib  # here: this module is on every command's start-up path

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""
