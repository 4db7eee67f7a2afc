"""The scenario format as pydantic models: the contract with authors.

These models check the shape of a scenario file (keys, types, defaults,
bounds). Cross-references between parts of a file and expressions are checked
by `loader`, which then compiles the models into the engine's plain
dataclasses (`model`), so pydantic never sits on the hot path.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StringConstraints

FORMAT_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
ScenarioId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
GlossaryTerm = Annotated[str, StringConstraints(min_length=1, max_length=40)]
GlossaryEntry = Annotated[str, StringConstraints(min_length=1, max_length=300)]
ExpressionText = Annotated[str, StringConstraints(min_length=1, max_length=1_000)]
# A literal effect is a whole number; anything else is an expression.
EffectValue = StrictInt | ExpressionText


class Table(BaseModel):
    """Unknown keys are mistakes (usually typos), so every table forbids them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Schedule(Table):
    event: Id = Field(description="The event to draw later.")
    in_: StrictInt = Field(alias="in", ge=1, le=1000, description="How many turns later.")


class EffectKeys(Table):
    effects: dict[Id, EffectValue] = Field(
        default_factory=dict,
        description="Meter changes: an integer, or an expression rounded half away from zero.",
    )
    set: list[Id] = Field(default_factory=list, max_length=100, description="Flags to set.")
    clear: list[Id] = Field(default_factory=list, max_length=100, description="Flags to clear.")
    schedule: list[Schedule] = Field(
        default_factory=list, max_length=100, description="Events to draw a number of turns later."
    )


class Outcome(EffectKeys):
    weight: StrictInt = Field(default=1, ge=0, le=1_000_000, description="Relative chance; 0 never.")
    result: Text = Field(default="", description="Markdown shown when this outcome is drawn.")


class Consequence(EffectKeys):
    """What a choice or an action does: effects, then one weighted outcome."""

    requires: ExpressionText | None = Field(default=None, description="Condition to offer it.")
    locked: Text = Field(
        default="", max_length=200,
        description="Plain text shown when `requires` does not hold: the player's words for why "
        "it is unavailable. Without it the app shows the condition in words.",
    )
    result: Text = Field(default="", description="Markdown shown after it is taken.")
    outcomes: list[Outcome] = Field(default_factory=list, max_length=20)


class Choice(Consequence):
    id: Id
    label: Text = Field(min_length=1, max_length=200)


class Action(Consequence):
    label: Text = Field(min_length=1, max_length=200)
    description: Text = ""
    cooldown: StrictInt = Field(default=0, ge=0, le=1000, description="Turns off the menu after use.")


class Rule(EffectKeys):
    id: Id
    when: ExpressionText = "true"
    note: Text = Field(default="", description="Shown in the turn log when the rule fires.")


class Event(Table):
    title: Text = Field(min_length=1, max_length=200)
    text: Text
    when: ExpressionText = "true"
    chance: StrictFloat = Field(default=1.0, ge=0.0, le=1.0)
    priority: StrictInt = 0
    once: StrictBool = True
    triggered_only: StrictBool = False
    debrief: Text = ""
    sources: list[Text] = Field(default_factory=list, max_length=50)
    history: Literal["fact", "what-if"] = "what-if"
    choices: list[Choice] = Field(min_length=1, max_length=9)


class Meter(Table):
    label: Text = Field(min_length=1, max_length=80)
    start: StrictInt
    min: StrictInt = 0
    max: StrictInt = 100
    description: Text = ""
    hidden: StrictBool = False
    warn_below: StrictInt | None = Field(
        default=None, description="The app warns when the meter is at or below this level (defeat is near).")
    warn_above: StrictInt | None = Field(
        default=None, description="The app warns when the meter is at or above this level (defeat is near).")


class Ending(Table):
    title: Text = Field(min_length=1, max_length=200)
    kind: Literal["victory", "draw", "defeat"]
    text: Text
    when: ExpressionText | None = None
    fallback: StrictBool = False


class Header(Table):
    id: ScenarioId
    title: Text = Field(min_length=1, max_length=200)
    summary: Text
    briefing: Text = ""
    start: datetime.date
    months_per_turn: StrictInt = Field(default=1, ge=1, le=120)
    turns: StrictInt = Field(ge=1, le=600)
    events_per_turn: StrictInt = Field(default=1, ge=0, le=9)
    actions_per_turn: StrictInt = Field(default=1, ge=0, le=9)
    score: ExpressionText | None = None
    what_happened: Text = Field(
        default="", description="Markdown for the debrief: what really happened in the period the scenario covers.")
    sources: list[Text] = Field(
        default_factory=list, max_length=100, description="Where the scenario's facts come from, as a whole.")


class Balance(Table):
    """An author's balance target, checked by `crossroads simulate PATH --check`."""

    policy: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(
        description="The policy that plays the games: first, random, greedy:<meter> or cautious:<meter>.",
    )
    ending: Id = Field(description="The ending whose share of games is targeted.")
    between: tuple[StrictFloat, StrictFloat] = Field(
        description="The lowest and highest share of games (0 to 1, inclusive) that should reach the ending.",
    )
    runs: StrictInt | None = Field(
        default=None, ge=1, le=100_000, description="How many games to play for this target (default 500).",
    )


class ScenarioFile(Table):
    format: StrictInt
    scenario: Header
    meters: dict[Id, Meter] = Field(min_length=1, max_length=200)
    flags: dict[Id, Text] = Field(default_factory=dict, max_length=1000)
    rules: list[Rule] = Field(default_factory=list, max_length=1000)
    events: dict[Id, Event] = Field(default_factory=dict, max_length=5000)
    actions: dict[Id, Action] = Field(default_factory=dict, max_length=500)
    endings: dict[Id, Ending] = Field(min_length=1, max_length=100)
    glossary: dict[GlossaryTerm, GlossaryEntry] = Field(
        default_factory=dict, max_length=200,
        description="Terms the help screen explains: term → one line of plain text.",
    )
    balance: list[Balance] = Field(
        default_factory=list, max_length=100,
        description="Balance targets: how often an ending should occur under a policy (simulate --check).",
    )
