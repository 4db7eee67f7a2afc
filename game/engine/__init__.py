"""The pure game engine: scenario loading and state transitions, no terminal."""

from game.engine.loader import load_scenario, load_scenario_bytes
from game.engine.model import Scenario
from game.engine.problems import Problem, ScenarioError
from game.engine.state import Change, Decision, GameState, Note
from game.engine.turns import (
    ActionPrompt,
    EventPrompt,
    IllegalMove,
    Option,
    act,
    choose,
    end_turn,
    ending,
    new_game,
    pending,
    score,
)

__all__ = [
    "ActionPrompt", "Change", "Decision", "EventPrompt", "GameState", "IllegalMove", "Note",
    "Option", "Problem", "Scenario", "ScenarioError", "act", "choose", "end_turn", "ending",
    "load_scenario", "load_scenario_bytes", "new_game", "pending", "score",
]
