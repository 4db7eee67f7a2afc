"""A written-down line of play for `crossroads run --choices`: events, actions and passing.

Entries are read in order against whatever the game waits for:

- an event waiting for an answer takes the next entry as a choice id or a
  1-based number among all its choices;
- the standing-action menu takes the next entry when it is an action id (take
  it) or `end` (end the turn); any other entry is kept for the next event and
  the policy plays the menu, so a list of event answers alone still works;
- when the entries run out, the policy plays on.

A wrong entry stops the game where it stood (`ScriptError` carries that state
and the options that were open); entries left over when the game ends are an
error too, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from game.engine import ActionPrompt, EventPrompt, GameState, IllegalMove, pending
from game.engine.policies import Policy, resolve_choice, step

END = "end"


@dataclass
class ScriptError(Exception):
    """A scripted entry that cannot be played, with the game as it stood before it."""

    message: str
    state: GameState
    entry_number: int  # 1-based position in --choices; 0 when the entries were left over
    open_options: tuple[str, ...]  # what could have been entered instead

    def __str__(self) -> str:
        return self.message


def _event_options(prompt: EventPrompt) -> tuple[str, ...]:
    return tuple(f"{number} or {o.id}" for number, o in enumerate(prompt.options, 1) if o.available)


def _action_options(prompt: ActionPrompt) -> tuple[str, ...]:
    if prompt.remaining == 0:
        return (END,)
    return (*(o.id for o in prompt.options if o.available), END)


def play_script(state: GameState, entries: Sequence[str], policy: Policy) -> GameState:
    """Play `entries` in order, then `policy` to the end; raises ScriptError on a wrong or leftover entry."""
    actions = state.scenario.actions
    position = 0
    passed_menu: tuple[str, ...] = ()  # the action menu the policy played just before, if an entry was kept
    while (prompt := pending(state)) is not None:
        entry = entries[position] if position < len(entries) else None
        if entry is None:
            state = step(state, policy(state, prompt), prompt)
            continue
        if isinstance(prompt, ActionPrompt):
            if entry != END and entry not in actions:
                passed_menu = passed_menu or _action_options(prompt)  # the menu as it first stood
                state = step(state, policy(state, prompt), prompt)
                continue
            decision = None if entry == END else entry
            options = _action_options(prompt)
        else:
            options = _event_options(prompt)
            try:
                decision = resolve_choice(prompt, entry)
            except IllegalMove as error:
                raise _wrong(state, position, entry, str(error), options, passed_menu) from None
        try:
            state = step(state, decision, prompt)
        except IllegalMove as error:
            raise _wrong(state, position, entry, str(error), options, passed_menu) from None
        position += 1
        passed_menu = ()
    if position < len(entries):
        left = entries[position:]
        raise ScriptError(
            f"the game ended ({state.ending}, turn {state.turn}) with {len(left)} --choices "
            f"entr{'y' if len(left) == 1 else 'ies'} left over: {', '.join(left)}",
            state, 0, ())
    return state


def _wrong(state: GameState, position: int, entry: str, why: str, options: tuple[str, ...],
           passed_menu: tuple[str, ...]) -> ScriptError:
    prompt = pending(state)
    if isinstance(prompt, EventPrompt):
        where = f"event `{prompt.event.id}` (turn {state.turn})"
    else:
        where = f"the standing actions of turn {state.turn}"
    message = f"entry {position + 1} `{entry}` at {where}: {why}. Open: {', '.join(options) or 'nothing'}"
    if passed_menu:
        message += (f". (Before this event the action menu was left to the policy, because `{entry}` is "
                    f"neither an action nor `end`; its options were: {', '.join(passed_menu)})")
    known = [o.id for o in prompt.options] if isinstance(prompt, EventPrompt) else [*state.scenario.actions, END]
    if passed_menu:
        known += [*state.scenario.actions, END]
    close = get_close_matches(entry, [k for k in dict.fromkeys(known) if k != entry], n=1, cutoff=0.6)
    if close:
        message += f". Did you mean `{close[0]}`?"
    return ScriptError(message, state, position + 1, options)


def details(state: GameState) -> dict[str, Any]:
    """What `run --json` adds to the summary: the meters at the start (turn 0) and at the close of
    each turn, and each decision with the number of the outcome drawn for it (None: it has none)."""
    drawn = {}
    for note in state.timeline or ():
        if note.kind == "outcome":
            source, _, number = note.source.rpartition("#")
            drawn[(note.turn, source)] = int(number)
    return {
        "meter_history": [{"turn": point, "meters": dict(meters)} for point, meters in enumerate(state.history)],
        "decisions": [
            {"turn": d.turn, "kind": d.kind, "id": d.id, "choice": d.choice,
             "outcome": drawn.get((d.turn, d.id if d.kind == "action" else f"{d.id}.{d.choice}"))}
            for d in state.decisions if d.kind != "end_turn"
        ],
    }
