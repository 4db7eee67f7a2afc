"""Helpers for the engine tests: small scenarios written inline as TOML.

`make(text)` loads a whole scenario file given as a string. `scenario(body,
**header)` wraps a body (meters, flags, rules, events, actions, endings) in a
`format = 1` line and a [scenario] header, and ends it with a fallback ending,
so a test shows only the part of the file its rule is about.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.engine import GameState, load_scenario, load_scenario_bytes
from game.engine.model import Scenario
from game.engine.policies import step

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"

FALLBACK_ID = "fallback_end"
FALLBACK = f"""
[endings.{FALLBACK_ID}]
title = "Time ran out"
kind = "draw"
text = "Nothing else held."
fallback = true
"""


def make(toml_text: str, name: str = "inline.toml") -> Scenario:
    """Load a scenario from TOML text (dedented, so it may be indented in a test)."""
    return load_scenario_bytes(textwrap.dedent(toml_text).encode("utf-8"), name)


def scenario_text(
    body: str = "",
    *,
    turns: int = 3,
    start: str = "2015-05-01",
    months_per_turn: int = 1,
    events_per_turn: int = 1,
    actions_per_turn: int = 1,
    score: str | None = None,
    fallback: bool = True,
) -> str:
    """A whole scenario file around `body`; with `fallback`, a fallback ending is appended last."""
    header = textwrap.dedent(f"""\
        format = 1

        [scenario]
        id = "inline"
        title = "Inline"
        summary = "A scenario written inside a test."
        start = {start}
        months_per_turn = {months_per_turn}
        turns = {turns}
        events_per_turn = {events_per_turn}
        actions_per_turn = {actions_per_turn}
        """)
    if score is not None:
        header += f"score = {score!r}\n".replace("'", '"')
    text = header + "\n" + textwrap.dedent(body)
    if fallback:
        text += FALLBACK
    return text


def scenario(body: str = "", **header) -> Scenario:
    """Load `scenario_text(body, **header)`."""
    return make(scenario_text(body, **header))


def play_moves(state: GameState, *moves: str | None) -> GameState:
    """Apply moves in order: a choice id when an event waits, an action id or None (end the turn) otherwise."""
    for move in moves:
        state = step(state, move)
    return state


@pytest.fixture(scope="session")
def tutorial() -> Scenario:
    """The shipped tutorial scenario, loaded once."""
    return load_scenario(TUTORIAL)


@pytest.fixture(name="make", scope="session")
def make_fixture():
    """`make(toml_text)`: load a whole scenario file given as text."""
    return make


@pytest.fixture(scope="session")
def build():
    """`build(body, **header)`: a scenario from a body, as `scenario()` does."""
    return scenario


@pytest.fixture(scope="session")
def moves():
    """`moves(state, *moves)`: apply choice ids, action ids and None (end the turn) in order."""
    return play_moves
