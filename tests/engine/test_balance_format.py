"""`[[balance]]` targets in a scenario file: loaded into the model, and checked against the file."""

from __future__ import annotations

import pytest

from game.engine import ScenarioError
from tests.engine.conftest import make, scenario_text

BODY = """
[meters.trust]
label = "Trust"
start = 50

[endings.win]
title = "Won"
kind = "victory"
text = "Yes."
when = "final and trust > 60"
"""


def with_targets(targets: str) -> str:
    return scenario_text(BODY + targets)


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        make(text)
    return [str(p) for p in caught.value.problems]


def test_targets_are_loaded_in_file_order_with_their_runs():
    scenario = make(with_targets("""
        [[balance]]
        policy = "random"
        ending = "win"
        between = [0.05, 0.25]

        [[balance]]
        policy = "greedy:trust"
        ending = "fallback_end"
        between = [0, 1]
        runs = 100
        """))
    first, second = scenario.balance
    assert (first.policy, first.ending, first.between, first.runs) == ("random", "win", (0.05, 0.25), None)
    assert (second.policy, second.ending, second.between, second.runs) == ("greedy:trust", "fallback_end",
                                                                          (0.0, 1.0), 100)


def test_a_scenario_without_targets_has_none():
    assert make(with_targets("")).balance == ()


@pytest.mark.parametrize(("policy", "words"), [
    ("greedy:trst", "names no meter of this scenario: `trst`"),
    ("greedy", "needs a meter, e.g. `greedy:trust`"),
    ("best", "unknown policy `best`"),
])
def test_a_policy_the_scenario_cannot_play_is_located(policy, words):
    text = with_targets(f'[[balance]]\npolicy = "{policy}"\nending = "win"\nbetween = [0, 1]\n')
    (problem,) = problems_of(text)
    line = text.splitlines().index(f'policy = "{policy}"') + 1
    assert f"inline.toml:{line}:10: " in problem and words in problem


@pytest.mark.parametrize(("policy", "hint"), [
    ("frist", "did you mean `first`?"),
    ("greedy:trst", "did you mean `greedy:trust`?"),
    ("cautios:trust", "did you mean `cautious:trust`?"),
])
def test_a_misspelt_policy_gets_a_suggestion(policy, hint):
    (problem,) = problems_of(with_targets(f'[[balance]]\npolicy = "{policy}"\nending = "win"\nbetween = [0, 1]\n'))
    assert problem.endswith(f"({hint})")


def test_an_unknown_ending_gets_a_suggestion():
    (problem,) = problems_of(with_targets('[[balance]]\npolicy = "first"\nending = "wn"\nbetween = [0, 1]\n'))
    assert "unknown ending `wn`" in problem and "did you mean `win`?" in problem


@pytest.mark.parametrize("between", ["[0.5, 0.2]", "[0, 1.5]", "[-0.1, 0.2]"])
def test_between_must_be_two_ordered_shares(between):
    (problem,) = problems_of(with_targets(
        f'[[balance]]\npolicy = "first"\nending = "win"\nbetween = {between}\n'))
    assert "`between` should be two shares from 0 to 1, the lower first" in problem


def test_wrong_types_in_a_target_are_reported_without_hiding_other_problems():
    problems = problems_of(with_targets(
        '[[balance]]\npolicy = "first"\nending = "win"\nbetween = [0, "x"]\nrunz = 5\n'
        '[[rules]]\nid = "r"\nwhen = "trsut > 1"\n'))
    assert any("should be a number" in p for p in problems)
    assert any("unknown key `runz`" in p and "did you mean `runs`?" in p for p in problems)
    assert any("unknown name `trsut`" in p for p in problems)
