"""Author expressions: a small tokenizer and recursive-descent parser.

Scenario files are untrusted, so expressions such as ``"trust >= 50 and not
sanctions"`` are never handed to ``eval``, ``exec``, ``compile`` or Python's
``ast``.  They are tokenized and parsed here, type-checked, and compiled once
into plain Python closures that read an evaluation context::

    expr = compile_expression("-6 - threat / 20", names, calendar, expect="number")
    expr.evaluate(ctx)   # ctx.meters, ctx.flags, ctx.turn, ctx.final, ctx.seen, ctx.chosen

Names are resolved at compile time, so evaluation does no lookups in name
tables.  Evaluation never raises for arithmetic reasons: division by zero
yields 0, and an expression whose arithmetic has no finite answer (an integer
too large for a float, infinity, not-a-number) yields 0, or false for a
condition.

Grammar, lowest precedence first (as in Python)::

    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)*   # chained
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | atom
    atom       := NUMBER | NAME | NAME "(" arguments ")" | "(" or_expr ")"
"""

from __future__ import annotations

import difflib
import math
import operator
from dataclasses import dataclass
from typing import Any, Callable, Mapping

__all__ = [
    "BUILTIN_NAMES",
    "Calendar",
    "Expression",
    "ExpressionError",
    "FUNCTIONS",
    "KEYWORDS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "NameTable",
    "RESERVED_NAMES",
    "Token",
    "compile_expression",
    "split_top_level",
    "tokens",
]

MAX_LENGTH = 1000  # characters
MAX_DEPTH = 32  # nesting depth (parentheses, unary operators, function calls, `not`)

KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
BUILTIN_NAMES = frozenset({"turn", "turns", "year", "month", "final"})
FUNCTIONS = frozenset({"min", "max", "abs", "seen", "chose", "turns_since"})
# Names an expression always reads as the language's own; a meter or flag with
# one of these ids could never be referred to.
RESERVED_NAMES = KEYWORDS | BUILTIN_NAMES | FUNCTIONS


class ExpressionError(Exception):
    """A problem in an author's expression, at ``offset`` (0-based) in its text."""

    def __init__(self, message: str, offset: int, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ExpressionError({self.message!r}, {self.offset!r}, hint={self.hint!r})"

    def __reduce__(self):  # keep the three fields when pickled (e.g. across processes)
        return (type(self), (self.message, self.offset, self.hint))


@dataclass(frozen=True)
class NameTable:
    meters: frozenset[str]
    flags: frozenset[str]
    events: Mapping[str, frozenset[str]]  # event id -> ids of its choices


@dataclass(frozen=True)
class Calendar:
    start_year: int
    start_month: int  # 1..12, month of turn 1
    months_per_turn: int
    turns: int  # the scenario's number of turns


@dataclass(frozen=True)
class Expression:
    source: str
    kind: str  # "bool" or "number"
    evaluate: Callable[[Any], bool | int | float]
    meters: frozenset[str]
    flags: frozenset[str]
    events: frozenset[str]
    # What the expression computes, as nested tuples, for tools that reason
    # about it (`crossroads lint`); constants are already folded:
    #   ("const", value)  ("meter", id)  ("flag", id)  ("turn",)  ("year",)  ("month",)  ("final",)
    #   ("seen", event)  ("chose", event, choice)  ("turns_since", event)
    #   ("not", t)  ("and", (t, ...))  ("or", (t, ...))  ("neg", t)
    #   ("compare", ("<", ...), (t0, t1, ...))   t0 < t1 ..., chained as in Python
    #   ("arith", t0, (("+", t1), ...))          left to right; x / 0 is 0
    #   ("call", "min" | "max" | "abs", (t, ...))
    tree: tuple | None = None


_KIND_WORD = {"bool": "a condition", "number": "a number"}


# --------------------------------------------------------------------------- #
# Tokens

_DIGITS = frozenset("0123456789")
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_NAME_CHARS = _NAME_START | _DIGITS
_WHITESPACE = " \t\r\n"
_OPERATORS_2 = ("<=", ">=", "==", "!=")
_OPERATORS_1 = frozenset("+-*/<>(),")

# Character sequences that are not operators, with what the author meant.
_MISTAKES_2 = {
    "&&": "use `and`",
    "||": "use `or`",
    "**": "there is no power operator; multiply instead, e.g. `x * x`",
    "//": "`/` divides (and division by zero gives 0); there is no `//`",
    "=>": "did you mean `>=`?",
    "=<": "did you mean `<=`?",
    "<>": "use `!=`",
}
# Expressions hold no text: a quote starts an id or a month written as a word.
_NO_TEXT = ("expressions hold no text: write ids bare, e.g. `seen(guidelines)`, "
            "and months as numbers, e.g. `month == 3`")
_MISTAKES_1 = {
    "=": "use `==` to compare",
    "!": "use `not`",
    "&": "use `and`",
    "|": "use `or`",
    "%": "there is no `%` operator",
    "^": "there is no power operator; multiply instead, e.g. `x * x`",
    '"': _NO_TEXT,
    "'": _NO_TEXT,
    "\u201c": _NO_TEXT,
    "\u201d": _NO_TEXT,
    "\u2018": _NO_TEXT,
    "\u2019": _NO_TEXT,
    "[": "use `(` and `)` to group",
    "]": "use `(` and `)` to group",
    "{": "use `(` and `)` to group",
    "}": "use `(` and `)` to group",
    "#": "expressions have no comments",
    "\u2264": "use `<=`",
    "\u2265": "use `>=`",
    "\u2260": "use `!=`",
    "\u2212": "use the ASCII minus `-`",
    "\u2013": "use the ASCII minus `-`",
    "\u00d7": "use `*`",
    "\u00f7": "use `/`",
}


class _Tok:
    __slots__ = ("kind", "text", "start", "end", "value", "error")

    def __init__(self, kind, text, start, end, value=None, error=None):
        self.kind = kind  # "num", "name", "op", "eof", "error"
        self.text = text
        self.start = start
        self.end = end
        self.value = value
        self.error = error


def _show(text: str, limit: int = 40) -> str:
    """`text` in backticks, shortened if long, whitespace collapsed."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return f"`{text}`"


def _show_char(ch: str) -> str:
    if ch.isprintable() and not ch.isspace():
        return f"`{ch}`"
    return f"U+{ord(ch):04X}"


def _skip(src: str, i: int, chars: frozenset[str]) -> int:
    """The index of the first character at or after `i` that is not in `chars`."""
    n = len(src)
    while i < n and src[i] in chars:
        i += 1
    return i


def _tokenize(src: str) -> list[_Tok]:
    """Tokens of `src`. A lexical problem becomes a final "error" token, so that
    the parser reports problems in source order."""
    toks: list[_Tok] = []
    i, n = 0, len(src)

    def fail(message, start, hint=None):
        toks.append(_Tok("error", "", start, start, error=ExpressionError(message, start, hint)))
        return toks

    while i < n:
        ch = src[i]
        if ch in _WHITESPACE:
            i += 1
            continue
        if ch in _NAME_START:
            j = _skip(src, i + 1, _NAME_CHARS)
            toks.append(_Tok("name", src[i:j], i, j))
            i = j
            continue
        if ch in _DIGITS:
            j = _skip(src, i, _DIGITS)
            if j < n and src[j] == ".":
                k = _skip(src, j + 1, _DIGITS)
                if k == j + 1:
                    number = src[i:j]
                    return fail(
                        f"{_show(number + '.')} needs a digit after the point",
                        i,
                        f"write `{number}.0` or `{number}`",
                    )
                text = src[i:k]
                toks.append(_Tok("num", text, i, k, float(text)))
                i = k
            else:
                text = src[i:j]
                toks.append(_Tok("num", text, i, j, int(text)))
                i = j
            continue
        if ch == ".":
            k = _skip(src, i + 1, _DIGITS)
            if toks and toks[-1].kind == "num" and toks[-1].end == i:
                return fail(f"unexpected `.` after the number {_show(toks[-1].text)}", i)
            if k > i + 1:
                digits = src[i + 1 : k]
                return fail(
                    f"{_show('.' + digits)} needs a digit before the point", i, f"write `0.{digits}`"
                )
            return fail("unexpected character `.`", i)
        two = src[i : i + 2]
        if two in _OPERATORS_2:
            toks.append(_Tok("op", two, i, i + 2))
            i += 2
            continue
        if two in _MISTAKES_2:
            return fail(f"unexpected `{two}`", i, _MISTAKES_2[two])
        if ch in _OPERATORS_1:
            toks.append(_Tok("op", ch, i, i + 1))
            i += 1
            continue
        if ch in _MISTAKES_1:
            return fail(f"unexpected character {_show_char(ch)}", i, _MISTAKES_1[ch])
        return fail(f"unexpected character {_show_char(ch)}", i)

    end = toks[-1].end if toks else 0
    toks.append(_Tok("eof", "", end, end))
    return toks


# --------------------------------------------------------------------------- #
# Compiled nodes

_NO = object()  # "not a constant"


class _Node:
    __slots__ = ("kind", "fn", "const", "start", "end", "meter", "tree")

    def __init__(self, kind, fn, start, end, const=_NO, meter=None, tree=None):
        self.kind = kind
        self.fn = fn
        self.const = const
        self.start = start
        self.end = end
        self.meter = meter  # set when the node is a bare meter read
        # What the node computes, for tools that reason about it (see `Expression.tree`).
        if const is not _NO:
            tree = ("const", const)
        elif meter is not None:
            tree = ("meter", meter)
        self.tree = tree


def _constant(kind, value, start, end) -> _Node:
    return _Node(kind, lambda c: value, start, end, const=value)


def _div(a, b):
    return a / b if b else 0


def _fold(op, *args):
    try:
        return op(*args)
    except ArithmeticError:  # e.g. an int too large for a float; left to run time
        return _NO


_METER_AGAINST = {
    operator.lt: lambda n, k: lambda c: c.meters[n] < k,
    operator.le: lambda n, k: lambda c: c.meters[n] <= k,
    operator.gt: lambda n, k: lambda c: c.meters[n] > k,
    operator.ge: lambda n, k: lambda c: c.meters[n] >= k,
    operator.eq: lambda n, k: lambda c: c.meters[n] == k,
    operator.ne: lambda n, k: lambda c: c.meters[n] != k,
}


def _binary(op, a: _Node, b: _Node):
    """A closure computing op(a, b); neither node is folded here."""
    fa, fb = a.fn, b.fn
    if b.const is not _NO:
        k = b.const
        if a.meter is not None:
            n = a.meter
            direct = _METER_AGAINST.get(op)  # the commonest condition, without a call to `op`
            if direct is not None:
                return direct(n, k)
            return lambda c: op(c.meters[n], k)
        return lambda c: op(fa(c), k)
    if a.const is not _NO:
        k = a.const
        if b.meter is not None:
            n = b.meter
            return lambda c: op(k, c.meters[n])
        return lambda c: op(k, fb(c))
    if a.meter is not None and b.meter is not None:
        na, nb = a.meter, b.meter
        return lambda c: op(c.meters[na], c.meters[nb])
    return lambda c: op(fa(c), fb(c))


def _arithmetic(first: _Node, rest: list[tuple[Callable, _Node]]) -> _Node:
    """first op1 x1 op2 x2 ... evaluated left to right, constants folded from the left."""
    start, end = first.start, (rest[-1][1].end if rest else first.end)
    acc, pending = first, []
    for op, node in rest:
        if op is _div and node.const is not _NO and not node.const:
            acc, pending = _constant("number", 0, start, node.end), []  # x / 0 is 0
            continue
        if not pending and acc.const is not _NO and node.const is not _NO:
            value = _fold(op, acc.const, node.const)
            if value is not _NO:
                acc = _constant("number", value, start, node.end)
                continue
        if op is _div and node.const is not _NO:
            op = operator.truediv  # a non-zero constant divisor
        pending.append((op, node))
    if not pending:
        return _Node("number", acc.fn, start, end, acc.const, acc.meter)
    if len(pending) == 1:
        op, node = pending[0]
        return _Node("number", _binary(op, acc, node), start, end)
    head = acc.fn
    steps = tuple((op, node.fn) for op, node in pending)

    def chain(c):
        value = head(c)
        for op, f in steps:
            value = op(value, f(c))
        return value

    return _Node("number", chain, start, end)


def _comparison(operands: list[_Node], ops: list[Callable]) -> _Node:
    start, end = operands[0].start, operands[-1].end
    if all(node.const is not _NO for node in operands):
        result = all(op(a.const, b.const) for op, a, b in zip(ops, operands, operands[1:]))
        return _constant("bool", result, start, end)
    if len(ops) == 1:
        return _Node("bool", _binary(ops[0], operands[0], operands[1]), start, end)
    head = operands[0].fn
    steps = tuple(zip(ops, (node.fn for node in operands[1:])))

    def chain(c):
        left = head(c)
        for op, f in steps:
            right = f(c)
            if not op(left, right):
                return False
            left = right
        return True

    return _Node("bool", chain, start, end)


def _flag_test(node: _Node) -> tuple[str, bool] | None:
    """(flag, True) for a bare flag, (flag, False) for `not flag`, else None."""
    tree = node.tree
    if tree is not None and tree[0] == "flag":
        return tree[1], True
    if tree is not None and tree[0] == "not" and tree[1] is not None and tree[1][0] == "flag":
        return tree[1][1], False
    return None


def _leaf(node: _Node) -> tuple[str, Callable, Any] | None:
    """(meter, op, constant) for `meter op constant`, the commonest comparison, else None."""
    tree = node.tree
    if tree is not None and tree[0] == "compare" and len(tree[1]) == 1:
        left, right = tree[2]
        if left is not None and right is not None and left[0] == "meter" and right[0] == "const":
            return left[1], _COMPARE[tree[1][0]], right[1]
    return None


def _logical(operands: list[_Node], is_and: bool) -> _Node:
    """`and` (is_and) or `or` over conditions; evaluation is pure, so constants fold away."""
    start, end = operands[0].start, operands[-1].end
    absorbing = not is_and  # false absorbs `and`, true absorbs `or`
    if any(node.const is absorbing for node in operands):
        return _constant("bool", absorbing, start, end)
    live = [node for node in operands if node.const is _NO]
    fns = [node.fn for node in live]
    if not fns:
        return _constant("bool", not absorbing, start, end)
    if len(fns) == 1:
        return _Node("bool", fns[0], start, end)
    test = _flag_test(live[0])
    if test is not None:  # `talks_open and …`, `not sanctions and …`: the flag is tested without a call
        name, present = test
        leaf = _leaf(live[1]) if len(live) == 2 else None
        if leaf is not None:  # `talks_open and trust >= 55`: one call in all
            n, op, k = leaf
            if is_and:
                fn = ((lambda c: name in c.flags and op(c.meters[n], k)) if present
                      else (lambda c: name not in c.flags and op(c.meters[n], k)))
            else:
                fn = ((lambda c: name in c.flags or op(c.meters[n], k)) if present
                      else (lambda c: name not in c.flags or op(c.meters[n], k)))
            return _Node("bool", fn, start, end)
        rest = _logical(live[1:], is_and).fn
        if is_and:
            fn = (lambda c: name in c.flags and rest(c)) if present else (lambda c: name not in c.flags and rest(c))
        else:
            fn = (lambda c: name in c.flags or rest(c)) if present else (lambda c: name not in c.flags or rest(c))
        return _Node("bool", fn, start, end)
    if len(fns) == 2:
        first, second = _leaf(live[0]), _leaf(live[1])
        if first is not None and second is not None:  # `threat >= 50 or trust < 30`: one call
            (na, opa, ka), (nb, opb, kb) = first, second
            fn = ((lambda c: opa(c.meters[na], ka) and opb(c.meters[nb], kb)) if is_and
                  else (lambda c: opa(c.meters[na], ka) or opb(c.meters[nb], kb)))
            return _Node("bool", fn, start, end)
        fa, fb = fns
        fn = (lambda c: fa(c) and fb(c)) if is_and else (lambda c: fa(c) or fb(c))
        return _Node("bool", fn, start, end)
    if len(fns) == 3:
        fa, fb, fc = fns
        fn = (lambda c: fa(c) and fb(c) and fc(c)) if is_and else (lambda c: fa(c) or fb(c) or fc(c))
        return _Node("bool", fn, start, end)
    if len(fns) == 4:
        fa, fb, fc, fd = fns
        fn = ((lambda c: fa(c) and fb(c) and fc(c) and fd(c)) if is_and
              else (lambda c: fa(c) or fb(c) or fc(c) or fd(c)))
        return _Node("bool", fn, start, end)
    fns = tuple(fns)
    if is_and:

        def fn(c):
            for f in fns:
                if not f(c):
                    return False
            return True

    else:

        def fn(c):
            for f in fns:
                if f(c):
                    return True
            return False

    return _Node("bool", fn, start, end)


_COMPARE = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": _div}


# --------------------------------------------------------------------------- #
# Parser


class _Parser:
    def __init__(self, src: str, toks: list[_Tok], names: NameTable, calendar: Calendar):
        self.src = src
        self.toks = toks
        self.pos = 0
        self.depth = 0
        self.names = names
        self.calendar = calendar
        self.meters: set[str] = set()
        self.flags: set[str] = set()
        self.events: set[str] = set()
        self.risky = False  # uses `/` or decimals, so overflow / inf / nan are possible

    # -- token helpers ------------------------------------------------------ #

    def peek(self) -> _Tok:
        tok = self.toks[self.pos]
        if tok.kind == "error":
            raise tok.error
        return tok

    def advance(self) -> _Tok:
        tok = self.peek()
        self.pos += 1
        return tok

    def at_keyword(self, word: str) -> bool:
        tok = self.peek()
        return tok.kind == "name" and tok.text == word

    def at_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text in ops

    def enter(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"expression is nested too deeply (the limit is {MAX_DEPTH} levels)",
                tok.start,
                "split it up or simplify it",
            )

    def leave(self) -> None:
        self.depth -= 1

    def previous(self) -> _Tok | None:
        return self.toks[self.pos - 1] if self.pos else None

    # -- type checks -------------------------------------------------------- #

    def text(self, node: _Node) -> str:
        return _show(self.src[node.start : node.end])

    def compare_hint(self, node: _Node) -> str:
        snippet = " ".join(self.src[node.start : node.end].split())
        if len(snippet) > 30:
            snippet = "trust"
        return f"compare it, e.g. `{snippet} >= 50`"

    def need(self, node: _Node, kind: str, what: str) -> None:
        """`what` (e.g. "`and` needs conditions") requires `node` to be of `kind`."""
        if node.kind == kind:
            return
        if kind == "bool":
            raise ExpressionError(
                f"{what}, but {self.text(node)} is a number", node.start, self.compare_hint(node)
            )
        raise ExpressionError(f"{what}, but {self.text(node)} is a condition", node.start)

    # -- grammar ------------------------------------------------------------ #

    def parse_or(self) -> _Node:
        return self.parse_logical("or", self.parse_and)

    def parse_and(self) -> _Node:
        return self.parse_logical("and", self.parse_not)

    def parse_logical(self, keyword: str, parse_operand: Callable[[], _Node]) -> _Node:
        node = parse_operand()
        if not self.at_keyword(keyword):
            return node
        operands = [node]
        complaint = f"`{keyword}` needs conditions on both sides"
        while self.at_keyword(keyword):
            self.need(operands[-1], "bool", complaint)
            self.advance()
            operands.append(parse_operand())
        self.need(operands[-1], "bool", complaint)
        # Flags first: a flag is tested without a call, and may settle the rest. The value is
        # the same in any order unless an operand can overflow (the whole is then false).
        ordered = operands if self.risky else sorted(operands, key=lambda node: _flag_test(node) is None)
        node = _logical(ordered, is_and=keyword == "and")
        node.start, node.end = operands[0].start, operands[-1].end
        if node.const is _NO:
            node.tree = (keyword, tuple(operand.tree for operand in operands))
        return node

    def parse_not(self) -> _Node:
        if not self.at_keyword("not"):
            return self.parse_comparison()
        tok = self.advance()
        self.enter(tok)
        operand = self.parse_not()
        self.leave()
        self.need(operand, "bool", "`not` needs a condition")
        if operand.const is not _NO:
            return _constant("bool", not operand.const, tok.start, operand.end)
        if operand.tree is not None and operand.tree[0] == "flag":  # the commonest `not`, without a call
            name = operand.tree[1]
            return _Node("bool", lambda c: name not in c.flags, tok.start, operand.end, tree=("not", operand.tree))
        f = operand.fn
        return _Node("bool", lambda c: not f(c), tok.start, operand.end, tree=("not", operand.tree))

    def parse_comparison(self) -> _Node:
        node = self.parse_sum()
        if not self.at_op(*_COMPARE):
            return node
        operands, ops, symbols = [node], [], []
        while self.at_op(*_COMPARE):
            tok = self.advance()
            left = operands[-1]
            if tok.text in ("==", "!="):
                right = self.parse_sum()
                if right.kind != left.kind:
                    raise ExpressionError(
                        f"`{tok.text}` compares two numbers or two conditions, but "
                        f"{self.text(left)} is {_KIND_WORD[left.kind]} and "
                        f"{self.text(right)} is {_KIND_WORD[right.kind]}",
                        right.start,
                    )
            else:
                self.need(left, "number", f"`{tok.text}` needs numbers on both sides")
                right = self.parse_sum()
                self.need(right, "number", f"`{tok.text}` needs numbers on both sides")
            operands.append(right)
            ops.append(_COMPARE[tok.text])
            symbols.append(tok.text)
        node = _comparison(operands, ops)
        if node.const is _NO:
            node.tree = ("compare", tuple(symbols), tuple(operand.tree for operand in operands))
        return node

    def parse_sum(self) -> _Node:
        return self.parse_arithmetic(("+", "-"), self.parse_product)

    def parse_product(self) -> _Node:
        return self.parse_arithmetic(("*", "/"), self.parse_unary)

    def parse_arithmetic(self, symbols, parse_operand) -> _Node:
        first = parse_operand()
        if not self.at_op(*symbols):
            return first
        rest, symbols_seen = [], []
        while self.at_op(*symbols):
            tok = self.advance()
            what = f"`{tok.text}` needs numbers on both sides"
            self.need(rest[-1][1] if rest else first, "number", what)
            if tok.text == "/":
                self.risky = True
            operand = parse_operand()
            self.need(operand, "number", what)
            rest.append((_ARITH[tok.text], operand))
            symbols_seen.append(tok.text)
        node = _arithmetic(first, rest)
        if node.tree is None:
            node.tree = ("arith", first.tree, tuple(zip(symbols_seen, (n.tree for _, n in rest))))
        return node

    def parse_unary(self) -> _Node:
        if not self.at_op("-", "+"):
            return self.parse_atom()
        tok = self.advance()
        self.enter(tok)
        operand = self.parse_unary()
        self.leave()
        self.need(operand, "number", f"unary `{tok.text}` needs a number")
        if tok.text == "+":
            return _Node("number", operand.fn, tok.start, operand.end, operand.const, operand.meter,
                         tree=operand.tree)
        if operand.const is not _NO:
            return _constant("number", -operand.const, tok.start, operand.end)
        if operand.meter is not None:
            n = operand.meter
            return _Node("number", lambda c: -c.meters[n], tok.start, operand.end, tree=("neg", operand.tree))
        f = operand.fn
        return _Node("number", lambda c: -f(c), tok.start, operand.end, tree=("neg", operand.tree))

    def parse_atom(self) -> _Node:
        tok = self.peek()
        if tok.kind == "num":
            self.advance()
            if isinstance(tok.value, float):
                self.risky = True
            return _constant("number", tok.value, tok.start, tok.end)
        if tok.kind == "name" and tok.text not in ("and", "or", "not"):
            self.advance()
            if self.at_op("("):
                return self.parse_call(tok)
            return self.resolve(tok)
        if tok.kind == "op" and tok.text == "(":
            self.advance()
            self.enter(tok)
            inner = self.parse_or()
            self.leave()
            close = self.expect_close(tok)
            return _Node(inner.kind, inner.fn, tok.start, close.end, inner.const, inner.meter, inner.tree)
        raise self.expected_value(tok)

    def expected_value(self, tok: _Tok) -> ExpressionError:
        if tok.kind == "eof":
            prev = self.previous()
            hint = f"something is missing after `{prev.text}`" if prev is not None else None
            return ExpressionError("unexpected end of expression", tok.start, hint)
        if tok.kind == "name" and tok.text == "not":
            return ExpressionError(
                "unexpected `not`", tok.start, "put it in parentheses, e.g. `(not sanctions)`"
            )
        return ExpressionError(f"expected a value but found {_show(tok.text)}", tok.start)

    def expect_close(self, opening: _Tok) -> _Tok:
        tok = self.peek()
        if tok.kind == "op" and tok.text == ")":
            return self.advance()
        if tok.kind == "eof":
            raise ExpressionError("unclosed `(`", opening.start, "add a `)` to close it")
        raise ExpressionError(
            f"expected `)` but found {_show(tok.text)}", tok.start, "is an operator missing?"
        )

    # -- names -------------------------------------------------------------- #

    def resolve(self, tok: _Tok) -> _Node:
        name, start, end = tok.text, tok.start, tok.end
        if name == "true" or name == "false":
            return _constant("bool", name == "true", start, end)
        if name == "turn":
            return _Node("number", lambda c: c.turn, start, end, tree=("turn",))
        if name == "turns":
            return _constant("number", self.calendar.turns, start, end)
        if name == "year" or name == "month":
            cal = self.calendar
            step = cal.months_per_turn
            base = cal.start_month - 1 - step  # months since January of start_year, minus one turn
            if name == "year":
                year0 = cal.start_year
                return _Node("number", lambda c: year0 + (base + step * c.turn) // 12, start, end,
                             tree=("year",))
            return _Node("number", lambda c: (base + step * c.turn) % 12 + 1, start, end, tree=("month",))
        if name == "final":
            return _Node("bool", lambda c: bool(c.final), start, end, tree=("final",))
        if name in FUNCTIONS:
            raise ExpressionError(
                f"`{name}` is a function", start, f"call it, e.g. {_CALL_EXAMPLE[name]}"
            )
        if name in self.names.meters:
            self.meters.add(name)
            return _Node("number", lambda c: c.meters[name], start, end, meter=name)
        if name in self.names.flags:
            self.flags.add(name)
            return _Node("bool", lambda c: name in c.flags, start, end, tree=("flag", name))
        raise ExpressionError(f"unknown name {_show(name)}", start, self.name_hint(name))

    def name_hint(self, name: str) -> str | None:
        events = self.names.events
        if name in events:
            return f"`{name}` is an event; to test it, write `seen({name})`"
        owners = sorted(event for event, choices in events.items() if name in choices)
        if owners:
            return f"`{name}` is a choice; to test it, write `chose({owners[0]}, {name})`"
        values = set(self.names.meters) | set(self.names.flags) | BUILTIN_NAMES | FUNCTIONS
        values |= {"true", "false"}
        return _did_you_mean(name, values | {"and", "or", "not"}, values)

    def parse_call(self, name_tok: _Tok) -> _Node:
        name = name_tok.text
        if name not in FUNCTIONS:
            raise self.not_a_function(name_tok)
        opening = self.advance()
        self.enter(opening)
        if name in ("seen", "chose", "turns_since"):
            node = self.parse_event_call(name_tok, opening)
        else:
            node = self.parse_number_call(name_tok, opening)
        self.leave()
        return node

    def not_a_function(self, tok: _Tok) -> ExpressionError:
        name = tok.text
        if name in RESERVED_NAMES:
            message = f"`{name}` is not a function"
        elif name in self.names.meters:
            message = f"`{name}` is a meter, not a function"
        elif name in self.names.flags:
            message = f"`{name}` is a flag, not a function"
        else:
            message = None
        if message is not None:
            return ExpressionError(message, tok.start, f"put an operator between `{name}` and `(`")
        hint = _did_you_mean(name, FUNCTIONS, FUNCTIONS)
        if hint is None:
            hint = "the functions are " + ", ".join(f"`{f}`" for f in _FUNCTION_ORDER)
        return ExpressionError(f"unknown function {_show(name)}", tok.start, hint)

    def parse_number_call(self, name_tok: _Tok, opening: _Tok) -> _Node:
        name = name_tok.text
        args: list[_Node] = []
        if not self.at_op(")"):
            while True:
                arg = self.parse_or()
                self.need(arg, "number", f"`{name}` needs numbers")
                args.append(arg)
                if self.at_op(","):
                    self.advance()
                    if name == "abs":
                        raise ExpressionError(
                            "`abs` takes exactly 1 number", self.peek().start, "e.g. `abs(trust - 50)`"
                        )
                    continue
                break
        close = self.expect_close_call(name, opening)
        start, end = name_tok.start, close.end
        if name == "abs":
            if len(args) != 1:
                raise ExpressionError(
                    "`abs` takes exactly 1 number, got 0", close.start, "e.g. `abs(trust - 50)`"
                )
            (arg,) = args
            if arg.const is not _NO:
                return _constant("number", abs(arg.const), start, end)
            f = arg.fn
            return _Node("number", lambda c: abs(f(c)), start, end, tree=("call", "abs", (arg.tree,)))
        if len(args) < 2:
            raise ExpressionError(
                f"`{name}` needs at least 2 numbers, got {len(args)}",
                close.start,
                f"e.g. {_CALL_EXAMPLE[name]}",
            )
        pick = min if name == "min" else max
        if all(arg.const is not _NO for arg in args):
            return _constant("number", pick(arg.const for arg in args), start, end)
        tree = ("call", name, tuple(arg.tree for arg in args))
        if len(args) == 2:
            fa, fb = args[0].fn, args[1].fn
            return _Node("number", lambda c: pick(fa(c), fb(c)), start, end, tree=tree)
        fns = tuple(arg.fn for arg in args)
        return _Node("number", lambda c: pick([f(c) for f in fns]), start, end, tree=tree)

    def expect_close_call(self, name: str, opening: _Tok) -> _Tok:
        tok = self.peek()
        if tok.kind == "op" and tok.text == ")":
            return self.advance()
        if tok.kind == "eof":
            raise ExpressionError("unclosed `(`", opening.start, "add a `)` to close it")
        raise ExpressionError(
            f"expected `,` or `)` but found {_show(tok.text)}", tok.start, f"e.g. {_CALL_EXAMPLE[name]}"
        )

    def parse_event_call(self, name_tok: _Tok, opening: _Tok) -> _Node:
        name = name_tok.text
        wanted = 2 if name == "chose" else 1
        example = _CALL_EXAMPLE[name]
        ids: list[_Tok] = []
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text == ")":
                if ids and self.previous().text == ",":
                    raise ExpressionError("unexpected `)` after `,`", tok.start, f"e.g. {example}")
                break
            if tok.kind == "eof":
                raise ExpressionError("unclosed `(`", opening.start, "add a `)` to close it")
            if len(ids) == wanted:
                raise ExpressionError(
                    f"`{name}` takes {_ARGUMENT_WORDS[name]}, not more", tok.start, f"e.g. {example}"
                )
            if tok.kind != "name":
                raise ExpressionError(
                    f"`{name}` takes {_ARGUMENT_WORDS[name]}, written bare", tok.start, f"e.g. {example}"
                )
            self.advance()
            if not ids:
                self.check_event(tok)
            else:
                self.check_choice(ids[0].text, tok)
            ids.append(tok)
            after = self.peek()
            if after.kind == "op" and after.text == ",":
                self.advance()
            elif not (after.kind == "op" and after.text == ")") and after.kind != "eof":
                raise ExpressionError(
                    f"`{name}` takes {_ARGUMENT_WORDS[name]}, not an expression",
                    after.start,
                    f"e.g. {example}",
                )
        close = self.advance()
        if len(ids) < wanted:
            raise ExpressionError(
                f"`{name}` needs {_ARGUMENT_WORDS[name]}, got {len(ids)} "
                f"argument{'s' if len(ids) != 1 else ''}",
                close.start,
                f"e.g. {example}",
            )
        start, end = name_tok.start, close.end
        event = ids[0].text
        self.events.add(event)
        if name == "seen":
            return _Node("bool", lambda c: event in c.seen, start, end, tree=("seen", event))
        if name == "chose":
            key = (event, ids[1].text)
            return _Node("bool", lambda c: key in c.chosen, start, end, tree=("chose", *key))

        def turns_since(c):
            last = c.seen.get(event)
            return -1 if last is None else c.turn - last

        return _Node("number", turns_since, start, end, tree=("turns_since", event))

    def check_event(self, tok: _Tok) -> None:
        events = self.names.events
        if tok.text in events:
            return
        hint = _did_you_mean(tok.text, events.keys(), events.keys())
        if hint is None and not events:
            hint = "this scenario has no events"
        raise ExpressionError(f"unknown event {_show(tok.text)}", tok.start, hint)

    def check_choice(self, event: str, tok: _Tok) -> None:
        choices = self.names.events[event]
        choice = tok.text
        if choice in choices:
            return
        owners = sorted(e for e, cs in self.names.events.items() if choice in cs)
        if owners:
            raise ExpressionError(
                f"`{choice}` is a choice of `{owners[0]}`, not of `{event}`",
                tok.start,
                f"did you mean `chose({owners[0]}, {choice})`?",
            )
        hint = _did_you_mean(choice, choices, choices)
        if hint is None:
            if choices:
                hint = f"the choices of `{event}` are " + ", ".join(f"`{c}`" for c in sorted(choices))
            else:
                hint = f"`{event}` has no choices"
        raise ExpressionError(f"unknown choice {_show(choice)} of event `{event}`", tok.start, hint)


_FUNCTION_ORDER = ("min", "max", "abs", "seen", "chose", "turns_since")
_CALL_EXAMPLE = {
    "min": "`min(trust, 50)`",
    "max": "`max(trust, 50)`",
    "abs": "`abs(trust - 50)`",
    "seen": "`seen(event_id)`",
    "chose": "`chose(event_id, choice_id)`",
    "turns_since": "`turns_since(event_id)`",
}
_ARGUMENT_WORDS = {
    "seen": "1 event id",
    "turns_since": "1 event id",
    "chose": "an event id and a choice id",
}


def _did_you_mean(name: str, case_pool, pool) -> str | None:
    """A "did you mean" hint: an exact match ignoring case in `case_pool`
    (which may include keywords), else the closest name in `pool`."""
    lowered = name.lower()
    if lowered != name and lowered in case_pool:
        return f"did you mean `{lowered}`?"
    close = difflib.get_close_matches(name, sorted(pool), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


# --------------------------------------------------------------------------- #
# Entry point


def compile_expression(source: str, names: NameTable, calendar: Calendar, *, expect: str) -> Expression:
    """Compile `source` into an Expression of kind `expect` ("bool" or "number").

    Raises ExpressionError, with the offset of the offending token, on any
    problem in `source`."""
    if expect not in _KIND_WORD:
        raise ValueError(f"expect must be 'bool' or 'number', not {expect!r}")
    if not isinstance(source, str):
        raise TypeError(f"an expression's source must be a str, not {type(source).__name__}")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is too long ({len(source)} characters; the limit is {MAX_LENGTH})",
            MAX_LENGTH,
            "split it up or simplify it",
        )
    parser = _Parser(source, _tokenize(source), names, calendar)
    if parser.peek().kind == "eof":
        example = "`trust >= 50`" if expect == "bool" else "`5` or `trust / 2`"
        raise ExpressionError("empty expression", 0, f"write {_KIND_WORD[expect]}, e.g. {example}")
    node = parser.parse_or()
    tok = parser.peek()
    if tok.kind != "eof":
        raise _trailing(tok)
    if node.kind != expect:
        if expect == "bool":
            hint = parser.compare_hint(node)
        else:
            hint = "a condition is true or false; write a number, e.g. `trust / 2`"
        raise ExpressionError(
            f"expected {_KIND_WORD[expect]} but got {_KIND_WORD[node.kind]}", node.start, hint
        )
    return Expression(
        source=source,
        kind=expect,
        evaluate=_finish(node, parser.risky),
        meters=frozenset(parser.meters),
        flags=frozenset(parser.flags),
        events=frozenset(parser.events),
        tree=node.tree,
    )


def _trailing(tok: _Tok) -> ExpressionError:
    if tok.kind == "op" and tok.text == ")":
        return ExpressionError("unmatched `)`", tok.start, "remove it, or add a `(` before it")
    hint = None
    if tok.kind == "name" and tok.text.lower() in ("and", "or", "not") and tok.text != tok.text.lower():
        hint = f"keywords are lowercase: `{tok.text.lower()}`"
    elif tok.kind in ("name", "num") or tok.text == "(":
        hint = "is an operator missing before it?"
    return ExpressionError(f"unexpected {_show(tok.text)} after a complete expression", tok.start, hint)


def _finish(node: _Node, risky: bool) -> Callable[[Any], bool | int | float]:
    """The evaluate function: the node's closure, guarded where arithmetic can
    overflow or leave the finite numbers."""
    if node.const is not _NO:
        value = node.const
        if isinstance(value, float) and not math.isfinite(value):
            value = 0
        return lambda c: value
    f = node.fn
    if not risky:  # integers, + - *, comparisons and logic cannot fail or overflow
        return f
    if node.kind == "bool":

        def guarded_condition(c):
            try:
                return f(c)
            except OverflowError:
                return False

        return guarded_condition
    isfinite = math.isfinite

    def guarded_number(c):
        try:
            value = f(c)
        except OverflowError:
            return 0
        if value.__class__ is float and not isfinite(value):
            return 0
        return value

    return guarded_number


# --------------------------------------------------------------------------- #
# Reading an expression's text, for showing it to players in words


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "name" or "op"
    text: str
    start: int  # offsets in the source
    end: int


def tokens(source: str) -> tuple[Token, ...]:
    """The tokens of `source`, for presenting a compiled expression in words.

    Raises ExpressionError on a lexical problem (a loaded scenario has none)."""
    found = []
    for tok in _tokenize(source):
        if tok.kind == "error":
            raise tok.error
        if tok.kind != "eof":
            found.append(Token(tok.kind, tok.text, tok.start, tok.end))
    return tuple(found)


def split_top_level(source: str, keyword: str) -> tuple[str, ...]:
    """`source` cut at each `keyword` ("and" or "or") outside parentheses, each
    part stripped; outer parentheses around the whole are removed first.

    The parts of a valid condition split at its loosest operator are valid
    conditions: `split_top_level("final and (a or b)", "and")` gives
    `("final", "(a or b)")`. An `and` under a top-level `or` is not loosest,
    so a condition with a top-level `or` is not cut at `and`."""
    if keyword not in ("and", "or"):
        raise ValueError(f"keyword must be 'and' or 'or', not {keyword!r}")
    source = source.strip()
    toks = tokens(source)
    while toks and toks[0].text == "(" and _closing(toks, 0) == len(toks) - 1:
        source = source[toks[0].end : toks[-1].start].strip()
        toks = tokens(source)
    cuts, depth, loosest_or = [], 0, False
    for index, tok in enumerate(toks):
        if tok.kind == "op" and tok.text == "(":
            depth += 1
        elif tok.kind == "op" and tok.text == ")":
            depth -= 1
        elif depth == 0 and tok.kind == "name" and tok.text in ("and", "or"):
            loosest_or = loosest_or or tok.text == "or"
            if tok.text == keyword:
                cuts.append(index)
    if not cuts or (keyword == "and" and loosest_or):
        return (source,)
    parts, begin = [], 0
    for index in cuts:
        parts.append(source[begin : toks[index].start].strip())
        begin = toks[index].end
    parts.append(source[begin:].strip())
    return tuple(parts)


def _closing(toks: tuple[Token, ...], opening: int) -> int:
    """The index of the `)` that closes the `(` at `opening`, or -1."""
    depth = 0
    for index in range(opening, len(toks)):
        if toks[index].text == "(" and toks[index].kind == "op":
            depth += 1
        elif toks[index].text == ")" and toks[index].kind == "op":
            depth -= 1
            if depth == 0:
                return index
    return -1
