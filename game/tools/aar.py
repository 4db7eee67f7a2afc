"""An after-action review of one game, as data: what the reports are built from.

    after_action(state, player)   the whole review of a finished (or unfinished) game

Everything comes from the engine's records: the decisions, the cause log of every
meter and flag change, the timeline notes and the meters at each turn's close.
Ids never reach the reader: events, choices, rules and meters appear in the
scenario's own words (game.present). Author text stays as written; the renderers
decide how to show it safely.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from game.engine import GameState, ending, score
from game.engine.state import Change, Note
from game.present import (
    Clause, cause_words, change_words, decision_label, ending_check, history_words, kind_words, month_name,
    score_formula,
)


@dataclass(frozen=True)
class Happening:
    """One line of a turn: a rule firing, an event drawn, a decision, an outcome."""

    kind: str  # "rule", "event", "choice", "outcome", "action", "skipped", "ending"
    title: str  # plain text: the event's title, the choice's or action's label, the rule's note
    text: str  # Markdown: the result shown to the player ("" when none)
    changes: tuple[str, ...]  # "Moscow's trust 40 → 43 (+3)", hidden meters included
    deltas: dict[str, int]  # meter id → change, for sums and charts


@dataclass(frozen=True)
class Turn:
    number: int
    month: str
    happenings: tuple[Happening, ...]


@dataclass(frozen=True)
class Swing:
    turn: int
    month: str
    delta: int
    cause: str


@dataclass(frozen=True)
class MeterStory:
    id: str
    label: str
    hidden: bool
    low: int  # the meter's bounds, for charts on a fixed scale
    high: int
    start: int
    end: int
    values: tuple[int, ...]  # at the start, then at each turn's close (and at the end)
    swings: tuple[Swing, ...]  # the biggest three, largest first


@dataclass(frozen=True)
class EventPlayed:
    title: str
    history: str  # "Historical" or "What-if"
    debrief: str
    sources: tuple[str, ...]
    answer: str  # the label of the choice taken ("" if never answered)


@dataclass(frozen=True)
class AfterAction:
    scenario_title: str
    scenario_id: str
    player: str
    seed: int
    period: str  # "May 2015 – April 2017"
    turns_played: int
    turns: int
    ending_title: str
    ending_kind: str  # "Victory", "Draw", "Defeat", or "Unfinished"
    ending_text: str  # Markdown
    conditions: tuple[Clause, ...]
    score: int | None
    score_formula: str | None
    timeline: tuple[Turn, ...]
    meters: tuple[MeterStory, ...]
    events: tuple[EventPlayed, ...]
    what_happened: str  # Markdown
    sources: tuple[str, ...]


def after_action(state: GameState, player: str = "") -> AfterAction:
    """The review of `state`, which must have been played with recording on."""
    scenario = state.scenario
    reached = ending(state)
    changes = state.changes or ()
    return AfterAction(
        scenario_title=scenario.title, scenario_id=scenario.id, player=player, seed=state.seed,
        period=f"{month_name(scenario, 1)} – {month_name(scenario, scenario.turns)}",
        turns_played=state.turn, turns=scenario.turns,
        ending_title=reached.title if reached else "The game is not finished",
        ending_kind=kind_words(reached.kind) if reached else "Unfinished",
        ending_text=reached.text if reached else (
            f"The save stops at turn {state.turn} of {scenario.turns} ({month_name(scenario, state.turn)}), "
            "before any ending. The report covers the turns played."),
        conditions=ending_check(reached, state) if reached else (),
        score=score(state), score_formula=score_formula(scenario),
        timeline=_timeline(state, changes), meters=_meters(state, changes), events=_events(state),
        what_happened=scenario.what_happened, sources=scenario.sources,
    )


def _timeline(state: GameState, changes: tuple[Change, ...]) -> tuple[Turn, ...]:
    by_cause: dict[tuple[int, str, str], list[Change]] = defaultdict(list)
    for change in changes:
        by_cause[(change.turn, change.cause, change.source)].append(change)
    notes: dict[int, list[Note]] = defaultdict(list)
    for note in state.timeline or ():
        notes[note.turn].append(note)

    def happening(note: Note) -> Happening:
        moved = by_cause.get((note.turn, note.kind, note.source), [])
        return Happening(kind=note.kind, title=_title(state, note), text=note.text if note.kind != "rule" else "",
                         changes=tuple(change_words(c, state.scenario) for c in moved), deltas=_deltas(moved))

    return tuple(Turn(t, month_name(state, t), tuple(happening(n) for n in _in_reading_order(notes.get(t, []))))
                 for t in range(1, state.turn + 1))


def _in_reading_order(notes: list[Note]) -> list[Note]:
    """A turn's notes with each event's answer and outcome right under the event.

    The engine draws all of a turn's events before the first is answered, so its
    timeline lists the events together and then the answers."""
    answers = [n for n in notes if n.kind in ("choice", "outcome") and n.source.split(".")[0] in
               {e.source for e in notes if e.kind == "event"} and "." in n.source]
    ordered = []
    for note in notes:
        if note in answers:
            continue
        ordered.append(note)
        if note.kind == "event":
            ordered += [a for a in answers if a.source.split(".")[0] == note.source]
    return ordered


def _deltas(changes: list[Change]) -> dict[str, int]:
    deltas: dict[str, int] = defaultdict(int)
    for change in changes:
        if not isinstance(change.before, bool):
            deltas[change.target] += change.after - change.before
    return dict(deltas)


def _title(state: GameState, note: Note) -> str:
    scenario = state.scenario
    if note.kind == "event":
        event = scenario.events.get(note.source)
        return event.title if event else note.text
    if note.kind in ("choice", "outcome", "action"):
        return decision_label(scenario, note)
    if note.kind == "rule":
        return " ".join(note.text.split()) or "A standing rule applied"
    return " ".join(note.text.split())


def _meters(state: GameState, changes: tuple[Change, ...]) -> tuple[MeterStory, ...]:
    scenario = state.scenario
    values = [dict(m) for m in state.history]
    if not state.over:  # an unfinished game: the meters now, mid-turn (an ending records its own)
        values.append(dict(state.meters))
    stories = []
    for meter_id, meter in scenario.meters.items():
        moved = [c for c in changes if c.target == meter_id and c.after != c.before]
        biggest = sorted(moved, key=lambda c: (-abs(c.after - c.before), c.turn))[:3]
        stories.append(MeterStory(
            id=meter_id, label=meter.label, hidden=meter.hidden, low=meter.min, high=meter.max, start=meter.start,
            end=state.meters[meter_id], values=tuple(v[meter_id] for v in values),
            swings=tuple(Swing(c.turn, month_name(state, c.turn), c.after - c.before,
                               cause_words(c, scenario)) for c in biggest),
        ))
    return tuple(stories)


def _events(state: GameState) -> tuple[EventPlayed, ...]:
    scenario = state.scenario
    answers = {d.id: d.choice for d in state.decisions if d.kind == "event"}
    played = []
    for event_id in sorted(state.seen, key=lambda e: (state.seen[e], list(scenario.events).index(e))):
        event = scenario.events[event_id]
        choice = event.choice(answers.get(event_id) or "")
        played.append(EventPlayed(event.title, history_words(event.history), event.debrief,
                                  event.sources, choice.label if choice else ""))
    return tuple(played)
