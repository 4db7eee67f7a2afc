"""A finished (or unfinished) game told as plain text, turn by turn, and as data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from game.engine import GameState, ending, score
from game.present import decision_label, month_name


def transcript(state: GameState) -> Iterator[str]:
    """Lines telling what happened each turn, why meters moved, and how it ended.

    Needs a state played with recording on (the default of new_game).
    """
    scenario = state.scenario
    notes = state.timeline or ()
    changes = state.changes or ()
    yield f"{scenario.title} (seed {state.seed})"
    for turn in range(1, state.turn + 1):
        yield ""
        yield f"== Turn {turn} of {scenario.turns} · {month_name(state, turn)} =="
        moved = [c for c in changes if c.turn == turn]
        for note in (n for n in notes if n.turn == turn):
            yield _note_line(state, note)
            for change in (c for c in moved if (c.cause, c.source) == (note.kind, note.source)):
                yield _change_line(state, change)
    yield ""
    reached = ending(state)
    if reached is None:
        yield f"Unfinished: turn {state.turn} of {scenario.turns}."
    else:
        yield f"Ending: {reached.title} ({reached.kind})"
    points = score(state)
    if points is not None:
        yield f"Score: {points}"
    yield "Meters: " + ", ".join(f"{m.label} {state.meters[mid]}" for mid, m in scenario.meters.items())


def _change_line(state: GameState, change) -> str:
    if isinstance(change.before, bool):
        return f"      · {change.target} {'set' if change.after else 'cleared'}"
    meter = state.scenario.meters[change.target]
    return f"      · {meter.label}: {change.before} → {change.after} ({change.after - change.before:+d})"


def _note_line(state: GameState, note) -> str:
    scenario = state.scenario
    if note.kind == "event":
        return f"  Event: {note.text}"
    if note.kind == "choice":
        label = decision_label(scenario, note)
        return f"    You chose: {label}" + (f" — {_one_line(note.text)}" if note.text else "")
    if note.kind == "action":
        label = decision_label(scenario, note)
        return f"  Action: {label}" + (f" — {_one_line(note.text)}" if note.text else "")
    if note.kind == "outcome":
        return f"    Outcome: {_one_line(note.text)}"
    if note.kind == "rule":
        return f"  Rule {note.source}: {_one_line(note.text)}"
    if note.kind == "skipped":
        return f"  Passed over: {_one_line(note.text)}"
    return f"  Ending: {note.text}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def summary(state: GameState) -> dict[str, Any]:
    """The outcome of a game as data, for `run --json`."""
    return {
        "scenario": state.scenario.id,
        "seed": state.seed,
        "ending": state.ending,
        "turn": state.turn,
        "date": state.scenario.date_of(state.turn).isoformat(),
        "meters": dict(state.meters),
        "flags": sorted(state.flags),
        "score": score(state),
        "decisions": [
            {"turn": d.turn, "kind": d.kind, "id": d.id, "choice": d.choice}
            for d in state.decisions
            if d.kind != "end_turn"
        ],
    }
