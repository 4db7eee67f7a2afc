"""The quick shape check (game.engine.shape) loads a sound file without pydantic, and
whatever it accepts pydantic accepts with the same values: it may only ever be
stricter, since every file it is unsure of goes to pydantic for its messages."""

from __future__ import annotations

import datetime
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import loader, schema, shape, shape_table
from game.engine.text import clean_tree
from tests.test_hostile_fuzz import _paths

ROOT = Path(__file__).resolve().parents[2]
BASE = tomllib.loads((ROOT / "tests" / "data" / "hostile" / "scenarios" / "base.toml").read_text(encoding="utf-8"))


def plain(value: Any) -> Any:
    """A spec as comparable data, every type kept (1 and 1.0, a list and a tuple differ)."""
    if isinstance(value, pydantic.BaseModel):
        return "table", {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, shape.Shape):
        return "table", {name: plain(item) for name, item in vars(value).items()}
    if isinstance(value, dict):
        return "dict", [(plain(key), plain(item)) for key, item in value.items()]
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [plain(item) for item in value]
    return type(value).__name__, value


def by_pydantic(data: Any) -> Any:
    try:
        return schema.ScenarioFile.model_validate(data)
    except pydantic.ValidationError:
        return None


def agree(data: Any) -> bool:
    """True when the quick check accepted `data` (and then pydantic must give the same spec)."""
    quick, checked = shape.quick_spec(data), by_pydantic(data)
    if quick is None:
        return False
    assert checked is not None, "the quick check accepted a file that pydantic refuses"
    assert plain(quick) == plain(checked)
    return True


def test_the_table_is_generated_from_the_current_schema():
    assert Path(shape_table.__file__).read_text(encoding="utf-8") == shape.table_text(), \
        "schema.py changed: run `python -m game.engine.shape` to regenerate game/engine/shape_table.py"


def sound_data(path: Path) -> Any:
    """The file's data as the loader checks it, or None for a file of the error tests."""
    try:
        data = clean_tree(tomllib.loads(path.read_text(encoding="utf-8")))
    except Exception:  # noqa: BLE001 - the hostile files: too deep, too long, not text
        return None
    return data if by_pydantic(data) is not None else None


SOUND_FILES = [path for path in sorted((ROOT / "scenarios").glob("*.toml")) + sorted((ROOT / "tests").rglob("*.toml"))
               if sound_data(path) is not None]


def test_the_sound_files_include_every_shipped_scenario():
    assert {p.stem for p in (ROOT / "scenarios").glob("*.toml")} <= {p.stem for p in SOUND_FILES}


@pytest.mark.parametrize("path", SOUND_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_sound_scenario_of_the_repository_is_taken_quickly_with_pydantics_values(path):
    assert agree(sound_data(path)), "the quick check sent a sound file to pydantic"


def test_a_sound_file_is_loaded_without_pydantic_or_tree_sitter():
    probe = ("import sys; from game.engine import load_scenario; "
             f"load_scenario({str(ROOT / 'scenarios' / 'crossroads-2015.toml')!r}); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'tree_sitter')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_loaded_scenario_is_the_same_either_way(monkeypatch):
    quick = loader.load_scenario(ROOT / "scenarios" / "crossroads-2015.toml")
    monkeypatch.setattr(loader, "quick_spec", lambda data: None)
    checked = loader.load_scenario(ROOT / "scenarios" / "crossroads-2015.toml")
    for field in ("id", "title", "summary", "briefing", "start", "turns", "meters", "flags", "glossary",
                  "sources", "balance", "sha256"):
        assert getattr(quick, field) == getattr(checked, field), field
    assert [(e.id, e.title, e.chance, e.choices[0].label) for e in quick.events.values()] == \
        [(e.id, e.title, e.chance, e.choices[0].label) for e in checked.events.values()]


# Values near the edges of what the format takes: bounds, lengths, types pydantic is strict about.
edges = st.one_of(
    st.booleans(), st.none(),
    st.integers(-3, 3), st.integers(995, 1_000_005), st.sampled_from([2**53, 2**53 + 1, -(2**53) - 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, 1.0, -0.0, 1.0000001, 0.5]),
    st.text(max_size=3), st.sampled_from(["", "a", "x" * 64, "x" * 65, "x" * 80, "x" * 81, "x" * 200, "x" * 201,
                                          "Trust", "trust\n", "1abc", "a-b", "what-if", "fact", "draw", "true"]),
    st.dates(), st.datetimes(), st.just(datetime.time(12, 0)),
    st.lists(st.integers(0, 2), max_size=3), st.lists(st.floats(0, 1), min_size=2, max_size=2),
    st.dictionaries(st.sampled_from(["a", "trust", "in", "event", "Bad"]), st.integers(0, 3), max_size=2),
)


def _changed(data: Any, path: tuple, change) -> Any:
    if len(path) == 1:
        return change(data, path[0])
    head = path[0]
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _changed(data[head], path[1:], change)
    return copy


def _set(value):
    def change(parent, key):
        copy = dict(parent) if isinstance(parent, dict) else list(parent)
        copy[key] = value
        return copy
    return change


def _drop(parent, key):
    if isinstance(parent, dict):
        return {k: v for k, v in parent.items() if k != key}
    return [v for i, v in enumerate(parent) if i != key]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_whatever_the_quick_check_takes_pydantic_takes_alike(data):
    path = data.draw(st.sampled_from(_paths(BASE)[1:]))
    how = data.draw(st.sampled_from(["set", "drop", "add"]))
    if how == "set":
        mutant = _changed(BASE, path, _set(data.draw(edges)))
    elif how == "drop":
        mutant = _changed(BASE, path, _drop)
    else:
        key = data.draw(st.sampled_from(["in", "in_", "weight", "once", "extra", "label", "when", "Trust"]))
        mutant = _changed(BASE, (*path, key), _set(data.draw(edges))) if isinstance(
            _at(BASE, path), dict) else BASE
    agree(mutant)


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data
