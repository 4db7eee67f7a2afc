"""A loaded scenario as plain frozen dataclasses with compiled expressions.

This is what the engine runs on: no pydantic, no parsing, only closures and
tuples, so that a simulation can play thousands of games a second.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from game.engine.expressions import Calendar, Expression, NameTable

# The largest magnitude of a meter's bounds and start, a literal effect and a
# score: far beyond any game, and small enough for JSON, TOML and the app to
# write exactly (a 4,300-digit integer cannot even be printed by Python).
NUMBER_LIMIT = 10**15


@dataclass(frozen=True, slots=True)
class Effect:
    meter: str
    amount: int | Expression  # an Expression is rounded half away from zero


@dataclass(frozen=True, slots=True)
class Consequences:
    """The effect keys shared by rules, choices, outcomes and actions."""

    effects: tuple[Effect, ...] = ()
    set: tuple[str, ...] = ()
    clear: tuple[str, ...] = ()
    schedule: tuple[tuple[str, int], ...] = ()  # (event id, turns later)
    # The effects as (meter, amount) when every amount is a literal, which is what the
    # turn order applies without evaluating anything; None when one is an expression.
    literal_effects: tuple[tuple[str, int], ...] | None = field(init=False, repr=False, compare=False)
    # Whether anything besides meters changes (set, clear or schedule): most effects tables
    # only move meters, and the turn order then skips the rest.
    beyond_meters: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        literal = all(isinstance(e.amount, int) for e in self.effects)
        object.__setattr__(self, "literal_effects",
                           tuple((e.meter, e.amount) for e in self.effects) if literal else None)
        object.__setattr__(self, "beyond_meters", bool(self.set or self.clear or self.schedule))


@dataclass(frozen=True, slots=True)
class Outcome:
    weight: int
    does: Consequences
    result: str


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: str
    requires: Expression | None
    does: Consequences
    result: str
    outcomes: tuple[Outcome, ...]
    locked: str = ""  # the player's words for why it is unavailable


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    label: str
    description: str
    requires: Expression | None
    cooldown: int
    does: Consequences
    result: str
    outcomes: tuple[Outcome, ...]
    locked: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    when: Expression
    does: Consequences
    note: str


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    text: str
    when: Expression
    chance: float
    priority: int
    once: bool
    triggered_only: bool
    debrief: str
    sources: tuple[str, ...]
    history: Literal["fact", "what-if"]
    choices: tuple[Choice, ...]

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True, slots=True)
class Meter:
    id: str
    label: str
    start: int
    min: int
    max: int
    description: str
    hidden: bool
    warn_below: int | None = None
    warn_above: int | None = None

    def warning(self, value: int) -> str | None:
        """"low" or "high" when the value has reached a level the author marked as dangerous."""
        if self.warn_below is not None and value <= self.warn_below:
            return "low"
        if self.warn_above is not None and value >= self.warn_above:
            return "high"
        return None


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    title: str
    kind: Literal["victory", "draw", "defeat"]
    text: str
    when: Expression
    fallback: bool


@dataclass(frozen=True, slots=True)
class Balance:
    """An author's target: under `policy`, `ending` occurs in a share of games within `between`."""

    policy: str  # a policy name as `crossroads simulate --policy` takes it
    ending: str
    between: tuple[float, float]  # inclusive
    runs: int | None  # None: simulate's default


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    briefing: str
    start: datetime.date
    months_per_turn: int
    turns: int
    events_per_turn: int
    actions_per_turn: int
    score: Expression | None
    meters: dict[str, Meter]
    flags: dict[str, str]
    rules: tuple[Rule, ...]
    events: dict[str, Event]
    actions: dict[str, Action]
    endings: dict[str, Ending]
    calendar: Calendar
    sha256: str = ""
    path: str = ""
    what_happened: str = ""
    sources: tuple[str, ...] = ()
    glossary: dict[str, str] = field(default_factory=dict)
    # Events that can be drawn without being scheduled, best first: priority
    # (higher first), then file order. Precomputed once for the hot path.
    draw_order: tuple[Event, ...] = field(default=())
    balance: tuple[Balance, ...] = ()  # checked by `crossroads simulate --check`
    # Worked out on first use by the engine (game.engine.plan), never by the loader.
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    def date_of(self, turn: int) -> datetime.date:
        """The first day of the month that `turn` stands for."""
        months = self.start.month - 1 + self.months_per_turn * (turn - 1)
        return datetime.date(self.start.year + months // 12, months % 12 + 1, 1)

    def names(self) -> NameTable:
        """The names its expressions may use, for compiling another one against it."""
        return NameTable(
            meters=frozenset(self.meters), flags=frozenset(self.flags),
            events={eid: frozenset(c.id for c in e.choices) for eid, e in self.events.items()},
        )

    @property
    def fallback(self) -> Ending:
        return next(e for e in self.endings.values() if e.fallback)
