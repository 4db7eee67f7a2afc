"""The example saves in saves/ (used by docs/classroom.md) still replay on the shipped flagship."""

from __future__ import annotations

import pytest

from game import saves
from game.engine import load_scenario
from tests.example_saves import FOLDER, PLAYERS, flagship_path

REGENERATE = "the flagship changed: write the examples again with `python tests/example_saves.py`"


@pytest.mark.parametrize("player", sorted(PLAYERS))
def test_an_example_save_is_a_finished_game_that_replays(player):
    try:
        loaded = saves.load_game(FOLDER / f"{player}.toml", load_scenario(flagship_path()))
    except saves.SaveError as error:
        pytest.fail(f"{error}\n{REGENERATE}")
    assert loaded.state.over, REGENERATE
    assert loaded.save.player == player
    assert loaded.save.scenario_path == "scenarios/crossroads-2015.toml", "no path of the machine that wrote it"
