"""Presentation helpers: a game told in the player's words, for the app, the CLI and reports.

    month_name(state, turn)           "May 2015"
    condition_words(source, s)        "Moscow's trust ≥ 40 and not: Tokyo tightened sanctions"
    ending_check(ending, state)       which clauses of an ending's condition held or failed
    score_formula(s)                  the score expression with meter labels
    cause_words(change, s)            what made a meter or flag move, in words
    change_words(change, s)           "Moscow's trust 40 → 43 (+3)"
    decision_preview(item, state)     what a choice or action will do, before it is taken
    last_result(state)                the last choice or action this turn, its notes and changes
    choice_reason(choice, state)      why a choice is unavailable
    action_menu(state)                every standing action, numbered by file order, with why not
    rest_words(cooldown)              "rests 2 turns" (off the menu for 2 turns after use)

Pure Python over the engine: no Textual, no I/O. Ids never reach the player:
meters appear by label, flags by their description, events and choices by title
and label. Author text stays plain text here; callers decide how to show it.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass

from game.engine import ActionPrompt, GameState, Scenario, pending
from game.engine.expressions import (
    FUNCTIONS, ExpressionError, compile_expression, split_top_level, tokens,
)
from game.engine.model import Action, Choice, Consequences, Ending, Meter
from game.engine.state import Change, Note
from game.engine.turns import round_half_away

_OPERATOR_WORDS = {">=": "≥", "<=": "≤", "!=": "≠", "==": "=", "*": "×", "-": "−"}
_KIND_WORDS = {"victory": "Victory", "draw": "Draw", "defeat": "Defeat"}
_HISTORY_WORDS = {"fact": "Historical", "what-if": "What-if"}


def month_name(state: GameState | Scenario, turn: int) -> str:
    """The month a turn stands for, e.g. "May 2015" (of a state or a scenario)."""
    scenario = getattr(state, "scenario", state)
    return scenario.date_of(turn).strftime("%B %Y")


def kind_words(kind: str) -> str:
    """An ending's kind as a word: "Victory", "Draw" or "Defeat"."""
    return _KIND_WORDS.get(kind, kind.capitalize())


def history_words(history: str) -> str:
    """An event's `history` as its tag: "Historical" or "What-if"."""
    return _HISTORY_WORDS.get(history, history)


def flag_words(scenario: Scenario, flag: str) -> str:
    """A flag by what it means, without the closing full stop."""
    return (scenario.flags.get(flag) or flag.replace("_", " ")).strip().rstrip(".")


def _event_title(scenario: Scenario, event_id: str) -> str:
    event = scenario.events.get(event_id)
    return f"“{event.title}”" if event else event_id


def _choice_label(scenario: Scenario, event_id: str, choice_id: str) -> str:
    event = scenario.events.get(event_id)
    choice = event.choice(choice_id) if event else None
    return f"“{choice.label}”" if choice else choice_id


def condition_words(source: str, scenario: Scenario, *, veil_hidden: bool = False) -> str:
    """An expression in words: meters by label, flags by description, no ids.

    `not sanctions_tightened and trust >= 40` becomes
    "not: Tokyo went beyond the G7 minimum on sanctions and Moscow's trust ≥ 40".
    With `veil_hidden` (during a game) a hidden meter is "a hidden gauge", not its label.
    """
    try:
        toks = tokens(source)
    except ExpressionError:
        return source
    words: list[str] = []
    index = 0
    month_compared = False
    while index < len(toks):
        tok = toks[index]
        following = toks[index + 1] if index + 1 < len(toks) else None
        text = tok.text
        if tok.kind == "name" and text in FUNCTIONS and following is not None and following.text == "(":
            closing = _closing(toks, index + 1)
            arguments = [t.text for t in toks[index + 2 : closing] if t.text != ","]
            words.append(_call_words(text, arguments, toks, index, closing, scenario, veil_hidden))
            index = closing + 1
            continue
        if tok.kind == "name":
            if text in scenario.meters:
                meter = scenario.meters[text]
                text = "a hidden gauge" if veil_hidden and meter.hidden else meter.label
            elif text in scenario.flags:
                text = flag_words(scenario, text)
                if words and words[-1] == "not":
                    words[-1] = "not:"
            elif text == "final":
                text = "the last turn is over"
            elif text == "turns":
                text = str(scenario.turns)
            elif text == "month":
                month_compared = True
        elif tok.kind == "num" and month_compared and text.isdigit() and 1 <= int(text) <= 12:
            text = calendar.month_name[int(text)]
            month_compared = False
        elif tok.kind == "op":
            previous = toks[index - 1] if index else None
            unary = text in "+-" and (previous is None or (previous.kind == "op" and previous.text != ")")
                                      or previous.text in ("and", "or", "not"))
            text = _OPERATOR_WORDS.get(text, text) + (_GLUE if unary else "")
        words.append(text)
        index += 1
    return _join(words)


def _call_words(name: str, arguments: list[str], toks, start: int, closing: int, scenario: Scenario,
                veil_hidden: bool) -> str:
    if name == "seen" and arguments:
        return f"{_event_title(scenario, arguments[0])} has happened"
    if name == "chose" and len(arguments) == 2:
        return (f"you chose {_choice_label(scenario, arguments[0], arguments[1])} "
                f"in {_event_title(scenario, arguments[0])}")
    if name == "turns_since" and arguments:
        return f"turns since {_event_title(scenario, arguments[0])}"
    # min, max, abs: their arguments are expressions; render them in words too
    inner = " ".join(t.text for t in toks[start + 2 : closing])
    return f"{name}({condition_words(inner, scenario, veil_hidden=veil_hidden)})" if inner else f"{name}()"


_GLUE = "\x00"  # marks a unary sign, written against what follows it


def _closing(toks, opening: int) -> int:
    """The index of the `)` closing the `(` at `opening` (the last token if unclosed)."""
    depth = 0
    for index in range(opening, len(toks)):
        if toks[index].kind == "op" and toks[index].text in "()":
            depth += 1 if toks[index].text == "(" else -1
            if depth == 0:
                return index
    return len(toks) - 1


def _join(words: list[str]) -> str:
    text = ""
    for word in words:
        if not text or text.endswith(("(", _GLUE)) or word in (")", ","):
            text += word
        else:
            text += " " + word
    return text.replace(_GLUE, "")


@dataclass(frozen=True, slots=True)
class Clause:
    """One part of a condition joined by `and`, in words, and whether it holds now."""

    words: str
    held: bool


def clauses(source: str, state: GameState) -> tuple[Clause, ...]:
    """The `and`-parts of a condition, each judged on `state`."""
    scenario = state.scenario
    names = scenario.names()
    found = []
    for part in split_top_level(source, "and"):
        try:
            held = bool(compile_expression(part, names, scenario.calendar, expect="bool").evaluate(state))
        except ExpressionError:  # cannot happen for a loaded scenario; show it unjudged
            held = False
        found.append(Clause(condition_words(part, scenario), held))
    return tuple(found)


def ending_check(reached: Ending, state: GameState) -> tuple[Clause, ...]:
    """Which parts of an ending's `when` held in `state` (none for a fallback ending
    reached because nothing else held)."""
    if reached.fallback and not reached.when.evaluate(state):
        return ()
    return clauses(reached.when.source, state)


def score_formula(scenario: Scenario) -> str | None:
    """The score expression with meter labels, e.g. "Treaty progress × 2 + …"."""
    return None if scenario.score is None else condition_words(scenario.score.source, scenario)


def meter_warning(meter: Meter, value: int) -> str | None:
    """"LOW" or "HIGH" when the meter is past the author's warning level."""
    warning = getattr(meter, "warning", None)
    if warning is not None:
        found = warning(value)
    else:  # the model before warn_below/warn_above existed
        below, above = getattr(meter, "warn_below", None), getattr(meter, "warn_above", None)
        found = "low" if below is not None and value <= below else (
            "high" if above is not None and value >= above else None)
    return found.upper() if found else None


def cause_words(change: Change, scenario: Scenario) -> str:
    """What caused a change: "You chose “…” (“Event”)", "Rule: …", "Action: “…”"."""
    source = change.source
    if change.cause == "rule":
        rule = next((r for r in scenario.rules if r.id == source), None)
        note = " ".join(rule.note.split()) if rule and rule.note else "a standing rule"
        return f"Rule: {note}"
    if change.cause == "action":
        action = scenario.actions.get(source)
        return f"Action: “{action.label}”" if action else f"Action: {source}"
    item, _, number = source.partition("#")
    if "." in item:
        event_id, _, choice_id = item.partition(".")
        what = f"you chose {_choice_label(scenario, event_id, choice_id)} ({_event_title(scenario, event_id)})"
    else:
        action = scenario.actions.get(item)
        what = f"action “{action.label}”" if action else item
    if change.cause == "outcome":
        return f"Outcome of {what}"
    return what[0].upper() + what[1:]


def decision_label(scenario: Scenario, note) -> str:
    """The label of the choice or action that a choice, outcome or action note is about."""
    item = note.source.partition("#")[0]
    if note.kind == "action" or item in scenario.actions:
        action = scenario.actions.get(item)
        return action.label if action else item
    event_id, _, choice_id = item.partition(".")
    event = scenario.events.get(event_id)
    choice = event.choice(choice_id) if event else None
    return choice.label if choice else (choice_id or item)


@dataclass(frozen=True, slots=True)
class DecisionResult:
    """The decision taken last, while its turn goes on: what the player sees after it."""

    notes: tuple[Note, ...]  # the choice or action itself first, then its outcome
    changes: tuple[Change, ...]  # every meter and flag change it caused, in order
    meters_before: Mapping[str, int]  # the meters as they stood before it


def last_result(state: GameState) -> DecisionResult | None:
    """The result of the last choice or action, found in the state's records (so a
    reloaded or loaded game can show it again); None once the turn has ended."""
    decision = state.decisions[-1] if state.decisions else None
    timeline = state.timeline or ()
    if decision is None or decision.kind == "end_turn":
        return None
    source = decision.id if decision.kind == "action" else f"{decision.id}.{decision.choice}"
    start = next((i for i in range(len(timeline) - 1, -1, -1)
                  if timeline[i].kind in ("choice", "action") and timeline[i].source == source
                  and timeline[i].turn == decision.turn), None)
    if start is None:
        return None
    notes = (timeline[start], *(n for n in timeline[start + 1:]
                                if n.kind == "outcome" and n.source.partition("#")[0] == source))
    changes = tuple(c for c in state.changes or () if c.turn == decision.turn
                    and c.cause in ("choice", "outcome", "action") and c.source.partition("#")[0] == source)
    before = dict(state.meters)
    for change in reversed(changes):
        if change.target in before:
            before[change.target] = change.before
    return DecisionResult(notes, changes, before)


def change_words(change: Change, scenario: Scenario) -> str:
    """A change's size: "Moscow's trust 40 → 43 (+3)", or a flag set or cleared."""
    if isinstance(change.before, bool):
        return flag_change_words(scenario, change.target, bool(change.after))
    meter = scenario.meters.get(change.target)
    label = meter.label if meter else change.target
    return f"{label} {change.before} → {change.after} ({change.after - change.before:+d})"


def flag_change_words(scenario: Scenario, flag: str, now_set: bool) -> str:
    """A flag being set or cleared: "Now: Tokyo tightened sanctions", "No longer: …"."""
    return f"{'Now' if now_set else 'No longer'}: {flag_words(scenario, flag)}"


def consequence_words(does: Consequences, scenario: Scenario, state: GameState | None = None) -> list[str]:
    """What one effects table will do, in the player's words, before it happens.

    Meters by label with a signed number ("Moscow's trust +3"), flags as
    `flag_change_words`, a scheduled event as "a consequence in 2 turns" (not
    which: that is the story's to tell). Hidden meters are left out. An amount
    that is an expression is worked out on `state` (a choice's own effects see
    the state as it is when chosen); without a state, or when it reads a hidden
    meter (whose value the number would give away), it is written out in words.
    """
    parts = []
    for effect in does.effects:
        meter = scenario.meters[effect.meter]
        if meter.hidden:
            continue
        amount = effect.amount
        if not isinstance(amount, int) and state is not None and not any(
                scenario.meters[m].hidden for m in amount.meters):
            amount = round_half_away(amount.evaluate(state))
        if isinstance(amount, int):
            if amount:
                parts.append(f"{meter.label} {amount:+d}")
        else:
            parts.append(f"{meter.label} by {condition_words(amount.source, scenario, veil_hidden=True)}")
    flags = state.flags if state is not None else None
    parts += [flag_change_words(scenario, f, True) for f in does.set if flags is None or f not in flags]
    parts += [flag_change_words(scenario, f, False) for f in does.clear if flags is None or f in flags]
    for later in sorted({later for _, later in does.schedule}):
        parts.append(f"a consequence in {later} turn{'s' if later != 1 else ''}")
    return parts


def decision_preview(item: Choice | Action, state: GameState) -> str:
    """What a choice or action does, told before the player takes it.

    "Moscow's trust +3, Washington's confidence -2; then by chance: 75% nothing
    more; 25% Now: the press has the story; rests 2 turns (offered again in
    August 2015)". Outcome chances come from their weights; what an outcome's
    result text says stays for after the roll.
    """
    scenario = state.scenario
    own = consequence_words(item.does, scenario, state)
    text = ", ".join(own) if own else "No change you can see"
    drawn = [o for o in item.outcomes if o.weight > 0]
    if len(drawn) == 1:  # no chance about it
        certain = consequence_words(drawn[0].does, scenario)
        if certain:
            text += "; then " + ", ".join(certain)
    elif drawn:
        total = sum(o.weight for o in drawn)
        chances = [f"{_percent(o.weight, total)} {', '.join(consequence_words(o.does, scenario)) or 'nothing more'}"
                   for o in drawn]
        text += "; then by chance: " + "; ".join(chances)
    cooldown = getattr(item, "cooldown", 0)
    if cooldown:
        back = state.turn + cooldown + 1
        when = f"offered again in {month_name(state, back)}" if back <= scenario.turns else "not again this game"
        text += f"; {rest_words(cooldown)} ({when})"
    return text


def _percent(part: int, total: int) -> str:
    share = 100 * part / total
    return "<1%" if 0 < share < 0.5 else f"{round(share)}%"


def visible_change(change: Change, scenario: Scenario) -> bool:
    """A meter change the player may see during the game (not of a hidden meter, not a flag)."""
    meter = scenario.meters.get(change.target)
    return meter is not None and not meter.hidden and not isinstance(change.before, bool)


def choice_reason(item, state: GameState) -> str:
    """Why a choice (or action) is unavailable: its `locked` text, else its condition in words."""
    locked = getattr(item, "locked", "")
    if locked:
        return locked
    if item.requires is not None:
        return "Needs " + condition_words(item.requires.source, state.scenario, veil_hidden=True)
    return "Not available now"


@dataclass(frozen=True, slots=True)
class MenuItem:
    """A standing action as the menu shows it; `number` follows file order and never shifts."""

    number: int
    id: str
    label: str
    available: bool
    reason: str  # why not, when unavailable


def action_menu(state: GameState) -> tuple[MenuItem, ...]:
    """Every standing action, numbered by file order; availability comes from the engine."""
    scenario = state.scenario
    prompt = pending(state)
    offered = {o.id: o for o in prompt.options} if isinstance(prompt, ActionPrompt) else {}
    items = []
    for number, (action_id, action) in enumerate(scenario.actions.items(), start=1):
        option = offered.get(action_id)
        available = option is not None and option.available
        reason = "" if available else _action_reason(action, state, offered_now=option is not None)
        items.append(MenuItem(number, action_id, action.label, available, reason))
    return tuple(items)


def _action_reason(action, state: GameState, *, offered_now: bool) -> str:
    if not offered_now:  # the engine keeps it off the menu: cooling down
        used = state.last_used.get(action.id)
        if used is not None:
            back = used + action.cooldown + 1 - state.turn
            return f"Back in {back} turn{'s' if back != 1 else ''}"
        return "Not available now"
    if action.id in state.actions_taken:
        return "Already taken this turn"
    if len(state.actions_taken) >= state.scenario.actions_per_turn:
        return used_up_words(state.scenario.actions_per_turn)
    return choice_reason(action, state)


def rest_words(cooldown: int) -> str:
    """How long an action stays off the menu after it is taken, said before the player picks it."""
    if cooldown <= 0:
        return ""
    return f"rests {cooldown} turn{'s' if cooldown != 1 else ''}"


def used_up_words(per_turn: int) -> str:
    """Why no more actions can be taken this turn."""
    return "You have used this turn's action" if per_turn == 1 else "You have used this turn's actions"


def scheduled_for(state: GameState, turn: int) -> tuple[str, ...]:
    """Events that earlier decisions scheduled for `turn` (judged on the state before it opened)."""
    return tuple(state.scheduled.get(turn, ()))
