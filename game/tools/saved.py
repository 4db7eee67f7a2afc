"""Opening a save for the headless tools: the save, its scenario, the replayed game.

    open_game(save_path, scenario_path=None)   the LoadedGame, verified by replay

A save names its scenario's file only for information: a shared save could name
any path (a FIFO, /dev/zero). The scenario is the file the user gives, or else
the shipped scenario with the save's id; nothing else is opened.
"""

from __future__ import annotations

from pathlib import Path

from game import paths, saves
from game.engine import Scenario, ScenarioError, load_scenario


class NotShipped(saves.SaveError):
    """The save's scenario is not a shipped one and no file was given for it (a usage matter)."""


def open_game(save_path: str | Path, scenario_path: str | Path | None = None, *,
              loaded: dict[str, Scenario] | None = None) -> saves.LoadedGame:
    """Read, resolve and replay a save. Raises SaveError (NotShipped when the scenario
    must be given) or ScenarioError, each with a clear message.

    `loaded` keeps the scenarios found so far, for a command that opens many saves
    (a class's saves share one scenario: loading it once per save was most of the time)."""
    save = saves.read_save(save_path)
    key = f"file {scenario_path}" if scenario_path else f"shipped {save.scenario_id}"
    scenario = None if loaded is None else loaded.get(key)
    if scenario is None:
        scenario = load_scenario(scenario_path) if scenario_path else shipped_scenario(save)
        if loaded is not None:
            loaded[key] = scenario
    return saves.load_game(save_path, scenario)


def shipped_scenario(save: saves.SaveFile) -> Scenario:
    """The shipped scenario with the save's id: the file named after it first, then the others."""
    by_name = {p.stem: p for p in paths.shipped_scenario_files()}
    candidates = [by_name[save.scenario_id]] if save.scenario_id in by_name else list(by_name.values())
    for path in candidates:
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            continue  # `crossroads validate` reports it; a save of it cannot be opened
        if scenario.id == save.scenario_id:
            return scenario
    raise NotShipped(f"{save.path}: this save is for scenario `{save.scenario_id}`, which is not shipped "
                     f"with Crossroads; give its file with --scenario PATH "
                     f"(the save was made from {save.scenario_path or 'an unnamed file'})")
