"""A scenario file's shape checked without pydantic, for the files that are sound.

    quick_spec(data) -> Shape | None    the parsed file as the schema's models would hold
                                        it, or None when anything is off or unsure
    table_text() -> str                 game/engine/shape_table.py as generated from
                                        game/engine/schema.py (`python -m game.engine.shape`)

Importing pydantic and building the schema of `game.engine.schema` costs more CPU
than a bare Textual app's whole start-up (docs/benchmarks.md), and every load of a
sound file paid it. This module checks the same keys, types and bounds by reading a
table generated from the pydantic models (`shape_table.py`: a test fails when it is
stale), so a sound file is loaded without pydantic. It only ever says yes or "not
sure": on any doubt (a wrong type, a bound, a missing or unknown key, a float given
as a huge integer) the loader asks pydantic, which finds every problem and words
the messages as before. So this module never decides what is wrong with a file,
and the tests check that whatever it accepts, pydantic accepts with the same values.
"""

from __future__ import annotations

import datetime
import math
import re
from types import SimpleNamespace
from typing import Any

from game.engine.shape_table import ROOT, TABLES

# A float given as an integer is taken (as pydantic's strict float does) only where
# float() is exact: beyond it, pydantic decides.
_EXACT_FLOAT = 2**53


class Shape(SimpleNamespace):
    """One table of a scenario file, its keys as attributes (`in` as `in_`), defaults filled in."""


class _Unsure(Exception):
    """The value may be wrong: leave the file to pydantic."""


def quick_spec(data: Any) -> Shape | None:
    try:
        return _table(ROOT, data)
    except _Unsure:
        return None


_KEYS = {name: frozenset(key for key, *_ in fields) for name, fields in TABLES.items()}
_PATTERNS: dict[str, re.Pattern[str]] = {}


def _table(name: str, value: Any) -> Shape:
    if type(value) is not dict or not value.keys() <= _KEYS[name]:
        raise _Unsure
    attributes = {}
    for key, attribute, spec, default in TABLES[name]:
        if key in value:
            attributes[attribute] = _value(spec, value[key])
        elif default is ...:
            raise _Unsure  # a required key is missing
        else:  # a fresh copy of an empty list or table, as pydantic's default_factory gives
            attributes[attribute] = type(default)(default) if type(default) in (list, dict) else default
    return Shape(**attributes)


def _value(spec: tuple, value: Any) -> Any:  # noqa: C901 - one branch per kind, as in the table
    kind = spec[0]
    if kind == "str":
        _, shortest, longest, pattern = spec
        if type(value) is not str or len(value) < shortest or (longest is not None and len(value) > longest):
            raise _Unsure
        if pattern is not None and _pattern(pattern).fullmatch(value) is None:
            raise _Unsure
        return value
    if kind == "int":
        if type(value) is not int:  # bool is not int here, as in pydantic's strict int
            raise _Unsure
        return _within(spec, value)
    if kind == "float":
        if type(value) is int and -_EXACT_FLOAT <= value <= _EXACT_FLOAT:
            value = float(value)
        elif type(value) is not float or not math.isfinite(value):
            raise _Unsure
        return _within(spec, value)
    if kind == "bool":
        if type(value) is not bool:
            raise _Unsure
        return value
    if kind == "literal":
        if type(value) is not str or value not in spec[1]:
            raise _Unsure
        return value
    if kind == "date":
        if type(value) is not datetime.date:  # a datetime is a date too, and is refused
            raise _Unsure
        return value
    if kind == "table":
        return _table(spec[1], value)
    if kind == "list":
        _, item, shortest, longest = spec
        _count(value, list, shortest, longest)
        return [_value(item, v) for v in value]
    if kind == "dict":
        _, key, item, shortest, longest = spec
        _count(value, dict, shortest, longest)
        return {_value(key, k): _value(item, v) for k, v in value.items()}
    if kind == "tuple":
        if type(value) is not list or len(value) != len(spec[1]):
            raise _Unsure
        return tuple(_value(item, v) for item, v in zip(spec[1], value))
    if kind == "either":  # the table holds only unions whose options take different types
        for option in spec[1]:
            try:
                return _value(option, value)
            except _Unsure:
                continue
        raise _Unsure
    if kind == "optional":
        return None if value is None else _value(spec[1], value)
    raise _Unsure  # a kind this module does not know: pydantic decides


def _within(spec: tuple, value: int | float) -> int | float:
    _, lowest, highest = spec
    if (lowest is not None and value < lowest) or (highest is not None and value > highest):
        raise _Unsure
    return value


def _count(value: Any, container: type, shortest: int, longest: int | None) -> None:
    if type(value) is not container or len(value) < shortest or (longest is not None and len(value) > longest):
        raise _Unsure


def _pattern(text: str) -> re.Pattern[str]:
    if text not in _PATTERNS:
        _PATTERNS[text] = re.compile(text)
    return _PATTERNS[text]


# -- the table, generated from the pydantic models --------------------------------


def table_text() -> str:
    """The text of shape_table.py, from the models of game.engine.schema (imports pydantic)."""
    from game.engine import schema

    tables: dict[str, tuple] = {}
    _describe_table(schema.ScenarioFile, tables)
    lines = [
        '"""Generated by `python -m game.engine.shape` from game/engine/schema.py: do not edit.',
        "",
        "Each table of the format: (key, attribute, kind, default), the default `...` when the",
        "key is required. game.engine.shape reads it; tests/engine/test_shape.py fails when stale.",
        '"""',
        "",
        f"FORMAT_VERSION = {schema.FORMAT_VERSION!r}",
        f"ROOT = {schema.ScenarioFile.__name__!r}",
        "TABLES = {",
    ]
    for name, fields in tables.items():
        lines.append(f"    {name!r}: (")
        lines.extend(f"        {field!r}," for field in fields)
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _describe_table(model: Any, tables: dict[str, tuple]) -> str:
    from pydantic_core import PydanticUndefined

    if model.__name__ in tables:
        return model.__name__
    tables[model.__name__] = ()  # reserved, so a table met again is not described twice
    if model.model_config.get("extra") != "forbid" or model.model_config.get("populate_by_name"):
        raise ValueError(f"{model.__name__}: the shape check expects unknown keys forbidden and aliases only")
    fields = []
    for attribute, field in model.model_fields.items():
        spec = _describe(field.annotation, field.metadata, tables)
        if field.is_required():
            default: Any = ...
        elif field.default_factory is not None:
            default = field.default_factory()
            if default not in ([], {}):
                raise ValueError(f"{model.__name__}.{attribute}: only empty lists and tables are made by factories")
        else:
            default = field.default
            if default is PydanticUndefined or type(default) not in (str, int, float, bool, type(None)):
                raise ValueError(f"{model.__name__}.{attribute}: an unexpected default {default!r}")
        if field.validation_alias is not None and field.validation_alias != field.alias:
            raise ValueError(f"{model.__name__}.{attribute}: a validation alias the shape check cannot follow")
        fields.append((field.alias or attribute, attribute, spec, default))
    tables[model.__name__] = tuple(fields)
    return model.__name__


def _describe(annotation: Any, metadata: list[Any], tables: dict[str, tuple]) -> tuple:  # noqa: C901
    """The kind of a value, from its annotation and constraints; ValueError for anything else."""
    import types
    import typing

    import annotated_types
    import pydantic
    from pydantic.fields import FieldInfo

    metadata = list(metadata)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *more = typing.get_args(annotation)
        metadata = [*more, *metadata]
    shortest, longest, lowest, highest, pattern, strict = 0, None, None, None, None, False
    for item in metadata:
        if isinstance(item, FieldInfo):  # a Field() inside Annotated: its constraints
            metadata.extend(item.metadata)
        elif isinstance(item, pydantic.Strict):
            strict = item.strict
        elif isinstance(item, annotated_types.MinLen):
            shortest = max(shortest, item.min_length)
        elif isinstance(item, annotated_types.MaxLen):
            longest = item.max_length if longest is None else min(longest, item.max_length)
        elif isinstance(item, annotated_types.Ge):
            lowest = item.ge if lowest is None else max(lowest, item.ge)
        elif isinstance(item, annotated_types.Le):
            highest = item.le if highest is None else min(highest, item.le)
        elif isinstance(item, pydantic.StringConstraints):
            unknown = {k for k in ("strip_whitespace", "to_upper", "to_lower", "strict", "ascii_only")
                       if getattr(item, k) is not None}
            if unknown:
                raise ValueError(f"string constraints the shape check does not follow: {sorted(unknown)}")
            if item.min_length is not None:
                shortest = max(shortest, item.min_length)
            if item.max_length is not None:
                longest = item.max_length if longest is None else min(longest, item.max_length)
            if item.pattern is not None:
                pattern = _anchored(item.pattern) if pattern is None else _refuse(f"two patterns: {item.pattern}")
        else:
            raise ValueError(f"a constraint the shape check does not follow: {item!r}")
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) < len(args):  # X | None: TOML has no null, but pydantic takes None
            inner = options[0] if len(options) == 1 else typing.Union[tuple(options)]
            return ("optional", _describe(inner, metadata, tables))
        described = tuple(_describe(a, metadata, tables) for a in options)
        kinds = [spec[0] for spec in described]
        if len(set(kinds)) != len(kinds) or not set(kinds) <= {"int", "str", "bool", "date"}:
            raise ValueError(f"a union the shape check cannot follow: {annotation!r}")
        return ("either", described)
    if origin is typing.Literal:
        if not all(type(a) is str for a in args):
            raise ValueError(f"a literal of other than text: {annotation!r}")
        return ("literal", tuple(args))
    if origin is list:
        return ("list", _describe(args[0], [], tables), shortest, longest)
    if origin is dict:
        return ("dict", _describe(args[0], [], tables), _describe(args[1], [], tables), shortest, longest)
    if origin is tuple:
        if Ellipsis in args or metadata:
            raise ValueError(f"a tuple the shape check cannot follow: {annotation!r}")
        return ("tuple", tuple(_describe(a, [], tables) for a in args))
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if metadata:
            raise ValueError(f"constraints on a table: {metadata!r}")
        return ("table", _describe_table(annotation, tables))
    if annotation is str:
        if lowest is not None or highest is not None:
            raise ValueError("number bounds on text")
        return ("str", shortest, longest, pattern)
    if annotation in (int, float) and strict:
        if shortest or longest is not None or pattern is not None:
            raise ValueError("length bounds on a number")
        return ("int" if annotation is int else "float", lowest, highest)
    if annotation in (bool, datetime.date) and strict and (lowest, highest, longest, pattern) == (None,) * 4:
        return ("bool",) if annotation is bool else ("date",)
    raise ValueError(f"a type the shape check cannot follow: {annotation!r} {metadata!r}")


def _anchored(pattern: str) -> str:
    """`^…$` as the text for re.fullmatch (pydantic's Rust regex reads `$` as the very end only)."""
    inner = pattern[1:-1]
    if not (pattern.startswith("^") and pattern.endswith("$")) or any(c in inner for c in "^$|\\(){}"):
        raise ValueError(f"a pattern the shape check does not follow: {pattern}")
    return inner


def _refuse(reason: str) -> str:
    raise ValueError(reason)


if __name__ == "__main__":
    from pathlib import Path

    Path(__file__).with_name("shape_table.py").write_text(table_text(), encoding="utf-8")
