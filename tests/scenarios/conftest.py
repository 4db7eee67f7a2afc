"""Helpers for the tests of the shipped scenarios.

`play_route(scenario, seed, decisions)` plays a written-down line of play through the
engine: for an event a choice id, for the standing actions an action id or "end";
when the list runs out, a policy (`first` unless told) plays on to the ending.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

from game import paths
from game.engine import ActionPrompt, GameState, Scenario, load_scenario, new_game, pending
from game.engine.policies import POLICIES, step


@cache
def shipped() -> dict[str, Scenario]:
    """Every shipped scenario by id, loaded once per test session."""
    loaded = (load_scenario(path) for path in paths.shipped_scenario_files())
    return {scenario.id: scenario for scenario in loaded}


def shipped_ids() -> list[str]:
    """The ids of the shipped scenario files, read without loading them (for parametrize)."""
    import tomllib

    ids = []
    for path in paths.shipped_scenario_files():
        with Path(path).open("rb") as file:
            ids.append(tomllib.load(file)["scenario"]["id"])
    return ids


def play_route(scenario: str | Scenario, seed: int, decisions: Sequence[str],
               policy: str = "first") -> GameState:
    """The final state after `decisions`, then `policy`, from `seed`."""
    if isinstance(scenario, str):
        scenario = shipped()[scenario]
    state = new_game(scenario, seed)
    script = list(decisions)
    for number, decision in enumerate(script, start=1):
        prompt = pending(state)
        if prompt is None:
            raise AssertionError(f"the game ended ({state.ending}) before decision {number} of "
                                 f"{len(script)}: {decision!r}")
        move = None if isinstance(prompt, ActionPrompt) and decision == "end" else decision
        state = step(state, move, prompt)
    play = POLICIES[policy]
    while (prompt := pending(state)) is not None:
        state = step(state, play(state, prompt), prompt)
    return state


@pytest.fixture(name="play_route", scope="session")
def play_route_fixture():
    """`play_route(scenario_id, seed, decisions, policy="first")` → the final GameState."""
    return play_route
