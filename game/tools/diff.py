"""Two games of one scenario side by side: where the decisions first part and how the meters drift.

    diff_games(a, b)   a GameDiff of two finished (or unfinished) games
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import GameState, ending, score
from game.engine.state import Decision
from game.present import month_name


@dataclass(frozen=True)
class TurnPair:
    turn: int
    month: str
    decisions_a: tuple[str, ...]
    decisions_b: tuple[str, ...]
    meters_a: dict[str, int] | None  # at the turn's close (None once that game is over)
    meters_b: dict[str, int] | None


@dataclass(frozen=True)
class GameDiff:
    scenario_title: str
    same_seed: bool
    first_divergence: int | None  # index into the decisions, None when one game's are a prefix of the other's
    divergence_turn: int | None
    divergence_words: str  # "Turn 3 (July 2015): A chose “…”, B chose “…” at “Event”"
    turns: tuple[TurnPair, ...]
    endings: tuple[str, str]
    scores: tuple[int | None, int | None]
    labels: dict[str, str]  # meter id → label


def diff_games(a: GameState, b: GameState) -> GameDiff:
    if a.scenario.id != b.scenario.id:
        raise ValueError(f"the games are of different scenarios (`{a.scenario.id}` and `{b.scenario.id}`)")
    scenario = a.scenario
    index = next((i for i, (x, y) in enumerate(zip(a.decisions, b.decisions)) if x != y), None)
    if index is None and len(a.decisions) != len(b.decisions):
        index = min(len(a.decisions), len(b.decisions))
    turn = None
    words = "The two games made the same decisions." if index is None else ""
    if index is not None:
        da = a.decisions[index] if index < len(a.decisions) else None
        db = b.decisions[index] if index < len(b.decisions) else None
        turn = (da or db).turn
        words = (f"Turn {turn} ({month_name(scenario, turn)}): A {_decision_words(a, da)}; "
                 f"B {_decision_words(b, db)}.")
    if a.seed != b.seed:
        words += f" The class codes differ ({a.seed} and {b.seed}), so the world's dice differ too."
    last = max(a.turn, b.turn)
    pairs = tuple(TurnPair(
        t, month_name(scenario, t), _decided(a, t), _decided(b, t), _closed(a, t), _closed(b, t))
        for t in range(1, last + 1))
    return GameDiff(
        scenario_title=scenario.title, same_seed=a.seed == b.seed, first_divergence=index,
        divergence_turn=turn, divergence_words=words, turns=pairs,
        endings=(_ending_words(a), _ending_words(b)), scores=(score(a), score(b)),
        labels={mid: m.label for mid, m in scenario.meters.items()},
    )


def _decision_words(state: GameState, decision: Decision | None) -> str:
    scenario = state.scenario
    if decision is None:
        return "had ended"
    if decision.kind == "event":
        event = scenario.events[decision.id]
        choice = event.choice(decision.choice or "")
        return f"chose “{choice.label if choice else decision.choice}” at “{event.title}”"
    if decision.kind == "action":
        return f"took the action “{scenario.actions[decision.id].label}”"
    return "ended the turn"


def _decided(state: GameState, turn: int) -> tuple[str, ...]:
    return tuple(_decision_words(state, d) for d in state.decisions if d.turn == turn and d.kind != "end_turn")


def _closed(state: GameState, turn: int) -> dict[str, int] | None:
    if turn < len(state.history):
        return dict(state.history[turn])
    if turn == state.turn:
        return dict(state.meters)  # the turn the game ended in
    return None


def _ending_words(state: GameState) -> str:
    reached = ending(state)
    return f"{reached.title} ({reached.kind})" if reached else f"unfinished at turn {state.turn}"
