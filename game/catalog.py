"""Scenario headers for menus, read cheaply: the [scenario] table of each file, nothing checked.

The title and new-game screens list scenarios before the player picks one.
Loading a scenario properly (pydantic, cross-references, expressions) costs
more than a bare Textual app's whole start-up, so menus read only the header
with tomllib through the file gate; the full loader runs when a scenario is
chosen, and its located problems are shown then.

    read_header(path) -> Header      title, period, length and summary, or why it cannot be read
    shipped_headers() -> [Header]    every shipped scenario, in file name order
    period(start, months, turns)     "May 2015 – October 2015"
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game import files, paths
from game.engine.text import clean, clean_line

# The loader's own limit (game.engine.loader.MAX_FILE_BYTES), repeated so that a
# menu does not import the loader; tests/test_catalog.py checks that they agree.
MAX_FILE_BYTES = 2_000_000
MAX_VALUES = 150_000  # game.engine.loader.MAX_VALUES, likewise
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


@dataclass(frozen=True)
class Header:
    """What a menu shows of a scenario file. `problem` is set when the header cannot be read."""

    path: Path
    id: str
    title: str
    summary: str = ""
    start: datetime.date | None = None
    months_per_turn: int = 1
    turns: int = 0
    problem: str = ""

    @property
    def period(self) -> str:
        if self.start is None or self.turns < 1:
            return ""
        return period(self.start, self.months_per_turn, self.turns)

    @property
    def length(self) -> str:
        if self.turns < 1:
            return ""
        unit = "one month" if self.months_per_turn == 1 else f"{self.months_per_turn} months"
        return f"{self.turns} turn{'s' if self.turns != 1 else ''} of {unit}"

    def date_of(self, turn: int) -> str:
        """The month a turn of this scenario stands for, e.g. "July 2015" ("" if unknown)."""
        if self.start is None:
            return ""
        return _month(_add_months(self.start, self.months_per_turn * (turn - 1)))


def period(start: datetime.date, months_per_turn: int, turns: int) -> str:
    """The months a scenario covers, from its first turn to its last."""
    first, last = _month(start), _month(_add_months(start, months_per_turn * (turns - 1)))
    return first if first == last else f"{first} – {last}"


def _add_months(date: datetime.date, months: int) -> datetime.date:
    index = date.month - 1 + months
    return datetime.date(date.year + index // 12, index % 12 + 1, 1)


def _month(date: datetime.date) -> str:
    return f"{_MONTHS[date.month - 1]} {date.year}"


def read_header(path: str | Path) -> Header:
    """The header of a scenario file; never raises for a bad file (see `problem`)."""
    import tomllib  # here: `crossroads play` shows a briefing (`period`) without parsing any TOML

    path = Path(path)
    fallback = clean_line(path.stem)
    try:
        raw = files.read_capped(path, MAX_FILE_BYTES, what="scenario file")
        if files.toml_values(raw) > MAX_VALUES:  # tomllib would take seconds on it
            return Header(path, fallback, fallback, problem="the file is too dense to be a scenario")
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return Header(path, fallback, fallback, problem="this file is saved as UTF-16 text, not UTF-8")
        source = raw.decode("utf-8-sig")  # the loader too reads past a byte order mark
        try:
            data = tomllib.loads(_head(source))
        except tomllib.TOMLDecodeError:  # the cut was not clean: read the whole file
            data = {}
        if not isinstance(data.get("scenario"), dict):
            data = tomllib.loads(source)
    except files.UnreadableFile as error:
        return Header(path, fallback, fallback, problem=error.reason)
    except UnicodeDecodeError:
        return Header(path, fallback, fallback, problem="this is not a text file: it holds binary data")
    except tomllib.TOMLDecodeError as error:
        return Header(path, fallback, fallback, problem=f"not valid TOML: {clean_line(str(error))}")
    except RecursionError:
        return Header(path, fallback, fallback, problem="values are nested too deeply")
    except (ValueError, OverflowError):  # tomllib: an integer of over 4,300 digits
        return Header(path, fallback, fallback, problem="it holds a number of more than 4,300 digits")
    table = data.get("scenario")
    if not isinstance(table, dict):
        return Header(path, fallback, fallback, problem="this file has no [scenario] table")
    scenario_id = _text(table, "id") or fallback
    start = table.get("start")
    if isinstance(start, datetime.datetime):
        start = start.date()
    months, turns = _whole(table, "months_per_turn", 1), _whole(table, "turns", 0)
    if isinstance(start, datetime.date) and start.year + (start.month - 1 + months * (turns - 1)) // 12 > 9999:
        return Header(path, fallback, fallback, problem="its last turn would fall after the year 9999")
    return Header(
        path=path,
        id=clean_line(scenario_id)[:64],
        title=clean_line(_text(table, "title") or scenario_id)[:200],
        summary=clean(_text(table, "summary"))[:2000],
        start=start if isinstance(start, datetime.date) else None,
        months_per_turn=_whole(table, "months_per_turn", 1),
        turns=_whole(table, "turns", 0),
    )


_TABLE_HEADER = re.compile(r"\s*\[")
_SCENARIO_HEADER = re.compile(r"\s*\[\s*scenario\s*\]\s*(#.*)?$")


def _head(source: str) -> str:
    """The file up to the end of its [scenario] table, as TOML text.

    tomllib is pure Python: a whole flagship scenario takes ~0.1 s to parse, the
    header alone a millisecond. The cut is made at the first table header after
    [scenario] that is not inside a multi-line string; if it is wrong, the caller
    parses the whole file instead.
    """
    lines = source.splitlines(keepends=True)
    inside_string, seen_scenario = "", False
    for index, line in enumerate(lines):
        if not inside_string and _TABLE_HEADER.match(line):
            if seen_scenario:
                return "".join(lines[:index])
            seen_scenario = bool(_SCENARIO_HEADER.match(line))
        for quotes in ('"""', "'''"):
            if (not inside_string or inside_string == quotes) and line.count(quotes) % 2:
                inside_string = "" if inside_string else quotes
    return source


def _text(table: dict[str, Any], key: str) -> str:
    value = table.get(key)
    return value.strip() if isinstance(value, str) else ""


def _whole(table: dict[str, Any], key: str, default: int) -> int:
    value = table.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 600:
        return value
    return default


def shipped_headers() -> list[Header]:
    return [read_header(path) for path in paths.shipped_scenario_files()]
