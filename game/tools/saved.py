"""Opening a save for the headless tools: the save, its scenario, the replayed game.

    open_game(save_path, scenario_path=None)   the LoadedGame, verified by replay

A save names its scenario's file only for information: a shared save could name
any path. The scenario is the file the user gives, or else the shipped scenario
with the save's id; nothing else is opened.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from game import paths, saves
from game.engine import Scenario, ScenarioError, load_scenario


def open_game(save_path: str | Path, scenario_path: str | Path | None = None) -> saves.LoadedGame:
    """Read, resolve and replay a save. Raises SaveError or ScenarioError with a clear message."""
    save = saves.read_save(save_path)
    scenario = load_scenario(scenario_path) if scenario_path else shipped_scenario(save.scenario_id)
    if scenario is None:
        raise saves.SaveError(
            f"{save.path}: this save is of scenario `{save.scenario_id}`, which is not shipped with the game; "
            "give its file with --scenario PATH")
    return saves.load_game(save_path, scenario)


def shipped_scenario(scenario_id: str) -> Scenario | None:
    return _shipped().get(scenario_id)


@cache
def _shipped() -> dict[str, Scenario]:
    found = {}
    for path in paths.shipped_scenario_files():
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            continue  # `crossroads validate` reports it; a save of it cannot be opened
        found[scenario.id] = scenario
    return found
