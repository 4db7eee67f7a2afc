"""Counterfactuals: what each other available choice would have led to.

    decision_points(state)                 the player's event decisions, in order
    what_if(state, index, continuations)   every available choice at one decision, played on
    what_ifs(state, continuations)         all of them, ranked by how much they mattered

A branch replays the game with the same seed (the same dice for the world), takes
the other choice, then repeats the player's own later decisions for as long as
each is still legal, and lets the `first` policy finish from the first one that
is not. Beside that one line, `continuations` games finish the branch with random
play (the world's dice unchanged, the player's dice varied), so the reader sees a
distribution rather than one story. A decision mattered as much as the chance of
a victory moves between its best and worst choice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from game.engine import ActionPrompt, EventPrompt, GameState, IllegalMove, new_game, pending, score
from game.engine.fastplay import play_on
from game.engine.policies import First, Random, step
from game.engine.rolls import roll
from game.engine.state import Decision
from game.present import month_name


@dataclass(frozen=True)
class Branch:
    choice_id: str
    label: str
    taken: bool  # the player's own choice
    ending: str  # the ending's title on the followed line
    ending_kind: str  # "victory", "draw", "defeat"
    score: int | None
    meters: dict[str, int]
    followed: int  # how many of the player's later decisions were replayed before `first` took over
    later: int  # how many later decisions the player made
    endings: dict[str, int]  # over the random continuations: ending title → games
    victories: float  # share of random continuations that ended in victory
    mean_score: float | None


@dataclass(frozen=True)
class WhatIf:
    index: int  # in state.decisions
    turn: int
    month: str
    event_title: str
    branches: tuple[Branch, ...]  # in the event's choice order

    @property
    def taken(self) -> Branch:
        return next(b for b in self.branches if b.taken)

    @property
    def mattered(self) -> float:
        """How far the chance of victory moves between this decision's best and worst choice."""
        shares = [b.victories for b in self.branches]
        return max(shares) - min(shares)

    @property
    def score_spread(self) -> float:
        scores = [b.mean_score for b in self.branches if b.mean_score is not None]
        return max(scores) - min(scores) if scores else 0.0


def decision_points(state: GameState) -> list[int]:
    """Indexes into `state.decisions` of the player's answers to events."""
    return [i for i, d in enumerate(state.decisions) if d.kind == "event"]


def what_if(state: GameState, index: int, continuations: int = 100) -> WhatIf:
    """Every available choice at decision `index`, each played on as the module says."""
    decisions = state.decisions
    decision = decisions[index]
    if decision.kind != "event":
        raise ValueError(f"decision {index} is not an answer to an event")
    before = _replay(state, decisions[:index])
    prompt = pending(before)
    assert isinstance(prompt, EventPrompt) and prompt.event.id == decision.id
    branches = []
    for option in prompt.options:
        if not option.available:
            continue
        after = step(before, option.id, prompt)
        followed, final = _follow(after, decisions[index + 1:])
        endings, victories, mean = _continuations(after, continuations)
        reached = final.scenario.endings[final.ending]
        branches.append(Branch(
            choice_id=option.id, label=option.label, taken=option.id == decision.choice,
            ending=reached.title, ending_kind=reached.kind, score=score(final), meters=dict(final.meters),
            followed=followed, later=len(decisions) - index - 1, endings=endings, victories=victories, mean_score=mean,
        ))
    return WhatIf(index, decision.turn, month_name(state, decision.turn), prompt.event.title, tuple(branches))


def what_ifs(state: GameState, continuations: int = 100, indexes: list[int] | None = None) -> list[WhatIf]:
    """What-ifs for the given decisions (all event decisions by default), most decisive first."""
    found = [what_if(state, i, continuations) for i in (decision_points(state) if indexes is None else indexes)]
    return sorted(found, key=lambda w: (-w.mattered, -w.score_spread, w.index))


def _replay(state: GameState, decisions: tuple[Decision, ...]) -> GameState:
    """The game after `decisions`, from the same seed (no cause log: only outcomes matter here)."""
    replayed = new_game(state.scenario, state.seed, record=False)
    for decision in decisions:
        replayed = _apply(replayed, decision)
    return replayed


def _apply(state: GameState, decision: Decision) -> GameState:
    if decision.kind == "event":
        return step(state, decision.choice)
    return step(state, None if decision.kind == "end_turn" else decision.id)


def _follow(state: GameState, later: tuple[Decision, ...]) -> tuple[int, GameState]:
    """Replay the player's later decisions while each stays legal, then play `first` to the end."""
    followed = 0
    for decision in later:
        prompt = pending(state)
        if prompt is None or not _fits(prompt, decision):
            break
        try:
            state = _apply(state, decision)
        except IllegalMove:
            break
        followed += 1
    policy = First()
    while (prompt := pending(state)) is not None:
        state = step(state, policy(state, prompt), prompt)
    return followed, state


def _fits(prompt: EventPrompt | ActionPrompt, decision: Decision) -> bool:
    if isinstance(prompt, EventPrompt):
        return decision.kind == "event" and decision.id == prompt.event.id
    return decision.kind in ("action", "end_turn")


class _PlayerDice(Random):
    """Random play whose dice are the continuation's own, not the world's seed."""

    def __init__(self, number: int) -> None:
        self.number = number

    def choice(self, game, event, available):
        return available[int(roll(self.number, game.turn, "what-if", event.id) * len(available))]

    def action(self, game, available):
        if not available:
            return None
        options = [*available, None]
        return options[int(roll(self.number, game.turn, "what-if", str(len(game.actions_taken))) * len(options))]


def _continuations(state: GameState, games: int) -> tuple[dict[str, int], float, float | None]:
    """Ending counts, victory share and mean score over `games` random finishes of `state`."""
    if games <= 0:
        return {}, 0.0, None
    scenario = state.scenario
    endings: Counter[str] = Counter()
    victories, scores = 0, []
    state = replace(state, changes=None, timeline=None)  # outcomes only: no cause log to copy
    for number in range(games):
        game = play_on(state, _PlayerDice(number))
        reached = scenario.endings[game.ending]
        endings[reached.title] += 1
        victories += reached.kind == "victory"
        points = score(game)
        if points is not None:
            scores.append(points)
    return dict(endings.most_common()), victories / games, (sum(scores) / len(scores) if scores else None)
