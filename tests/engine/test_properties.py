"""Properties of whole games, over the tutorial and over random small scenarios.

The random scenarios are valid TOML written by a hypothesis strategy: a few
meters with random bounds and starts, two flags, rules, events with random
`when`/`chance`/`priority`/`once`/`triggered_only`, choices with effects (numbers
and expressions), flags, schedules and weighted outcomes, standing actions with
cooldowns, an early-defeat ending on a meter threshold, a final victory and a
fallback. Every game is played by a policy to its end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Decision, act, choose, end_turn, new_game, pending
from game.engine.policies import POLICIES, random as random_policy, step

SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.toml"
seeds = st.integers(min_value=0, max_value=2**32)
policies = st.sampled_from(sorted(POLICIES))


# -- random scenarios ---------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    text: str
    n_events: int


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def _inline(table: dict) -> str:
    return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in table.items()) + " }"


_INTS = {}


def _int(draw, lo: int, hi: int) -> int:
    """An integer in lo..hi, with the strategy built once (building strategies is slow)."""
    strategy = _INTS.get((lo, hi))
    if strategy is None:
        strategy = _INTS[(lo, hi)] = st.integers(lo, hi)
    return draw(strategy)


def _pick(draw, items):
    return items[_int(draw, 0, len(items) - 1)]


def _bool(draw) -> bool:
    return _int(draw, 0, 1) == 1


@st.composite
def generated_scenarios(draw) -> Generated:
    n_meters = _int(draw, 1, 3)
    n_events = _int(draw, 1, 5)
    n_actions = _int(draw, 0, 3)
    meter_ids = [f"m{i}" for i in range(n_meters)]
    event_ids = [f"e{i}" for i in range(n_events)]
    flags = ["f0", "f1"]
    bounds, starts = {}, {}
    lines = ["format = 1", "", "[scenario]", 'id = "generated"', 'title = "Generated"',
             'summary = "A random scenario."']
    lines.append(f"start = {_pick(draw, ['2015-01-01', '2015-05-01', '2016-11-01'])}")
    lines.append(f"months_per_turn = {_int(draw, 1, 4)}")
    lines.append(f"turns = {_int(draw, 1, 8)}")
    lines.append(f"events_per_turn = {_int(draw, 0, 3)}")
    lines.append(f"actions_per_turn = {_int(draw, 0, 2)}")
    if _bool(draw):
        lines.append(f'score = "{meter_ids[0]} + {meter_ids[-1]} / 3 - turn"')

    for mid in meter_ids:
        lo = _int(draw, -30, 20)
        hi = lo + _int(draw, 1, 80)
        start = _int(draw, lo, hi)
        bounds[mid] = (lo, hi)
        starts[mid] = start
        lines += ["", f"[meters.{mid}]", f'label = "{mid}"', f"start = {start}", f"min = {lo}", f"max = {hi}"]
    lines += ["", "[flags]"] + [f'{f} = "flag {f}"' for f in flags]

    def condition() -> str:
        m = _pick(draw, meter_ids)
        k = _int(draw, *bounds[m])
        e = _pick(draw, event_ids)
        return _pick(draw, [
            "true", "false", "turn >= 2", f"{m} > {k}", f"{m} <= {k}", "f0", "not f1",
            f"f0 and {m} < {k}", f"seen({e})", f"chose({e}, c0)", f"not seen({e})",
            f"turns_since({e}) >= 2 or turns_since({e}) < 0", "year >= 2016", "month == 6",
            "turn == turns", f"turn >= 2 and {m} > {k}", "not f0 and (month == 6 or month == 7)",
            f"f1 or (final and {m} > {k})",
        ])

    def amount() -> int | str:
        if _bool(draw):
            return _int(draw, -25, 25)
        m, m2, e = _pick(draw, meter_ids), _pick(draw, meter_ids), _pick(draw, event_ids)
        return _pick(draw, [
            f"{m} / 3", f"-{m} / 2", f"({m} - {m2}) / 4", "turn * 2 - 5", f"max({m}, 3) / 7",
            f"turns_since({e})", f"{m} / 0", f"abs({m2}) / 5 + 1.5", f"min({m}, {m2}) - {m}",
        ])

    def consequences(outcomes_allowed: bool) -> tuple[dict, list]:
        keys = {}
        effects = {m: amount() for m in meter_ids if _bool(draw)}
        if effects:
            keys["effects"] = _inline(effects)
        for verb in ("set", "clear"):
            chosen = [f for f in flags if _int(draw, 0, 3) == 0]
            if chosen:
                keys[verb] = json.dumps(chosen)
        schedule = [(_pick(draw, event_ids), _int(draw, 1, 3)) for _ in range(_int(draw, 0, 2))]
        if schedule:
            keys["schedule"] = "[" + ", ".join(f'{{ event = "{e}", in = {n} }}' for e, n in schedule) + "]"
        outcomes = []
        if outcomes_allowed and _bool(draw):
            weights = [_int(draw, 0, 3) for _ in range(_int(draw, 1, 3))]
            if not any(weights):
                weights[-1] = 1
            outcomes = [(w, consequences(False)) for w in weights]
        return keys, outcomes

    def write(table: str, keys: dict, outcomes: list) -> list[str]:
        out = [f"{k} = {v}" for k, v in keys.items()]
        for weight, (okeys, _) in outcomes:
            out += ["", f"[[{table}.outcomes]]", f"weight = {weight}"] + [f"{k} = {v}" for k, v in okeys.items()]
        return out

    for index in range(_int(draw, 0, 2)):
        keys, _ = consequences(False)
        lines += ["", "[[rules]]", f'id = "r{index}"', f"when = {_toml(condition())}"]
        lines += [f"{k} = {v}" for k, v in keys.items()]

    for eid in event_ids:
        lines += ["", f"[events.{eid}]", f'title = "{eid}"', 'text = "..."']
        lines.append(f"when = {_toml(condition())}")
        lines.append(f"chance = {_pick(draw, [0.0, 0.3, 0.5, 1.0])}")
        lines.append(f"priority = {_int(draw, -2, 2)}")
        lines.append(f"once = {_toml(_bool(draw))}")
        lines.append(f"triggered_only = {_toml(_int(draw, 0, 3) == 0)}")
        for c in range(_int(draw, 1, 3)):
            lines += ["", f"[[events.{eid}.choices]]", f'id = "c{c}"', f'label = "choice {c}"']
            if _int(draw, 0, 3 if c == 0 else 1) == 0:
                lines.append(f"requires = {_toml(condition())}")
            keys, outcomes = consequences(True)
            lines += write(f"events.{eid}.choices", keys, outcomes)

    for index in range(n_actions):
        aid = f"a{index}"
        lines += ["", f"[actions.{aid}]", f'label = "{aid}"', f"cooldown = {_int(draw, 0, 3)}"]
        if _bool(draw):
            lines.append(f"requires = {_toml(condition())}")
        keys, outcomes = consequences(True)
        lines += write(f"actions.{aid}", keys, outcomes)

    m, m_last = meter_ids[0], meter_ids[-1]
    # the collapse lies below the start, mostly: endings are not judged before anything happens
    threshold = _int(draw, bounds[m][0], max(bounds[m][0], starts[m] - 1))
    target = _int(draw, *bounds[m_last])
    lines += ["", "[endings.collapse]", 'title = "Collapse"', 'kind = "defeat"', 'text = "..."',
              f'when = "{m} <= {threshold}"']
    if _bool(draw):  # an ending on anything a condition can read: flags, events, the calendar
        lines += ["", "[endings.turn_of_events]", 'title = "A turn of events"', 'kind = "draw"',
                  'text = "..."', f"when = {_toml(f'({condition()}) and ({condition()})')}"]
    lines += ["", "[endings.triumph]", 'title = "Triumph"', 'kind = "victory"', 'text = "..."',
              f'when = "final and {m_last} >= {target}"']
    lines += ["", "[endings.stalemate]", 'title = "Stalemate"', 'kind = "draw"', 'text = "..."',
              "fallback = true", ""]
    return Generated("\n".join(lines), n_events)


# -- playing ------------------------------------------------------------------


def play_states(scenario, seed, policy=random_policy, *, record=True):
    """Every state of one game, the first included."""
    state = new_game(scenario, seed, record=record)
    states = [state]
    limit = 10_000
    while (prompt := pending(state)) is not None:
        state = step(state, policy(state, prompt))
        states.append(state)
        assert len(states) < limit, "the game does not end"
    return states


def replay(scenario, seed, decisions):
    state = new_game(scenario, seed)
    for d in decisions:
        if d.kind == "event":
            assert pending(state).event.id == d.id
            state = choose(state, d.choice)
        elif d.kind == "action":
            state = act(state, d.id)
        else:
            state = end_turn(state)
    return state


def assert_in_bounds(scenario, states):
    for state in states:
        for mid, value in state.meters.items():
            m = scenario.meters[mid]
            assert isinstance(value, int) and m.min <= value <= m.max, (mid, value, state.turn)


def assert_ends_properly(scenario, states, step_bound):
    last = states[-1]
    assert pending(last) is None and last.ending is not None
    assert all(not s.over for s in states[:-1]), "a game is over only in its last state"
    assert len(states) - 1 <= step_bound
    assert all(s.turn <= scenario.turns for s in states)
    holding = [e.id for e in scenario.endings.values() if e.when.evaluate(last)]
    if last.final:
        assert last.turn == scenario.turns
        assert last.decisions[-1] == Decision(scenario.turns, "end_turn", "")
        assert last.ending == (holding[0] if holding else scenario.fallback.id)
    else:  # ended early by an ending that holds mid-game: the first in file order
        assert holding and last.ending == holding[0]
        assert not scenario.endings[last.ending].fallback or scenario.fallback.when.evaluate(last)


# -- over the tutorial --------------------------------------------------------


@SETTINGS
@given(seed=seeds, policy=policies)
def test_tutorial_meters_stay_within_bounds(tutorial, seed, policy):
    assert_in_bounds(tutorial, play_states(tutorial, seed, POLICIES[policy]))


@SETTINGS
@given(seed=seeds, policy=policies)
def test_tutorial_games_end_by_the_last_turn(tutorial, seed, policy):
    bound = tutorial.turns * (tutorial.events_per_turn + tutorial.actions_per_turn + 3)
    assert_ends_properly(tutorial, play_states(tutorial, seed, POLICIES[policy]), bound)


@SETTINGS
@given(seed=seeds)
def test_tutorial_same_seed_same_game(tutorial, seed):
    one, two = play_states(tutorial, seed)[-1], play_states(tutorial, seed)[-1]
    assert one.decisions == two.decisions
    assert dict(one.meters) == dict(two.meters)
    assert one == two


@SETTINGS
@given(seed=seeds)
def test_tutorial_replaying_the_decisions_gives_the_same_state(tutorial, seed):
    played = play_states(tutorial, seed)[-1]
    replayed = replay(tutorial, seed, played.decisions)
    assert dict(replayed.meters) == dict(played.meters)
    assert replayed.flags == played.flags
    assert dict(replayed.seen) == dict(played.seen)
    assert replayed.ending == played.ending
    assert replayed == played


# -- over random scenarios ----------------------------------------------------


@SETTINGS
@given(generated=generated_scenarios(), seed=seeds, policy=policies)
def test_random_scenarios_keep_meters_within_bounds(make, generated, seed, policy):
    scenario = make(generated.text)
    assert_in_bounds(scenario, play_states(scenario, seed, POLICIES[policy]))


@SETTINGS
@given(generated=generated_scenarios(), seed=seeds, policy=policies)
def test_random_scenarios_end_by_the_last_turn(make, generated, seed, policy):
    scenario = make(generated.text)
    # Scheduled events may exceed events_per_turn, but a turn draws each event
    # at most once, so a turn holds at most max(cap, number of events) answers.
    per_turn = max(scenario.events_per_turn, generated.n_events) + scenario.actions_per_turn + 3
    assert_ends_properly(scenario, play_states(scenario, seed, POLICIES[policy]), scenario.turns * per_turn)


@SETTINGS
@given(generated=generated_scenarios(), seed=seeds)
def test_random_scenarios_same_seed_same_game(make, generated, seed):
    scenario = make(generated.text)
    one, two = play_states(scenario, seed), play_states(scenario, seed)
    assert [s.decisions for s in one] == [s.decisions for s in two]
    assert [dict(s.meters) for s in one] == [dict(s.meters) for s in two]
    assert one == two
    quiet = play_states(scenario, seed, record=False)
    assert [dict(s.meters) for s in quiet] == [dict(s.meters) for s in one]
    assert quiet[-1].decisions == one[-1].decisions


@SETTINGS
@given(generated=generated_scenarios(), seed=seeds)
def test_random_scenarios_replay_from_the_decisions(make, generated, seed):
    scenario = make(generated.text)
    played = play_states(scenario, seed)[-1]
    replayed = replay(scenario, seed, played.decisions)
    assert dict(replayed.meters) == dict(played.meters)
    assert replayed.flags == played.flags
    assert dict(replayed.seen) == dict(played.seen)
    assert replayed.ending == played.ending
    assert replayed == played


# -- across processes ---------------------------------------------------------

_PLAY_IN_A_SUBPROCESS = """
import sys
from game.engine import load_scenario, new_game, pending
from game.engine.policies import random, step
scenario = load_scenario(sys.argv[1])
for seed in range(30):
    state = new_game(scenario, seed)
    while (prompt := pending(state)) is not None:
        state = step(state, random(state, prompt))
    print(seed, state.ending, sorted(state.meters.items()), sorted(state.flags),
          [(d.turn, d.kind, d.id, d.choice) for d in state.decisions])
"""


def test_the_same_games_in_python_processes_with_different_hash_seeds():
    """Saves are replayed in another process: nothing may depend on Python's salted hash()."""
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", _PLAY_IN_A_SUBPROCESS, str(TUTORIAL)],
                              env=env, capture_output=True, text=True, timeout=120, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 30
