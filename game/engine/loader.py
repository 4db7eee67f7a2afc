"""Load a scenario file: bytes → TOML → pydantic models → cross-checks → compiled model.

Every problem in the file is collected and reported together, each pointed at
its line and column where the source tells it, otherwise at its dotted key.

A sound file skips pydantic: `shape.quick_spec` checks its keys, types and bounds
from a table generated from the schema's models, which costs a few milliseconds
where importing pydantic and building the schema costs about 90 (start-up,
docs/benchmarks.md). Whenever the quick check is unsure, pydantic checks the file
and its errors are reported as they always were.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import typing
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

from game.engine import model
from game.engine.expressions import (
    RESERVED_NAMES as RESERVED,
    Calendar,
    Expression,
    ExpressionError,
    NameTable,
    compile_expression,
)
from game import files
from game.engine.policies import policy_hint, policy_problem
from game.engine.toml_errors import LIST_ENTRY, syntax_problems
from game.engine.problems import Problem, ScenarioError, suggest
from game.engine.shape import quick_spec
from game.engine.shape_table import FORMAT_VERSION
from game.engine.text import clean_line, clean_tree, shown_key

if TYPE_CHECKING:  # pydantic and tree-sitter are imported where a file needs them, never for a sound one
    import pydantic

    from game.engine import schema
    from game.engine.locate import Path, SourceMap
    from game.engine.shape import Shape

MAX_FILE_BYTES = 2_000_000
# At most this many values (bounded by files.toml_values): real scenarios have one
# `=`, `,` or `[` per 18 to 35 bytes, prose's commas included, so a 2 MB scenario
# has about 110,000; a file far denser is refused before tomllib spends seconds on it.
MAX_VALUES = 150_000
MAX_NESTING = 12  # a scenario's deepest path: events.x.choices[0].outcomes[0].schedule[0].event


def load_scenario(path: str | FilePath, *, cache: FilePath | None = None) -> model.Scenario:
    """Read and check a scenario file; raises ScenarioError listing every problem.

    `cache`: a folder where the parsed TOML of a sound file is kept for the next start
    (game.engine.parse_cache; the app's commands pass one, nothing else does)."""
    try:  # regular files only, never blocking, at most MAX_FILE_BYTES read
        source = files.read_capped(path, MAX_FILE_BYTES, what="scenario file")
    except files.UnreadableFile as error:
        hint = _too_large(error.name).hint if "larger than" in error.reason else ""
        raise ScenarioError([Problem(error.name, error.reason, hint=hint)]) from None
    if cache is None:
        return load_scenario_bytes(source, str(path))
    from game.engine import parse_cache

    return load_scenario_bytes(source, str(path), cache_entry=parse_cache.entry_for(cache, path))


def load_scenario_bytes(source: bytes, name: str = "<scenario>", *,
                        cache_entry: FilePath | None = None) -> model.Scenario:
    name = clean_line(name)  # file names reach the terminal in every message
    if cache_entry is None:
        return _Checker(source, name, _parse_toml(source, name)).scenario()
    from game.engine import parse_cache

    digest = parse_cache.source_hash(source)
    kept = parse_cache.read(cache_entry, digest)
    if kept is not None:  # these very bytes passed _parse_toml before: its values, cleaned again
        return _Checker(source, name, clean_tree(kept)).scenario()
    data = _parse_toml(source, name)
    entry = parse_cache.encode(digest, data)  # before the checks, which read the values
    scenario = _Checker(source, name, data).scenario()
    if entry is not None:
        parse_cache.write(cache_entry, entry)  # only for a file that loaded without a problem
    return scenario


def _parse_toml(source: bytes, name: str) -> dict[str, Any]:
    import tomllib  # here: a file whose parse is kept (parse_cache) is not parsed again

    if len(source) > MAX_FILE_BYTES:
        raise ScenarioError([_too_large(name)])
    if not source.strip():
        raise ScenarioError([Problem(name, "the file is empty",
                                     hint="`crossroads new NAME` writes a small working scenario to start from")])
    if source.startswith((b"\xff\xfe", b"\xfe\xff")):  # what some Windows editors call "Unicode"
        raise ScenarioError([Problem(name, "this file is saved as UTF-16 text, not UTF-8",
                                     hint="save it as UTF-8 in your editor; in Notepad: Save as, then Encoding: UTF-8")])
    if b"\0" in source:
        raise ScenarioError([Problem(name, "this is not a text file: it holds binary data",
                                     hint="a scenario is a UTF-8 TOML file")])
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as error:
        line = source.count(b"\n", 0, error.start) + 1
        raise ScenarioError([Problem(name, f"this is not UTF-8 text: byte 0x{source[error.start]:02x} on this line "
                                           "is not valid UTF-8", line,
                                     hint="save the file as UTF-8 in your editor")]) from None
    text = text.removeprefix("\ufeff")  # a byte order mark, which some editors write: harmless
    if (values := files.toml_values(source)) > MAX_VALUES:
        raise ScenarioError([Problem(name, f"the file is too dense to be a scenario: it may hold {values:,} "
                                           f"values (counting `=`, `,` and `[`), more than {MAX_VALUES:,}",
                                     hint="a scenario's text is mostly prose; is this generated data?")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(syntax_problems(name, text, str(error))) from None
    except RecursionError:
        data = None
    except (ValueError, OverflowError):  # an integer of over 4,300 digits, which Python will not convert
        raise ScenarioError([_long_number(source, name)]) from None
    too_deep = None if data is None else _too_deep(data)
    if data is None or too_deep is not None:
        if data is None:  # hundreds of levels: tomllib gave up, so ask the parse tree where
            from game.engine.locate import first_node

            position = first_node(source, lambda node, depth: depth > MAX_NESTING)
        else:
            located = _source_map(source).first_under(too_deep)
            position = located.key if located else None
        raise ScenarioError([Problem(name, f"values are nested more than {MAX_NESTING} levels deep",
                                     position and position.line, position and position.column,
                                     hint="a scenario needs only a few levels of tables and lists")])
    if "format" not in data and "scenario" not in data:
        raise ScenarioError([Problem(
            name, "this is not a Crossroads scenario: it has no `format = 1` line and no [scenario] table",
            hint="see docs/scenario-format.md")])
    version = data.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        located = _source_map(source).find(("format",))
        line, column = (located.value.line, located.value.column) if located else (None, None)
        raise ScenarioError([Problem(
            name, f"this scenario was made for a newer Crossroads (format {_size(version, bounded=False)}); "
                  f"this version reads format {FORMAT_VERSION}", line, column, hint="update Crossroads")])
    _check_keys(data, source, name)
    return clean_tree(data)


_LIMIT_HINT = "a meter's range needs only to be as large as the game plays"


def _within_limit(number: int) -> bool:
    return -model.NUMBER_LIMIT <= number <= model.NUMBER_LIMIT


def _size(number: int, bounded: bool = True) -> str:
    """An out-of-range number in words, without printing all of its digits."""
    digits = len(str(abs(number)))
    shown = f"{number:,}" if digits <= 24 else f"a number of {digits:,} digits"
    return f"{shown}, beyond the limit of {model.NUMBER_LIMIT:,} either side of zero (10^15)" if bounded else shown


def _long_number(source: bytes, name: str) -> Problem:
    """tomllib refuses an integer of over 4,300 digits without saying where it is."""
    def too_long(node: Any, depth: int) -> bool:
        return node.type == "integer" and sum(ch.isdigit() for ch in node.text.decode("ascii", "replace")) > 4300
    from game.engine.locate import first_node

    position = first_node(source, too_long)
    return Problem(name, f"a number has more than 4,300 digits; numbers in a scenario are at most "
                         f"{model.NUMBER_LIMIT:,} either side of zero",
                   position and position.line, position and position.column)


def _source_map(source: bytes) -> SourceMap:
    """Where each key and value sits: tree-sitter's parse, imported only when a problem needs a position."""
    from game.engine.locate import SourceMap

    return SourceMap(source)


def _check_keys(data: Any, source: bytes, name: str) -> None:
    """Keys are ids and names: one holding a control or invisible character would be
    silently merged with its visible twin by cleaning, so each is an error, named."""
    problems: list[Problem] = []
    source_map: SourceMap | None = None  # built only when a key needs pointing at
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, list):
            stack.extend((child, (*path, index)) for index, child in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        for key, child in node.items():
            stack.append((child, (*path, key)))
            if key.isprintable():
                continue
            message = f"the key `{shown_key(key)}` holds invisible or control characters"
            visible = "".join(ch for ch in key if ch.isprintable())
            if visible in node:
                message += f" and would be taken for `{visible}`, which is also here"
            source_map = source_map or _source_map(source)
            located = source_map.find((*path, key))
            shown_path = tuple(shown_key(k) if isinstance(k, str) else k for k in (*path, key))
            problems.append(Problem(name, message, located and located.key.line, located and located.key.column,
                                    key=_table_name(shown_path) if located is None else "",
                                    hint="retype the key using only visible characters"))
    if problems:
        raise ScenarioError(sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0)))


def _too_large(name: str) -> Problem:
    return Problem(name, f"the file is larger than {MAX_FILE_BYTES:,} bytes",
                   hint="a scenario is a text file of a few hundred kilobytes at most")


def _too_deep(data: Any) -> Path | None:
    """The path of a value nested more than MAX_NESTING tables and lists deep, found without recursion."""
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_NESTING:
            return path
        if isinstance(node, dict):
            stack.extend((child, (*path, key)) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, (*path, index)) for index, child in enumerate(node))
    return None


# -- schema errors -------------------------------------------------------------

EXPECTED = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "string_type": "text in quotes",
    "bool_type": "true or false",
    "list_type": "a list in [brackets]",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "date_from_datetime_inexact": "a date without a time, like 2015-05-01",
    "date_type": "a date, year-month-day like 2015-05-01",
    "string_pattern_mismatch": "an id: lowercase letters, digits and _, starting with a letter",
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'"{shown}"'.replace("\n", " ")
    return f"`{value}`"


def _expected(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in EXPECTED:
        return EXPECTED[kind]
    if kind.startswith(("date", "datetime")):
        return "a date like 2015-05-01"
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}"
    bounds = {"greater_than_equal": "at least {ge}", "less_than_equal": "at most {le}",
              "greater_than": "more than {gt}", "less_than": "less than {lt}"}
    if kind in bounds:
        return "a number " + bounds[kind].format(**ctx)
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} items"
    if kind == "string_too_short":
        return "non-empty text"
    if kind == "string_too_long":
        return f"text of at most {ctx.get('max_length')} characters"
    return error.get("msg", "something else").lower()


_MISSING_HINTS = {
    ("meters",): 'a scenario needs at least one meter: [meters.trust] with label = "…" and start = 50',
    ("endings",): "a scenario needs at least one ending: [endings.ID] with title, kind and text, "
                  "one of them with fallback = true",
    ("scenario",): "the file starts with format = 1, then [scenario] with id, title, summary, start and turns",
}
_MISSING_KEY_HINTS = {  # (the table's model, the key) -> what to write
    ("Event", "choices"): "an event needs 1 to 9 choices, each opening with [[{table}.choices]] "
                          'and with an id and a label',
    ("Event", "text"): 'the situation the player must answer, e.g. text = """…"""',
    ("Choice", "id"): 'e.g. id = "accept": --choices and chose(…) name the choice by it',
    ("Choice", "label"): "the words the player picks, e.g. label = \"Accept the offer\"",
    ("Meter", "start"): "the meter's value on turn 1, e.g. start = 50",
    ("Meter", "label"): "the name the player reads, e.g. label = \"Moscow's trust\"",
    ("Ending", "kind"): 'kind = "victory", "draw" or "defeat"',
    ("Ending", "text"): 'what the player reads at the end, e.g. text = """…"""',
    ("Rule", "id"): 'e.g. id = "doctrine": a name for the rule, unique among rules',
    ("Schedule", "event"): 'which event, e.g. { event = "moscow_reacts", in = 1 }',
    ("Schedule", "in"): 'how many turns later, e.g. { event = "moscow_reacts", in = 1 }',
    ("Header", "start"): "the month of turn 1, a date without quotes, e.g. start = 2015-05-01",
    ("Header", "turns"): "how many turns the game lasts, e.g. turns = 12",
}


def _missing_key_hint(table: Path, key: str) -> str:
    model = _model_at(table)
    hint = _MISSING_KEY_HINTS.get((model.__name__ if model else "", key), "")
    return hint.replace("{table}", ".".join(part for part in table if isinstance(part, str)))


def _shape_hint(loc: Path, key: str, error: dict[str, Any]) -> str:
    """How to write what the author meant: [[double]] or [single] brackets, a value without quotes."""
    kind, given = error["type"], error["input"]
    header = ".".join(part for part in loc if isinstance(part, str))
    if kind == "list_type" and isinstance(given, dict) and key in LIST_ENTRY:
        return f"each {LIST_ENTRY[key]} opens with [[{header}]], with double brackets"
    if kind == "list_type" and isinstance(given, dict) and key == "schedule":
        event = given.get("event") if isinstance(given.get("event"), str) else "…"
        later = given.get("in") if isinstance(given.get("in"), int) else 1
        return f'write schedule = [{{ event = "{event}", in = {later} }}], in brackets even for one'
    if kind == "list_type" and isinstance(given, str) and len(given) <= 60 and '"' not in given:
        return f'write {key} = ["{given}"], in brackets even for one'
    if kind in ("model_type", "dict_type", "model_attributes_type") and isinstance(given, list) \
            and given and all(isinstance(item, dict) for item in given):
        return f"write [{header}] with single brackets: [[{header}]] makes a list of tables"
    if isinstance(given, str) and kind in ("int_type", "int_from_float", "float_type") \
            and re.fullmatch(r"\s*[-+]?\d+(\.\d+)?\s*", given):
        return f"a number is written without quotes: {key} = {given.strip()}"
    if isinstance(given, str) and kind == "bool_type" and given.strip().lower() in ("true", "false"):
        return f"true and false are written without quotes: {key} = {given.strip().lower()}"
    if kind.startswith("date") and isinstance(given, int) and not isinstance(given, bool) and 1 <= given <= 9999:
        return f"a date is year-month-day: {key} = {given:04d}-01-01 for January {given}"
    if key == "chance" and kind == "less_than_equal" and isinstance(given, (int, float)) and 1 < given <= 100:
        return f"a chance is a share from 0 to 1: {given:g} percent is {key} = {given / 100:g}"
    return ""


def _model_at(loc: Path) -> type[pydantic.BaseModel] | None:
    """The schema model that the table at `loc` must follow, for listing its keys."""
    import pydantic

    from game.engine import schema

    current: Any = schema.ScenarioFile
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
            field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) in (dict, list):
            current = typing.get_args(current)[-1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, pydantic.BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _keys_of(table: type[pydantic.BaseModel]) -> list[str]:
    return [f.alias or n for n, f in table.model_fields.items()]


@functools.cache
def _format_keys() -> frozenset[str]:
    """Every key that some table of the format allows."""
    from game.engine import schema

    return frozenset(key for model in vars(schema).values()
                     if isinstance(model, type) and issubclass(model, schema.Table) for key in _keys_of(model))


def _table_name(loc: Path) -> str:
    """`events.summit.choices #2.effects`: array-of-tables entries counted from 1."""
    text = ""
    for part in loc:
        text += f" #{part + 1}" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_SECTIONS = ("meters", "flags", "rules", "events", "actions", "endings")
# Stand-ins for broken header values, used only to go on checking the rest of a file.
_HEADER_PLACEHOLDERS: dict[str, Any] = {
    "id": "placeholder", "title": "-", "summary": "-", "briefing": "", "start": datetime.date(2000, 1, 1),
    "months_per_turn": 1, "turns": 1, "events_per_turn": 1, "actions_per_turn": 1,
}


def _fixed_id(key: str) -> str:
    """The nearest valid id to a malformed one: `Trust` → `trust`."""
    fixed = re.sub(r"[^a-z0-9_]+", "_", key.lower()).strip("_")
    return fixed if re.match(r"[a-z]", fixed) else f"x_{fixed}"


def _without(data: Any, leaves: set[Path], here: Path = ()) -> Any:
    """A copy of parsed TOML data without the keys at `leaves`."""
    if isinstance(data, dict):
        return {k: _without(v, leaves, (*here, k)) for k, v in data.items() if (*here, k) not in leaves}
    if isinstance(data, list):
        return [_without(v, leaves, (*here, i)) for i, v in enumerate(data)]
    return data


def _choice_ids(event: Any) -> list[str]:
    choices = event.get("choices") if isinstance(event, dict) else None
    if not isinstance(choices, list):
        return []
    return [c["id"] for c in choices if isinstance(c, dict) and isinstance(c.get("id"), str)]


# -- the checker ---------------------------------------------------------------


class _Checker:
    def __init__(self, source: bytes, name: str, data: dict[str, Any]) -> None:
        self.source, self.name, self.data = source, name, data
        self.problems: list[Problem] = []
        self.rule_numbers: list[int] = []  # original index of each rule kept by _salvage
        self._map: SourceMap | None = None

    @property
    def map(self) -> SourceMap:
        if self._map is None:  # built only when there is something to point at
            self._map = _source_map(self.source)
        return self._map

    def scenario(self) -> model.Scenario:
        spec = quick_spec(self.data)  # a sound file's shape, checked without pydantic
        if spec is None:  # something may be wrong: pydantic finds it and says what
            import pydantic

            from game.engine import schema

            try:
                spec = schema.ScenarioFile.model_validate(self.data)
            except pydantic.ValidationError as error:
                self._schema_problems(error)
                salvaged = self._salvage(error)
                if salvaged is not None:  # the sound parts may have problems of their own
                    self._compile(salvaged)
                raise ScenarioError(self._sorted()) from None
        scenario = self._compile(spec)
        if self.problems:
            raise ScenarioError(self._sorted())
        return scenario

    def _sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0))

    def report(self, loc: Path, message: str, hint: str = "", at: str = "value") -> None:
        located = self.map.find(loc)
        if located is not None:
            position = located.key if at == "key" else located.value
            self.problems.append(Problem(self.name, message, position.line, position.column,
                                         key=_table_name(loc), hint=hint))
        else:
            self.problems.append(Problem(self.name, message, key=_table_name(loc), hint=hint))

    # pydantic's errors, one per data path, pointed at the source

    def _schema_problems(self, error: pydantic.ValidationError) -> None:
        by_path: dict[Path, list[dict[str, Any]]] = {}
        errors = self._one_key_for_another(self._without_header_line(error.errors()))
        singular = {e["loc"][0] for e in errors if e["type"] == "extra_forbidden" and len(e["loc"]) == 1}
        errors = [e for e in errors  # `meters` missing because it is written `[meter.x]`: said once, there
                  if not (e["type"] == "missing" and len(e["loc"]) == 1 and str(e["loc"][0])[:-1] in singular)]
        for item in errors:
            if "[key]" in item["loc"]:
                self._bad_key(self._data_path(item["loc"]))
                continue
            by_path.setdefault(self._data_path(item["loc"]), []).append(item)
        for loc, items in by_path.items():
            self._schema_problem(loc, items)

    def _without_header_line(self, errors: list[Any]) -> list[Any]:
        """The errors, with one problem for a missing [scenario] line over the header's keys.

        Without the line, `id`, `title`, `start` … sit at the top level: one
        problem at the first of them says so, instead of one per key.
        """
        from game.engine import schema

        header_keys = set(_keys_of(schema.Header))
        stray = [e for e in errors if e["type"] == "extra_forbidden" and len(e["loc"]) == 1
                 and e["loc"][0] in header_keys]
        if not stray or not any(e["type"] == "missing" and tuple(e["loc"]) == ("scenario",) for e in errors):
            return errors
        firsts = sorted((located.key.line, located.key.column, str(e["loc"][0])) for e in stray
                        if (located := self.map.find((e["loc"][0],))) is not None)
        names = [f"`{e['loc'][0]}`" for e in stray]
        keys = ", ".join(names) if len(names) <= 4 else ", ".join(names[:3]) + f" and {len(names) - 3} more"
        if firsts:
            line, column, first = firsts[0]
            self.problems.append(Problem(self.name, f"the [scenario] table is missing: {keys} are at the top level",
                                         line, column, key="scenario",
                                         hint=f"write [scenario] on a line of its own above `{first}`"))
        else:
            self.problems.append(Problem(self.name, f"the [scenario] table is missing: {keys} are at the top level",
                                         key="scenario", hint="write [scenario] on a line of its own above them"))
        return [e for e in errors if e not in stray and tuple(e["loc"]) != ("scenario",)]

    def _one_key_for_another(self, errors: list[Any]) -> list[Any]:
        """A table with one unknown key and one missing required key: the author wrote the one
        for the other (`name` for a meter's `label`, `turn` for `turns`). One problem is reported,
        at the unknown key, naming the missing one; the missing key's own problem is dropped."""
        unknown: dict[Path, list[Any]] = {}
        missing: dict[Path, list[Any]] = {}
        for e in errors:
            path = self._data_path(e["loc"])
            if e["type"] == "extra_forbidden" and len(path) > 1:
                unknown.setdefault(path[:-1], []).append(e)
            elif e["type"] == "missing" and len(path) > 1:
                missing.setdefault(path[:-1], []).append(e)
        dropped = []
        for table, [extra] in ((t, u) for t, u in unknown.items() if len(u) == 1):
            if len(missing.get(table, [])) != 1:
                continue
            [absent] = missing[table]
            wrote, meant = str(extra["loc"][-1]), str(absent["loc"][-1])
            hint = suggest(wrote, [meant]) or f"is it `{meant}`? that key is missing here"
            self.report((*table, wrote), f"unknown key `{wrote}` in [{_table_name(table)}]", hint, at="key")
            dropped += [extra, absent]
        return [e for e in errors if not any(e is d for d in dropped)]

    def _data_path(self, loc: tuple[str | int, ...]) -> Path:
        """Drop the parts pydantic adds for unions (`int`, `constrained-str`)."""
        path: list[str | int] = []
        node: Any = self.data
        for part in loc:
            if part == "[key]":  # pydantic's marker for a bad key: the path ends at the key
                break
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            elif isinstance(node, dict) and len(path) + 1 == len(loc):
                pass  # a missing key: keep it
            else:
                continue
            path.append(part)
        return tuple(path)

    def _bad_key(self, loc: Path) -> None:
        key = str(loc[-1])
        if loc[0] == "glossary":  # a term, not an id: only its length is limited
            self.report(loc, f"the glossary term `{key}` is {len(key)} characters long; a term has 1 to 40",
                        "use the short name as the term and explain the rest in its line", at="key")
        elif re.fullmatch(r"[a-z][a-z0-9_]*", key):
            self.report(loc, f"`{key}` is too long for an id: {len(key)} characters, at most 64",
                        "an id is only a name for the file; the player reads the label or title", at="key")
        else:
            self.report(loc, f"`{key}` is not a valid id",
                        f"ids use lowercase letters, digits and _ and start with a letter, e.g. `{_fixed_id(key)}`",
                        at="key")

    def _schema_problem(self, loc: Path, items: list[dict[str, Any]]) -> None:
        first = items[0]
        key = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
        if first["type"] == "missing":
            table = loc[:-1]
            where = f"in [{_table_name(table)}]" if table else "at the top level"
            message = f"missing required key `{key}` {where}"
            hint = _MISSING_HINTS.get(loc, "") or _missing_key_hint(table, key)
            located = self.map.find(table) or self.map.first_under(table)
            if located is not None:
                self.problems.append(Problem(self.name, message, located.key.line, located.key.column,
                                             key=_table_name(loc), hint=hint))
            else:
                self.problems.append(Problem(self.name, message, key=_table_name(loc), hint=hint))
            return
        if first["type"] == "extra_forbidden":
            table = _model_at(loc[:-1])
            # A real key of another table (an event's `once` in a choice) is misplaced, not misspelt,
            # unless it is the singular of a key here (`[event.x]` for `[events.x]`).
            allowed = _keys_of(table) if table else []
            hint = suggest(key, allowed) if key not in _format_keys() or f"{key}s" in allowed else ""
            if not hint and len(loc) >= 4 and isinstance(loc[-2], int) and \
                    (owner := _model_at(loc[:-3])) is not None and key in _keys_of(owner):
                # `requires` written below a choice's [[…outcomes]]: indentation does not end a table
                header = ".".join(part for part in loc[:-2] if isinstance(part, str))
                section = str(loc[-5]) if len(loc) >= 5 else ""
                if isinstance(loc[-4], int):
                    owner_name = f"the {LIST_ENTRY.get(section, 'table')} above"
                else:
                    owner_name = f"the {section.removesuffix('s') or 'table'} `{loc[-4]}`"
                entry = LIST_ENTRY.get(str(loc[-3]), "entry")
                hint = (f"`{key}` belongs to {owner_name}: every key after [[{header}]] goes into that {entry}, "
                        f"however it is indented; move it above the first [[{header}]]")
            if not hint and table:
                hint = "allowed here: " + ", ".join(allowed)
            where = f"in [{_table_name(loc[:-1])}]" if len(loc) > 1 else "at the top level"
            if self.map.find(loc) is None and (inside := self.map.first_under(loc)) is not None:
                # a table only implied by its sub-tables: `[meter.trust]` names `meter` in its header
                self.problems.append(Problem(self.name, f"unknown key `{key}` {where}", inside.key.line,
                                             inside.key.column, key=_table_name(loc), hint=hint))
                return
            self.report(loc, f"unknown key `{key}` {where}", hint, at="key")
            return
        expected = " or ".join(dict.fromkeys(_expected(i) for i in items))
        hint = ""
        if loc and "effects" in loc[:-1]:  # the union of a whole number and an expression
            expected = "a whole number, or an expression in quotes such as \"trust / 10\""
        elif len(loc) >= 2 and loc[-2] == "schedule" and first["type"] in ("model_type", "dict_type"):
            given = first["input"]
            event = given if isinstance(given, str) and re.fullmatch(r"[a-z][a-z0-9_]*", given) else "moscow_reacts"
            expected = f'a table such as {{ event = "{event}", in = 1 }}'
            hint = f'write schedule = [{{ event = "{event}", in = 1 }}]: which event, and how many turns later'
        elif first["type"].startswith("date") and isinstance(first["input"], str) and \
                re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", first["input"]):
            hint = f"a TOML date is written without quotes: {key or 'start'} = {first['input'].strip()}"
        elif loc == ("scenario", "id") and first["type"] == "string_pattern_mismatch":
            expected = "an id: lowercase letters, digits, _ and -, starting with a letter"
            fixed = re.sub(r"[^a-z0-9_-]+", "-", str(first["input"]).lower()).strip("-_")
            hint = f'e.g. id = "{fixed if re.match(r"[a-z]", fixed) else "my-" + fixed}"'
        elif first["type"].startswith("date") and isinstance(first["input"], datetime.datetime):
            expected = EXPECTED["date_from_datetime_inexact"]
            hint = f"scenario dates are days only: {key or 'start'} = {first['input'].date().isoformat()}"
        else:
            hint = _shape_hint(loc, key, first)
        if key:
            subject = f"`{key}`"
        elif len(loc) >= 2 and isinstance(loc[-1], int) and isinstance(loc[-2], str):
            subject = f"entry {loc[-1] + 1} of `{loc[-2]}`"  # the path is in --json's key
        else:
            subject = _table_name(loc)
        self.report(loc, f"{subject} should be {expected}, not {_describe(first['input'])}", hint)

    def _salvage(self, error: pydantic.ValidationError) -> schema.ScenarioFile | None:
        """The file without the meters, flags, rules, events, actions and endings
        that failed, so that the rest can still be cross-checked; None when the
        header itself is broken."""
        broken: set[Path] = set()
        leaves: set[Path] = set()  # a bad value inside an item: set aside only that key
        placeholders: dict[Path, Any] = {}  # a bad header value: stand in a harmless one
        for item in error.errors():
            loc = self._data_path(item["loc"])
            if (len(loc) >= 3 and loc[0] in _SECTIONS and item["type"] != "missing"
                    and isinstance(loc[-1], str)):
                leaves.add(loc)
            elif len(loc) >= 2 and loc[0] in _SECTIONS:
                broken.add(loc[:2])
            elif len(loc) == 1 and loc[0] not in _SECTIONS and loc[0] not in ("format", "scenario"):
                broken.add(loc)  # an unknown top-level key
            elif loc and loc[0] == "balance":  # balance targets do not affect the rest: drop them
                broken.add(("balance",))
            elif loc == ("format",):
                placeholders[loc] = FORMAT_VERSION
            elif len(loc) == 2 and loc[0] == "scenario":
                if loc[1] in _HEADER_PLACEHOLDERS:
                    placeholders[loc] = _HEADER_PLACEHOLDERS[loc[1]]
                else:
                    leaves.add(loc)  # an unknown key, or the optional score
            else:
                return None
        data = {key: value for key, value in _without(self.data, leaves).items() if (key,) not in broken}
        for (*table, key), value in placeholders.items():
            if table:
                if not isinstance(data.get(table[0]), dict):
                    return None
                data[table[0]] = {**data[table[0]], key: value}
            else:
                data[key] = value
        for section in _SECTIONS:
            items = data.get(section)
            if isinstance(items, dict):
                data[section] = {k: v for k, v in items.items() if (section, k) not in broken}
            elif isinstance(items, list):  # rules: keep their original numbers for locations
                self.rule_numbers = [i for i in range(len(items)) if (section, i) not in broken]
                data[section] = [items[i] for i in self.rule_numbers]
        import pydantic

        from game.engine import schema

        try:
            return schema.ScenarioFile.model_validate(data)
        except pydantic.ValidationError:
            return None

    # cross-references and expressions

    def _compile(self, spec: schema.ScenarioFile | Shape) -> model.Scenario:
        """The engine's scenario from the checked file, given as pydantic's models or, for a
        sound file, the quick check's tables: the same keys (as attributes) and values."""
        header = spec.scenario
        if spec.format != FORMAT_VERSION:
            self.report(("format",), f"`format` should be {FORMAT_VERSION}, not {spec.format}")
        self.meters = self._check_meters(spec)
        self.flags = dict(spec.flags)
        # Names come from the whole file, so that an item that failed its own
        # checks (and was set aside) is not also reported as unknown elsewhere.
        self.meter_ids = self._declared("meters") | set(spec.meters)
        self.flag_ids = self._declared("flags") | set(spec.flags)
        for flag in spec.flags:
            if flag in RESERVED:
                self.report(("flags", flag), f"`{flag}` is a reserved word and cannot name a flag", at="key")
            if flag in spec.meters:
                self.report(("flags", flag), f"`{flag}` names both a meter and a flag", at="key")
        self.event_ids = self._declared("events") | set(spec.events)
        raw_events = self.data.get("events") if isinstance(self.data.get("events"), dict) else {}
        self.names = NameTable(
            meters=frozenset(self.meter_ids), flags=frozenset(self.flag_ids),
            events={eid: frozenset(_choice_ids(raw_events.get(eid))) for eid in self.event_ids},
        )
        self.calendar = Calendar(header.start.year, header.start.month, header.months_per_turn, header.turns)
        self._check_last_date(header)
        score = None
        if header.score is not None:
            score = self._expression(("scenario", "score"), header.score, "number")
        rules = self._check_rules(spec)
        events = {eid: self._event(eid, e) for eid, e in spec.events.items()}
        actions = {aid: self._action(aid, a) for aid, a in spec.actions.items()}
        endings = self._check_endings(spec)
        balance = self._check_balance(spec)
        draw_order = tuple(sorted(
            (e for e in events.values() if not e.triggered_only), key=lambda e: -e.priority))
        return model.Scenario(
            id=header.id, title=header.title, summary=header.summary, briefing=header.briefing,
            start=header.start, months_per_turn=header.months_per_turn, turns=header.turns,
            events_per_turn=header.events_per_turn, actions_per_turn=header.actions_per_turn,
            score=score, meters=self.meters, flags=self.flags, rules=rules, events=events,
            actions=actions, endings=endings, calendar=self.calendar,
            sha256=hashlib.sha256(self.source).hexdigest(), path=self.name, draw_order=draw_order,
            balance=balance,
            what_happened=header.what_happened, sources=tuple(header.sources), glossary=dict(spec.glossary),
        )

    def _check_last_date(self, header: schema.Header) -> None:
        """Every turn must be a real date: Python's dates end with the year 9999."""
        last_month = header.start.month - 1 + header.months_per_turn * (header.turns - 1)
        last_year = header.start.year + last_month // 12
        if last_year > datetime.MAXYEAR:
            self.report(("scenario", "turns"),
                        f"turn {header.turns} would fall in the year {last_year}, after {datetime.MAXYEAR}, "
                        "the last year a date can have",
                        "start earlier, or play fewer turns or fewer months per turn")

    def _declared(self, section: str) -> set[str]:
        """Ids of a section as written, plus the valid form of any malformed one, so that
        `[meters.Trust]` is reported once and not again where `trust` is used; likewise
        the ids under the section's singular (`[meter.trust]`), an unknown key reported once."""
        keys: set[str] = set()
        for name in (section, section.removesuffix("s")):
            table = self.data.get(name)
            keys |= {key for key in table if isinstance(key, str)} if isinstance(table, dict) else set()
        return keys | {_fixed_id(key) for key in keys}

    def _check_meters(self, spec: schema.ScenarioFile) -> dict[str, model.Meter]:
        meters = {}
        for mid, m in spec.meters.items():
            loc = ("meters", mid)
            if mid in RESERVED:
                self.report(loc, f"`{mid}` is a reserved word and cannot name a meter", at="key")
            out_of_range = [key for key in ("min", "max", "start") if not _within_limit(getattr(m, key))]
            for key in out_of_range:  # reported alone: comparing such numbers would only repeat it
                self.report((*loc, key), f"`{key}` is {_size(getattr(m, key))}", _LIMIT_HINT)
            if not out_of_range and m.min >= m.max:
                self.report((*loc, "max"), f"`max` ({m.max}) should be greater than `min` ({m.min})")
            elif not out_of_range and not m.min <= m.start <= m.max:
                self.report((*loc, "start"), f"meter `{mid}`: `start` ({m.start}) is outside its bounds "
                                             f"{m.min}..{m.max}")
            for key in ("warn_below", "warn_above"):
                level = getattr(m, key)
                if level is not None and not m.min <= level <= m.max:
                    self.report((*loc, key), f"`{key}` ({level}) is outside the meter's bounds {m.min}..{m.max}")
            meters[mid] = model.Meter(mid, m.label, m.start, m.min, m.max, m.description, m.hidden,
                                      m.warn_below, m.warn_above)
        return meters

    def _check_rules(self, spec: schema.ScenarioFile) -> tuple[model.Rule, ...]:
        rules, seen = [], set()
        for index, rule in enumerate(spec.rules):
            loc = ("rules", self.rule_numbers[index] if self.rule_numbers else index)
            if rule.id in seen:
                self.report((*loc, "id"), f"a second rule is called `{rule.id}`", "rule ids must be unique")
            seen.add(rule.id)
            when = self._expression((*loc, "when"), rule.when, "bool")
            rules.append(model.Rule(rule.id, when, self._consequences(loc, rule), rule.note))
        return tuple(rules)

    def _event(self, eid: str, event: schema.Event) -> model.Event:
        loc = ("events", eid)
        choices, seen = [], set()
        for index, choice in enumerate(event.choices):
            cloc = (*loc, "choices", index)
            if choice.id in seen:
                self.report((*cloc, "id"), f"event `{eid}` has a second choice called `{choice.id}`",
                            "choice ids must be unique within an event")
            seen.add(choice.id)
            requires, does, outcomes = self._consequence_parts(cloc, choice)
            choices.append(model.Choice(choice.id, choice.label, requires, does, choice.result, outcomes,
                                        choice.locked))
        when = self._expression((*loc, "when"), event.when, "bool")
        return model.Event(
            eid, event.title, event.text, when, event.chance, event.priority, event.once,
            event.triggered_only, event.debrief, tuple(event.sources), event.history, tuple(choices),
        )

    def _action(self, aid: str, action: schema.Action) -> model.Action:
        loc = ("actions", aid)
        requires, does, outcomes = self._consequence_parts(loc, action)
        return model.Action(aid, action.label, action.description, requires, action.cooldown,
                            does, action.result, outcomes, action.locked)

    def _consequence_parts(self, loc: Path, spec: schema.Consequence):
        requires = None
        if spec.requires is not None:
            requires = self._expression((*loc, "requires"), spec.requires, "bool")
        outcomes = tuple(
            model.Outcome(o.weight, self._consequences((*loc, "outcomes", i), o), o.result)
            for i, o in enumerate(spec.outcomes)
        )
        if outcomes and not any(o.weight for o in outcomes):
            self.report((*loc, "outcomes"), "every outcome has weight 0, so none can be drawn",
                        "give at least one outcome a weight above 0", at="key")
        return requires, self._consequences(loc, spec), outcomes

    def _consequences(self, loc: Path, spec: schema.EffectKeys) -> model.Consequences:
        effects = []
        for meter, amount in spec.effects.items():
            where = (*loc, "effects", meter)
            if meter not in self.meter_ids:
                hint = (f"`{meter}` is a flag: use `set` or `clear`" if meter in self.flag_ids
                        else suggest(meter, self.meter_ids) or "effects change meters declared under [meters]")
                self.report(where, f"unknown meter `{meter}`", hint, at="key")
                continue
            if isinstance(amount, str):
                amount = self._expression(where, amount, "number")
            elif not _within_limit(amount):
                self.report(where, f"the effect on `{meter}` is {_size(amount)}", _LIMIT_HINT)
                amount = None
            if amount is not None:
                effects.append(model.Effect(meter, amount))
        for verb in ("set", "clear"):
            for index, flag in enumerate(getattr(spec, verb)):
                if flag not in self.flag_ids:
                    hint = suggest(flag, self.flag_ids) or "declare it under [flags] with what it means"
                    self.report((*loc, verb, index), f"unknown flag `{flag}`", hint)
        for index, item in enumerate(spec.schedule):
            if item.event not in self.event_ids:
                self.report((*loc, "schedule", index), f"cannot schedule unknown event `{item.event}`",
                            suggest(item.event, self.event_ids))
        return model.Consequences(
            tuple(effects), tuple(spec.set), tuple(spec.clear),
            tuple((s.event, s.in_) for s in spec.schedule),
        )

    def _check_endings(self, spec: schema.ScenarioFile) -> dict[str, model.Ending]:
        endings = {}
        fallbacks = [eid for eid, e in spec.endings.items() if e.fallback]
        written_endings = self.data.get("endings") if isinstance(self.data.get("endings"), dict) else {}
        set_aside = [eid for eid, e in written_endings.items()  # a fallback with a problem of its own
                     if eid not in spec.endings and isinstance(e, dict) and e.get("fallback") is True]
        if not fallbacks and not set_aside:
            message = "no ending has `fallback = true`"
            draws = [eid for eid, e in spec.endings.items() if e.kind == "draw"] or list(spec.endings)
            hint = ("mark the ending used when no other holds after the last turn"
                    + (f", for example `fallback = true` in [endings.{draws[0]}]" if draws else ""))
            located = self.map.find(("endings",)) or self.map.first_under(("endings",))
            if located is None:
                self.problems.append(Problem(self.name, message, key="endings", hint=hint))
            else:
                self.problems.append(Problem(self.name, message, located.key.line, located.key.column,
                                             key="endings", hint=hint))
        for extra in fallbacks[1:]:
            self.report(("endings", extra, "fallback"),
                        f"a second fallback ending `{extra}` (the first is `{fallbacks[0]}`)",
                        "exactly one ending may be the fallback")
        for eid, ending in spec.endings.items():
            loc = ("endings", eid)
            written = self.data.get("endings", {}).get(eid)
            if ending.when is None and not ending.fallback and not (isinstance(written, dict) and "when" in written):
                # (a `when` that failed its own check was set aside and is reported already)
                meter = next(iter(spec.meters), "trust")
                self.report(loc, f"ending `{eid}` has no `when`",
                            f"say when it ends the game, e.g. when = \"final and {meter} >= 80\"", at="key")
            when = self._expression((*loc, "when"), ending.when or "false", "bool")
            endings[eid] = model.Ending(eid, ending.title, ending.kind, ending.text, when, ending.fallback)
        return endings

    def _check_balance(self, spec: schema.ScenarioFile) -> tuple[model.Balance, ...]:
        """Balance targets name a real ending and a policy this scenario can play."""
        targets = []
        ending_ids = self._declared("endings") | set(spec.endings)
        for index, target in enumerate(spec.balance):
            loc = ("balance", index)
            problem = policy_problem(target.policy, self.meter_ids)
            if problem is not None:
                self.report((*loc, "policy"), problem, policy_hint(target.policy, self.meter_ids))
            if target.ending not in ending_ids:
                self.report((*loc, "ending"), f"unknown ending `{target.ending}`",
                            suggest(target.ending, ending_ids) or "endings: " + ", ".join(sorted(ending_ids)))
            low, high = target.between
            if not 0 <= low <= high <= 1:
                self.report((*loc, "between"), f"`between` should be two shares from 0 to 1, the lower first, "
                                               f"not [{low:g}, {high:g}]",
                            "e.g. between = [0.05, 0.25] for 5% to 25% of games")
            targets.append(model.Balance(target.policy, target.ending, (low, high), target.runs))
        return tuple(targets)

    def _expression(self, loc: Path, text: str, expect: str) -> Expression | None:
        try:
            return compile_expression(text, self.names, self.calendar, expect=expect)
        except ExpressionError as error:
            hint = error.hint or ""
            unknown = re.fullmatch(r"unknown name `([a-z][a-z0-9_]*)`", error.message)
            if unknown and not hint and unknown[1] in self._flags_set_or_cleared():
                hint = f"`{unknown[1]}` is set or cleared in this file but not declared: add it under [flags]"
            located = self.map.find(loc)
            if located is None:
                self.problems.append(Problem(self.name, error.message, key=_table_name(loc), hint=hint))
            else:
                from game.engine.locate import expression_position

                position = expression_position(located, error.offset)
                self.problems.append(Problem(self.name, error.message, position.line, position.column,
                                             key=_table_name(loc), hint=hint))
            return None

    def _flags_set_or_cleared(self) -> set[str]:
        """Every id that a `set` or `clear` list of the file names, as written (found once)."""
        if (kept := getattr(self, "_set_or_cleared", None)) is not None:
            return kept
        found: set[str] = set()
        self._set_or_cleared = found
        stack: list[Any] = [self.data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ("set", "clear") and isinstance(value, list):
                        found.update(v for v in value if isinstance(v, str))
                    else:
                        stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)
        return found

