"""The plan (what the turn order may skip) changes no game: played with and without it, games are equal."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine import turns
from game.engine.fastplay import play_game
from game.engine.plan import plan_of
from game.engine.policies import policy_named
from game.engine.rolls import key
from game.engine.state import Decision
from tests.engine.conftest import scenario
from tests.engine.test_properties import SETTINGS, generated_scenarios, play_states, seeds


def as_written(scenario_):
    """No plan: every rule, event and ending looked at every time, as the file says
    (an ending that reads `None`, nothing known, is evaluated whatever changed)."""
    every = tuple(scenario_.endings.values())
    checks = tuple((None, e.when.evaluate, e) for e in every)
    events = tuple((e.when.evaluate, e.id, e.once, e.chance, key("chance", e.id)) for e in scenario_.draw_order)
    rules = tuple((r.when.evaluate, r) for r in scenario_.rules)
    return SimpleNamespace(events_on=lambda turn: scenario_.draw_order, rules_on=lambda turn: scenario_.rules,
                           event_checks_on=lambda turn: events, rule_checks_on=lambda turn: rules,
                           endings={True: every, False: every}, ending_checks={True: checks, False: checks},
                           ending_bits={}, endings_unknown=(1 << len(every)) - 1, every_ending=(1 << len(every)) - 1,
                           ending_at_bit={1 << bit: (e.when.evaluate, e) for bit, e in enumerate(every)},
                           meters={m.id: (m.min, m.max, 0) for m in scenario_.meters.values()}, decision=Decision)


@SETTINGS
@given(generated=generated_scenarios(), seed=seeds, policy=st.sampled_from(["first", "random"]))
def test_games_with_and_without_the_plan_are_equal(make, generated, seed, policy):
    scenario_ = make(generated.text)
    chosen = policy_named(policy, scenario_)
    planned = play_states(scenario_, seed, chosen)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(turns, "plan_of", as_written)
        written = play_states(scenario_, seed, chosen)
    assert planned == written


CALENDAR = """
[meters.trust]
label = "Trust"
start = 50

[flags]
open = "Talks are open."

[[rules]]
id = "first_turn"
when = "turn == 1"
set = ["open"]

[[rules]]
id = "summer_drift"
when = "(year == 2015 and month >= 7) and trust > 0"
effects = { trust = -1 }

[events.july]
title = "July"
text = "."
when = "year == 2015 and month == 7 and open"

[[events.july.choices]]
id = "ok"
label = "OK"

[events.any]
title = "Any"
text = "."
when = "trust > 10 or turn == 2"
once = false

[[events.any.choices]]
id = "ok"
label = "OK"

[endings.win]
title = "Win"
kind = "victory"
text = "."
when = "final and trust >= 40"

[endings.crash]
title = "Crash"
kind = "defeat"
text = "."
when = "trust < 0"
"""


def test_the_plan_skips_only_what_cannot_hold():
    built = scenario(CALENDAR, turns=6)  # May … October 2015
    plan = plan_of(built)
    assert [r.id for r in plan.rules_on(1)] == ["first_turn"]
    assert [r.id for r in plan.rules_on(3)] == ["summer_drift"]  # July
    assert [e.id for e in plan.events_on(3)] == ["july", "any"]
    assert [e.id for e in plan.events_on(4)] == ["any"]  # a condition with a top-level `or` is kept
    assert [e.id for e in plan.endings[False]] == ["crash"]
    assert [e.id for e in plan.endings[True]] == ["win", "crash", "fallback_end"]


def test_a_planned_scenario_plays_as_written(tutorial):
    for seed in range(30):
        planned = play_game(tutorial, seed, policy_named("random", tutorial), record=True)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(turns, "plan_of", as_written)
            written = play_game(tutorial, seed, policy_named("random", tutorial), record=True)
        assert planned == written


# An ending is looked at again only when something it reads has changed: one ending
# for each kind of thing a condition can read, reached while only that thing changes.
WATCHED = """
[meters.trust]
label = "Trust"
start = 50

[meters.clock]
label = "Clock"
start = 0
max = 100

[flags]
open = "Talks are open."

[[rules]]
id = "tick"
when = "true"
effects = {{ clock = 1 }}

[events.talks]
title = "Talks"
text = "."
when = "true"
once = false

[[events.talks.choices]]
id = "no"
label = "No"

[[events.talks.choices]]
id = "yes"
label = "Yes"
set = ["open"]

[endings.watched]
title = "Watched"
kind = "draw"
text = "."
when = "{condition}"
"""


@pytest.mark.parametrize("condition", [
    "turn >= 3", "month == 7", "seen(talks) and clock >= 2", "chose(talks, no) and turn >= 2",
    "open", "turns_since(talks) == 0 and clock >= 3", "final and trust >= 0",
    "(final and trust >= 0) or chose(talks, yes)",
])
def test_an_ending_is_reached_when_only_what_it_reads_changes(condition):
    built = scenario(WATCHED.format(condition=condition), turns=5)
    reached = 0
    for seed in range(12):
        planned = play_game(built, seed, policy_named("random", built), record=True)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(turns, "plan_of", as_written)
            written = play_game(built, seed, policy_named("random", built), record=True)
        assert planned == written
        reached += planned.ending == "watched"
    assert reached, "the ending under test is never reached, so this test shows nothing"
