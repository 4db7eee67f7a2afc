"""What the turn order may skip without changing any game: worked out once per scenario.

A condition is a pure function of the state. When one of its top-level `and`
parts reads only the calendar (`turn`, `turns`, `year`, `month` and constants),
that part holds on a fixed set of turns, known before any game is played; on
every other turn the whole condition is false. So an event written
`when = "year == 2015 and month == 9 and talks_open"` need not be looked at on
the other 23 turns, and a rule `when = "turn == 1"` only on turn 1. Likewise an
ending whose condition has a top-level `final` part cannot hold before the
last turn has closed. Skipping what cannot hold changes nothing: conditions
have no side effects and the first one that holds, in the same order, still
wins. tests/engine/test_fastplay.py and test_properties.py hold the games equal.

    events_on(scenario, turn)   draw_order without the events that cannot be drawn on `turn`
    rules_on(scenario, turn)    the rules, in file order, without those that cannot fire on `turn`
    endings[final]              the endings that can hold now (final or not), in file order
    ending_checks[final]        the same, each with what its condition reads (see `reads`)
    ending_bits                 what an ending reads -> the endings that read it, as bits
    ending_at_bit               one of those bits -> (its condition's test, the ending)
    meters                      meter id -> (min, max, the endings that read it, as bits)

An ending's condition is worth evaluating again only when something it reads
has changed since it was last found false; `reads` says what that is, so the
turn order can skip the rest (the draft keeps the endings due, as bits, and adds
a meter's or flag's readers when it changes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from game.engine import model
from game.engine.expressions import ExpressionError, NameTable, compile_expression, split_top_level, tokens
from game.engine.rolls import key
from game.engine.state import Decision

_CALENDAR_WORDS = frozenset({"turn", "turns", "year", "month", "true", "false", "and", "or", "not",
                             "min", "max", "abs"})
_NO_NAMES = NameTable(meters=frozenset(), flags=frozenset(), events={})
# Beyond this many (conditions × turns) the plan is not worked out: the scenario is played as written.
_MAX_WORK = 200_000


@dataclass
class _At:
    """A state as far as the calendar goes: conditions on the calendar read only `turn`."""

    turn: int
    final: bool = False
    meters: dict = field(default_factory=dict)
    flags: frozenset = frozenset()
    seen: dict = field(default_factory=dict)
    chosen: frozenset = frozenset()


# What `reads` names besides meter and flag ids (which never contain a space).
READS_TURN, READS_FINAL, READS_EVENTS = " turn", " final", " events"
_TREE_READS = {"turn": READS_TURN, "year": READS_TURN, "month": READS_TURN, "final": READS_FINAL,
               "seen": READS_EVENTS, "chose": READS_EVENTS}


def reads(condition: Any) -> frozenset[str] | None:
    """What the condition's value depends on: meter and flag ids, plus READS_TURN,
    READS_FINAL and READS_EVENTS (`seen`, `chose`); None when not known (no tree)."""
    found: set[str] = set()

    def walk(tree: tuple) -> bool:
        kind = tree[0]
        if kind in ("meter", "flag"):
            found.add(tree[1])
        elif kind == "turns_since":
            found.update((READS_TURN, READS_EVENTS))
        elif kind in _TREE_READS:
            found.add(_TREE_READS[kind])
        elif kind in ("not", "neg"):
            return walk(tree[1])
        elif kind in ("and", "or"):
            return all(walk(t) for t in tree[1])
        elif kind == "compare":
            return all(walk(t) for t in tree[2])
        elif kind == "arith":
            return walk(tree[1]) and all(walk(t) for _, t in tree[2])
        elif kind == "call":
            return all(walk(t) for t in tree[2])
        elif kind != "const":
            return False  # a node this walk does not know: assume it reads anything
        return True

    tree = getattr(condition, "tree", None)
    return frozenset(found) if tree is not None and walk(tree) else None


def _possible_turns(scenario: model.Scenario, condition: Any, names: NameTable) -> tuple[frozenset[int] | None, Any]:
    """The turns on which `condition` can hold (None: any), and what is left to evaluate
    on those turns: the test of its other `and` parts, or None when nothing is left."""
    if condition is None:
        return None, None
    needs = reads(condition)
    if needs is not None and READS_TURN not in needs:  # no calendar part (found without tokenizing)
        return None, condition.evaluate
    try:
        parts = split_top_level(condition.source, "and")
        calendar = [part for part in parts
                    if all(t.kind != "name" or t.text in _CALENDAR_WORDS for t in tokens(part))]
        if not calendar:
            return None, condition.evaluate
        compiled = [compile_expression(part, _NO_NAMES, scenario.calendar, expect="bool") for part in calendar]
        rest = [part for part in parts if part not in calendar]
        left = (compile_expression(" and ".join(f"({part})" for part in rest), names, scenario.calendar,
                                   expect="bool").evaluate if rest else None)
    except (ExpressionError, ValueError):
        return None, condition.evaluate  # not understood here: look at all of it every turn, as written
    return frozenset(t for t in range(1, scenario.turns + 1) if all(c.evaluate(_At(t)) for c in compiled)), left


def _before_final(scenario: model.Scenario, condition: Any, names: NameTable) -> Any:
    """The condition with `final` false (constants folded), or as it is when not understood."""
    try:
        words = tokens(condition.source)
        if not any(t.kind == "name" and t.text == "final" for t in words):
            return condition
        source, end = "", 0
        for t in words:
            if t.kind == "name" and t.text == "final":
                source, end = source + condition.source[end:t.start] + "false", t.end
        source += condition.source[end:]
        return compile_expression(source, names, scenario.calendar, expect="bool")
    except (ExpressionError, ValueError):
        return condition


def _needs_final(condition: Any) -> bool:
    try:
        return condition is not None and "final" in split_top_level(condition.source, "and")
    except (ExpressionError, ValueError):
        return False


class _Plan:
    def __init__(self, scenario: model.Scenario) -> None:
        self.scenario = scenario
        conditions = len(scenario.draw_order) + len(scenario.rules)
        worth_it = conditions * scenario.turns <= _MAX_WORK
        names = scenario.names()
        events = {e.id: _possible_turns(scenario, e.when, names) for e in scenario.draw_order} if worth_it else {}
        rules = [_possible_turns(scenario, r.when, names) for r in scenario.rules] if worth_it else []
        self.event_turns = {eid: turns for eid, (turns, _) in events.items()}
        self.rule_turns = [turns for turns, _ in rules]
        # On a turn where its calendar parts hold, only the rest of a condition is evaluated.
        self.event_rest = {eid: rest for eid, (_, rest) in events.items()}
        self.rule_rest = [rest for _, rest in rules] if worth_it else [r.when.evaluate for r in scenario.rules]
        self.pinned = any(t is not None for t in (*self.event_turns.values(), *self.rule_turns))
        self.events: dict[int, tuple[model.Event, ...]] = {}
        self.rules: dict[int, tuple[model.Rule, ...]] = {}
        self.event_checks: dict[int, tuple] = {}
        self.rule_checks: dict[int, tuple] = {}
        every = tuple(scenario.endings.values())
        self.endings = {True: every, False: tuple(e for e in every if not _needs_final(e.when)
                                                  and not (e.fallback and e.when.source == "false"))}
        # Before the last turn has closed `final` is false: an ending such as `defeated or
        # (final and trust < 25)` is then `defeated`, which reads (and costs) less.
        before_final = [_before_final(scenario, e.when, names) for e in self.endings[False]]
        self.ending_checks = {
            True: tuple((reads(e.when), e.when.evaluate, e) for e in every),
            False: tuple((reads(when), when.evaluate, e) for when, e in zip(before_final, self.endings[False])),
        }
        # An ending found false stays false until something its condition reads changes. Each
        # meter, flag and READS_* id has the endings of ending_checks[False] that read it, as
        # bits in file order; `endings_unknown` are those whose reads are not known, looked at
        # every time. (From the last turn's close on, every ending is looked at.)
        self.ending_bits: dict[str, int] = {}
        for bit, (needs, _, _) in enumerate(self.ending_checks[False]):
            for what in needs or ():
                self.ending_bits[what] = self.ending_bits.get(what, 0) | 1 << bit
        self.endings_unknown = sum(1 << bit for bit, (needs, _, _) in enumerate(self.ending_checks[False])
                                   if needs is None)
        self.every_ending = (1 << len(self.ending_checks[False])) - 1
        self.ending_at_bit = {1 << bit: (holds, ending)
                              for bit, (_, holds, ending) in enumerate(self.ending_checks[False])}
        # meter id -> (min, max, the endings that read it as above)
        self.meters = {m.id: (m.min, m.max, self.ending_bits.get(m.id, 0)) for m in scenario.meters.values()}
        self.decisions: dict[tuple, Decision] = {}
        # The standing actions with what the fast path's menu checks, unpacked once.
        self.action_menu = tuple((a.id, a.cooldown, a.requires.evaluate if a.requires else None, a)
                                 for a in scenario.actions.values())
        self.always_open = frozenset(e.id for e in scenario.events.values() if all(c.requires is None for c in e.choices))

    def decision(self, turn: int, kind: str, item: str, choice: str | None = None) -> Decision:
        """Decision(turn, kind, item, choice), made once per scenario: a decision is a value,
        and finding one costs a sixth of making one (a frozen dataclass), on the hot path."""
        key = (turn, kind, item, choice)
        found = self.decisions.get(key)
        if found is None:
            found = self.decisions[key] = Decision(turn, kind, item, choice)
        return found

    def events_on(self, turn: int) -> tuple[model.Event, ...]:
        if not self.pinned:
            return self.scenario.draw_order
        found = self.events.get(turn)
        if found is None:
            found = self.events[turn] = tuple(_keep(self.scenario.draw_order, turn,
                                                    [self.event_turns.get(e.id) for e in self.scenario.draw_order]))
        return found

    def rules_on(self, turn: int) -> tuple[model.Rule, ...]:
        if not self.pinned:
            return self.scenario.rules
        found = self.rules.get(turn)
        if found is None:
            found = self.rules[turn] = tuple(_keep(self.scenario.rules, turn, self.rule_turns))
        return found

    def event_checks_on(self, turn: int) -> tuple[tuple[Any, str, bool, float, bytes], ...]:
        """events_on(turn) as (what is left of its condition to test (None: it holds), id, once,
        chance, the key its chance is rolled with)."""
        found = self.event_checks.get(turn)
        if found is None:
            rest = self.event_rest
            found = self.event_checks[turn] = tuple((rest.get(e.id, e.when.evaluate), e.id, e.once, e.chance,
                                                     key("chance", e.id)) for e in self.events_on(turn))
        return found

    def rule_checks_on(self, turn: int) -> tuple[tuple[Any, model.Rule], ...]:
        """rules_on(turn), each with what is left of its condition to test (None: it holds)."""
        found = self.rule_checks.get(turn)
        if found is None:
            found = self.rule_checks[turn] = tuple(_keep(zip(self.rule_rest, self.scenario.rules), turn,
                                                         self.rule_turns))
        return found


def _keep(items: Iterable[Any], turn: int, turns: Sequence[frozenset[int] | None]) -> Iterable[Any]:
    for item, possible in zip(items, turns or repeat(None)):
        if possible is None or turn in possible:
            yield item


def plan_of(scenario: model.Scenario) -> _Plan:
    """The scenario's plan, worked out on first use and kept with it."""
    plan = scenario.cache.get("plan")
    if plan is None:
        plan = scenario.cache["plan"] = _Plan(scenario)
    return plan
