"""The pure game engine: scenario loading and state transitions, no terminal.

The names below are imported on first use (PEP 562), so that a light module of
the engine (text cleaning, say) can be imported without pydantic and the
loader: the app's title screen and the file gate depend on that for start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {
    "load_scenario": "loader", "load_scenario_bytes": "loader",
    "Scenario": "model",
    "Problem": "problems", "ScenarioError": "problems",
    "Change": "state", "Decision": "state", "GameState": "state", "Note": "state",
    **{name: "turns" for name in (
        "ActionPrompt", "EventPrompt", "IllegalMove", "Option", "act", "choose", "end_turn", "ending",
        "new_game", "pending", "score",
    )},
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


if TYPE_CHECKING:
    from game.engine.loader import load_scenario, load_scenario_bytes
    from game.engine.model import Scenario
    from game.engine.problems import Problem, ScenarioError
    from game.engine.state import Change, Decision, GameState, Note
    from game.engine.turns import (
        ActionPrompt, EventPrompt, IllegalMove, Option, act, choose, end_turn, ending, new_game, pending,
        score,
    )
