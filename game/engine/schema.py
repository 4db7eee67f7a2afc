"""The scenario format as pydantic models: the contract with authors.

These models check the shape of a scenario file (keys, types, defaults,
bounds). Cross-references between parts of a file and expressions are checked
by `loader`, which then compiles the models into the engine's plain
dataclasses (`model`), so pydantic never sits on the hot path.

A sound file is checked without pydantic, by `game.engine.shape` from a table
generated from these models: after changing a model, run `python -m game.engine.shape`
to write `shape_table.py` again (tests/engine/test_shape.py fails until then).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StrictBool, StrictFloat, StrictInt, StringConstraints

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
    outcomes: list[Outcome] = Field(
        default_factory=list, max_length=20,
        description="Weighted random outcomes: after its own effects, exactly one is drawn by weight.",
    )


class Choice(Consequence):
    id: Id = Field(description="The choice's id, unique within its event, e.g. \"embrace\".")
    label: Text = Field(
        min_length=1, max_length=200, description="Plain text the player picks (60 characters fit).")


class Action(Consequence):
    label: Text = Field(min_length=1, max_length=200, description="Plain text shown in the actions menu.")
    description: Text = Field(default="", description="A line on what the action is for.")
    cooldown: StrictInt = Field(default=0, ge=0, le=1000, description="Turns off the menu after use.")


class Rule(EffectKeys):
    id: Id = Field(description="The rule's id, unique among rules.")
    when: ExpressionText = Field(
        default="true", description="Condition checked as each turn opens; the rule applies when it holds.")
    note: Text = Field(default="", description="Shown in the turn log when the rule fires.")


class Event(Table):
    title: Text = Field(min_length=1, max_length=200, description="Plain-text title of the event card.")
    text: Text = Field(description="Markdown: the situation the player must answer (450 characters fit).")
    when: ExpressionText = Field(default="true", description="Condition for the event to be eligible in a turn.")
    chance: StrictFloat = Field(
        default=1.0, ge=0.0, le=1.0, description="Chance (0 to 1) of being drawn in a turn it is eligible.")
    priority: StrictInt = Field(default=0, description="Among eligible events, higher is drawn first.")
    once: StrictBool = Field(default=True, description="Drawn at most once; false lets it return.")
    triggered_only: StrictBool = Field(default=False, description="Drawn only when something schedules it.")
    debrief: Text = Field(default="", description="A question for discussion after the game.")
    sources: list[Text] = Field(default_factory=list, max_length=50, description="Where the facts come from.")
    history: Literal["fact", "what-if"] = Field(
        default="what-if", description="\"fact\" if the situation really happened, else \"what-if\".")
    choices: list[Choice] = Field(
        min_length=1, max_length=9, description="The player's options, 1 to 9, in order.")


class Meter(Table):
    label: Text = Field(min_length=1, max_length=80, description="Plain-text name shown to the player.")
    start: StrictInt = Field(description="Value on turn 1, within min..max.")
    min: StrictInt = Field(default=0, description="Lowest value; effects are clamped to it.")
    max: StrictInt = Field(default=100, description="Highest value; effects are clamped to it.")
    description: Text = Field(default="", description="What the meter measures, for the player.")
    hidden: StrictBool = Field(default=False, description="A hidden meter drives the story but is not shown.")
    warn_below: StrictInt | None = Field(
        default=None, description="The app warns when the meter is at or below this level (defeat is near).")
    warn_above: StrictInt | None = Field(
        default=None, description="The app warns when the meter is at or above this level (defeat is near).")


class Ending(Table):
    title: Text = Field(min_length=1, max_length=200, description="Plain-text title of the ending.")
    kind: Literal["victory", "draw", "defeat"] = Field(description="victory, draw or defeat.")
    text: Text = Field(description="Markdown shown on the ending screen.")
    when: ExpressionText | None = Field(
        default=None, description="Condition that ends the game; endings are checked in file order. "
        "Required except on the fallback.")
    fallback: StrictBool = Field(
        default=False, description="The one ending used when no other holds after the last turn.")


class Header(Table):
    id: ScenarioId = Field(description="The scenario's id: lowercase letters, digits, _ and -.")
    title: Text = Field(min_length=1, max_length=200, description="Plain-text title.")
    summary: Text = Field(description="One paragraph for the scenario picker.")
    briefing: Text = Field(default="", description="Markdown shown before the first turn.")
    # Strict: a TOML date only, as the docs say; pydantic would otherwise accept the text "2015-05-01".
    start: Annotated[datetime.date, Strict()] = Field(
        description="The TOML date of turn 1, e.g. 2015-05-01 (no quotes).")
    months_per_turn: StrictInt = Field(default=1, ge=1, le=120, description="Months each turn stands for.")
    turns: StrictInt = Field(ge=1, le=600, description="Number of turns.")
    events_per_turn: StrictInt = Field(default=1, ge=0, le=9, description="Most events drawn in a turn.")
    actions_per_turn: StrictInt = Field(
        default=1, ge=0, le=9, description="Standing actions the player may take a turn; 0 for none.")
    score: ExpressionText | None = Field(default=None, description="Optional number expression: the score.")
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
    format: StrictInt = Field(description="The format version: 1.")
    scenario: Header = Field(description="The scenario's title, calendar and pace.")
    meters: dict[Id, Meter] = Field(
        min_length=1, max_length=200, description="Numbers the player keeps in balance.")
    flags: dict[Id, Text] = Field(
        default_factory=dict, max_length=1000, description="Facts that are set or not: id → what it means.")
    rules: list[Rule] = Field(
        default_factory=list, max_length=1000, description="Rules applied as each turn opens, in file order.")
    events: dict[Id, Event] = Field(
        default_factory=dict, max_length=5000, description="Events the player answers with a choice.")
    actions: dict[Id, Action] = Field(
        default_factory=dict, max_length=500, description="Standing actions offered every turn.")
    endings: dict[Id, Ending] = Field(
        min_length=1, max_length=100, description="How the game ends; exactly one is the fallback.")
    glossary: dict[GlossaryTerm, GlossaryEntry] = Field(
        default_factory=dict, max_length=200,
        description="Terms the help screen explains: term → one line of plain text.",
    )
    balance: list[Balance] = Field(
        default_factory=list, max_length=100,
        description="Balance targets: how often an ending should occur under a policy (simulate --check).",
    )
