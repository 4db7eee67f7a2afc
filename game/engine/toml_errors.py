"""TOML syntax errors in an author's words, every one of them at once.

    syntax_problems(name, text, message)   the problems of a file tomllib refused

tomllib stops at the first error and words it for parser writers ("Expected
newline or end of document after a statement" for a date with month 13). The
first problem is reworded from what is written on its line: a date that does
not exist, an inline table broken over lines, a table declared twice (with
both lines), a string left open. tree-sitter's parse tree, which recovers from
errors, then finds the lines of any further syntax errors, so an author fixes
them in one pass rather than one run each.
"""

from __future__ import annotations

import datetime
import re

from game.engine.problems import Problem

MAX_FURTHER = 20
_GENERIC_HINT = "check quotes, brackets and `=` on this line"
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_DATE = re.compile(r"(?<![\w\"'.:-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w:.-]*[\"'])")
_DECLARED_TWICE = re.compile(r"Cannot declare \((.*)\) twice")
_INLINE_TABLE_HINT = ("an inline table `{ … }` must fit on one line: keep it on one line, "
                      "or write it as a [table] with one key per line")


def syntax_problems(name: str, text: str, message: str) -> list[Problem]:
    """Every syntax problem of `text`, the one tomllib reported first."""
    first = _first(name, text, message)
    further = [p for p in _further(name, text) if p.line != first.line]
    return [first, *further[:MAX_FURTHER]]


def _first(name: str, text: str, message: str) -> Problem:
    found = _POSITION.search(message)
    if not found:
        return Problem(name, f"TOML syntax error: {message.removesuffix(' (at end of document)')}",
                       hint=_GENERIC_HINT)
    message = message[: found.start()]
    line, column = int(found[1]), int(found[2])
    lines = text.split("\n")
    source_line = lines[line - 1] if line <= len(lines) else ""
    twice = _DECLARED_TWICE.match(message)
    if twice:
        return _declared_twice(name, lines, line, column, re.findall(r"'((?:[^'\\]|\\.)*)'", twice[1]))
    if (date := _bad_date(name, source_line, line)) is not None:
        return date
    if _inside_open_inline_table(lines, line, column):
        return Problem(name, "TOML syntax error: an inline table is broken over several lines",
                       line, column, hint=_INLINE_TABLE_HINT)
    wording = message[:1].lower() + message[1:]
    if "illegal character '\\n'" in wording or "unclosed" in wording.lower():
        return Problem(name, "TOML syntax error: a string is not closed before the end of the line", line, column,
                       hint='close it with a matching quote, or use """triple quotes""" for text over several lines')
    if wording.startswith("cannot overwrite a value"):
        return Problem(name, "TOML syntax error: this key is given a value twice", line, column,
                       hint="each key appears once in its table; delete or rename one of them")
    return Problem(name, f"TOML syntax error: {wording}", line, column, hint=_GENERIC_HINT)


def _bad_date(name: str, source_line: str, line: int) -> Problem | None:
    """A date written like one (1956-13-01) that is not a day of the calendar."""
    code = source_line.split("#", 1)[0]
    for match in _DATE.finditer(code):
        year, month, day = (int(part) for part in match.groups())
        where = match.start() + 1
        written = match.group(0)
        if len(match[2]) != 2 or len(match[3]) != 2:
            return Problem(name, f"`{written}` is not a TOML date: months and days take two digits",
                           line, where, hint=f"write {year:04d}-{month:02d}-{day:02d}")
        try:
            datetime.date(year, month, day)
        except ValueError:
            reason = (f"there is no month {month}" if not 1 <= month <= 12 else
                      f"{datetime.date(2000, month, 1):%B} {year} has no day {day}" if day else "there is no day 0")
            return Problem(name, f"`{written}` is not a real date: {reason}", line, where,
                           hint="a date is year-month-day, like 2015-05-01")
        rest = code[match.end():]
        if rest.startswith(("T", " ")) and re.match(r"[T ]\d", rest):
            return Problem(name, f"`{written}{rest.split()[0]}` has a time: scenario dates are days only",
                           line, where, hint="write the date alone, like 2015-05-01")
    return None


def _inside_open_inline_table(lines: list[str], line: int, column: int) -> bool:
    """Whether the error sits in a `{` opened on this or an earlier line and not closed on it."""
    depth = 0
    for number in range(max(1, line - 20), line + 1):
        code = _without_strings(lines[number - 1] if number <= len(lines) else "")
        if number == line:
            code = code[: column - 1]
        depth = max(0, depth + code.count("{") - code.count("}"))
    return depth > 0


def _without_strings(code: str) -> str:
    code = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', '""', code)
    return code.split("#", 1)[0]


def _declared_twice(name: str, lines: list[str], line: int, column: int, keys: list[str]) -> Problem:
    dotted = ".".join(keys)
    header = re.compile(r"^\s*\[\[?\s*" + r"\s*\.\s*".join(
        r"(?:%s|\"%s\"|'%s')" % ((re.escape(k),) * 3) for k in keys) + r"\s*\]\]?\s*(#.*)?$")
    earlier = [n for n, text in enumerate(lines[: line - 1], start=1) if header.match(text)]
    where = f"first at line {earlier[0]}, " if earlier else ""
    return Problem(name, f"TOML syntax error: the table [{dotted}] is declared twice ({where}again here)",
                   line, column, hint="merge the two into one table, or rename one of them")


def _further(name: str, text: str) -> list[Problem]:
    """Lines of syntax errors that tree-sitter's error recovery finds, one problem a line."""
    from game.engine.locate import _parser  # tree-sitter is needed only when a file is broken

    source = text.encode("utf-8")
    lines = text.split("\n")
    seen: set[int] = set()
    found = []
    stack = [_parser().parse(source).root_node]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            row, byte_column = node.start_point
            number = row + 1
            if number not in seen and number <= len(lines):
                seen.add(number)
                column = len(source.split(b"\n")[row][:byte_column].decode("utf-8", "replace")) + 1
                found.append(_further_problem(name, lines, number, column))
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
    # tree-sitter's grammar takes any digits for a date: days that do not exist are found here.
    for number, line_text in enumerate(lines, start=1):
        if number not in seen and (date := _bad_date(name, _without_strings(line_text), number)) is not None:
            found.append(date)
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0))


def _further_problem(name: str, lines: list[str], line: int, column: int) -> Problem:
    date = _bad_date(name, lines[line - 1], line)
    if date is not None:
        return date
    if _without_strings(lines[line - 1]).count('"') % 2 or _without_strings(lines[line - 1]).count("'") % 2:
        return Problem(name, "TOML syntax error: a string is not closed before the end of the line", line, column,
                       hint='close it with a matching quote, or use """triple quotes""" for text over several lines')
    if _inside_open_inline_table(lines, line, column + 1):
        return Problem(name, "TOML syntax error: an inline table is broken over several lines", line, column,
                       hint=_INLINE_TABLE_HINT)
    return Problem(name, "TOML syntax error: this line cannot be read", line, column, hint=_GENERIC_HINT)
