"""TOML syntax errors in an author's words, every one of them at once.

    syntax_problems(name, text, message)   the problems of a file tomllib refused

tomllib stops at the first error and words it for parser writers ("Expected
newline or end of document after a statement" for a date with month 13). The
first problem is reworded from what is written on its line: a date that does
not exist or is written in another order, a value that needs quotes (an
unquoted condition) or must not have them (a word for a number), [x] and [[x]]
mixed up, an inline table broken over lines, a table declared twice (with both
lines), a string or header left open, two keys on one line. tree-sitter's parse
tree, which recovers from errors, then finds the lines of any further syntax
errors, so an author fixes them in one pass rather than one run each. What a
message quotes from the file has its control characters escaped.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Any

from game.engine.problems import Problem
from game.engine.text import shown_key

MAX_FURTHER = 20
_GENERIC_HINT = "check quotes, brackets and `=` on this line"
_UNREADABLE = "TOML syntax error: this line cannot be read"
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_DATE = re.compile(r"(?<![\w\"'.:-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w:.-]*[\"'])")
_DECLARED_TWICE = re.compile(r"Cannot declare \((.*)\) twice")
_INLINE_TABLE_HINT = ("an inline table `{ … }` must fit on one line: keep it on one line, "
                      "or write it as a [table] with one key per line")


def syntax_problems(name: str, text: str, message: str) -> list[Problem]:
    """Every syntax problem of `text`, the one tomllib reported first."""
    first = _first(name, text, message)
    further = [p for p in _further(name, text) if p.line != first.line]
    if first.line is None and further:  # tomllib gave no position; the parse tree found the line
        shown = further[:MAX_FURTHER]
    else:
        shown = [first, *further[:MAX_FURTHER]]
    if len(further) > MAX_FURTHER:  # said, so that a count of problems is not taken for all of them
        last = max(p.line or 0 for p in shown)
        shown.append(Problem(name, f"there may be more syntax errors after line {last}",
                             hint="fix these and validate again"))
    return [_shown(p) for p in shown]


def _shown(problem: Problem) -> Problem:
    """The problem with any control or invisible character it quotes from the file written as an escape:
    the messages quote what the author wrote, and the file may be a stranger's."""
    message, hint = shown_key(problem.message), shown_key(problem.hint)
    if (message, hint) == (problem.message, problem.hint):
        return problem
    return dataclasses.replace(problem, message=message, hint=hint)


def _first(name: str, text: str, message: str) -> Problem:
    found = _POSITION.search(message)
    if not found:
        if message.startswith(("Unterminated string", "Expected")) and \
                (opened := _open_multiline_string(text)) is not None:
            line, column, quotes = opened
            return Problem(name, f"TOML syntax error: the text opened with {quotes} here is never closed",
                           line, column, hint=f"end it with {quotes} where the text ends")
        return Problem(name, f"TOML syntax error: {message.removesuffix(' (at end of document)')}",
                       hint=_GENERIC_HINT)
    message = message[: found.start()]
    line, column = int(found[1]), int(found[2])
    lines = text.split("\n")
    source_line = lines[line - 1] if line <= len(lines) else ""
    twice = _DECLARED_TWICE.match(message)
    if twice:
        keys = re.findall(r"'((?:[^'\\]|\\.)*)'", twice[1])
        return (_list_or_table(name, lines, line, keys)
                or _declared_twice(name, lines, line, column, keys))
    if message.startswith("Cannot overwrite a value") and (header := _ARRAY_HEADER.match(source_line)):
        keys = [part.strip().strip("\"'") for part in header[1].split(".")]
        if (mixup := _list_or_table(name, lines, line, keys)) is not None:
            return mixup
    if (date := _bad_date(name, source_line, line)) is not None:
        return date
    if (unquoted := _unquoted(name, source_line, line, column, _header_above(lines, line))) is not None:
        return unquoted
    if _inside_open_inline_table(lines, line, column):
        return Problem(name, "TOML syntax error: an inline table is broken over several lines",
                       line, column, hint=_INLINE_TABLE_HINT)
    wording = message[:1].lower() + message[1:]
    if "character '\\n'" in wording or "unterminated string" in wording:
        return Problem(name, "TOML syntax error: a string is not closed before the end of the line", line, column,
                       hint='close it with a matching quote, or use """triple quotes""" for text over several lines')
    if wording.startswith("invalid initial character for a key part") and \
            re.search(r",\s*$", source_line[: column - 1]) and source_line[column - 1:].lstrip().startswith("}"):
        return Problem(name, "TOML syntax error: a comma after the last value of an inline table", line,
                       len(source_line[: column - 1].rstrip()),
                       hint="delete the comma before `}`: an inline table takes commas only between its values")
    if wording.startswith(("expected ']' at the end of a table", "expected ']]' at the end of an array")):
        closing = "]]" if "']]'" in wording else "]"
        header = source_line.split("#", 1)[0].strip()
        odd = source_line[column - 1: column]
        if odd and odd not in " \t]" and (not odd.isascii() or odd in "!?&*+/:;<=>@^`|~$%,()"):
            return Problem(name, f"TOML syntax error: `{odd}` cannot be part of a name in a header", line, column,
                           hint="ids use lowercase letters a–z, digits and _ only")
        if not header.endswith(closing):
            return Problem(name, f"TOML syntax error: the header {header} is not closed", line, column,
                           hint=f"end it with {closing}: {header.rstrip(']')}{closing}")
    if wording.startswith("expected '=' after a key in a key/value pair"):
        written = re.match(r"\s*([A-Za-z0-9_-]+(?:[ \t]+[A-Za-z0-9_-]+)+)\s*=", source_line)
        if written:
            joined = re.sub(r"[ \t]+", "_", written[1])
            return Problem(name, f"TOML syntax error: the key `{written[1]}` has a space in it", line,
                           written.start(1) + 1, hint=f"keys are written without spaces: did you mean `{joined}`?")
        bare = re.match(r"\s*([A-Za-z0-9_-]+)[ \t]+[\"'\[{0-9tf-]", source_line)
        if bare:
            return Problem(name, f"TOML syntax error: no `=` after the key `{bare[1]}`", line, column,
                           hint=f"write {bare[1]} = and then its value")
    if wording.startswith("expected newline or end of document after a statement"):
        rest, before = source_line[column - 1:], source_line[: column - 1].rstrip()
        if re.match(r"\s*,\s*[A-Za-z0-9_\"'.-]+\s*=", rest):
            return Problem(name, "TOML syntax error: two keys on one line", line, column,
                           hint="put each key = value on a line of its own; commas separate keys "
                                "only inside an inline table { … }")
        if before.endswith(('"', "'")) and rest.strip() and not rest.lstrip().startswith("#"):
            return Problem(name, "TOML syntax error: more text after the closing quote", line, column,
                           hint="a quoted value ends at its closing quote: put all of it inside the quotes; "
                                "write a quote inside the text as \\\", or put the text in 'single quotes'")
    if (duplicate := re.match(r"duplicate inline table key '(.*)'$", wording)) is not None:
        return Problem(name, f"TOML syntax error: `{duplicate[1]}` appears twice in this {{ … }} table", line,
                       column, hint="give each key once; in effects, add the two amounts into one")
    if wording.startswith("cannot overwrite a value"):
        written = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", source_line)
        if written:
            earlier = None
            for number in range(line - 1, 0, -1):
                text_before = lines[number - 1].lstrip()
                if text_before.startswith("["):
                    break
                if re.match(re.escape(written[1]) + r"\s*=", text_before):
                    earlier = number
                    break
            if earlier is not None:
                return Problem(name, f"TOML syntax error: `{written[1]}` is given a value twice in this table "
                                     f"(first at line {earlier})", line, written.start(1) + 1,
                               hint="each key appears once in its table; delete one of them")
        return Problem(name, "TOML syntax error: this key is given a value twice", line, column,
                       hint="each key appears once in its table; delete or rename one of them")
    return Problem(name, f"TOML syntax error: {wording}", line, column, hint=_GENERIC_HINT)


_OTHER_DATE = re.compile(r"=[ \t]*(?P<date>(?P<a>\d{1,4})(?P<sep>[-/.])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{1,4}))?)"
                         r"[ \t]*(?:[,}#]|$)")


def _other_date(name: str, code: str, line: int) -> Problem | None:
    """A date in another order or with other signs: 01/05/2015, 2015/05/01, 2015.05.01, 2015-05."""
    found = _OTHER_DATE.search(code)
    if not found:
        return None
    a, b, c, sep = found["a"], int(found["b"]), found["c"], found["sep"]
    where, written = found.start("date") + 1, found["date"]
    usual = "a TOML date is year-month-day with dashes, like 2015-05-01, and no quotes"
    if c is None:
        if len(a) != 4 or not 1 <= b <= 12 or sep == ".":  # 2015.5 is a number
            return None
        return Problem(name, f"`{written}` is not a TOML date: a date has a day too", line, where,
                       hint=f"write {a}-{b:02d}-01: only its year and month count")
    if len(a) == 4 and len(c) <= 2:
        year, month, day = int(a), b, int(c)
    elif len(c) == 4 and len(a) <= 2:
        year, first, second = int(c), int(a), b
        if first > 12 >= second:
            month, day = second, first
        elif second > 12 >= first or first == second:
            month, day = first, second
        else:  # 01/05/2015: January 5th or 1 May?
            return Problem(name, f"`{written}` is not a TOML date: dates are written year-month-day", line, where,
                           hint=f"write {year:04d}-{first:02d}-{second:02d} or {year:04d}-{second:02d}-{first:02d}, "
                                f"whichever you mean")
    else:
        return None
    if sep == "-" and len(a) == 4:
        return None  # year-month-day with dashes: _bad_date's case
    try:
        datetime.date(year, month, day)
    except ValueError:
        return Problem(name, f"`{written}` is not a TOML date: dates are written year-month-day", line, where,
                       hint=usual)
    return Problem(name, f"`{written}` is not a TOML date: dates are written year-month-day", line, where,
                   hint=f"write {year:04d}-{month:02d}-{day:02d}")


def _bad_date(name: str, source_line: str, line: int) -> Problem | None:
    """A date written like one (1956-13-01) that is not a day of the calendar, or written otherwise (01/05/1956)."""
    code = source_line.split("#", 1)[0]
    if (other := _other_date(name, code, line)) is not None:
        return other
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
            shown = written + rest[0] + rest[1:].split()[0]
            return Problem(name, f"`{shown}` has a time: scenario dates are days only",
                           line, where, hint=f"write the date alone: {year:04d}-{month:02d}-{day:02d}")
    return None


_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_ASSIGNMENT = re.compile(r"(?:^|(?P<inline>[{,]))\s*(?P<key>" + _KEY_PART + r"(?:\s*\.\s*" + _KEY_PART
                         + r")*)\s*=(?!=)[ \t]*")


# Keys whose value is a number or true/false, with an example (a meter's `start` too: a
# scenario's is a date); quoting a word there would only be another mistake.
_NUMBER_KEYS = {"turns": "12", "months_per_turn": "1", "events_per_turn": "1", "actions_per_turn": "1",
                "format": "1", "min": "0", "max": "100", "warn_below": "25", "warn_above": "75",
                "chance": "0.5", "priority": "10", "weight": "1", "cooldown": "2", "in": "1", "runs": "500"}
_BOOLEAN_KEYS = {"hidden", "once", "triggered_only", "fallback"}


def _is_toml_value(value: str) -> bool:
    """Whether TOML reads `value` as it stands, so that it is never called a value that needs quotes."""
    import tomllib

    try:
        tomllib.loads(f"x = {value}")
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return False
    return True


def _header_above(lines: list[str], line: int) -> str:
    """The [table] header that the line belongs to, or "" at the top of the file."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1].split("#", 1)[0].strip()
        if text.startswith("["):
            return text
    return ""


def _unquoted(name: str, source_line: str, line: int, column: int | None, header: str = "") -> Problem | None:
    """A value written without the quotes it needs: `when = turn >= 4`, `kind = victory`, `hidden = True`.

    With a `column`, only the value that the error falls in; without one (a
    further error, found by tree-sitter), the first such value on the line.
    """
    for found in _ASSIGNMENT.finditer(source_line):
        start = found.end()
        value = _value_text(source_line, start, inside_table=bool(found["inline"]))
        if column is not None and not start < column <= start + max(len(value), 1):
            continue
        key = found["key"].split(".")[-1].strip().strip("\"'")
        if value.startswith("[") and not _is_toml_value(value) and \
                (listed := _bare_ids_in_list(name, source_line, line, start, key, value)):
            return listed
        if not value or value[0] in "\"'[{":
            continue
        in_effects = bool(re.search(r"effects\s*=\s*\{", source_line[:start]))
        if not re.search(r"[A-Za-z_]", value) and not (
                (key in ("when", "requires", "score") or in_effects) and re.search(r"\d\s*[-+*/<>=!]", value)):
            continue  # not an expression: a number or date gone wrong is reported elsewhere
        if value in ("true", "false") or _is_toml_value(value):
            continue  # sound (true, inf, 1e5, 0xff): the error tree-sitter found on this line is elsewhere
        if value.lower() in ("true", "false"):
            return Problem(name, f"`{value}` is not a TOML value: true and false are written in lowercase",
                           line, start + 1, hint=f"write {key} = {value.lower()}")
        if key == "start" and header.strip("[] ") == "scenario":  # `start = January 1962`: a date, not text
            return Problem(name, f"`{value}` is not a TOML value: a date is written year-month-day, without quotes",
                           line, start + 1, hint=_date_from_words(value))
        if key in _NUMBER_KEYS or key == "start":  # `turns = ten`: quoting it would be another mistake
            return Problem(name, f"`{value}` is not a TOML value: `{key}` is a number, written without quotes",
                           line, start + 1, hint=f"for example {key} = {_NUMBER_KEYS.get(key, '50')}")
        if key in _BOOLEAN_KEYS:
            meant = {"yes": "true", "no": "false", "on": "true", "off": "false"}.get(value.lower())
            return Problem(name, f"`{value}` is not a TOML value: `{key}` is true or false",
                           line, start + 1, hint=f"write {key} = {meant}" if meant else
                           f"write {key} = true or {key} = false")
        if key in ("when", "requires"):
            what = "a condition"
        elif key == "score" or in_effects:
            what = "an expression"
        else:
            what = "text"
        quoted = f"'{value}'" if '"' in value else f'"{value}"'
        return Problem(name, f"`{value}` is not a TOML value: {what} is written in quotes",
                       line, start + 1, hint=f"write {key} = {quoted}")
    return None


_LIST_ITEM = re.compile(r"\"[^\"]*\"|'[^']*'|[A-Za-z_][A-Za-z0-9_-]*")


def _bare_ids_in_list(name: str, source_line: str, line: int, start: int, key: str, value: str) -> Problem | None:
    """`set = [arts_cut]`: ids in a list written without their quotes."""
    inner = value[1:].split("]", 1)[0]
    items = [item.strip() for item in inner.split(",") if item.strip()]
    bare = [item for item in items if item[0] not in "\"'" and item not in ("true", "false")]
    if not bare or not all(_LIST_ITEM.fullmatch(item) for item in items):
        return None
    column = source_line.index(bare[0], start) + 1
    quoted = ", ".join(item if item[0] in "\"'" else f'"{item}"' for item in items)
    return Problem(name, f"`{bare[0]}` is not a TOML value: an id in a list is written in quotes", line, column,
                   hint=f"write {key} = [{quoted}]")


_MONTHS = {datetime.date(2000, m, 1).strftime(f).lower(): m for m in range(1, 13) for f in ("%B", "%b")}


def _date_from_words(value: str) -> str:
    """`January 1962` -> write start = 1962-01-01; an example when the words give no month and year."""
    words = re.findall(r"[A-Za-z]+|\d+", value)
    month = next((_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS), None)
    year = next((int(w) for w in words if len(w) == 4 and w.isdigit()), None)
    return f"write start = {year:04d}-{month:02d}-01" if month and year else "for example start = 2015-05-01"


def _value_text(source_line: str, start: int, *, inside_table: bool) -> str:
    """The unquoted value from `start`: to a comment or the line's end, or in `{ … }` to its `,` or `}`."""
    depth = 0
    for index in range(start, len(source_line)):
        char = source_line[index]
        if char == "#" or (inside_table and depth == 0 and char in ",}"):
            return source_line[start:index].strip()
        depth += (char == "(") - (char == ")")
    return source_line[start:].strip()


def _inside_open_inline_table(lines: list[str], line: int, column: int) -> bool:
    """Whether the error sits in a `{` opened on this or an earlier line and not closed on it.

    A table closed later on the error's own line (`{ budget = -turn }`) fits on
    one line: its error is something else.
    """
    depth = 0
    for number in range(max(1, line - 20), line + 1):
        code = _without_strings(lines[number - 1] if number <= len(lines) else "")
        if number == line:
            rest = code[column - 1:]
            code = code[: column - 1]
        depth = max(0, depth + code.count("{") - code.count("}"))
    return depth > 0 and depth + rest.count("{") - rest.count("}") > 0


def _without_strings(code: str) -> str:
    code = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', '""', code)
    return code.split("#", 1)[0]


_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\[\]#]+?)\s*\]\]")
# What one entry of each list of tables is called, in messages (the loader's too).
LIST_ENTRY = {"choices": "choice", "outcomes": "outcome", "rules": "rule", "balance": "balance target"}


def _header(keys: list[str], *, double: bool, below: bool = False) -> re.Pattern[str]:
    """A table header naming `keys`: [a.b] or [[a.b]]; with `below`, any header inside it ([a.b.c])."""
    path = r"\s*\.\s*".join(r"(?:%s|\"%s\"|'%s')" % ((re.escape(k),) * 3) for k in keys)
    if below:
        return re.compile(r"^\s*\[\[?\s*" + path + r"\s*\.[^\]]*\]\]?\s*(#.*)?$")
    opening, closing = (r"\[\[", r"\]\]") if double else (r"\[(?!\[)", r"\](?!\])")
    return re.compile(r"^\s*" + opening + r"\s*" + path + r"\s*" + closing + r"\s*(#.*)?$")


def _list_or_table(name: str, lines: list[str], line: int, keys: list[str]) -> Problem | None:
    """[x] and [[x]] mixed up for one name, or [[x.y]] written before the first [[x]] it belongs to.

    The problem is placed where the fix goes: at the single-bracket header, or
    at the table written too early; the message names the other line.
    """
    dotted = ".".join(keys)
    entry = LIST_ENTRY.get(keys[-1], f"entry of `{keys[-1]}`")
    here, earlier = lines[line - 1], list(enumerate(lines[: line - 1], start=1))
    hint = f"write [[{dotted}]], with double brackets: each {entry} opens with [[…]]"
    if _header(keys, double=True).match(here):
        singles = [n for n, text in earlier if _header(keys, double=False).match(text)]
        if singles:
            return Problem(name, f"TOML syntax error: [{dotted}] has single brackets, but [[{dotted}]] at line "
                                 f"{line} makes it a list", singles[0], 1, hint=hint)
        if not any(_header(keys, double=True).match(text) for _, text in earlier):
            inside = [(n, text.split("#", 1)[0].strip()) for n, text in earlier
                      if _header(keys, double=False, below=True).match(text)]
            if inside:
                number, written = inside[0]
                return Problem(name, f"TOML syntax error: {written} comes before the first [[{dotted}]] "
                                     f"(line {line}), the {entry} it belongs to", number, 1,
                               hint=f"move it and its keys below the [[{dotted}]] it belongs to")
    elif _header(keys, double=False).match(here):
        doubles = [n for n, text in earlier if _header(keys, double=True).match(text)]
        if doubles:
            return Problem(name, f"TOML syntax error: [{dotted}] has single brackets, but [[{dotted}]] at line "
                                 f"{doubles[0]} made it a list", line, 1, hint=hint)
    return None


TRIPLE_DOUBLE, TRIPLE_SINGLE = '"' * 3, "'" * 3
_TOKENS = re.compile(r'"{3}' + "|" + r"'{3}" + "|" + r'"(?:[^"\\\n]|\\.)*"' + "|" + r"'[^'\n]*'|#[^\n]*")


def _open_multiline_string(text: str) -> tuple[int, int, str] | None:
    """Where a multi-line text (three quotes, double or single) that is never closed opens."""
    position, opened = 0, None
    while (found := _TOKENS.search(text, position)) is not None:
        token = found.group(0)
        if token in (TRIPLE_DOUBLE, TRIPLE_SINGLE):
            end = text.find(token, found.end())
            if end < 0:
                opened = found.start(), token
                break
            position = end + 3
            while text.startswith(token[0], position):  # up to two more quotes may end the text
                position += 1
            continue
        position = found.end()
    if opened is None:
        return None
    start, quotes = opened
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1, quotes


def _declared_twice(name: str, lines: list[str], line: int, column: int, keys: list[str]) -> Problem:
    dotted = ".".join(keys)
    header = re.compile(r"^\s*\[\[?\s*" + r"\s*\.\s*".join(
        r"(?:%s|\"%s\"|'%s')" % ((re.escape(k),) * 3) for k in keys) + r"\s*\]\]?\s*(#.*)?$")
    earlier = [n for n, text in enumerate(lines[: line - 1], start=1) if header.match(text)]
    where = f"first at line {earlier[0]}, " if earlier else ""
    if header.match(lines[line - 1] if line <= len(lines) else ""):
        column = len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1  # the header itself, not its end
    return Problem(name, f"TOML syntax error: the table [{dotted}] is declared twice ({where}again here)",
                   line, column, hint="merge the two into one table, or rename one of them")


def _further(name: str, text: str) -> list[Problem]:
    """Lines of syntax errors that tree-sitter's error recovery finds, one problem a line."""
    from game.engine.locate import _parser  # tree-sitter is needed only when a file is broken

    source = text.encode("utf-8")
    lines = text.split("\n")
    seen: set[int] = set()
    swallowed: list[tuple[int, int]] = []  # the rows each error's node spans
    found = []
    # Each node with the line of the key/value pair it is part of: when a value
    # cannot be read, tree-sitter may take the lines after it (a [table] header)
    # into the same pair, and those lines are not mistakes of their own.
    stack: list[tuple[Any, int | None]] = [(_parser().parse(source).root_node, None)]
    while stack:
        node, pair_row = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            row, byte_column = node.start_point
            number = row + 1
            # A line that an earlier error's recovery took in is not a mistake of its
            # own unless something on it is recognisably wrong (an unquoted condition).
            taken_in = (pair_row is not None and pair_row != row and pair_row + 1 in seen) or \
                any(start < row <= end for start, end in swallowed)
            if number not in seen and number <= len(lines):
                column = len(source.split(b"\n")[row][:byte_column].decode("utf-8", "replace")) + 1
                problem = _further_problem(name, lines, number, column)
                if not (taken_in and problem.message == _UNREADABLE):
                    seen.add(number)
                    found.append(problem)
            if not taken_in:
                end_row, end_column = node.end_point
                swallowed.append((row, end_row if end_column else end_row - 1))
            if len(found) > MAX_FURTHER + 1:  # one for tomllib's line, one to know there are more
                break
            # errors nested in this one, on later lines: each may be a mistake of its own
            stack.extend((child, pair_row) for child in reversed(node.children)
                         if child.type == "ERROR" or child.has_error or child.is_missing)
            continue
        if node.has_error:
            row = node.start_point[0] if node.type == "pair" else pair_row
            stack.extend((child, row) for child in reversed(node.children))
    # tree-sitter's grammar takes any digits for a date: days that do not exist are found here.
    for number, line_text in enumerate(lines, start=1):
        if number not in seen and (date := _bad_date(name, _without_strings(line_text), number)) is not None:
            found.append(date)
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0))


def _further_problem(name: str, lines: list[str], line: int, column: int) -> Problem:
    date = _bad_date(name, lines[line - 1], line)
    if date is not None:
        return date
    if (unquoted := _unquoted(name, lines[line - 1], line, None, _header_above(lines, line))) is not None:
        return unquoted
    if _without_strings(lines[line - 1]).count('"') % 2 or _without_strings(lines[line - 1]).count("'") % 2:
        return Problem(name, "TOML syntax error: a string is not closed before the end of the line", line, column,
                       hint='close it with a matching quote, or use """triple quotes""" for text over several lines')
    if _inside_open_inline_table(lines, line, column + 1):
        return Problem(name, "TOML syntax error: an inline table is broken over several lines", line, column,
                       hint=_INLINE_TABLE_HINT)
    return Problem(name, _UNREADABLE, line, column, hint=_GENERIC_HINT)
