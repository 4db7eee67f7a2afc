"""fastplay.play_on finishes a game from any state exactly as the immutable transitions do."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from game.engine import load_scenario, new_game
from game.engine.fastplay import play_on
from game.engine.policies import POLICIES, play

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = [load_scenario(p) for p in sorted((ROOT / "scenarios").glob("*.toml"))]


@settings(max_examples=60, deadline=None)
@given(scenario=st.sampled_from(SCENARIOS), seed=st.integers(0, 10_000), stop=st.integers(0, 80),
       policy=st.sampled_from(["first", "random"]))
def test_play_on_from_a_state_mid_game_reaches_the_same_end(scenario, seed, stop, policy):
    state = new_game(scenario, seed, record=False)
    for number, state in enumerate(play(state, POLICIES["random"]), start=1):
        if number >= stop:
            break
    if state.over:
        return
    slow = state
    for slow in play(state, POLICIES[policy]):
        pass
    fast = play_on(state, POLICIES[policy])
    assert (fast.ending, dict(fast.meters), fast.decisions, fast.history, fast.flags) == (
        slow.ending, dict(slow.meters), slow.decisions, slow.history, slow.flags)
