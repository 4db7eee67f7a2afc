"""The fast path for simulation: a whole game played on one mutable draft.

The immutable transitions (`choose`, `act`, `end_turn`) copy the state into a
draft, change it and freeze a new state for every decision, and a policy is
shown prompts with an `Option` per choice. A simulation looks at none of that:
here one draft lives for the whole game, the policy is asked about the engine's
own choices and actions, and the state is frozen once at the end.

Both paths run the same draft methods (`answer`, `take_action`, `close_turn`)
and ask the policy the same question, and a property test over random
scenarios and seeds holds them equal (final state, decisions, history, causes
and timeline), so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable

from game.engine import model
from game.engine.plan import plan_of
from game.engine.policies import Policy
from game.engine.state import GameState
from game.engine.turns import _Draft, before_turn_one


class _GameDraft(_Draft):
    """A draft that owns what it changes (decisions, flags, chosen, seen, last_used) and
    changes it in place, since no state shares it until the game is frozen."""

    in_place = True

    def __init__(self, state: GameState) -> None:
        super().__init__(state)
        self.decisions = list(state.decisions)
        self.flags, self.chosen = set(state.flags), set(state.chosen)
        self.seen, self.last_used = dict(state.seen), dict(state.last_used)

    def decide(self, kind: str, item: str, choice: str | None = None) -> None:
        self.decisions.append(self.plan.decision(self.turn, kind, item, choice))

    def freeze(self) -> GameState:
        owned = self.decisions, self.flags, self.chosen, self.seen, self.last_used
        self.decisions, self.flags, self.chosen = tuple(self.decisions), frozenset(self.flags), frozenset(self.chosen)
        self.seen, self.last_used = dict(self.seen), dict(self.last_used)
        try:
            return super().freeze()
        finally:
            self.decisions, self.flags, self.chosen, self.seen, self.last_used = owned


def play_game(scenario: model.Scenario, seed: int, policy: Policy, *, record: bool = False,
              on_draw: Callable[[tuple[str, ...]], None] | None = None) -> GameState:
    """The finished game that `policy` plays from `seed`: the same final state as
    `policies.play(new_game(scenario, seed, record=record), policy)` reaches.

    `on_draw` is told each turn's drawn events (answered or passed over), as they are drawn.
    """
    draft = _GameDraft(before_turn_one(scenario, seed, record=record))
    draft.open_turn()
    if on_draw is not None and draft.drawn:
        on_draw(draft.drawn)
    return _finish(draft, policy, on_draw)


def play_on(state: GameState, policy: Policy) -> GameState:
    """The finished game that `policy` plays from `state` onward (a what-if's continuation):
    the same final state as the last of `policies.play(state, policy)`."""
    draft = _GameDraft(state)
    return _finish(draft, policy, None)


def _finish(draft: _GameDraft, policy: Policy, on_draw: Callable[[tuple[str, ...]], None] | None) -> GameState:
    scenario = draft.scenario
    events, per_turn, plan = scenario.events, scenario.actions_per_turn, plan_of(scenario)
    always_open, menu = plan.always_open, plan.action_menu
    while draft.ending is None:
        if draft.queue:
            event = events[draft.queue[0]]
            available = (event.choices if event.id in always_open
                         else [c for c in event.choices if c.requires is None or c.requires.evaluate(draft)])
            draft.answer(event, policy.choice(draft, event, available))
            continue
        taken = None
        if len(draft.actions_taken) < per_turn:  # per_turn 0: a scenario without actions
            turn, last_used, taken_now = draft.turn, draft.last_used, draft.actions_taken
            available = []
            for action_id, cooldown, requires, action in menu:  # _off_cooldown and `act`'s checks: the hot loop
                used = last_used.get(action_id)
                if ((used is None or turn > used + cooldown or used == turn) and action_id not in taken_now
                        and (requires is None or requires(draft))):
                    available.append(action)
            taken = policy.action(draft, available)
        if taken is not None:
            draft.take_action(taken)
            continue
        turn = draft.turn
        draft.close_turn()
        if on_draw is not None and draft.turn != turn and draft.drawn:
            on_draw(draft.drawn)
    return draft.freeze()
