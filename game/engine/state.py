"""The game state: an immutable value, plus the records it carries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from game.engine.model import Scenario


@dataclass(frozen=True, slots=True)
class Decision:
    """One thing the player did; the ordered list of these replays a game."""

    turn: int
    kind: Literal["event", "action", "end_turn"]
    id: str  # the event or action id ("" for end_turn)
    choice: str | None = None  # the choice id, for events


@dataclass(frozen=True, slots=True)
class Change:
    """A meter or flag change and what caused it: the answer to "why did trust fall?"."""

    turn: int
    cause: Literal["rule", "choice", "outcome", "action"]
    source: str  # "article_12", "guidelines.embrace", "envoy"
    target: str  # meter or flag id
    before: int | bool
    after: int | bool


@dataclass(frozen=True, slots=True)
class Note:
    """A line of the timeline: what happened, in the scenario's words."""

    turn: int
    kind: Literal["rule", "event", "choice", "outcome", "action", "skipped", "ending"]
    source: str
    text: str


@dataclass(frozen=True, slots=True)
class GameState:
    scenario: Scenario = field(repr=False, compare=False)
    seed: int
    turn: int
    meters: Mapping[str, int]
    flags: frozenset[str]
    seen: Mapping[str, int]  # event id -> last turn it was drawn
    chosen: frozenset[tuple[str, str]]  # (event, choice) ever chosen
    scheduled: Mapping[int, tuple[str, ...]]  # turn -> events, in scheduling order
    queue: tuple[str, ...]  # this turn's drawn events still to answer, current first
    drawn: tuple[str, ...]  # every event drawn this turn
    actions_taken: tuple[str, ...]  # this turn
    last_used: Mapping[str, int]  # action id -> turn last taken
    final: bool  # true once the last turn has closed
    ending: str | None
    decisions: tuple[Decision, ...]
    history: tuple[Mapping[str, int], ...]  # meters at the start, then at the close of each turn
    changes: tuple[Change, ...] | None  # None when recording is switched off
    timeline: tuple[Note, ...] | None

    @property
    def over(self) -> bool:
        return self.ending is not None
