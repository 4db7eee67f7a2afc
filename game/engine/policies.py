"""Policies: how a program plays when no person decides (run, simulate, tests).

`first`  answers each event with its first available choice and takes the
         first available standing actions, in file order, up to the cap.
`random` picks uniformly among the available choices, and among the available
         actions plus passing, with dice fixed by the seed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from game.engine.rolls import roll
from game.engine.state import GameState
from game.engine.turns import ActionPrompt, EventPrompt, IllegalMove, act, choose, end_turn, pending

PASS = None
# A policy looks at the state and the prompt and names a choice, an action, or PASS.
Policy = Callable[[GameState, EventPrompt | ActionPrompt], str | None]


def first(state: GameState, prompt: EventPrompt | ActionPrompt) -> str | None:
    if isinstance(prompt, ActionPrompt) and prompt.remaining == 0:
        return PASS
    return next((o.id for o in prompt.options if o.available), PASS)


def random(state: GameState, prompt: EventPrompt | ActionPrompt) -> str | None:
    available = [o.id for o in prompt.options if o.available]
    if isinstance(prompt, EventPrompt):
        r = roll(state.seed, state.turn, "policy", prompt.event.id)
        return available[int(r * len(available))]
    if prompt.remaining == 0 or not available:
        return PASS
    r = roll(state.seed, state.turn, "policy", "action", str(len(state.actions_taken)))
    options = [*available, PASS]
    return options[int(r * len(options))]


POLICIES: dict[str, Policy] = {"first": first, "random": random}


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
