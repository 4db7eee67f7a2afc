"""Policies: how a program plays when no person decides (run, simulate, tests).

`first`            answers each event with its first available choice and takes
                   the first available standing actions, in file order, up to the cap.
`random`           picks uniformly among the available choices, and among the
                   available actions plus passing, with dice fixed by the seed.
`greedy:<meter>`   picks the choice whose immediate effect raises the meter most
                   (its own effects plus the weighted mean of its outcomes; the
                   first in file order among equals), and takes the action that
                   raises it most while one raises it at all.
`cautious:<meter>` picks the choice that could lower the meter least (its own
                   effects plus its worst outcome; the first in file order among
                   equals), and takes the first available actions that cannot
                   lower it.

A policy decides on the engine's own items (choices and actions), so the
immutable transitions (through prompts) and the fast simulation path
(`game.engine.fastplay`) ask it exactly the same question.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from game.engine import model
from game.engine.problems import suggest
from game.engine.rolls import key, roll_key
from game.engine.state import GameState
from game.engine.turns import (
    ActionPrompt,
    EventPrompt,
    IllegalMove,
    act,
    choose,
    end_turn,
    pending,
    round_half_away,
)

PASS = None
SIMPLE = ("first", "random")
ON_A_METER = ("greedy", "cautious")


class Policy:
    """Decides for a program. `game` is a GameState or the engine's draft: anything with
    the attributes expressions read, plus `seed` and `actions_taken`.

    Calling a policy with (state, prompt) names a choice, an action, or PASS.
    """

    name = ""

    def choice(self, game: Any, event: model.Event, available: Sequence[model.Choice]) -> model.Choice:
        raise NotImplementedError

    def action(self, game: Any, available: Sequence[model.Action]) -> model.Action | None:
        """Called only while the player may still act; None passes (ends the turn)."""
        raise NotImplementedError

    def __call__(self, state: GameState, prompt: EventPrompt | ActionPrompt) -> str | None:
        open_ids = {o.id for o in prompt.options if o.available}
        if isinstance(prompt, EventPrompt):
            choices = [c for c in prompt.event.choices if c.id in open_ids]
            return self.choice(state, prompt.event, choices).id if choices else PASS
        if prompt.remaining == 0:
            return PASS
        actions = [a for a in state.scenario.actions.values() if a.id in open_ids]
        taken = self.action(state, actions)
        return PASS if taken is None else taken.id

    def __repr__(self) -> str:
        return f"<policy {self.name}>"


class First(Policy):
    name = "first"

    def choice(self, game, event, available):
        return available[0]

    def action(self, game, available):
        return available[0] if available else None


class Random(Policy):
    name = "random"

    def choice(self, game, event, available):
        return available[int(roll_key(game.seed, game.turn, key("policy", event.id)) * len(available))]

    def action(self, game, available):
        if not available:
            return None
        r = roll_key(game.seed, game.turn, key("policy", "action", str(len(game.actions_taken))))
        index = int(r * (len(available) + 1))  # one more than the actions: ending the turn
        return available[index] if index < len(available) else None


def _amount(game: Any, does: model.Consequences, meter: str) -> int:
    total = 0
    for effect in does.effects:
        if effect.meter == meter:
            amount = effect.amount
            total += amount if isinstance(amount, int) else round_half_away(amount.evaluate(game))
    return total


def expected_change(game: Any, item: model.Choice | model.Action, meter: str) -> float:
    """The change to `meter` that taking `item` now is expected to make, before clamping."""
    own = _amount(game, item.does, meter)
    drawn = [(o.weight, _amount(game, o.does, meter)) for o in item.outcomes if o.weight > 0]
    if not drawn:
        return own
    return own + sum(w * d for w, d in drawn) / sum(w for w, _ in drawn)


def worst_change(game: Any, item: model.Choice | model.Action, meter: str) -> int:
    """The least favourable change to `meter` that taking `item` now can make."""
    own = _amount(game, item.does, meter)
    drawn = [_amount(game, o.does, meter) for o in item.outcomes if o.weight > 0]
    return own + min(drawn) if drawn else own


class Greedy(Policy):
    def __init__(self, meter: str) -> None:
        self.meter, self.name = meter, f"greedy:{meter}"

    def choice(self, game, event, available):
        return max(available, key=lambda c: expected_change(game, c, self.meter))  # max keeps the first

    def action(self, game, available):
        if not available:
            return None
        best = max(available, key=lambda a: expected_change(game, a, self.meter))
        return best if expected_change(game, best, self.meter) > 0 else None


class Cautious(Policy):
    def __init__(self, meter: str) -> None:
        self.meter, self.name = meter, f"cautious:{meter}"

    def choice(self, game, event, available):
        return max(available, key=lambda c: min(worst_change(game, c, self.meter), 0))

    def action(self, game, available):
        return next((a for a in available if worst_change(game, a, self.meter) >= 0), None)


first = First()
random = Random()
# The policies that need no meter; `policy_named` builds the others.
POLICIES: dict[str, Policy] = {"first": first, "random": random}
POLICY_FORMS = "first, random, greedy:<meter> or cautious:<meter>"


def policy_problem(name: str, meters: Collection[str]) -> str | None:
    """What is wrong with a policy name, or None when it names a policy of a scenario with `meters`."""
    if name in POLICIES:
        return None
    kind, colon, meter = name.partition(":")
    if kind in ON_A_METER and colon:
        if meter in meters:
            return None
        known = ", ".join(sorted(meters))
        return f"policy `{name}` names no meter of this scenario: `{meter}` (meters: {known})"
    if kind in ON_A_METER:
        return f"policy `{name}` needs a meter, e.g. `{kind}:{next(iter(sorted(meters)), 'trust')}`"
    return f"unknown policy `{name}`: use {POLICY_FORMS}"


def policy_hint(name: str, meters: Collection[str]) -> str:
    """"did you mean `first`?" for a misspelt policy (`frist`, `greedy:trst`), or ""."""
    if name.partition(":")[0] in ON_A_METER and ":" not in name:
        return ""  # policy_problem already gives an example
    return suggest(name, [*POLICIES, *(f"{kind}:{meter}" for kind in sorted(ON_A_METER) for meter in sorted(meters))])


def policy_named(name: str, scenario: model.Scenario) -> Policy:
    """The policy called `name`; raises ValueError with a plain message when there is none."""
    problem = policy_problem(name, scenario.meters)
    if problem is not None:
        hint = policy_hint(name, scenario.meters)
        raise ValueError(f"{problem}; {hint}" if hint else problem)
    if name in POLICIES:
        return POLICIES[name]
    kind, _, meter = name.partition(":")
    return Greedy(meter) if kind == "greedy" else Cautious(meter)


def step(state: GameState, decision: str | None,
         prompt: EventPrompt | ActionPrompt | None = None) -> GameState:
    """Apply one named decision to whatever the state is waiting for (`prompt`, if known)."""
    prompt = prompt or pending(state)
    if prompt is None:
        raise IllegalMove("the game is over")
    if isinstance(prompt, EventPrompt):
        if decision is None:
            raise IllegalMove(f"event `{prompt.event.id}` needs an answer")
        return choose(state, decision)
    return end_turn(state) if decision is PASS else act(state, decision)


def play(state: GameState, policy: Policy, scripted: Iterable[str] = ()) -> Iterator[GameState]:
    """Play to the end, yielding every state after the first.

    Scripted answers (choice ids, or 1-based numbers among all of an event's
    choices) answer events in order; the policy plays everything else.
    """
    script = iter(scripted)
    while (prompt := pending(state)) is not None:
        if isinstance(prompt, EventPrompt) and (given := next(script, None)) is not None:
            decision = resolve_choice(prompt, given)
        else:
            decision = policy(state, prompt)
        state = step(state, decision, prompt)
        yield state


def resolve_choice(prompt: EventPrompt, given: str) -> str:
    """A choice id from an id or a 1-based number as a player would type it."""
    if given.isdigit():
        number = int(given)
        if not 1 <= number <= len(prompt.options):
            raise IllegalMove(f"event `{prompt.event.id}` has {len(prompt.options)} choices, not {number}")
        return prompt.options[number - 1].id
    return given
