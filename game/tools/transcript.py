"""A finished (or unfinished) game told as plain text, turn by turn, and as data.

    transcript(state)   lines for `crossroads run` and `replay`: what happened and why each meter moved
    summary(state)      the outcome as data, for `--json` (ids, for programs)

The transcript uses the app's words (game.present): meters by label, flags by
what they mean, rules by their note, choices and actions by label; no ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from game.engine import GameState, ending, score
from game.engine.state import Change, Note
from game.present import cause_words, change_words, decision_label, month_name


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
        for note in _answers_after_their_events(_with_silent_causes(state, [n for n in notes if n.turn == turn],
                                                                     moved)):
            caused = [c for c in moved if (c.cause, c.source) == (note.kind, note.source)]
            yield _note_line(state, note, caused)
            for change in caused:
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


def _with_silent_causes(state: GameState, notes: list[Note], moved: list[Change]) -> list[Note]:
    """A turn's notes, plus one for each cause that changed something without a line of its own.

    The engine notes a rule only when it has a `note`, and an outcome only when it
    has a `result`; their changes still belong in the transcript, under their cause.
    Rules open the turn in file order, so a silent rule joins the rule notes there;
    a silent outcome follows the choice or action it was drawn for.
    """
    noted = {(n.kind, n.source) for n in notes}
    silent = list(dict.fromkeys((c.cause, c.source) for c in moved if (c.cause, c.source) not in noted))
    if not silent:
        return notes
    turn = notes[0].turn if notes else moved[0].turn
    order = {rule.id: index for index, rule in enumerate(state.scenario.rules)}
    rules = [n for n in notes if n.kind == "rule"] + [Note(turn, "rule", source, "")
                                                       for cause, source in silent if cause == "rule"]
    told = sorted(rules, key=lambda n: order.get(n.source, len(order))) + [n for n in notes if n.kind != "rule"]
    for cause, source in silent:
        if cause == "rule":
            continue
        decided = source.partition("#")[0]
        after = [i for i, n in enumerate(told) if n.kind in ("choice", "action") and n.source == decided]
        told.insert(after[-1] + 1 if after else len(told), Note(turn, cause, source, ""))  # type: ignore[arg-type]
    return told


def _answers_after_their_events(notes: list[Note]) -> list[Note]:
    """A turn's notes with each drawn event told just before its answer.

    All of a turn's events are drawn before the first is answered, so the
    timeline lists them together ("Event: A", "Event: B", "You chose: …",
    "You chose: …"); a reader pairs each answer with its event more easily
    when each event is told where it is answered. An event left unanswered
    (the game ended first) is told before what came after the answers.
    """
    waiting = [n for n in notes if n.kind == "event"]
    if len(waiting) < 2:
        return notes
    told: list[Note] = []
    for note in notes:
        if note.kind == "event":
            continue
        if note.kind in ("choice", "skipped"):
            answered = note.source.partition(".")[0] if note.kind == "choice" else note.source
            upto = next((i for i, e in enumerate(waiting) if e.source == answered), -1)
            told.extend(waiting[: upto + 1])
            del waiting[: upto + 1]
        elif note.kind not in ("rule", "outcome"):
            told.extend(waiting)
            waiting.clear()
        told.append(note)
    return told + waiting


def _change_line(state: GameState, change: Change) -> str:
    if isinstance(change.before, bool):
        return f"      · {change_words(change, state.scenario)}"  # "Now: …" / "No longer: …", as the app says
    meter = state.scenario.meters[change.target]
    return f"      · {meter.label}: {change.before} → {change.after} ({change.after - change.before:+d})"


def _note_line(state: GameState, note: Note, caused: list[Change]) -> str:
    scenario = state.scenario
    if not note.text and caused and note.kind in ("rule", "outcome"):  # nothing to quote: say what it was
        indent = "  " if note.kind == "rule" else "    "
        return indent + _one_line(cause_words(caused[0], scenario))
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
        return f"  Rule: {_one_line(note.text)}"
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
