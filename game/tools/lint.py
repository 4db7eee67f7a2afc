"""`crossroads lint`: what is valid in a scenario but almost surely a mistake.

`validate` says whether a file can be played; lint says whether it plays as its
author meant: endings that can never be reached (impossible, or shadowed by an
earlier ending) or that hold before anything has happened, events, choices,
actions and rules whose conditions never hold, flags never set or never read,
meters never changed, triggered-only events never scheduled, choices that do
nothing, effects written as the new value, facts without sources, and text too
long for an 80×24 terminal. The reasoning lives in `reach`; this module words
the warnings.

    lint_file(path) -> list[LintWarning]      raises ScenarioError if the file is invalid
    lint_source(source, name) -> list[LintWarning]

Each warning prints as `path:line:col: message [code]` (a dotted key where no
position is known). A comment `# lint: ignore[code]` on the warning's line or
the line before it silences that warning on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
import os

from game import files
from game.engine import load_scenario, model
from game.engine.turns import before_turn_one
from game.engine.loader import MAX_FILE_BYTES, load_scenario_bytes
from game.engine.text import clean_line
from game.present import month_name
from game.engine.locate import Path, SourceMap
from game.tools.reach import Reach, negate, show, tree_of

# Text budgets that fit an 80×24 terminal, in characters.
EVENT_TEXT_BUDGET = 450
LABEL_BUDGET = 60
RESULT_BUDGET = 200

CODES = {
    "unreachable-ending": "an ending whose condition can never hold (or a fallback that is never needed)",
    "shadowed-ending": "an ending that an earlier ending always pre-empts",
    "ending-at-start": "an ending that already holds before anything has happened",
    "never-drawn": "an event whose `when` (or `chance`) means it is never drawn",
    "never-scheduled": "a triggered-only event that nothing schedules in time",
    "unavailable-choice": "a choice whose `requires` never holds when its event is drawn",
    "unavailable-action": "a standing action that is never offered",
    "rule-never-fires": "a rule whose `when` never holds",
    "flag-never-set": "a flag that nothing can set",
    "flag-never-read": "a flag that is set but no condition reads",
    "flag-unused": "a flag declared but never set or read",
    "meter-never-changed": "a meter that no effect changes",
    "no-effect": "a choice or action that changes nothing",
    "effect-adds-itself": "an effect written as the meter's new value (`trust + 5`), which adds the meter to itself",
    "text-too-long": "text over the budget that fits an 80×24 terminal",
    "fact-without-sources": "an event marked history = \"fact\" that cites no sources",
    "locked-without-requires": "a `locked` text on a choice or action that is always available",
    "ignored-key": "`when`, `chance`, `priority` or `once` on a triggered-only event, which ignores them",
    "unknown-ignore": "a `# lint: ignore[...]` comment naming no known warning",
}

_IGNORE = re.compile(r"#\s*lint:\s*ignore\[([^\]]*)\]")


@dataclass(frozen=True)
class LintWarning:
    path: str
    message: str
    code: str
    line: int | None = None
    column: int | None = None
    key: str = ""  # the dotted key path, when no position is known

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line is not None else f"{self.path}: {self.key}"
        return f"{where}: {self.message} [{self.code}]"


def lint_file(path: str | os.PathLike[str]) -> list[LintWarning]:
    """The warnings for one scenario file; raises ScenarioError if it is not valid."""
    scenario = load_scenario(path)  # every check on reading the file, and its messages
    source = files.read_capped(path, MAX_FILE_BYTES, what="scenario file")  # the same gate again
    return _Linter(scenario, source, clean_line(str(path))).warnings()


def lint_source(source: bytes, name: str = "<scenario>") -> list[LintWarning]:
    name = clean_line(name)  # file names reach the terminal in every warning
    return _Linter(load_scenario_bytes(source, name), source, name).warnings()


def _key(loc: Path) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _placed_consequences(s: model.Scenario):
    """(path in the file, Consequences) of every rule, choice, outcome and action."""
    for index, rule in enumerate(s.rules):
        yield ("rules", index), rule.does
    for eid, event in s.events.items():
        for c_index, choice in enumerate(event.choices):
            yield ("events", eid, "choices", c_index), choice.does
            for o_index, outcome in enumerate(choice.outcomes):
                yield ("events", eid, "choices", c_index, "outcomes", o_index), outcome.does
    for aid, action in s.actions.items():
        yield ("actions", aid), action.does
        for o_index, outcome in enumerate(action.outcomes):
            yield ("actions", aid, "outcomes", o_index), outcome.does


def _quoted(amount: str) -> str:
    """An effect's amount as it is written: a whole number bare, an expression in quotes."""
    return amount if re.fullmatch(r"-?\d+", amount) else f'"{amount}"'


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class _Linter:
    def __init__(self, scenario: model.Scenario, source: bytes, name: str) -> None:
        self.s, self.source, self.name = scenario, source, name
        self.map = SourceMap(source)
        self.found: list[LintWarning] = []
        self.reach = Reach(scenario)

    def warnings(self) -> list[LintWarning]:
        self.check_endings()
        self.check_rules()
        self.check_events()
        self.check_actions()
        self.check_flags()
        self.check_meters()
        self.check_self_adding_effects()
        self.check_sources()
        self.check_text()
        return self.unsilenced()

    # -- reporting -------------------------------------------------------------

    def warn(self, loc: Path, message: str, code: str, at: str = "key") -> None:
        located = self.map.find(loc) or (self.map.first_under(loc) if at == "key" else None)
        if located is None and at == "value":
            located = self.map.nearest(loc)
            located = located[1] if located else None
        if located is None:
            self.found.append(LintWarning(self.name, message, code, key=_key(loc)))
            return
        position = located.value if at == "value" else located.key
        self.found.append(LintWarning(self.name, message, code, position.line, position.column))

    def unsilenced(self) -> list[LintWarning]:
        ignores: dict[int, set[str]] = {}
        text = self.source.decode("utf-8", "replace")
        for number, line in enumerate(text.split("\n"), start=1):
            for found in _IGNORE.finditer(line):
                codes = {c.strip() for c in found[1].split(",") if c.strip()}
                ignores[number] = codes
                for code in sorted(codes - CODES.keys()):
                    self.found.append(LintWarning(
                        self.name, f"`{code}` is not a lint warning; known: " + ", ".join(sorted(CODES)),
                        "unknown-ignore", number, found.start() + 1))
        kept = [w for w in self.found if w.line is None or not (
            w.code in ignores.get(w.line, ()) or w.code in ignores.get(w.line - 1, ()))]
        return sorted(kept, key=lambda w: (w.line is None, w.line or 0, w.column or 0, w.code))

    # -- why a condition never holds ---------------------------------------------

    def why_never(self, tree: tuple, turns=None, final: bool | None = False) -> str:
        """A short reason why `tree` never holds on `turns`: the first part of it
        that can never hold alone, explained, or that its parts contradict."""
        parts = list(tree[1]) if tree[0] == "and" else [tree]
        for part in parts:
            if not self.reach.can_ever_hold(part, turns=turns, final=final):
                return self.explain(part, turns, final)
        return f"the parts of `{show(tree)}` contradict each other"

    def explain(self, part: tuple, turns, final) -> str:
        kind = part[0]
        if kind == "const":
            return "it is always false"
        if kind == "flag":
            return f"flag `{part[1]}` is never set" + ("" if turns is None else " by then")
        if kind == "seen":
            return f"event `{part[1]}` is never drawn" + ("" if turns is None else " by then")
        if kind == "chose":
            return f"choice `{part[2]}` of `{part[1]}` can never be made" + ("" if turns is None else " by then")
        if kind == "final":
            return "`final` is true only after the last turn"
        text = f"`{show(part)}`"
        mentions = _atoms(part)
        if mentions & {"turn", "year", "month"}:
            span = self.span(turns)
            return f"{text} never holds on {span}"
        meters = sorted(m for kind_, m in _named(part) if kind_ == "meter")
        if meters:
            ranges = ", ".join(self.meter_range(m) for m in meters)
            return f"{text} never holds: {ranges}"
        return f"{text} never holds"

    def span(self, turns) -> str:
        s = self.s
        wanted = sorted(turns) if turns is not None else list(range(1, s.turns + 1))
        if not wanted:
            return "no turn"
        first, last = wanted[0], wanted[-1]
        if first == last:
            return f"turn {first} ({_month(s, first)})"
        return f"turns {first}–{last} ({_month(s, first)} – {_month(s, last)})"

    def meter_range(self, meter_id: str) -> str:
        m = self.s.meters[meter_id]
        lo, hi = self.reach.meters[meter_id]
        if lo == hi:
            return f"`{meter_id}` stays at {lo}"
        if (lo, hi) == (m.min, m.max):
            return f"`{meter_id}` stays within {m.min}..{m.max}"
        side = "rises" if lo == m.start else "falls"
        return f"`{meter_id}` starts at {m.start} and only {side} (within {lo}..{hi})"

    # -- the checks ---------------------------------------------------------------

    def check_endings(self) -> None:
        reach = self.reach
        earlier: list[model.Ending] = []
        for ending in self.s.endings.values():
            loc = ("endings", ending.id, "when")
            tree = tree_of(ending.when)
            if ending.fallback and ending.when is not None and tree == ("const", False):
                self.check_fallback(ending)
                earlier.append(ending)
                continue
            if not reach.can_ever_hold(tree, final=None):
                self.warn(loc, f"ending `{ending.id}` can never be reached: "
                               f"{self.why_never(tree, final=None)}", "unreachable-ending", at="value")
            else:
                blockers = [tree_of(e.when) for e in earlier]
                if earlier and not reach.can_ever_hold(tree, *map(negate, blockers), final=None):
                    self.warn(loc, f"ending `{ending.id}` can never be reached: {self.shadow(tree, earlier)}",
                              "shadowed-ending", at="value")
            if ending.fallback:
                self.check_fallback(ending)
            self.check_start(ending)
            earlier.append(ending)

    def check_start(self, ending: model.Ending) -> None:
        """An ending that holds on the meters' `start` values ends the game at the first thing that happens."""
        if ending.when is None or not ending.when.evaluate(before_turn_one(self.s, 0, record=False)):
            return
        starts = ", ".join(f"`{m}` starts at {self.s.meters[m].start}" for m in sorted(ending.when.meters))
        self.warn(("endings", ending.id, "when"),
                  f"ending `{ending.id}` already holds before the first turn" + (f" ({starts})" if starts else "")
                  + ": the first rule, choice or action that leaves it holding ends the game",
                  "ending-at-start", at="value")

    def shadow(self, tree: tuple, earlier: list[model.Ending]) -> str:
        for other in earlier:
            if not self.reach.can_ever_hold(tree, negate(tree_of(other.when)), final=None):
                return (f"`{other.id}`, checked before it, holds whenever it would "
                        "(endings are checked in file order)")
        names = ", ".join(f"`{e.id}`" for e in earlier
                          if self.reach.can_ever_hold(tree, tree_of(e.when), final=None))
        return f"the endings checked before it ({names}) cover every case where it holds"

    def check_fallback(self, fallback: model.Ending) -> None:
        others = [negate(tree_of(e.when)) for e in self.s.endings.values()]
        if not self.reach.can_ever_hold(("const", True), *others, final=True):
            loc = ("endings", fallback.id, "fallback")
            self.warn(loc, f"the fallback ending `{fallback.id}` is never needed: after the last turn "
                           "an ending before it always holds", "unreachable-ending")

    def check_self_adding_effects(self) -> None:
        """`trust = "trust + 5"`: an effect is added to the meter, so this doubles it and adds 5."""
        for loc, does in _placed_consequences(self.s):
            for effect in does.effects:
                if isinstance(effect.amount, int) or effect.amount.tree is None:
                    continue
                tree, meter = effect.amount.tree, effect.meter
                adds_itself = tree == ("meter", meter) or (
                    tree[0] == "arith" and tree[1] == ("meter", meter) and all(op in "+-" for op, _ in tree[2]))
                if not adds_itself:
                    continue
                rest = effect.amount.source.strip()[len(meter):].strip()
                meant = rest[1:].strip() if rest.startswith("+") else "-" + rest[1:].strip() if rest else ""
                advice = f"so write `{meter} = {_quoted(meant)}`" if meant else "so this doubles it"
                self.warn((*loc, "effects", meter),
                          f"the effect `{meter} = \"{effect.amount.source.strip()}\"` adds `{meter}` to itself: "
                          f"an effect is the change, not the new value, {advice}",
                          "effect-adds-itself", at="value")

    def check_rules(self) -> None:
        for index, rule in enumerate(self.s.rules):
            if not self.reach.rule_turns[index]:
                tree = tree_of(rule.when)
                self.warn(("rules", index, "when"), f"rule `{rule.id}` never fires: {self.why_never(tree)}",
                          "rule-never-fires", at="value")

    def check_events(self) -> None:
        s, reach = self.s, self.reach
        scheduled = _scheduled_events(s)
        for eid, event in s.events.items():
            loc = ("events", eid)
            if event.triggered_only:
                for key in ("when", "chance", "priority", "once"):
                    if self.map.find((*loc, key)) is not None:
                        self.warn((*loc, key), f"`{key}` does nothing on triggered-only event `{eid}`: "
                                               "it is drawn on the turn it is scheduled for, whatever else holds",
                                  "ignored-key")
            if not reach.event_turns[eid]:
                if event.triggered_only:
                    if eid not in scheduled:
                        why = "nothing schedules it"
                    elif eid in reach.scheduled_too_late:
                        why = "it is scheduled only for turns after the last"
                    else:
                        why = "what schedules it can never happen"
                    self.warn((*loc, "triggered_only"), f"triggered-only event `{eid}` is never drawn: {why}",
                              "never-scheduled")
                elif event.chance <= 0:
                    self.warn((*loc, "chance"), f"event `{eid}` is never drawn: its `chance` is 0",
                              "never-drawn", at="value")
                elif s.events_per_turn == 0:
                    self.warn(loc, f"event `{eid}` is never drawn: `events_per_turn` is 0 and nothing "
                                   "schedules it", "never-drawn")
                else:
                    self.warn((*loc, "when"), f"event `{eid}` is never drawn: "
                                              f"{self.why_never(tree_of(event.when))}", "never-drawn", at="value")
                continue
            drawn = reach.event_turns[eid]
            for index, choice in enumerate(event.choices):
                if not reach.choice_turns[(eid, choice.id)]:
                    tree = tree_of(choice.requires)
                    why = self.why_never(tree, turns=drawn)
                    if self.span(drawn) not in why:  # say when the event comes, unless the reason did
                        why += f"; `{eid}` can be drawn only on {self.span(drawn)}"
                    self.warn((*loc, "choices", index, "requires"),
                              f"choice `{choice.id}` of `{eid}` is never available: {why}",
                              "unavailable-choice", at="value")
        chosen = _chosen(s)
        for eid, event in s.events.items():
            for index, choice in enumerate(event.choices):
                if choice.locked and choice.requires is None:
                    self.warn(("events", eid, "choices", index, "locked"),
                              f"choice `{choice.id}` of `{eid}` has a `locked` text but no `requires`: "
                              "it is always available, so the text is never shown", "locked-without-requires")
                if _does_nothing(choice) and (eid, choice.id) not in chosen:
                    self.warn(("events", eid, "choices", index),
                              f"choice `{choice.id}` of `{eid}` changes nothing: no effects, set, clear, "
                              "schedule or outcomes, and no condition reads `chose(...)` of it", "no-effect")

    def check_actions(self) -> None:
        s, reach = self.s, self.reach
        for aid, action in s.actions.items():
            loc = ("actions", aid)
            if s.actions_per_turn == 0:
                self.warn(loc, f"action `{aid}` is never offered: `actions_per_turn` is 0", "unavailable-action")
            elif not reach.action_turns[aid]:
                self.warn((*loc, "requires"), f"action `{aid}` is never available: "
                                              f"{self.why_never(tree_of(action.requires))}",
                          "unavailable-action", at="value")
            if action.locked and action.requires is None:
                self.warn((*loc, "locked"), f"action `{aid}` has a `locked` text but no `requires`: it is "
                                            "always available, so the text is never shown", "locked-without-requires")
            if _does_nothing(action):
                self.warn(loc, f"action `{aid}` changes nothing: no effects, set, clear, schedule or outcomes",
                          "no-effect")

    def check_flags(self) -> None:
        s = self.s
        setters = _flags_set(s)
        read = _flags_read(s)
        for flag in s.flags:
            loc = ("flags", flag)
            if flag not in setters and flag not in read:
                self.warn(loc, f"flag `{flag}` is declared but never set or read", "flag-unused")
            elif flag not in setters:
                self.warn(loc, f"flag `{flag}` is never set: no rule, choice, outcome or action sets it",
                          "flag-never-set")
            elif flag not in self.reach.flag_first:
                self.warn(loc, f"flag `{flag}` can never be set: nothing that sets it can happen",
                          "flag-never-set")
            elif flag not in read:
                self.warn(loc, f"flag `{flag}` is set but never read: no condition or effect uses it",
                          "flag-never-read")

    def check_meters(self) -> None:
        changed = _meters_changed(self.s)
        for mid in self.s.meters:
            if mid not in changed:
                self.warn(("meters", mid), f"meter `{mid}` never changes: no effect names it",
                          "meter-never-changed")

    def check_sources(self) -> None:
        """Players are told a "fact" event really happened; a teacher will ask where that comes from."""
        for eid, event in self.s.events.items():
            if event.history == "fact" and not event.sources:
                self.warn(("events", eid, "history"),
                          f"event `{eid}` is marked history = \"fact\" but cites no sources: players are told "
                          "it really happened, so say where that comes from (sources = [\"…\"])",
                          "fact-without-sources", at="value")

    def check_text(self) -> None:
        s = self.s

        def budget(loc: Path, what: str, text: str, limit: int) -> None:
            length = len(text)  # as loaded, so it agrees with tests/scenarios/test_shipped.py
            if length > limit:
                self.warn(loc, f"{what} is {length} characters, over the {limit} that fit an 80×24 screen",
                          "text-too-long")

        for eid, event in s.events.items():
            budget(("events", eid, "text"), f"the text of event `{eid}`", event.text, EVENT_TEXT_BUDGET)
            for index, choice in enumerate(event.choices):
                cloc = ("events", eid, "choices", index)
                budget((*cloc, "label"), f"the label of choice `{choice.id}`", choice.label, LABEL_BUDGET)
                budget((*cloc, "result"), f"the result of choice `{choice.id}`", choice.result, RESULT_BUDGET)
                for number, outcome in enumerate(choice.outcomes):
                    budget((*cloc, "outcomes", number, "result"),
                           f"the result of outcome {number + 1} of `{choice.id}`", outcome.result, RESULT_BUDGET)
        for aid, action in s.actions.items():
            loc = ("actions", aid)
            budget((*loc, "label"), f"the label of action `{aid}`", action.label, LABEL_BUDGET)
            budget((*loc, "result"), f"the result of action `{aid}`", action.result, RESULT_BUDGET)
            for number, outcome in enumerate(action.outcomes):
                budget((*loc, "outcomes", number, "result"),
                       f"the result of outcome {number + 1} of `{aid}`", outcome.result, RESULT_BUDGET)


# --------------------------------------------------------------------------- #
# What the file says, read syntactically


def _month(s: model.Scenario, turn: int) -> str:
    return month_name(s, turn)


def _named(tree: tuple):
    """(kind, id) of every meter, flag and event the tree names."""
    kind = tree[0]
    if kind in ("meter", "flag", "seen", "turns_since"):
        yield kind, tree[1]
    elif kind == "chose":
        yield kind, (tree[1], tree[2])
    elif kind in ("not", "neg"):
        yield from _named(tree[1])
    elif kind in ("and", "or"):
        for t in tree[1]:
            yield from _named(t)
    elif kind == "compare":
        for t in tree[2]:
            yield from _named(t)
    elif kind == "arith":
        yield from _named(tree[1])
        for _, t in tree[2]:
            yield from _named(t)
    elif kind == "call":
        for t in tree[2]:
            yield from _named(t)


def _atoms(tree: tuple) -> set[str]:
    """The time words (`turn`, `year`, `month`) a tree uses."""
    kind = tree[0]
    if kind in ("turn", "year", "month"):
        return {kind}
    found: set[str] = set()
    children = []
    if kind in ("not", "neg"):
        children = [tree[1]]
    elif kind in ("and", "or", "compare", "call"):
        children = list(tree[-1])
    elif kind == "arith":
        children = [tree[1], *(t for _, t in tree[2])]
    for child in children:
        found |= _atoms(child)
    return found


def _expressions(s: model.Scenario):
    """Every compiled expression of the scenario."""
    if s.score is not None:
        yield s.score
    for rule in s.rules:
        yield rule.when
        yield from _consequence_expressions(rule.does)
    for event in s.events.values():
        yield event.when
        for choice in event.choices:
            yield from _item_expressions(choice)
    for action in s.actions.values():
        yield from _item_expressions(action)
    for ending in s.endings.values():
        if ending.when is not None:
            yield ending.when


def _item_expressions(item):
    if item.requires is not None:
        yield item.requires
    yield from _consequence_expressions(item.does)
    for outcome in item.outcomes:
        yield from _consequence_expressions(outcome.does)


def _consequence_expressions(does: model.Consequences):
    for effect in does.effects:
        if not isinstance(effect.amount, int):
            yield effect.amount


def _all_consequences(s: model.Scenario):
    for rule in s.rules:
        yield rule.does
    items = [c for e in s.events.values() for c in e.choices] + list(s.actions.values())
    for item in items:
        yield item.does
        for outcome in item.outcomes:
            yield outcome.does


def _flags_read(s: model.Scenario) -> set[str]:
    return {name for expression in _expressions(s) if expression is not None for name in expression.flags}


def _flags_set(s: model.Scenario) -> set[str]:
    return {flag for does in _all_consequences(s) for flag in does.set}


def _meters_changed(s: model.Scenario) -> set[str]:
    return {effect.meter for does in _all_consequences(s) for effect in does.effects}


def _scheduled_events(s: model.Scenario) -> set[str]:
    return {event for does in _all_consequences(s) for event, _ in does.schedule}


def _chosen(s: model.Scenario) -> set[tuple[str, str]]:
    found = set()
    for expression in _expressions(s):
        if expression is not None and expression.tree is not None:
            found |= {ref for kind, ref in _named(expression.tree) if kind == "chose"}
    return found


def _changes_something(does: model.Consequences) -> bool:
    return bool(does.set or does.clear or does.schedule
                or any(not isinstance(e.amount, int) or e.amount != 0 for e in does.effects))


def _does_nothing(item: model.Choice | model.Action) -> bool:
    return not _changes_something(item.does) and not item.outcomes
