"""What a scenario can ever do: reasoning over its conditions without playing it.

`crossroads lint` asks questions such as "can this ending ever be reached?"
and "is this flag ever set?". Playing games only samples the answer; this
module reasons over every game at once, over-approximating what can happen:

    reach = Reach(scenario)          which rules, events, choices, actions and flag
                                     settings can happen, on which turns; meter ranges
    reach.can_ever_hold(tree, ...)   False only if the conditions can never all hold
    can_hold(tree, context)          the same, in one situation (a turn, or the judging)
    negate(tree), show(tree)         a condition's opposite; a tree written as text
    tree_of(expression)              the tree of a compiled expression (`Expression.tree`)

Values are abstracted as intervals (numbers) and sets of truth values
(conditions). Meters stay within their bounds, and within the side of their
start that their effects push them to; a flag is true only from the first turn
something that sets it can happen; an event is seen only from the first turn it
can be drawn. `and` narrows meters and turn counters by its simple comparisons
(`trust >= 50 and trust < 40` is a contradiction) and `or` is split into cases,
within a budget. "False" answers are therefore certain; "true" answers may be
optimistic, so lint stays silent where it is unsure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from game.engine import model

TRUE, FALSE, BOTH = frozenset({True}), frozenset({False}), frozenset({True, False})
INF = math.inf
_CASE_BUDGET = 64  # `or` case splits per question, so a hostile file cannot take forever

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


@dataclass
class Context:
    """One situation in which conditions are judged: a turn, whether the game
    is being judged after its last turn, and what may be true by then."""

    turn: int
    final: bool
    year: int
    month: int
    meters: dict[str, tuple[float, float]]
    flags: dict[str, frozenset]  # possible values of each flag
    seen: dict[str, int | None]  # earliest turn the event can have been drawn
    chosen: dict[tuple[str, str], int | None]  # earliest turn the choice can have been made
    # Narrowed values of atoms (meters, turns_since, flags...) within one `and`
    narrowed: dict[tuple, object] = field(default_factory=dict)

    def value(self, tree: tuple):
        """The abstract value of an atom (or None when `tree` is not an atom)."""
        if tree in self.narrowed:
            return self.narrowed[tree]
        kind = tree[0]
        if kind == "meter":
            return self.meters[tree[1]]
        if kind == "flag":
            return self.flags.get(tree[1], FALSE)
        if kind == "final":
            return TRUE if self.final else FALSE
        if kind == "seen":
            first = self.seen.get(tree[1])
            return BOTH if first is not None and first <= self.turn else FALSE
        if kind == "chose":
            first = self.chosen.get((tree[1], tree[2]))
            return BOTH if first is not None and first <= self.turn else FALSE
        if kind == "turns_since":
            first = self.seen.get(tree[1])
            if first is None or first > self.turn:
                return (-1, -1)
            return (-1, self.turn - first)
        return None


# --------------------------------------------------------------------------- #
# Abstract evaluation


def evaluate(tree: tuple, ctx: Context):
    """An interval (lo, hi) for a number, a frozenset of truth values for a condition."""
    kind = tree[0]
    if kind == "const":
        value = tree[1]
        if isinstance(value, bool):
            return frozenset({value})
        return (value, value)
    if kind == "unknown":  # an expression whose tree is not known: anything is possible
        return BOTH if tree[1] == "bool" else (-INF, INF)
    atom = ctx.value(tree)
    if atom is not None:
        return atom
    if kind == "turn":
        return (ctx.turn, ctx.turn)
    if kind == "year":
        return (ctx.year, ctx.year)
    if kind == "month":
        return (ctx.month, ctx.month)
    if kind == "not":
        inner = evaluate(tree[1], ctx)
        return frozenset(not v for v in inner)
    if kind in ("and", "or"):
        parts = [evaluate(t, ctx) for t in tree[1]]
        if kind == "and":
            can_true = all(True in p for p in parts)
            can_false = any(False in p for p in parts)
        else:
            can_true = any(True in p for p in parts)
            can_false = all(False in p for p in parts)
        return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)
    if kind == "compare":
        values = [evaluate(t, ctx) for t in tree[2]]
        pairs = [_compare(op, a, b) for op, a, b in zip(tree[1], values, values[1:])]
        can_true = all(True in p for p in pairs)
        can_false = any(False in p for p in pairs)
        return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)
    if kind == "neg":
        lo, hi = evaluate(tree[1], ctx)
        return (-hi, -lo)
    if kind == "arith":
        acc = evaluate(tree[1], ctx)
        for op, operand in tree[2]:
            try:
                acc = _arith(op, acc, evaluate(operand, ctx))
            except (OverflowError, ValueError):  # numbers too large for a float: the game gives 0
                acc = (-INF, INF)
        return acc
    if kind == "call":
        args = [evaluate(t, ctx) for t in tree[2]]
        if tree[1] == "min":
            return (min(a[0] for a in args), min(a[1] for a in args))
        if tree[1] == "max":
            return (max(a[0] for a in args), max(a[1] for a in args))
        lo, hi = args[0]
        if lo >= 0:
            return (lo, hi)
        if hi <= 0:
            return (-hi, -lo)
        return (0, max(-lo, hi))
    raise ValueError(f"unknown expression node {kind!r}")


def _compare(op: str, a, b) -> frozenset:
    if isinstance(a, frozenset):  # two conditions: only == and != apply
        equal_possible = bool(a & b)
        unequal_possible = (True in a and False in b) or (False in a and True in b)
        if op == "==":
            return frozenset(v for v, ok in ((True, equal_possible), (False, unequal_possible)) if ok)
        return frozenset(v for v, ok in ((True, unequal_possible), (False, equal_possible)) if ok)
    (alo, ahi), (blo, bhi) = a, b
    if op == "<":
        can_true, can_false = alo < bhi, ahi >= blo
    elif op == "<=":
        can_true, can_false = alo <= bhi, ahi > blo
    elif op == ">":
        can_true, can_false = ahi > blo, alo <= bhi
    elif op == ">=":
        can_true, can_false = ahi >= blo, alo < bhi
    else:
        overlap = alo <= bhi and blo <= ahi
        single = alo == ahi == blo == bhi
        can_true, can_false = (overlap, not single) if op == "==" else (not single, overlap)
    return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)


def _times(x: float, y: float) -> float:
    return 0 if x == 0 or y == 0 else x * y  # inf * 0 is 0 here, not nan


def _arith(op: str, a, b):
    (alo, ahi), (blo, bhi) = a, b
    if op == "+":
        return (alo + blo, ahi + bhi)
    if op == "-":
        return (alo - bhi, ahi - blo)
    if op == "*":
        products = [_times(x, y) for x in (alo, ahi) for y in (blo, bhi)]
        return (min(products), max(products))
    # `/`: division by zero gives 0
    if blo == bhi == 0:
        return (0, 0)
    if (blo > 0 or bhi < 0) and INF not in (abs(alo), abs(ahi), abs(blo), abs(bhi)):
        quotients = [x / y for x in (alo, ahi) for y in (blo, bhi)]
        return (min(quotients), max(quotients))
    return (-INF, INF)


# --------------------------------------------------------------------------- #
# Satisfiability: can a conjunction of conditions all hold at once?


def negate(tree: tuple) -> tuple:
    """The condition that holds exactly when `tree` does not, with `not` pushed inward."""
    kind = tree[0]
    if kind == "const":
        return ("const", not tree[1])
    if kind == "not":
        return tree[1]
    if kind == "and":
        return ("or", tuple(negate(t) for t in tree[1]))
    if kind == "or":
        return ("and", tuple(negate(t) for t in tree[1]))
    if kind == "compare":
        ops, operands = tree[1], tree[2]
        pairs = [("compare", (_NEGATE[op],), (a, b)) for op, a, b in zip(ops, operands, operands[1:])]
        return pairs[0] if len(pairs) == 1 else ("or", tuple(pairs))
    return ("not", tree)


def _conjuncts(trees) -> list[tuple]:
    out: list[tuple] = []
    for tree in trees:
        if tree[0] == "and":
            out.extend(_conjuncts(tree[1]))
        elif tree[0] == "not" and tree[1][0] in ("and", "or", "not", "compare", "const"):
            out.extend(_conjuncts([negate(tree[1])]))
        elif tree[0] == "compare" and len(tree[1]) > 1:
            ops, operands = tree[1], tree[2]
            out.extend(("compare", (op,), (a, b)) for op, a, b in zip(ops, operands, operands[1:]))
        else:
            out.append(tree)
    return out


def can_hold(tree: tuple | None, ctx: Context, *also: tuple) -> bool:
    """False only when `tree` (and every condition in `also`) can never all be
    true together in `ctx`."""
    trees = [t for t in (tree, *also) if t is not None]
    return _satisfiable(_conjuncts(trees), ctx, [_CASE_BUDGET])


def _satisfiable(items: list[tuple], ctx: Context, budget: list[int]) -> bool:
    narrowed = _narrow(items, ctx)
    if narrowed is None:
        return False
    for item in items:
        if True not in evaluate(item, narrowed):
            return False
    for index, item in enumerate(items):
        if item[0] == "or" and budget[0] > 0:
            budget[0] -= 1
            rest = items[:index] + items[index + 1:]
            return any(_satisfiable(rest + _conjuncts([case]), narrowed, budget) for case in item[1])
    return True


_NUMERIC_ATOMS = ("meter", "turns_since")
_BOOL_ATOMS = ("flag", "seen", "chose", "final")


def _narrow(items: list[tuple], ctx: Context) -> Context | None:
    """`ctx` with atoms narrowed by the simple facts among `items`; None if they contradict."""
    narrowed = dict(ctx.narrowed)
    here = Context(ctx.turn, ctx.final, ctx.year, ctx.month, ctx.meters, ctx.flags, ctx.seen, ctx.chosen,
                   narrowed)
    for _ in range(8):  # to a fixed point, e.g. `a < b and b < 10`
        changed = False
        for item in items:
            kind = item[0]
            if kind in _BOOL_ATOMS or (kind == "not" and item[1][0] in _BOOL_ATOMS):
                atom, wanted = (item, True) if kind != "not" else (item[1], False)
                possible = here.value(atom)
                if wanted not in possible:
                    return None
                if possible != frozenset({wanted}):
                    narrowed[atom] = frozenset({wanted})
                    changed = True
            elif kind == "compare":
                (op,), (left, right) = item[1], item[2]
                for atom, other, relation in ((left, right, op), (right, left, _FLIP[op])):
                    if atom[0] not in _NUMERIC_ATOMS:
                        continue
                    bound = evaluate(other, here)
                    if not isinstance(bound, tuple):
                        continue
                    lo, hi = here.value(atom)
                    new_lo, new_hi = _restrict(lo, hi, relation, bound)
                    if new_lo > new_hi:
                        return None
                    if (new_lo, new_hi) != (lo, hi):
                        narrowed[atom] = (new_lo, new_hi)
                        changed = True
        if not changed:
            break
    return here


def _restrict(lo: float, hi: float, relation: str, bound: tuple[float, float]) -> tuple[float, float]:
    """The integers in lo..hi that can stand in `relation` to some value in `bound`."""
    blo, bhi = bound
    if relation == "<":
        hi = min(hi, math.ceil(bhi) - 1) if bhi != INF else hi
    elif relation == "<=":
        hi = min(hi, math.floor(bhi)) if bhi != INF else hi
    elif relation == ">":
        lo = max(lo, math.floor(blo) + 1) if blo != -INF else lo
    elif relation == ">=":
        lo = max(lo, math.ceil(blo)) if blo != -INF else lo
    elif relation == "==":
        if bhi != INF:
            hi = min(hi, math.floor(bhi))
        if blo != -INF:
            lo = max(lo, math.ceil(blo))
    return lo, hi


# --------------------------------------------------------------------------- #
# What can happen in a scenario


class Reach:
    """Which parts of a scenario can ever happen, and from which turn.

    Computed as a least fixed point: start from nothing having happened and
    add whatever the facts so far allow, until nothing more can be added.
    """

    def __init__(self, scenario: model.Scenario) -> None:
        self.scenario = scenario
        s = scenario
        self.turns = range(1, s.turns + 1)
        self.meters = {mid: (m.start, m.start) for mid, m in s.meters.items()}
        self.flag_first: dict[str, int] = {}  # flag -> earliest turn it can be set
        self.event_turns: dict[str, set[int]] = {eid: set() for eid in s.events}
        self.choice_turns: dict[tuple[str, str], set[int]] = {
            (eid, c.id): set() for eid, e in s.events.items() for c in e.choices}
        self.action_turns: dict[str, set[int]] = {aid: set() for aid in s.actions}
        self.rule_turns: list[set[int]] = [set() for _ in s.rules]
        # (event, turn) pairs scheduled beyond the last turn, for messages
        self.scheduled_too_late: set[str] = set()
        self._dates = {t: s.date_of(t) for t in self.turns}
        self._reads: dict[int, tuple] = {}  # id(tree) -> what the condition reads (see _reads)
        self._memo: dict[tuple, bool] = {}
        self._done: set[tuple[int, int]] = set()  # (id of a Consequences, turn) already applied
        self._solve()

    # -- contexts --------------------------------------------------------------

    def context(self, turn: int, final: bool = False) -> Context:
        date = self._dates[turn]
        flags = {f: (BOTH if first <= turn else FALSE) for f, first in self.flag_first.items()}
        seen = {e: min(ts) for e, ts in self.event_turns.items() if ts}
        chosen = {k: min(ts) for k, ts in self.choice_turns.items() if ts}
        return Context(turn, final, date.year, date.month, dict(self.meters), flags, seen, chosen)

    def contexts(self, *, final: bool) -> list[Context]:
        """Every turn during play, or the judging after the last turn."""
        if final:
            return [self.context(self.scenario.turns, final=True)]
        return [self.context(t) for t in self.turns]

    def can_ever_hold(self, tree: tuple | None, *also: tuple, turns=None, final: bool | None = False) -> bool:
        """Whether the conditions can all hold on some turn in `turns` (default: any),
        during play (final=False), when judged at the end (True) or either (None)."""
        for ctx in self._contexts(turns, final):
            if can_hold(tree, ctx, *also):
                return True
        return False

    def _contexts(self, turns, final):
        wanted = self.turns if turns is None else sorted(turns)
        if final is not True:
            yield from (self.context(t) for t in wanted)
        if final is not False:
            yield self.context(self.scenario.turns, final=True)

    # -- the fixed point ---------------------------------------------------------

    def _solve(self) -> None:
        s = self.scenario
        self._changed = True
        while self._changed:
            self._changed = False
            contexts = {t: self.context(t) for t in self.turns}
            for t, ctx in contexts.items():
                for index, rule in enumerate(s.rules):
                    if t not in self.rule_turns[index] and self._holds(tree_of(rule.when), ctx):
                        self._add(self.rule_turns[index], t)
                    if t in self.rule_turns[index]:
                        self._does(rule.does, ctx)
                if s.events_per_turn > 0:
                    for eid, event in s.events.items():
                        if (not event.triggered_only and event.chance > 0 and t not in self.event_turns[eid]
                                and self._holds(tree_of(event.when), ctx)):
                            self._add(self.event_turns[eid], t)
                if s.actions_per_turn > 0:
                    for aid, action in s.actions.items():
                        if t not in self.action_turns[aid] and self._holds(tree_of(action.requires), ctx):
                            self._add(self.action_turns[aid], t)
                        if t in self.action_turns[aid]:
                            self._takes(action, ctx)
            for eid, event in s.events.items():
                for t in sorted(self.event_turns[eid]):
                    ctx = contexts[t]
                    for choice in event.choices:
                        turns = self.choice_turns[(eid, choice.id)]
                        if t not in turns and self._holds(tree_of(choice.requires), ctx):
                            self._add(turns, t)
                        if t in turns:
                            self._takes(choice, ctx)

    def _holds(self, tree: tuple | None, ctx: Context) -> bool:
        """can_hold(tree, ctx), remembered by the facts the condition reads, so that a
        condition is worked out once for all turns (and rounds) on which they are the same."""
        if tree is None:
            return True
        reads = self._reads.get(id(tree))
        if reads is None:
            reads = self._reads[id(tree)] = _reads(tree)
        timed, dates, meters, flags, seen, since, chosen = reads
        key = (id(tree), ctx.final, ctx.turn if timed else tuple(evaluate(d, ctx) for d in dates),
               tuple(ctx.meters[m] for m in meters), tuple(ctx.flags.get(f, FALSE) for f in flags),
               tuple(ctx.value(("seen", e)) for e in seen), tuple(ctx.seen.get(e) for e in since),
               tuple(ctx.value(("chose", *c)) for c in chosen))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = can_hold(tree, ctx)
        return found

    def _add(self, turns: set[int], turn: int) -> None:
        if turn not in turns:
            turns.add(turn)
            self._changed = True

    def _takes(self, item: model.Choice | model.Action, ctx: Context) -> None:
        self._does(item.does, ctx)
        for outcome in item.outcomes:
            if outcome.weight > 0:
                self._does(outcome.does, ctx)

    def _does(self, does: model.Consequences, ctx: Context) -> None:
        # Literal effects, flags and schedules do the same each time on a turn: once is enough.
        # An expression's effect may grow with what is known, so those are worked out again.
        done = (id(does), ctx.turn)
        if done in self._done:
            for effect in does.effects:
                if not isinstance(effect.amount, int):
                    self._effect(effect, ctx)
            return
        self._done.add(done)
        for effect in does.effects:
            self._effect(effect, ctx)
        for flag in does.set:
            if self.flag_first.get(flag, INF) > ctx.turn:
                self.flag_first[flag] = ctx.turn
                self._changed = True
        for event_id, later in does.schedule:
            when = ctx.turn + later
            if when > self.scenario.turns:
                self.scheduled_too_late.add(event_id)
            else:
                self._add(self.event_turns[event_id], when)

    def _effect(self, effect: model.Effect, ctx: Context) -> None:
        """Widen the meter's range to the side(s) the effect can push it."""
        if isinstance(effect.amount, int):
            lo = hi = effect.amount
        else:
            lo, hi = evaluate(tree_of(effect.amount), ctx)
        meter = self.scenario.meters[effect.meter]
        low, high = self.meters[effect.meter]
        if hi >= 0.5 and high < meter.max:  # rounds to an increase
            high = meter.max
        if lo <= -0.5 and low > meter.min:
            low = meter.min
        if (low, high) != self.meters[effect.meter]:
            self.meters[effect.meter] = (low, high)
            self._changed = True


def _reads(tree: tuple) -> tuple:
    """What a condition's value can depend on, so that equal facts give an equal answer:
    (whether it reads the turn itself, the comparisons of dates alone such as `turn >= 3`
    that stand for it otherwise, meters, flags, events seen, events counted by
    turns_since, choices made)."""
    timed, dates, meters, flags, seen, since, chosen = False, set(), set(), set(), set(), set(), set()
    stack = [tree]
    while stack:
        node = stack.pop()
        kind = node[0]
        if kind == "compare" and all(_date_only(t) for t in node[2]):
            dates.add(node)  # true or false on a turn, whatever else holds: its value stands for the turn
        elif kind in ("turn", "year", "month"):
            timed = True
        elif kind == "turns_since":
            timed = True
            since.add(node[1])
        elif kind == "meter":
            meters.add(node[1])
        elif kind == "flag":
            flags.add(node[1])
        elif kind == "seen":
            seen.add(node[1])
        elif kind == "chose":
            chosen.add((node[1], node[2]))
        elif kind in ("not", "neg"):
            stack.append(node[1])
        elif kind in ("and", "or", "compare", "call"):
            stack.extend(node[-1])
        elif kind == "arith":
            stack.append(node[1])
            stack.extend(t for _, t in node[2])
    return (timed, tuple(sorted(dates, key=repr)), tuple(sorted(meters)), tuple(sorted(flags)),
            tuple(sorted(seen)), tuple(sorted(since)), tuple(sorted(chosen)))


def _date_only(tree: tuple) -> bool:
    """Whether a number is computed from the turn, year, month and constants alone."""
    kind = tree[0]
    if kind in ("turn", "year", "month", "const"):
        return True
    if kind == "neg":
        return _date_only(tree[1])
    if kind == "call":
        return all(_date_only(t) for t in tree[2])
    if kind == "arith":
        return _date_only(tree[1]) and all(_date_only(t) for _, t in tree[2])
    return False


def tree_of(expression) -> tuple | None:
    """The tree of a compiled expression; None (no condition) for a missing one."""
    if expression is None:
        return None
    return expression.tree if expression.tree is not None else ("unknown", expression.kind)



# --------------------------------------------------------------------------- #
# Words: an expression tree shown as the author would write it

_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "compare": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}


def show(tree: tuple, parent: int = 0) -> str:
    kind = tree[0]
    if kind == "const":
        value = tree[1]
        text = ("true" if value else "false") if isinstance(value, bool) else repr(value)
        return text
    if kind in ("meter", "flag"):
        return tree[1]
    if kind in ("turn", "year", "month", "final"):
        return kind
    if kind in ("seen", "turns_since"):
        return f"{kind}({tree[1]})"
    if kind == "chose":
        return f"chose({tree[1]}, {tree[2]})"
    if kind == "call":
        return f"{tree[1]}(" + ", ".join(show(t) for t in tree[2]) + ")"
    if kind == "not":
        text, level = f"not {show(tree[1], 3)}", 3
    elif kind in ("and", "or"):
        level = _PRECEDENCE[kind]
        text = f" {kind} ".join(show(t, level + 1) for t in tree[1])
    elif kind == "compare":
        level = 4
        text = show(tree[2][0], 5)
        for op, operand in zip(tree[1], tree[2][1:]):
            text += f" {op} {show(operand, 5)}"
    elif kind == "neg":
        text, level = f"-{show(tree[1], 7)}", 7
    elif kind == "arith":
        ops = [op for op, _ in tree[2]]
        level = 6 if all(op in "*/" for op in ops) else 5
        text = show(tree[1], level)
        for op, operand in tree[2]:
            text += f" {op} {show(operand, level + 1)}"
    else:
        raise ValueError(f"unknown expression node {kind!r}")
    return f"({text})" if level < parent else text
