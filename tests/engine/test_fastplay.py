"""The fast simulation path plays exactly the game the immutable transitions play.

Over random scenarios (the strategy of test_properties), seeds and every kind of
policy: the final state is equal field by field (meters, flags, seen, chosen,
scheduled, decisions, history, and with recording on the cause log and the
timeline), and the events drawn each turn are the ones the immutable path drew.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.engine import new_game, pending
from game.engine.fastplay import play_game
from game.engine.policies import policy_named, step
from tests.engine.test_properties import SETTINGS, generated_scenarios, replay, seeds

policy_kinds = st.sampled_from(["first", "random", "greedy", "cautious"])


def immutable_game(scenario, seed, policy, record):
    """The final state and each turn's drawn events, through prompts and frozen states."""
    state = new_game(scenario, seed, record=record)
    draws = [state.drawn] if state.drawn else []
    while (prompt := pending(state)) is not None:
        turn = state.turn
        state = step(state, policy(state, prompt), prompt)
        if state.turn != turn and state.drawn:
            draws.append(state.drawn)
    return state, draws


def named(kind, scenario, pick):
    meters = sorted(scenario.meters)
    return policy_named(kind if kind in ("first", "random") else f"{kind}:{meters[pick % len(meters)]}",
                        scenario)


@SETTINGS
@given(generated=generated_scenarios(), seed=seeds, kind=policy_kinds, pick=st.integers(0, 2),
       record=st.booleans())
def test_the_fast_path_ends_in_the_same_state(make, generated, seed, kind, pick, record):
    scenario = make(generated.text)
    policy = named(kind, scenario, pick)
    expected, expected_draws = immutable_game(scenario, seed, policy, record)
    draws = []
    fast = play_game(scenario, seed, policy, record=record, on_draw=draws.append)
    assert fast.decisions == expected.decisions
    assert fast.history == expected.history
    assert fast.ending == expected.ending
    assert fast == expected  # every field: meters, flags, seen, chosen, scheduled, changes, timeline …
    assert draws == expected_draws


def test_the_fast_path_matches_on_the_tutorial_for_many_seeds(tutorial):
    for kind in ("first", "random", "greedy", "cautious"):
        for pick in range(len(tutorial.meters)):
            policy = named(kind, tutorial, pick)
            for seed in range(40):
                assert play_game(tutorial, seed, policy) == immutable_game(tutorial, seed, policy, False)[0]


def test_the_returned_state_replays_from_its_decisions(tutorial):
    state = play_game(tutorial, 7, policy_named("random", tutorial), record=True)
    assert isinstance(state.decisions, tuple) and state.over and pending(state) is None
    assert replay(tutorial, 7, state.decisions) == state
