"""Files from strangers (issue 5): whatever the bytes, the loader and the save reader
raise only their own error type (ScenarioError, SaveError), never anything else.

Three kinds of input: arbitrary bytes; arbitrary TOML documents; and the sound
scenario and save of tests/data/hostile with one value swapped for an arbitrary
one, which reaches the checks behind the parser.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import ScenarioError, load_scenario_bytes
from game.saves import SaveError, read_save

HOSTILE = Path(__file__).parent / "data" / "hostile"
BASE_SCENARIO = tomllib.loads((HOSTILE / "scenarios" / "base.toml").read_text(encoding="utf-8"))
BASE_SAVE = tomllib.loads((HOSTILE / "saves" / "base.toml").read_text(encoding="utf-8"))

keys = st.one_of(
    st.sampled_from(["format", "scenario", "meters", "events", "endings", "start", "turns", "when", "effects",
                     "choices", "id", "label", "trust", "score", "seed", "decisions", "summary", "created"]),
    st.text(max_size=12),  # control and invisible characters included
)
moments = st.datetimes(min_value=datetime.datetime(1, 1, 2), max_value=datetime.datetime(9999, 12, 30),
                       timezones=st.one_of(st.none(), st.timezones(), st.builds(
                           lambda m: datetime.timezone(datetime.timedelta(minutes=m)),
                           st.integers(-1439, 1439))))
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(10**4000), max_value=10**4000),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(),
    moments,
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)
documents = st.dictionaries(keys, values, max_size=6)


def _paths(data: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(data, dict):
        for key, child in data.items():
            found += _paths(child, (*here, key))
    elif isinstance(data, list):
        for index, child in enumerate(data):
            found += _paths(child, (*here, index))
    return found


def _replaced(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _replaced(data[head], rest, value)}
    copy = list(data)
    copy[head] = _replaced(copy[head], rest, value)
    return copy


def _toml(document: dict) -> bytes:
    return tomli_w.dumps(document).encode("utf-8")


def _mutant(base: dict, draw) -> dict:
    """The base document with one value (or table) replaced, or one key added."""
    path = draw(st.sampled_from(_paths(base)[1:]))
    if draw(st.booleans()):
        return _replaced(base, path, draw(values))
    parent = path[:-1]
    target = base
    for part in parent:
        target = target[part]
    if isinstance(target, dict):
        return _replaced(base, parent, {**target, draw(keys): draw(values)})
    return _replaced(base, path, draw(values))


def load_only_scenario_errors(source: bytes) -> None:
    try:
        load_scenario_bytes(source, "fuzz.toml")
    except ScenarioError as error:
        assert error.problems and all(str(p).isprintable() for p in error.problems)


def read_only_save_errors(folder: Path, source: bytes) -> None:
    path = folder / "fuzz.toml"
    path.write_bytes(source)
    try:
        read_save(path)
    except SaveError as error:
        assert error.message.isprintable()


fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


@fuzz
@given(source=st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_scenario(source):
    load_only_scenario_errors(source)


@fuzz
@given(document=documents)
def test_arbitrary_toml_as_a_scenario(document):
    load_only_scenario_errors(_toml(document))


@fuzz
@given(data=st.data())
def test_the_base_scenario_with_one_value_swapped(data):
    load_only_scenario_errors(_toml(_mutant(BASE_SCENARIO, data.draw)))


@fuzz
@given(source=st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_save(tmp_path, source):
    read_only_save_errors(tmp_path, source)


@fuzz
@given(document=documents)
def test_arbitrary_toml_as_a_save(tmp_path, document):
    read_only_save_errors(tmp_path, _toml(document))


@fuzz
@given(data=st.data())
def test_the_base_save_with_one_value_swapped(tmp_path, data):
    read_only_save_errors(tmp_path, _toml(_mutant(BASE_SAVE, data.draw)))


# -- numbers: whatever an author writes, a game's results can be written ----------------------

terms = st.one_of(st.integers(-(10**15), 10**15).map(str),
                  st.sampled_from(["trust", "alliance", "turn", "year", "1.5", "0.000001", "999999999999999"]))


@st.composite
def expressions(draw) -> str:
    parts = draw(st.lists(terms, min_size=1, max_size=60))
    operators = draw(st.lists(st.sampled_from([" * ", " / ", " + ", " - "]), min_size=len(parts),
                              max_size=len(parts)))
    return "".join(p + o for p, o in zip(parts, operators))[:-3][:1000]


@fuzz
@given(where=st.sampled_from([("scenario", "score"), ("events", "talks", "choices", 0, "effects", "trust")]),
       expression=expressions(), low=st.integers(-(10**15), 0), high=st.integers(1, 10**15),
       seed=st.integers(0, 2**63))
def test_huge_scores_and_effects_still_play_print_and_save(tmp_path, where, expression, low, high, seed):
    import json

    from game.engine import new_game, score
    from game.engine.policies import POLICIES, play
    from game.saves import write_save
    from game.tools.transcript import summary, transcript

    document = _replaced(BASE_SCENARIO, where, expression)
    document = _replaced(document, ("meters", "trust"), {"label": "Trust", "min": low, "max": high, "start": high})
    try:
        scenario = load_scenario_bytes(_toml(document), "numbers.toml")
    except ScenarioError:
        return  # an expression of the wrong kind, say: its message is checked above
    for state in play(new_game(scenario, seed), POLICIES["random"], []):
        pass
    assert score(state) is None or abs(score(state)) <= 10**15
    json.dumps(summary(state))
    list(transcript(state))
    write_save(tmp_path / "numbers.toml", state, player="A")
    read_save(tmp_path / "numbers.toml")
