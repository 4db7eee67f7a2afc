"""`reach` never calls possible things impossible: over random scenarios and
seeds, everything that happens in a played game (rules fired, events drawn,
choices made, actions taken, flags set, meter values, the ending reached) is
within what `Reach` says can happen, and lint does not call the ending reached
unreachable. Also: an expression's tree computes what its closure computes."""

from __future__ import annotations

import operator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import load_scenario_bytes, new_game
from game.engine.expressions import Calendar, ExpressionError, NameTable, compile_expression
from game.engine.policies import POLICIES, play
from game.tools.lint import lint_source
from game.tools.reach import Reach

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

OPS = ["<", "<=", ">", ">=", "==", "!="]


@st.composite
def conditions(draw, depth: int = 0) -> str:
    atoms = [
        st.builds(lambda m, op, k: f"{m} {op} {k}", st.sampled_from(["a", "b"]), st.sampled_from(OPS),
                  st.sampled_from([-1, 0, 5, 10, 20, 21])),
        st.builds(lambda op, k: f"turn {op} {k}", st.sampled_from(OPS), st.integers(0, 7)),
        st.builds(lambda k: f"month == {k}", st.integers(1, 12)),
        st.builds(lambda op, k: f"a + b {op} {k}", st.sampled_from(OPS), st.integers(0, 40)),
        st.builds(lambda op, k: f"turns_since(e0) {op} {k}", st.sampled_from(OPS), st.integers(-1, 3)),
        st.sampled_from(["f", "not g", "g", "seen(e1)", "final", "not final", "chose(e0, c0)", "a < b"]),
    ]
    if depth >= 2 or draw(st.booleans()):
        return draw(st.one_of(atoms))
    left, right = draw(conditions(depth + 1)), draw(conditions(depth + 1))
    joiner = draw(st.sampled_from(["and", "or"]))
    text = f"({left} {joiner} {right})"
    return f"not {text}" if draw(st.booleans()) and depth else text


@st.composite
def scenarios(draw) -> str:
    def cond():
        return draw(conditions())

    def effects():
        return "{ " + ", ".join(f"{m} = {draw(st.sampled_from([-5, 5, 10]))}" for m in ("a", "b")
                                if draw(st.booleans())) + " }"

    amax = draw(st.integers(10, 20))
    lines = [
        "format = 1", "[scenario]", 'id = "gen"', 'title = "Generated"', 'summary = "."',
        f"start = 2015-{draw(st.integers(1, 12)):02d}-01", f"turns = {draw(st.integers(1, 6))}",
        f"events_per_turn = {draw(st.integers(1, 2))}",
        "[meters.a]", 'label = "A"', f"start = {draw(st.sampled_from([0, 5, 10]))}", f"max = {amax}",
        "[meters.b]", 'label = "B"', f"start = {draw(st.sampled_from([0, 5, 10]))}", "min = 0", "max = 20",
        "[flags]", 'f = "F"', 'g = "G"',
        "[[rules]]", 'id = "r0"', f'when = "{cond()}"', f"effects = {effects()}",
    ]
    for e in range(3):
        lines += [f"[events.e{e}]", f'title = "E{e}"', 'text = "."', f'when = "{cond()}"',
                  f"triggered_only = {'true' if e == 2 and draw(st.booleans()) else 'false'}",
                  f"once = {'true' if draw(st.booleans()) else 'false'}",
                  f"chance = {draw(st.sampled_from([1.0, 0.5]))}"]
        for c in range(2):
            flag = draw(st.sampled_from(["f", "g"]))
            lines += [f"[[events.e{e}.choices]]", f'id = "c{c}"', f'label = "C{c}"',
                      f'requires = "{cond()}"', f"effects = {effects()}",
                      f'set = ["{flag}"]' if draw(st.booleans()) else f'clear = ["{flag}"]',
                      f'schedule = [{{ event = "e2", in = {draw(st.integers(1, 3))} }}]'
                      if draw(st.booleans()) else ""]
    lines += ["[actions.act]", 'label = "Act"', f'requires = "{cond()}"', f"effects = {effects()}",
              f'set = ["{draw(st.sampled_from(["f", "g"]))}"]']
    for n in range(3):
        lines += [f"[endings.end{n}]", 'title = "End"', 'kind = "draw"', 'text = "."', f'when = "{cond()}"']
    lines += ["[endings.fallback]", 'title = "F"', 'kind = "draw"', 'text = "."', "fallback = true"]
    return "\n".join(lines) + "\n"


@SETTINGS
@given(text=scenarios(), seeds=st.lists(st.integers(0, 2**31), min_size=1, max_size=4),
       policy=st.sampled_from(["random", "first"]))
def test_what_happens_in_play_is_within_what_reach_allows(text, seeds, policy):
    scenario = load_scenario_bytes(text.encode(), "gen.toml")
    reach = Reach(scenario)
    unreachable = {w.message.split("`")[1] for w in lint_source(text.encode(), "gen.toml")
                   if w.code in ("unreachable-ending", "shadowed-ending")}
    for seed in seeds:
        state = new_game(scenario, seed)
        for state in play(state, POLICIES[policy], []):
            for mid, value in state.meters.items():
                lo, hi = reach.meters[mid]
                assert lo <= value <= hi, (mid, value)
        for note in state.timeline:
            if note.kind == "event":
                assert note.turn in reach.event_turns[note.source], note
            elif note.kind == "rule":
                index = [r.id for r in scenario.rules].index(note.source)
                assert note.turn in reach.rule_turns[index], note
        for decision in state.decisions:
            if decision.kind == "event":
                assert decision.turn in reach.choice_turns[(decision.id, decision.choice)], decision
            elif decision.kind == "action":
                assert decision.turn in reach.action_turns[decision.id], decision
        for change in state.changes:
            if change.target in scenario.flags and change.after is True:
                assert reach.flag_first[change.target] <= change.turn, change
        assert state.ending not in unreachable


@st.composite
def numbers(draw, depth: int = 0) -> str:
    atoms = st.sampled_from(["a", "b", "turn", "year", "month", "turns", "2", "0", "3.5", "turns_since(e)"])
    if depth >= 3 or draw(st.booleans()):
        return draw(atoms)
    kind = draw(st.sampled_from(["+", "-", "*", "/", "neg", "min", "max", "abs"]))
    x, y = draw(numbers(depth + 1)), draw(numbers(depth + 1))
    if kind == "neg":
        return f"-({x})"
    if kind in ("min", "max"):
        return f"{kind}({x}, {y}, 1)"
    if kind == "abs":
        return f"abs({x})"
    return f"({x} {kind} {y})"


@st.composite
def bools(draw, depth: int = 0) -> str:
    if depth >= 2 or draw(st.booleans()):
        return draw(st.one_of(
            st.builds(lambda x, op, y: f"{x} {op} {y}", numbers(), st.sampled_from(OPS), numbers()),
            st.builds(lambda x, y, z: f"{x} < {y} <= {z}", numbers(), numbers(), numbers()),
            st.sampled_from(["f", "final", "seen(e)", "chose(e, c)", "true", "false", "f == final"]),
        ))
    x, y = draw(bools(depth + 1)), draw(bools(depth + 1))
    return draw(st.sampled_from([f"({x} and {y})", f"({x} or {y})", f"not ({x})"]))


class _State:
    def __init__(self, a, b, turn, final, flag, seen_at):
        self.meters = {"a": a, "b": b}
        self.flags = {"f"} if flag else set()
        self.turn, self.final = turn, final
        self.seen = {"e": seen_at} if seen_at is not None else {}
        self.chosen = {("e", "c")} if seen_at is not None else set()


def _concrete(tree, c, calendar):
    """What a tree computes on a state, written plainly (the reference for the closures)."""
    kind = tree[0]
    if kind == "const":
        return tree[1]
    if kind == "meter":
        return c.meters[tree[1]]
    if kind == "flag":
        return tree[1] in c.flags
    if kind == "turn":
        return c.turn
    if kind in ("year", "month"):
        months = calendar.start_month - 1 + calendar.months_per_turn * (c.turn - 1)
        return calendar.start_year + months // 12 if kind == "year" else months % 12 + 1
    if kind == "final":
        return c.final
    if kind == "seen":
        return tree[1] in c.seen
    if kind == "chose":
        return (tree[1], tree[2]) in c.chosen
    if kind == "turns_since":
        return c.turn - c.seen[tree[1]] if tree[1] in c.seen else -1
    if kind == "not":
        return not _concrete(tree[1], c, calendar)
    if kind == "and":
        return all(_concrete(t, c, calendar) for t in tree[1])
    if kind == "or":
        return any(_concrete(t, c, calendar) for t in tree[1])
    if kind == "neg":
        return -_concrete(tree[1], c, calendar)
    if kind == "compare":
        values = [_concrete(t, c, calendar) for t in tree[2]]
        ops = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
               "!=": operator.ne}
        return all(ops[op](x, y) for op, x, y in zip(tree[1], values, values[1:]))
    if kind == "arith":
        value = _concrete(tree[1], c, calendar)
        for op, t in tree[2]:
            other = _concrete(t, c, calendar)
            value = {"+": operator.add, "-": operator.sub, "*": operator.mul}[op](value, other) if op != "/" \
                else (value / other if other else 0)
        return value
    if kind == "call":
        args = [_concrete(t, c, calendar) for t in tree[2]]
        return {"min": min, "max": max}[tree[1]](args) if tree[1] != "abs" else abs(args[0])
    raise AssertionError(kind)


NAMES = NameTable(meters=frozenset({"a", "b"}), flags=frozenset({"f"}), events={"e": frozenset({"c"})})


@settings(max_examples=300, deadline=None)
@given(source=st.one_of(bools(), numbers()), a=st.integers(-5, 30), b=st.integers(-5, 30),
       turn=st.integers(1, 30), final=st.booleans(), flag=st.booleans(),
       seen=st.one_of(st.none(), st.integers(1, 30)), start_month=st.integers(1, 12), step=st.integers(1, 4))
def test_an_expressions_tree_computes_what_its_closure_computes(source, a, b, turn, final, flag, seen,
                                                                start_month, step):
    calendar = Calendar(2015, start_month, step, 24)
    state = _State(a, b, turn, final, flag, None if seen is None else min(seen, turn))
    compiled = 0
    for kind in ("bool", "number"):  # the source is one or the other
        try:
            expression = compile_expression(source, NAMES, calendar, expect=kind)
        except ExpressionError:
            continue
        compiled += 1
        assert _concrete(expression.tree, state, calendar) == expression.evaluate(state), expression.tree
    assert compiled == 1
