"""Author expressions: what a scenario author sees when writing `when`, `requires`,
effects and scores. Nothing here evaluates Python source either: the reference
evaluator in the property tests walks its own trees."""

from __future__ import annotations

import math
import pickle
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from game.engine.expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    Calendar,
    Expression,
    ExpressionError,
    NameTable,
    compile_expression,
)

NAMES = NameTable(
    meters=frozenset({"trust", "alliance", "threat", "treaty"}),
    flags=frozenset({"bmd", "sanctions", "summit"}),
    events={
        "guidelines": frozenset({"embrace", "refuse"}),
        "moscow_reacts": frozenset({"protest", "shrug"}),
        "quiet_year": frozenset(),
    },
)
# Turn 1 is November 2015; three months a turn, so turn 2 is already 2016.
CALENDAR = Calendar(start_year=2015, start_month=11, months_per_turn=3, turns=24)


@dataclass
class Ctx:
    meters: Mapping[str, int] = field(
        default_factory=lambda: {"trust": 40, "alliance": 70, "threat": 10, "treaty": 0}
    )
    flags: frozenset[str] = frozenset({"bmd"})
    turn: int = 3
    final: bool = False
    seen: Mapping[str, int] = field(default_factory=lambda: {"guidelines": 1})
    chosen: frozenset[tuple[str, str]] = frozenset({("guidelines", "embrace")})


def build(source, expect="number", calendar=CALENDAR):
    return compile_expression(source, NAMES, calendar, expect=expect)


def value(source, expect="number", calendar=CALENDAR, **ctx):
    return build(source, expect, calendar).evaluate(Ctx(**ctx))


def error(source, expect="number") -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        build(source, expect)
    return info.value


def meters(**values):
    base = {"trust": 40, "alliance": 70, "threat": 10, "treaty": 0}
    base.update(values)
    return base


# --------------------------------------------------------------------------- #
# Precedence and evaluation


@pytest.mark.parametrize(
    "source, expected",
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),  # left to right
        ("12 / 3 / 2", 2.0),
        ("2 * 3 - 4 * 5", -14),
        ("-2 * 3", -6),
        ("2 * -3", -6),
        ("- 2 - -3", 1),
        ("-trust * 2", -80),
        ("+trust", 40),
        ("--trust", 40),
        ("trust - threat * 2", 20),
        ("-6 - threat / 20", -6.5),
    ],
)
def test_arithmetic_follows_python_precedence(source, expected):
    result = value(source)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("a", [False, True])
@pytest.mark.parametrize("b", [False, True])
@pytest.mark.parametrize("c", [False, True])
def test_not_binds_tighter_than_and_which_binds_tighter_than_or(a, b, c):
    flags = frozenset(name for name, on in (("bmd", a), ("sanctions", b), ("summit", c)) if on)
    assert value("not bmd and sanctions", "bool", flags=flags) is ((not a) and b)
    assert value("bmd or sanctions and summit", "bool", flags=flags) is (a or (b and c))
    assert value("(bmd or sanctions) and summit", "bool", flags=flags) is ((a or b) and c)
    assert value("not bmd == sanctions", "bool", flags=flags) is (not (a == b))


def test_not_applies_to_a_whole_comparison():
    assert value("not trust > 50", "bool", meters=meters(trust=40)) is True
    assert value("not trust + 20 > 50", "bool", meters=meters(trust=40)) is False


@pytest.mark.parametrize("trust, expected", [(-1, False), (0, False), (1, True), (49, True), (50, False)])
def test_comparisons_chain_like_python(trust, expected):
    assert value("0 < trust < 50", "bool", meters=meters(trust=trust)) is expected


def test_longer_chains_and_mixed_operators():
    assert value("1 < 2 > 1", "bool") is True
    assert value("1 < 2 < 3 <= 3 != 4", "bool") is True
    assert value("1 < 2 < 3 < 3", "bool") is False
    assert value("trust == trust == 40", "bool") is True
    assert value("threat < trust < alliance < 100", "bool") is True


class CountingMeters(dict):
    def __init__(self, *args):
        super().__init__(*args)
        self.reads: dict[str, int] = {}

    def __getitem__(self, key):
        self.reads[key] = self.reads.get(key, 0) + 1
        return super().__getitem__(key)


def test_each_operand_of_a_chain_is_evaluated_once():
    counting = CountingMeters(meters())
    expr = build("threat < trust * 1 < alliance < treaty + 100", "bool")
    assert expr.evaluate(Ctx(meters=counting)) is True
    assert counting.reads == {"threat": 1, "trust": 1, "alliance": 1, "treaty": 1}


def test_chains_stop_at_the_first_false_comparison():
    counting = CountingMeters(meters(trust=0))
    assert build("1 < trust < alliance", "bool").evaluate(Ctx(meters=counting)) is False
    assert "alliance" not in counting.reads


@pytest.mark.parametrize(
    "source", ["trust / 0", "trust / 0.0", "trust / (alliance - alliance)", "1 / (trust - 40)", "0 / 0"]
)
def test_division_by_zero_gives_zero(source):
    assert value(source) == 0


def test_division_is_true_division():
    assert value("7 / 2") == 3.5
    assert value("trust / 16") == 2.5
    assert value("trust / 0 * 5 + 1") == 1


def test_decimals_and_booleans():
    assert value("0.5") == 0.5
    assert value("12.25 * 4") == 49.0
    assert value("true", "bool") is True
    assert value("false", "bool") is False
    assert value("007") == 7


def test_and_or_short_circuit_and_return_bools():
    assert value("bmd and trust > 5", "bool") is True
    assert value("sanctions or trust > 5", "bool") is True
    assert value("sanctions or false", "bool") is False
    counting = CountingMeters(meters())
    assert build("sanctions and trust > 5", "bool").evaluate(Ctx(meters=counting)) is False
    assert build("bmd or trust > 5", "bool").evaluate(Ctx(meters=counting)) is True
    assert counting.reads == {}


def test_equality_of_conditions():
    assert value("bmd == true", "bool") is True
    assert value("bmd == sanctions", "bool") is False
    assert value("sanctions == summit", "bool") is True
    assert value("bmd != sanctions", "bool") is True
    assert value("(trust > 5) == bmd", "bool") is True
    assert value("(trust > 50) == (alliance > 50)", "bool") is False


def test_whitespace_between_tokens_is_ignored():
    assert value("\n\ttrust\n>=\t40\r\n and\nbmd  ", "bool") is True
    assert value("min (trust,alliance)") == 40


# --------------------------------------------------------------------------- #
# Names and functions


def test_meters_and_flags_are_read_from_the_context():
    assert value("trust + alliance", meters=meters(trust=3, alliance=4)) == 7
    assert value("summit", "bool", flags=frozenset({"summit"})) is True
    assert value("summit", "bool", flags=frozenset()) is False


def test_turn_turns_and_final():
    assert value("turn", turn=7) == 7
    assert value("turns") == 24
    assert value("turns - turn", turn=20) == 4
    assert value("final", "bool", final=True) is True
    assert value("not final", "bool", final=False) is True


@pytest.mark.parametrize(
    "turn, year, month",
    [(1, 2015, 11), (2, 2016, 2), (3, 2016, 5), (4, 2016, 8), (5, 2016, 11), (6, 2017, 2), (24, 2021, 8)],
)
def test_year_and_month_cross_year_boundaries(turn, year, month):
    assert value("year", turn=turn) == year
    assert value("month", turn=turn) == month


def test_year_and_month_with_one_month_turns():
    calendar = Calendar(start_year=2015, start_month=5, months_per_turn=1, turns=24)
    assert [value("month", calendar=calendar, turn=t) for t in (1, 8, 9, 20)] == [5, 12, 1, 12]
    assert [value("year", calendar=calendar, turn=t) for t in (1, 8, 9, 20, 21)] == [
        2015, 2015, 2016, 2016, 2017,
    ]
    assert value("year == 2016 and month >= 6", "bool", calendar=calendar, turn=14) is True


def test_min_max_abs():
    assert value("min(trust, alliance)") == 40
    assert value("max(trust, alliance)") == 70
    assert value("min(trust, alliance, threat, 50)") == 10
    assert value("max(trust, alliance, threat, 50)") == 70
    assert value("abs(trust - alliance)") == 30
    assert value("abs(-2.5)") == 2.5
    assert value("max(0, min(100, trust * 3))") == 100


def test_seen_chose_and_turns_since():
    ctx = dict(turn=5, seen={"guidelines": 2}, chosen=frozenset({("guidelines", "refuse")}))
    assert value("seen(guidelines)", "bool", **ctx) is True
    assert value("seen(moscow_reacts)", "bool", **ctx) is False
    assert value("chose(guidelines, refuse)", "bool", **ctx) is True
    assert value("chose(guidelines, embrace)", "bool", **ctx) is False
    assert value("turns_since(guidelines)", **ctx) == 3
    assert value("turns_since(moscow_reacts)", **ctx) == -1
    assert value("turns_since(guidelines) >= 3 and not chose(guidelines, embrace)", "bool", **ctx)


def test_ids_inside_event_functions_are_event_and_choice_ids_not_values():
    # `turn` and `trust` are values elsewhere; inside seen() only events count.
    names = NameTable(
        meters=frozenset({"trust"}), flags=frozenset(), events={"trust": frozenset({"turn"})}
    )
    expr = compile_expression("chose(trust, turn) and trust > 1", names, CALENDAR, expect="bool")
    assert expr.evaluate(Ctx(meters={"trust": 2}, chosen=frozenset({("trust", "turn")}))) is True


def test_expression_reports_what_it_reads():
    expr = build("bmd and trust > 5 or seen(guidelines) and chose(moscow_reacts, shrug) "
                    "or turns_since(quiet_year) > alliance", "bool")
    assert isinstance(expr, Expression)
    assert expr.kind == "bool"
    assert expr.source.startswith("bmd and")
    assert expr.meters == {"trust", "alliance"}
    assert expr.flags == {"bmd"}
    assert expr.events == {"guidelines", "moscow_reacts", "quiet_year"}
    number = build("treaty + alliance / 2 + trust / 2")
    assert number.kind == "number"
    assert (number.meters, number.flags, number.events) == ({"treaty", "alliance", "trust"}, set(), set())


def test_constant_expressions_evaluate_without_a_context():
    assert build("(1 + 2) * max(3, 4) / 2").evaluate(None) == 6.0
    assert build("turns > 12 and not false", "bool").evaluate(None) is True


def test_huge_numbers_never_crash_evaluation():
    big = "1" + "0" * 400
    assert value(f"{big} / 3") == 0  # too large for a float: no finite answer
    assert value(f"trust * {big} / 3") == 0
    assert value(f"{big}.0 * 2") == 0  # infinity
    assert value(f"{big}.0 - {big}.0") == 0  # not a number
    assert value(f"trust + {big}.0 > 5", "bool") is True
    assert value(f"{big} * trust / 3 > 5", "bool") is False
    assert value(f"{big} * {big}") == 10**800  # integers stay exact


# The commonest shapes of and/or are evaluated in one step: each way each can come out.
# (Ctx: trust 40, threat 10, flags {bmd}.)
SHAPES = [
    ("trust > 30 and threat < 20", True), ("trust > 50 and threat < 20", False),
    ("trust > 30 and threat < 5", False), ("trust > 30 or threat > 20", True),
    ("trust > 50 or threat < 20", True), ("trust > 50 or threat > 20", False),
    ("bmd and trust > 30", True), ("bmd and trust > 50", False), ("summit and trust > 30", False),
    ("not summit and trust > 30", True), ("not summit and trust > 50", False), ("not bmd and trust > 30", False),
    ("bmd or trust > 50", True), ("summit or trust > 30", True), ("summit or trust > 50", False),
    ("not bmd or trust > 30", True), ("not bmd or trust > 50", False), ("not summit or trust > 50", True),
    ("trust > 50 or bmd", True), ("trust > 30 and not bmd", False), ("threat == 10 and trust != 40", False),
    ("threat <= 10 and trust >= 40", True),
]


@pytest.mark.parametrize(("source", "expected"), SHAPES)
def test_common_and_or_shapes_have_their_values(source, expected):
    assert value(source, "bool") is expected


def test_flags_tested_first_never_change_a_value():
    big = "1" + "0" * 400
    # An overflow makes the whole condition false, whichever flag comes after it.
    assert value(f"{big} * trust / 3 > 5 or bmd", "bool") is False
    assert value(f"not ({big} * trust / 3 > 5 and summit)", "bool") is False
    # Without such arithmetic the order of `and` and `or` parts is free.
    assert value("trust > 100 or bmd", "bool") is True
    assert value("not (trust > 100 and summit)", "bool") is True
    assert value("trust < 100 and not summit and bmd", "bool") is True


# --------------------------------------------------------------------------- #
# Errors: each at the offending token, with a hint where it helps

ERRORS = [
    # (source, expect, offset, message, hint or None)
    ("", "bool", 0, "empty expression", "trust >= 50"),
    ("   \n ", "number", 0, "empty expression", None),
    ("trust > $", "bool", 8, "unexpected character `$`", None),
    ('seen("guidelines")', "bool", 5, 'unexpected character `"`', "write ids bare"),
    ('month == "March"', "bool", 9, 'unexpected character `"`', "months as numbers, e.g. `month == 3`"),
    ("trust = 50", "bool", 6, "unexpected character `=`", "use `==`"),
    ("trust => 50", "bool", 6, "unexpected `=>`", "did you mean `>=`?"),
    ("bmd && summit", "bool", 4, "unexpected `&&`", "use `and`"),
    ("bmd || summit", "bool", 4, "unexpected `||`", "use `or`"),
    ("!bmd", "bool", 0, "unexpected character `!`", "use `not`"),
    ("trust ** 2", "number", 6, "unexpected `**`", "multiply"),
    (".5 * trust", "number", 0, "`.5` needs a digit before the point", "write `0.5`"),
    ("trust * 5.", "number", 8, "`5.` needs a digit after the point", "write `5.0` or `5`"),
    ("1.2.3", "number", 3, "unexpected `.` after the number `1.2`", None),
    ("trsut >= 50", "bool", 0, "unknown name `trsut`", "did you mean `trust`?"),
    ("bmd and True", "bool", 8, "unknown name `True`", "did you mean `true`?"),
    ("alliance > 5 and sanktions", "bool", 17, "unknown name `sanktions`", "did you mean `sanctions`?"),
    ("tunr > 3", "bool", 0, "unknown name `tunr`", "did you mean `turn`?"),
    ("guidelines", "bool", 0, "unknown name `guidelines`", "`seen(guidelines)`"),
    ("embrace", "bool", 0, "unknown name `embrace`", "`chose(guidelines, embrace)`"),
    ("mni(trust, 5)", "number", 0, "unknown function `mni`", "did you mean `min`?"),
    ("round(trust)", "number", 0, "unknown function `round`", "`min`"),
    ("trust(2)", "number", 0, "`trust` is a meter, not a function", None),
    ("bmd(2)", "bool", 0, "`bmd` is a flag, not a function", None),
    ("min", "number", 0, "`min` is a function", "call it"),
    ("min(trust)", "number", 9, "`min` needs at least 2 numbers, got 1", None),
    ("abs()", "number", 4, "`abs` takes exactly 1 number, got 0", None),
    ("abs(trust, 5)", "number", 11, "`abs` takes exactly 1 number", None),
    ("seen()", "bool", 5, "`seen` needs 1 event id, got 0 arguments", "seen(event_id)"),
    ("seen(guidelines, moscow_reacts)", "bool", 17, "`seen` takes 1 event id, not more", None),
    ("chose(guidelines)", "bool", 16, "`chose` needs an event id and a choice id, got 1 argument", None),
    ("seen(guidelines,)", "bool", 16, "unexpected `)` after `,`", None),
    ("max(trust, 5,)", "number", 13, "expected a value but found `)`", None),
    ("seen(1)", "bool", 5, "`seen` takes 1 event id, written bare", None),
    ("seen(guidelines + 1)", "bool", 16, "`seen` takes 1 event id, not an expression", None),
    ("seen(guidlines)", "bool", 5, "unknown event `guidlines`", "did you mean `guidelines`?"),
    ("turns_since(moscow) > 2", "bool", 12, "unknown event `moscow`", "did you mean `moscow_reacts`?"),
    ("chose(guidelines, embrce)", "bool", 18, "unknown choice `embrce` of event `guidelines`",
     "did you mean `embrace`?"),
    ("chose(guidelines, shrug)", "bool", 18, "`shrug` is a choice of `moscow_reacts`, not of `guidelines`",
     "did you mean `chose(moscow_reacts, shrug)`?"),
    ("chose(quiet_year, x)", "bool", 18, "unknown choice `x` of event `quiet_year`", "has no choices"),
    ("(trust > 5 and bmd", "bool", 0, "unclosed `(`", "add a `)`"),
    ("max(trust, (alliance + 1)", "number", 3, "unclosed `(`", None),
    ("trust > 5) and bmd", "bool", 9, "unmatched `)`", None),
    ("(trust > 5 bmd)", "bool", 11, "expected `)` but found `bmd`", None),
    ("min(trust 5)", "number", 10, "expected `,` or `)` but found `5`", None),
    ("trust > 5 bmd", "bool", 10, "unexpected `bmd` after a complete expression", "operator missing"),
    ("trust > 5 AND bmd", "bool", 10, "unexpected `AND` after a complete expression", "lowercase: `and`"),
    ("trust >= ", "bool", 8, "unexpected end of expression", "after `>=`"),
    ("trust > * 5", "bool", 8, "expected a value but found `*`", None),
    ("trust > 5 and", "bool", 13, "unexpected end of expression", None),
    ("1 < not bmd", "bool", 4, "unexpected `not`", "parentheses"),
    ("trust", "bool", 0, "expected a condition but got a number", "compare it, e.g. `trust >= 50`"),
    ("  trust + 1", "bool", 2, "expected a condition but got a number", "`trust + 1 >= 50`"),
    ("trust > 5", "number", 0, "expected a number but got a condition", None),
    ("trust and bmd", "bool", 0, "`and` needs conditions on both sides, but `trust` is a number",
     "compare it"),
    ("bmd or treaty", "bool", 7, "`or` needs conditions on both sides, but `treaty` is a number", None),
    ("not trust", "bool", 4, "`not` needs a condition, but `trust` is a number", None),
    ("trust + bmd", "number", 8, "`+` needs numbers on both sides, but `bmd` is a condition", None),
    ("-final", "number", 1, "unary `-` needs a number, but `final` is a condition", None),
    ("bmd < 3", "bool", 0, "`<` needs numbers on both sides, but `bmd` is a condition", None),
    ("trust == bmd", "bool", 9,
     "`==` compares two numbers or two conditions, but `trust` is a number and `bmd` is a condition", None),
    ("max(trust, summit)", "number", 11, "`max` needs numbers, but `summit` is a condition", None),
]


@pytest.mark.parametrize(
    "source, expect, offset, message, hint", ERRORS, ids=[f"{i}:{e[0]!r}" for i, e in enumerate(ERRORS)]
)
def test_errors_point_at_the_offending_token(source, expect, offset, message, hint):
    err = error(source, expect)
    assert err.message == message
    assert str(err) == message
    assert err.offset == offset
    if hint is not None:
        assert err.hint is not None and hint in err.hint


def test_too_long():
    assert build("1" + " " * (MAX_LENGTH - 1)).evaluate(None) == 1
    err = error("trust + " * 200 + "1")
    assert err.offset == MAX_LENGTH
    assert err.message == f"expression is too long (1601 characters; the limit is {MAX_LENGTH})"


def test_nested_too_deep():
    ok = "(" * MAX_DEPTH + "trust" + ")" * MAX_DEPTH
    assert value(ok) == 40
    deep = "(" * (MAX_DEPTH + 1) + "trust" + ")" * (MAX_DEPTH + 1)
    err = error(deep)
    assert err.offset == MAX_DEPTH  # the first `(` beyond the limit
    assert "nested too deeply" in err.message
    assert error("-" * (MAX_DEPTH + 1) + "trust").offset == MAX_DEPTH
    assert error("not " * (MAX_DEPTH + 1) + "bmd", "bool").offset == 4 * MAX_DEPTH
    assert error("abs(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1)).offset == 4 * MAX_DEPTH + 3


def test_errors_are_reported_in_source_order():
    assert error("trsut > 5 and $").message == "unknown name `trsut`"
    assert error("trust > 5 and $", "bool").message == "unexpected character `$`"


def test_long_names_are_shortened_in_messages():
    err = error("x" * 300)
    assert len(err.message) < 80
    assert err.message.startswith("unknown name `xxx")


def test_control_characters_are_not_echoed():
    err = error("trust \x1b[31m")
    assert err.message == "unexpected character U+001B"
    assert err.offset == 6


def test_expression_error_fields_and_pickling():
    err = ExpressionError("unknown name `x`", 3, "did you mean `y`?")
    assert (str(err), err.message, err.offset, err.hint) == ("unknown name `x`", "unknown name `x`", 3,
                                                             "did you mean `y`?")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.message, copy.offset, copy.hint) == (err.message, err.offset, err.hint)
    assert ExpressionError("m", 0).hint is None


# --------------------------------------------------------------------------- #
# Properties

METER_NAMES = sorted(NAMES.meters)
FLAG_NAMES = sorted(NAMES.flags)

# Precedence levels, lowest first, as the language defines them.
OR, AND, NOT, CMP, SUM, PRODUCT, UNARY, ATOM = range(8)
BINARY_LEVEL = {"+": SUM, "-": SUM, "*": PRODUCT, "/": PRODUCT}

numbers = st.recursive(
    st.one_of(
        st.tuples(st.just("int"), st.integers(0, 30)),
        st.tuples(st.just("dec"), st.integers(0, 20), st.sampled_from(["0", "5", "25", "125"])),
        st.tuples(st.just("meter"), st.sampled_from(METER_NAMES)),
    ),
    lambda sub: st.one_of(
        st.tuples(st.sampled_from(["neg", "pos"]), sub),
        st.tuples(st.just("bin"), st.sampled_from(["+", "-", "*", "/"]), sub, sub),
        st.tuples(st.just("call"), st.sampled_from(["min", "max"]), st.lists(sub, min_size=2, max_size=3)),
        st.tuples(st.just("call"), st.just("abs"), st.lists(sub, min_size=1, max_size=1)),
    ),
    max_leaves=8,
)
comparisons = st.tuples(
    st.just("cmp"),
    st.lists(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), min_size=1, max_size=3),
    st.lists(numbers, min_size=4, max_size=4),
)
conditions = st.recursive(
    st.one_of(
        comparisons,
        st.tuples(st.just("flag"), st.sampled_from(FLAG_NAMES)),
        st.tuples(st.just("bool"), st.booleans()),
    ),
    lambda sub: st.one_of(
        st.tuples(st.just("not"), sub),
        st.tuples(st.sampled_from(["and", "or"]), sub, sub),
        st.tuples(st.just("beq"), st.sampled_from(["==", "!="]), sub, sub),
    ),
    max_leaves=5,
)


def reference(node, ctx):
    """What the language says a tree means, computed directly."""
    tag = node[0]
    if tag == "int":
        return node[1]
    if tag == "dec":
        return node[1] + int(node[2]) / 10 ** len(node[2])
    if tag == "meter":
        return ctx.meters[node[1]]
    if tag == "neg":
        return -reference(node[1], ctx)
    if tag == "pos":
        return reference(node[1], ctx)
    if tag == "bin":
        a, b = reference(node[2], ctx), reference(node[3], ctx)
        if node[1] == "+":
            return a + b
        if node[1] == "-":
            return a - b
        if node[1] == "*":
            return a * b
        return 0 if b == 0 else a / b
    if tag == "call":
        args = [reference(arg, ctx) for arg in node[2]]
        return {"min": min, "max": max, "abs": abs}[node[1]](*args)
    if tag == "cmp":
        ops, operands = node[1], [reference(x, ctx) for x in node[2][: len(node[1]) + 1]]
        tests = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
                 ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
        return all(tests[op](a, b) for op, a, b in zip(ops, operands, operands[1:]))
    if tag == "flag":
        return node[1] in ctx.flags
    if tag == "bool":
        return node[1]
    if tag == "not":
        return not reference(node[1], ctx)
    if tag == "and":
        return reference(node[1], ctx) and reference(node[2], ctx)
    if tag == "or":
        return reference(node[1], ctx) or reference(node[2], ctx)
    if tag == "beq":
        same = reference(node[2], ctx) == reference(node[3], ctx)
        return same if node[1] == "==" else not same
    raise AssertionError(tag)


def height(node) -> int:
    children = [x for x in node[1:] if isinstance(x, tuple)]
    children += [x for part in node[1:] if isinstance(part, list) for x in part if isinstance(x, tuple)]
    return 1 + max((height(x) for x in children), default=0)


def render(node, rng: random.Random) -> list[str]:
    """Tokens of `node`, with only the parentheses precedence needs plus random extra ones."""
    tokens, _level = _render(node, rng)
    return tokens


def _wrap(node, needed: int, rng: random.Random) -> list[str]:
    tokens, level = _render(node, rng)
    if level < needed or rng.random() < 0.15:
        return ["(", *tokens, ")"]
    return tokens


def _render(node, rng):
    tag = node[0]
    if tag == "int":
        return [str(node[1])], ATOM
    if tag == "dec":
        return [f"{node[1]}.{node[2]}"], ATOM
    if tag in ("meter", "flag"):
        return [node[1]], ATOM
    if tag == "bool":
        return ["true" if node[1] else "false"], ATOM
    if tag in ("neg", "pos"):
        return ["-" if tag == "neg" else "+", *_wrap(node[1], UNARY, rng)], UNARY
    if tag == "bin":
        level = BINARY_LEVEL[node[1]]
        return [*_wrap(node[2], level, rng), node[1], *_wrap(node[3], level + 1, rng)], level
    if tag == "call":
        tokens = [node[1], "("]
        for i, arg in enumerate(node[2]):
            tokens += ([","] if i else []) + _wrap(arg, OR, rng)
        return tokens + [")"], ATOM
    if tag == "cmp":
        ops, operands = node[1], node[2][: len(node[1]) + 1]
        tokens = _wrap(operands[0], SUM, rng)
        for op, operand in zip(ops, operands[1:]):
            tokens += [op, *_wrap(operand, SUM, rng)]
        return tokens, CMP
    if tag == "not":
        return ["not", *_wrap(node[1], NOT, rng)], NOT
    if tag in ("and", "or"):
        level = AND if tag == "and" else OR
        return [*_wrap(node[1], level, rng), tag, *_wrap(node[2], level + 1, rng)], level
    if tag == "beq":
        return [*_wrap(node[2], SUM, rng), node[1], *_wrap(node[3], SUM, rng)], CMP
    raise AssertionError(tag)


def join(tokens: list[str], rng: random.Random) -> str:
    def word(ch):
        return ch.isalnum() or ch == "_"

    out = [rng.choice(["", " ", "\n"])]
    for i, tok in enumerate(tokens):
        if i:
            gap = rng.choice(["", "", " ", "  ", "\t", "\n "])
            if not gap and word(tokens[i - 1][-1]) and word(tok[0]):
                gap = " "
            out.append(gap)
        out.append(tok)
    out.append(rng.choice(["", " ", "\t"]))
    return "".join(out)


contexts = st.builds(
    Ctx,
    meters=st.fixed_dictionaries({name: st.integers(-60, 60) for name in METER_NAMES}),
    flags=st.frozensets(st.sampled_from(FLAG_NAMES)),
)


def check_against_reference(tree, expect, ctx, rng):
    assume(height(tree) <= 10)
    source = join(render(tree, rng), rng)
    assume(len(source) <= MAX_LENGTH)
    result = build(source, expect).evaluate(ctx)
    expected = reference(tree, ctx)
    assert result == expected, source
    if expect == "bool":
        assert type(result) is bool, source
    else:
        assert type(result) in (int, float), source
    return source


@settings(max_examples=100, deadline=None)
@given(numbers, contexts, st.randoms(use_true_random=False))
def test_arithmetic_matches_the_reference_evaluator(tree, ctx, rng):
    check_against_reference(tree, "number", ctx, rng)


@settings(max_examples=100, deadline=None)
@given(conditions, contexts, st.randoms(use_true_random=False))
def test_conditions_match_the_reference_evaluator(tree, ctx, rng):
    check_against_reference(tree, "bool", ctx, rng)


FRAGMENTS = [
    "trust", "alliance", "bmd", "summit", "turn", "turns", "year", "month", "final", "true", "false",
    "and", "or", "not", "min", "max", "abs", "seen", "chose", "turns_since", "guidelines", "embrace",
    "shrug", "(", ")", ",", "+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "=", "!", ".", "0",
    "7", "0.5", "1" + "0" * 320, "1" + "0" * 320 + ".0", " ", "\n", "\t", "$", '"', "True", "x",
]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
        st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
        st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
    ),
    st.sampled_from(["bool", "number"]),
    contexts,
)
def test_any_text_compiles_or_raises_expression_error(source, expect, ctx):
    try:
        expr = build(source, expect)
    except ExpressionError as err:
        assert 0 <= err.offset <= max(len(source), MAX_LENGTH)
        assert err.message and "\n" not in err.message
        return
    result = expr.evaluate(ctx)
    if expect == "bool":
        assert type(result) is bool
    else:
        assert type(result) in (int, float) and (isinstance(result, int) or math.isfinite(result))
