"""The turn order: the pure transitions from one GameState to the next.

    new_game(scenario, seed)   turn 1 opens
    pending(state)             what the player must decide now
    choose(state, choice_id)   answer the current event
    act(state, action_id)      take a standing action
    end_turn(state)            close the turn; the next opens, or the game is judged
    ending(state)              the ending reached, if any

Each transition copies the state into a mutable draft, works on it and freezes
it once, so a state is never changed in place and the hot path stays cheap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from game.engine import model
from game.engine.plan import READS_EVENTS, READS_TURN, plan_of
from game.engine.rolls import pick_weighted, roll, roll_key
from game.engine.state import Change, GameState, Note


class IllegalMove(ValueError):
    """The decision is not one the player can make in this state."""


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str
    available: bool
    requires: str | None  # the condition's text, shown when unavailable


@dataclass(frozen=True, slots=True)
class EventPrompt:
    """Answer this event with one of its available choices."""

    event: model.Event
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class ActionPrompt:
    """Take one of these standing actions, or end the turn."""

    options: tuple[Option, ...]
    remaining: int  # actions the player may still take this turn


def new_game(scenario: model.Scenario, seed: int, *, record: bool = True) -> GameState:
    """Turn 1, opened: its rules applied and its events drawn.

    `record=False` keeps no change log or timeline, for fast simulation.
    """
    draft = _Draft(before_turn_one(scenario, seed, record=record))
    draft.open_turn()
    return draft.freeze()


def before_turn_one(scenario: model.Scenario, seed: int, *, record: bool = True) -> GameState:
    """The state a game starts from, before turn 1 opens."""
    meters = MappingProxyType({mid: m.start for mid, m in scenario.meters.items()})
    empty = MappingProxyType({})
    return GameState(
        scenario=scenario, seed=seed, turn=1, meters=meters, flags=frozenset(), seen=empty,
        chosen=frozenset(), scheduled=empty, queue=(), drawn=(), actions_taken=(), last_used=empty,
        final=False, ending=None, decisions=(), history=(meters,),
        changes=() if record else None, timeline=() if record else None,
    )


def pending(state: GameState) -> EventPrompt | ActionPrompt | None:
    """What the player must decide now; None once the game is over."""
    if state.ending is not None:
        return None
    if state.queue:
        event = state.scenario.events[state.queue[0]]
        return EventPrompt(event, tuple(_option(state, c) for c in event.choices))
    remaining = state.scenario.actions_per_turn - len(state.actions_taken)
    if state.scenario.actions_per_turn == 0:  # a scenario without standing actions offers none
        return ActionPrompt((), 0)
    options = tuple(_option(state, a) for a in state.scenario.actions.values() if _off_cooldown(state, a))
    return ActionPrompt(options, max(remaining, 0))


def choose(state: GameState, choice_id: str) -> GameState:
    if state.ending is not None:
        raise IllegalMove("the game is over")
    if not state.queue:
        raise IllegalMove("no event is waiting for an answer")
    event = state.scenario.events[state.queue[0]]
    choice = event.choice(choice_id)
    if choice is None:
        raise IllegalMove(f"`{choice_id}` is not a choice of event `{event.id}`; "
                          f"its choices are {', '.join(c.id for c in event.choices)}")
    if choice.requires is not None and not choice.requires.evaluate(state):
        raise IllegalMove(f"choice `{choice_id}` is not available: it requires {choice.requires.source}")
    draft = _Draft(state)
    draft.answer(event, choice)
    return draft.freeze()


def act(state: GameState, action_id: str) -> GameState:
    if state.ending is not None:
        raise IllegalMove("the game is over")
    if state.queue:
        raise IllegalMove("answer this turn's events first")
    action = state.scenario.actions.get(action_id)
    if action is None:
        raise IllegalMove(f"there is no standing action `{action_id}`")
    if len(state.actions_taken) >= state.scenario.actions_per_turn:
        raise IllegalMove("no more actions this turn")
    if action_id in state.actions_taken:
        raise IllegalMove(f"`{action_id}` was already taken this turn")
    if not _off_cooldown(state, action):
        raise IllegalMove(f"`{action_id}` is cooling down until turn "
                          f"{state.last_used[action_id] + action.cooldown + 1}")
    if action.requires is not None and not action.requires.evaluate(state):
        raise IllegalMove(f"`{action_id}` is not available: it requires {action.requires.source}")
    draft = _Draft(state)
    draft.take_action(action)
    return draft.freeze()


def end_turn(state: GameState) -> GameState:
    """Close the turn. After the last one the endings are judged with `final` true."""
    if state.ending is not None:
        raise IllegalMove("the game is over")
    if state.queue:
        raise IllegalMove(f"answer event `{state.queue[0]}` first")
    draft = _Draft(state)
    draft.close_turn()
    return draft.freeze()


def ending(state: GameState) -> model.Ending | None:
    return None if state.ending is None else state.scenario.endings[state.ending]


def score(state: GameState) -> int | None:
    """The score expression's value, held within ±NUMBER_LIMIT so that JSON, TOML and
    the app can always write it (a product of a dozen meters can run past 4,300 digits)."""
    expression = state.scenario.score
    if expression is None:
        return None
    limit = model.NUMBER_LIMIT
    return max(-limit, min(limit, round_half_away(expression.evaluate(state))))


def round_half_away(value: float) -> int:
    """2.5 → 3 and −2.5 → −3, computed without adding 0.5 (which rounds 0.49999999999999994 up)."""
    if isinstance(value, int):
        return value
    whole = math.floor(abs(value))
    if abs(value) - whole >= 0.5:
        whole += 1
    return int(math.copysign(whole, value))


def _read_only(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return mapping if isinstance(mapping, MappingProxyType) else MappingProxyType(mapping)


def _off_cooldown(state: GameState, action: model.Action) -> bool:
    used = state.last_used.get(action.id)
    return used is None or state.turn > used + action.cooldown or used == state.turn


def _option(state: GameState, item: model.Choice | model.Action) -> Option:
    available = item.requires is None or bool(item.requires.evaluate(state))
    if isinstance(item, model.Action):
        available = (available and item.id not in state.actions_taken
                     and len(state.actions_taken) < state.scenario.actions_per_turn)
    return Option(item.id, item.label, available, item.requires.source if item.requires else None)


class _Draft:
    """The next state, being worked out inside one transition.

    Only the meters and the logs are copied up front; every other part is
    replaced by a new value when it changes (copy on write), never changed in
    place, so the state it started from stays as it was. It has the attributes
    expressions read (meters, flags, turn, final, seen, chosen), so conditions
    are evaluated on it directly.
    """

    # The fast path's draft (fastplay) owns its flags, chosen, seen and last_used and
    # changes them in place; this one copies them on write.
    in_place = False

    def __init__(self, state: GameState) -> None:
        self.scenario, self.seed, self.turn = state.scenario, state.seed, state.turn
        self.plan = plan_of(state.scenario)
        # The endings to look at next, as bits of plan.ending_checks[False]: every one until
        # check_endings first looks, then those reading what has changed since it last found none.
        self.due = self.plan.every_ending
        self.meters = dict(state.meters)
        self.flags, self.seen, self.chosen = state.flags, state.seen, state.chosen
        self.scheduled, self.last_used = state.scheduled, state.last_used
        self.queue, self.drawn, self.actions_taken = state.queue, state.drawn, state.actions_taken
        self.final, self.ending = state.final, state.ending
        self.decisions, self.history = state.decisions, state.history
        self.changes = None if state.changes is None else list(state.changes)
        self.timeline = None if state.timeline is None else list(state.timeline)

    def freeze(self) -> GameState:
        return GameState(
            scenario=self.scenario, seed=self.seed, turn=self.turn,
            meters=MappingProxyType(self.meters), flags=self.flags, seen=_read_only(self.seen),
            chosen=self.chosen, scheduled=_read_only(self.scheduled), queue=self.queue,
            drawn=self.drawn, actions_taken=self.actions_taken, last_used=_read_only(self.last_used),
            final=self.final, ending=self.ending, decisions=self.decisions, history=self.history,
            changes=None if self.changes is None else tuple(self.changes),
            timeline=None if self.timeline is None else tuple(self.timeline),
        )

    def decide(self, kind: str, item: str, choice: str | None = None) -> None:
        self.decisions = (*self.decisions, self.plan.decision(self.turn, kind, item, choice))

    def note(self, kind: str, source: str, text: str) -> None:
        # A choice or action is always noted, so the timeline tells what was done.
        if self.timeline is not None and (text or kind in ("choice", "action")):
            self.timeline.append(Note(self.turn, kind, source, text))

    # -- the turn order ----------------------------------------------------
    # answer, take_action and close_turn are the bodies of choose, act and
    # end_turn after their checks; the fast path (fastplay) calls them too.

    def answer(self, event: model.Event, choice: model.Choice) -> None:
        self.decide("event", event.id, choice.id)
        self.queue = self.queue[1:]
        if self.in_place:
            self.chosen.add((event.id, choice.id))
        else:
            self.chosen = self.chosen | {(event.id, choice.id)}
        self._changed(READS_EVENTS)
        source = f"{event.id}.{choice.id}"
        if self.timeline is not None:  # the notes are written out only when recording: this is the hot path
            self.note("choice", source, choice.result)
        self.apply(choice.does, "choice", source)
        if choice.outcomes:
            self.draw_outcome(choice, source, ("outcome", event.id, choice.id))
        if not self.check_endings():
            self.skip_unanswerable()

    def take_action(self, action: model.Action) -> None:
        self.decide("action", action.id)
        self.actions_taken = (*self.actions_taken, action.id)
        if self.in_place:
            self.last_used[action.id] = self.turn
        else:
            self.last_used = {**self.last_used, action.id: self.turn}
        if self.timeline is not None:
            self.note("action", action.id, action.result)
        self.apply(action.does, "action", action.id)
        if action.outcomes:
            self.draw_outcome(action, action.id, ("action", action.id))
        self.check_endings()

    def close_turn(self) -> None:
        self.decide("end_turn", "")
        self.history = (*self.history, MappingProxyType(dict(self.meters)))
        if self.turn >= self.scenario.turns:
            self.final = True
            if not self.check_endings():
                self.finish(self.scenario.fallback)
        else:
            self.turn += 1
            self._changed(READS_TURN)
            self.actions_taken, self.drawn = (), ()
            self.open_turn()

    def open_turn(self) -> None:
        for holds, rule in self.plan.rule_checks_on(self.turn):  # the rules that can fire this turn
            if holds is None or holds(self):
                if self.timeline is not None:
                    self.note("rule", rule.id, rule.note)
                self.apply(rule.does, "rule", rule.id)
                if self.check_endings():
                    return
        self.draw_events()
        self.skip_unanswerable()

    def draw_events(self) -> None:
        scenario, turn, seen, cap = self.scenario, self.turn, self.seen, self.scenario.events_per_turn
        drawn = list(self.scheduled.get(turn, ()))
        if drawn:
            self.scheduled = {t: events for t, events in self.scheduled.items() if t != turn}
        candidates = self.plan.event_checks_on(turn) if len(drawn) < cap else ()
        for holds, event_id, once, chance, chance_key in candidates:  # draw_order, less what cannot be drawn now
            if event_id in drawn or (once and event_id in seen) or not (holds is None or holds(self)):
                continue
            if chance < 1.0 and roll_key(self.seed, turn, chance_key) >= chance:
                continue
            drawn.append(event_id)
            if len(drawn) >= cap:
                break
        if drawn:
            if self.in_place:
                self.seen.update(dict.fromkeys(drawn, turn))
            else:
                self.seen = {**self.seen, **dict.fromkeys(drawn, turn)}
            self._changed(READS_EVENTS)
            if self.timeline is not None:
                for event_id in drawn:
                    self.note("event", event_id, scenario.events[event_id].title)
        self.queue = self.drawn = tuple(drawn)

    def skip_unanswerable(self) -> None:
        """An event none of whose choices is available now is passed over."""
        while self.queue:
            event = self.scenario.events[self.queue[0]]
            for c in event.choices:
                if c.requires is None or c.requires.evaluate(self):
                    return
            self.queue = self.queue[1:]
            self.note("skipped", event.id, f"{event.title}: no response was available.")

    def draw_outcome(self, item: model.Choice | model.Action, source: str, roll_key: tuple) -> None:
        """One of a choice's or action's outcomes, drawn by weight, after its own effects."""
        index = pick_weighted([o.weight for o in item.outcomes], roll(self.seed, self.turn, *roll_key))
        outcome = item.outcomes[index]
        if self.timeline is not None:
            self.note("outcome", f"{source}#{index + 1}", outcome.result)
        self.apply(outcome.does, "outcome", f"{source}#{index + 1}")

    def apply(self, does: model.Consequences, cause: str, source: str) -> None:
        amounts = does.literal_effects
        if amounts is None:  # every expression in one effects table sees the state before the table
            amounts = [
                (e.meter, e.amount if isinstance(e.amount, int) else round_half_away(e.amount.evaluate(self)))
                for e in does.effects
            ]
        meters, changes, limits, due = self.meters, self.changes, self.plan.meters, self.due
        for meter_id, amount in amounts:
            low, high, readers = limits[meter_id]
            before = meters[meter_id]
            after = before + amount
            if after < low:
                after = low
            elif after > high:
                after = high
            if after != before:
                meters[meter_id] = after
                due |= readers
                if changes is not None:
                    changes.append(Change(self.turn, cause, source, meter_id, before, after))
        self.due = due
        if not does.beyond_meters:
            return
        for flag in does.set:
            self._flag(flag, True, cause, source)
        for flag in does.clear:
            self._flag(flag, False, cause, source)
        for event_id, later in does.schedule:
            when = self.turn + later
            queued = self.scheduled.get(when, ())
            if event_id not in queued:
                self.scheduled = {**self.scheduled, when: (*queued, event_id)}

    def _flag(self, flag: str, value: bool, cause: str, source: str) -> None:
        if (flag in self.flags) == value:
            return
        if self.in_place:
            if value:
                self.flags.add(flag)
            else:
                self.flags.discard(flag)
        else:
            self.flags = self.flags | {flag} if value else self.flags - {flag}
        self._changed(flag)
        if self.changes is not None:
            self.changes.append(Change(self.turn, cause, source, flag, not value, value))

    def _changed(self, what: str) -> None:
        """Mark `what` (a flag, or plan.READS_*) for the next ending look; meters are marked in `apply`."""
        self.due |= self.plan.ending_bits.get(what, 0)

    def check_endings(self) -> bool:
        """Finish the game with the first ending that holds, in file order; an ending
        whose condition reads nothing that changed since the last look is still false."""
        if self.final:  # the last turn has closed: every ending, those that need `final` too
            for _, holds, candidate in self.plan.ending_checks[True]:
                if holds(self):
                    self.finish(candidate)
                    return True
            return False
        due = self.due
        if due:
            at_bit = self.plan.ending_at_bit
            while due:
                lowest = due & -due  # the first due ending in file order
                holds, candidate = at_bit[lowest]
                if holds(self):
                    self.finish(candidate)
                    return True
                due ^= lowest
            self.due = self.plan.endings_unknown  # those are due every time
        return False

    def finish(self, reached: model.Ending) -> None:
        self.ending = reached.id
        self.queue = ()
        if not self.final:  # ended mid-turn: keep where the meters stood, for charts
            self.history = (*self.history, MappingProxyType(dict(self.meters)))
        self.note("ending", reached.id, reached.title)
