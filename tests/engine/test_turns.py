"""The turn order, one small scenario per rule of DESIGN.md ("The engine", "Turn order").

Each test writes the few lines of TOML its rule needs (the header and a
fallback ending come from the `build` fixture, see conftest.py) and checks what
a player or an author would notice: what is drawn, what is offered, where the
meters end up, what the cause log says and how the game ends.
"""

from __future__ import annotations

import datetime
import json

import pytest

from game.engine import (
    ActionPrompt,
    Decision,
    EventPrompt,
    IllegalMove,
    ScenarioError,
    act,
    choose,
    end_turn,
    ending,
    new_game,
    pending,
    score,
)
from game.engine.rolls import pick_weighted, roll

SEEDS = range(300)
FALLBACK_ID = "fallback_end"  # the fallback ending `build` appends


# -- tiny TOML writers --------------------------------------------------------


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def meter(mid: str, start: int = 0, lo: int = 0, hi: int = 100) -> str:
    return f'\n[meters.{mid}]\nlabel = "{mid}"\nstart = {start}\nmin = {lo}\nmax = {hi}\n'


def event(eid: str, choices: str = "ok", **keys) -> str:
    """An event with the given keys and plain choices (ids separated by spaces)."""
    lines = ["", f"[events.{eid}]", f'title = "The {eid} event"', 'text = "Something happens."']
    lines += [f"{key} = {_toml(value)}" for key, value in keys.items()]
    for cid in choices.split():
        lines += [f"[[events.{eid}.choices]]", f'id = "{cid}"', f'label = "Choose {cid}"']
    return "\n".join(lines) + "\n"


def drawn_each_turn(state, answer=None):
    """Play to the end answering with the first available choice and passing on
    actions; return {turn: events drawn that turn}."""
    drawn = {}
    while pending(state) is not None:
        drawn.setdefault(state.turn, state.drawn)
        prompt = pending(state)
        if isinstance(prompt, EventPrompt):
            state = choose(state, next(o.id for o in prompt.options if o.available))
        else:
            state = end_turn(state)
    return drawn


def changes_of(state, turn=None):
    return [(c.cause, c.source, c.target, c.before, c.after)
            for c in state.changes if turn is None or c.turn == turn]


# -- the calendar -------------------------------------------------------------


def test_turn_one_is_the_start_month_and_each_turn_adds_months_per_turn(build):
    # A rule copies `year` and `month` into two meters each turn: `x - x_old`
    # expressions see the state before the table, so the meter becomes x.
    s = build(meter("y", 0, 0, 3000) + meter("mo", 0, 0, 12) + """
        [[rules]]
        id = "calendar"
        effects = { y = "year - y", mo = "month - mo" }
        """, start="2015-11-01", months_per_turn=3, turns=6, actions_per_turn=0)
    expected = {1: (2015, 11), 2: (2016, 2), 3: (2016, 5), 4: (2016, 8), 5: (2016, 11), 6: (2017, 2)}
    assert s.date_of(1) == datetime.date(2015, 11, 1)
    state = new_game(s, seed=1)
    for turn, (year, month) in expected.items():
        assert state.turn == turn
        assert s.date_of(turn) == datetime.date(year, month, 1)
        assert (state.meters["y"], state.meters["mo"]) == (year, month)
        state = end_turn(state)
    assert state.over and state.final


def test_monthly_turns_cross_the_new_year(build):
    s = build(meter("m"), start="2015-12-01", turns=3)
    assert [s.date_of(t) for t in (1, 2, 3)] == [
        datetime.date(2015, 12, 1), datetime.date(2016, 1, 1), datetime.date(2016, 2, 1)]


# -- rules ------------------------------------------------------------------------


def test_rules_apply_in_file_order_each_seeing_the_ones_before(build):
    s = build(meter("x") + meter("y") + meter("z") + """
        [[rules]]
        id = "too_early"
        when = "x >= 5"
        effects = { z = 1 }
        note = "too early"

        [[rules]]
        id = "raise"
        when = "turn == 1"
        effects = { x = 5 }
        note = "x rises"

        [[rules]]
        id = "copy"
        when = "x >= 5"
        effects = { y = "x" }
        note = "y follows x"
        """, actions_per_turn=0)
    state = new_game(s, seed=1)
    # `too_early` came before `raise` in the file, so on turn 1 it saw x = 0.
    assert dict(state.meters) == {"x": 5, "y": 5, "z": 0}
    assert [n.source for n in state.timeline if n.kind == "rule"] == ["raise", "copy"]
    assert changes_of(state) == [("rule", "raise", "x", 0, 5), ("rule", "copy", "y", 0, 5)]
    state = end_turn(state)
    assert dict(state.meters) == {"x": 5, "y": 10, "z": 1}


def test_an_ending_reached_by_a_rule_stops_the_turn_before_events_are_drawn(build):
    s = build(meter("x", 50) + meter("y") + """
        [[rules]]
        id = "collapse"
        when = "turn == 2"
        effects = { x = -50 }

        [[rules]]
        id = "after"
        effects = { y = 1 }
        """ + event("always", once=False) + """
        [endings.collapse]
        title = "Collapse"
        kind = "defeat"
        when = "x < 10"
        text = "It fell apart."
        """, turns=4, actions_per_turn=0)
    state = new_game(s, seed=1)
    assert state.drawn == ("always",) and state.meters["y"] == 1
    state = end_turn(choose(state, "ok"))
    assert state.turn == 2
    assert ending(state).id == "collapse" and not state.final
    assert pending(state) is None
    assert state.meters["y"] == 1, "the rule after the one that ended the game must not apply"
    assert state.seen["always"] == 1, "no event may be drawn on the turn the game ended"
    assert not [n for n in state.timeline if n.turn == 2 and n.kind == "event"]


def test_drawn_is_empty_when_a_rule_ends_the_game_before_the_draw(build):
    s = build(meter("x", 50) + """
        [[rules]]
        id = "collapse"
        when = "turn == 2"
        effects = { x = -50 }
        """ + event("always", once=False) + """
        [endings.collapse]
        title = "Collapse"
        kind = "defeat"
        when = "x < 10"
        text = "It fell apart."
        """, turns=4, actions_per_turn=0)
    state = end_turn(choose(new_game(s, seed=1), "ok"))
    assert state.turn == 2 and state.over
    assert state.drawn == ()  # "every event drawn this turn": none was drawn on turn 2


# -- drawing events -----------------------------------------------------------


def test_scheduled_events_come_first_in_the_order_they_were_scheduled(build):
    s = build(meter("m") + """
        [events.opener]
        title = "Opener"
        text = "..."
        when = "turn == 1"
        priority = 50
        [[events.opener.choices]]
        id = "go"
        label = "Go"
        schedule = [{ event = "late", in = 1 }, { event = "early", in = 1 }]
        """ + event("late", triggered_only=True) + event("early", triggered_only=True)
        + event("regular", when="turn == 2", priority=100),
        events_per_turn=3, actions_per_turn=0)
    state = new_game(s, seed=1)
    assert state.drawn == ("opener",)
    state = end_turn(choose(state, "go"))
    assert state.drawn == ("late", "early", "regular")
    assert pending(state).event.id == "late"


def test_a_scheduled_event_is_drawn_even_if_seen_before_and_past_the_cap(build):
    s = build(meter("m") + """
        [events.again]
        title = "Again"
        text = "..."
        when = "turn == 1"
        priority = 10
        [[events.again.choices]]
        id = "repeat"
        label = "Once more"
        schedule = [{ event = "again", in = 1 }, { event = "extra", in = 1 }]
        """ + event("extra", triggered_only=True) + event("filler", once=False),
        events_per_turn=1, actions_per_turn=0)
    state = new_game(s, seed=1)
    assert state.drawn == ("again",)  # once = true by default, and now seen
    state = end_turn(choose(state, "repeat"))
    assert state.drawn == ("again", "extra")  # two scheduled events, cap 1
    assert state.seen["again"] == 2
    state = end_turn(choose(choose(state, "repeat"), "ok"))  # repeat schedules both again
    assert state.drawn == ("again", "extra")


def test_scheduled_events_use_up_the_cap_before_regular_ones(build):
    s = build(meter("m") + """
        [events.opener]
        title = "Opener"
        text = "..."
        when = "turn == 1"
        [[events.opener.choices]]
        id = "go"
        label = "Go"
        schedule = [{ event = "echo", in = 1 }]
        """ + event("echo", triggered_only=True) + event("urgent", when="turn >= 2", priority=100),
        events_per_turn=1, actions_per_turn=0)
    state = end_turn(choose(new_game(s, seed=1), "go"))
    assert state.drawn == ("echo",)  # the high-priority regular event is crowded out
    state = end_turn(choose(state, "ok"))
    assert state.drawn == ("urgent",)


def test_an_event_scheduled_twice_for_one_turn_is_drawn_once(build):
    s = build(meter("m") + """
        [events.a]
        title = "A"
        text = "..."
        when = "turn == 1"
        priority = 2
        [[events.a.choices]]
        id = "s"
        label = "Schedule x"
        schedule = [{ event = "x", in = 1 }, { event = "x", in = 1 }]

        [events.b]
        title = "B"
        text = "..."
        when = "turn == 1"
        priority = 1
        [[events.b.choices]]
        id = "s"
        label = "Schedule x too"
        schedule = [{ event = "x", in = 1 }]

        [[rules]]
        id = "echo"
        when = "turn == 1"
        schedule = [{ event = "x", in = 1 }]
        """ + event("x", when="turn == 2", once=False),
        events_per_turn=3, actions_per_turn=0)
    state = new_game(s, seed=1)
    assert state.drawn == ("a", "b")
    state = end_turn(choose(choose(state, "s"), "s"))
    # scheduled three times, and eligible as a regular event too: drawn once
    assert state.drawn == ("x",)
    assert pending(state).event.id == "x"
    state = choose(state, "ok")
    assert isinstance(pending(state), ActionPrompt)


def test_a_scheduled_event_is_drawn_whatever_its_when_and_chance(build):
    # "A scheduled event is always drawn on its turn": its `when` and `chance`
    # decide only whether it is drawn as a regular event.
    s = build(meter("m") + """
        [[rules]]
        id = "call"
        when = "turn == 1"
        schedule = [{ event = "unlikely", in = 1 }]
        """ + event("unlikely", when="false", chance=0.0), turns=3, actions_per_turn=0)
    for seed in range(20):
        assert drawn_each_turn(new_game(s, seed)) == {1: (), 2: ("unlikely",), 3: ()}


def test_events_are_drawn_by_priority_then_file_order_up_to_the_cap(build):
    body = (meter("m") + event("a") + event("b", priority=5) + event("c", priority=-1)
            + event("d", priority=5))
    assert new_game(build(body, events_per_turn=3), 1).drawn == ("b", "d", "a")
    assert new_game(build(body, events_per_turn=4), 1).drawn == ("b", "d", "a", "c")
    assert new_game(build(body, events_per_turn=9), 1).drawn == ("b", "d", "a", "c")
    assert new_game(build(body, events_per_turn=1), 1).drawn == ("b",)
    assert new_game(build(body, events_per_turn=0), 1).drawn == ()


def test_events_per_turn_defaults_to_one(make):
    s = make("""
        format = 1
        [scenario]
        id = "defaults"
        title = "Defaults"
        summary = "..."
        start = 2015-05-01
        turns = 2
        [meters.m]
        label = "M"
        start = 1
        [events.a]
        title = "A"
        text = "..."
        [[events.a.choices]]
        id = "ok"
        label = "OK"
        [events.b]
        title = "B"
        text = "..."
        [[events.b.choices]]
        id = "ok"
        label = "OK"
        [endings.end]
        title = "End"
        kind = "draw"
        text = "..."
        fallback = true
        """)
    assert (s.events_per_turn, s.actions_per_turn, s.months_per_turn) == (1, 1, 1)
    event_a = s.events["a"]
    assert (event_a.chance, event_a.priority, event_a.once, event_a.triggered_only) == (1.0, 0, True, False)
    assert event_a.history == "what-if"
    assert new_game(s, 1).drawn == ("a",)


def test_a_triggered_only_event_is_never_drawn_unless_scheduled(build):
    s = build(meter("m") + event("secret", triggered_only=True, once=False, priority=100)
              + event("filler", once=False), turns=6, events_per_turn=3, actions_per_turn=0)
    for seed in range(5):
        assert all(d == ("filler",) for d in drawn_each_turn(new_game(s, seed)).values())
    s = build(meter("m") + event("secret", triggered_only=True) + """
        [[rules]]
        id = "wake"
        when = "turn == 2"
        schedule = [{ event = "secret", in = 2 }]
        """, turns=6, events_per_turn=3, actions_per_turn=0)
    assert drawn_each_turn(new_game(s, 1)) == {1: (), 2: (), 3: (), 4: ("secret",), 5: (), 6: ()}


def test_once_events_never_come_twice_and_repeatable_ones_do(build):
    s = build(meter("m") + event("once_only") + event("again_and_again", once=False),
              turns=4, events_per_turn=2, actions_per_turn=0)
    assert drawn_each_turn(new_game(s, 1)) == {
        1: ("once_only", "again_and_again"),
        2: ("again_and_again",), 3: ("again_and_again",), 4: ("again_and_again",),
    }


def test_chance_zero_is_never_drawn_and_chance_one_always(build):
    s = build(meter("m") + event("never", chance=0.0, once=False, priority=1)
              + event("always", chance=1.0, once=False),
              turns=3, events_per_turn=2, actions_per_turn=0)
    for seed in SEEDS:
        assert set(drawn_each_turn(new_game(s, seed)).values()) == {("always",)}


def test_chance_one_half_depends_on_the_seed_and_is_repeatable(build):
    s = build(meter("m") + event("coin", chance=0.5, once=False), turns=2, actions_per_turn=0)
    drawn = {seed: new_game(s, seed).drawn == ("coin",) for seed in SEEDS}
    assert 0.3 < sum(drawn.values()) / len(drawn) < 0.7
    for seed in range(50):
        assert (new_game(s, seed).drawn == ("coin",)) == drawn[seed]
        assert drawn[seed] == (roll(seed, 1, "chance", "coin") < 0.5)
    # rolled afresh each turn: a miss on turn 1 can still come on turn 2
    assert any(drawn_each_turn(new_game(s, seed)) == {1: (), 2: ("coin",)} for seed in SEEDS)


def test_all_of_a_turns_events_are_drawn_before_the_first_is_answered(build):
    s = build(meter("m") + """
        [flags]
        settled = "The crisis was settled."

        [events.crisis]
        title = "Crisis"
        text = "..."
        priority = 1
        [[events.crisis.choices]]
        id = "settle"
        label = "Settle it"
        set = ["settled"]
        """ + event("aftershock", when="not settled") + event("bonus", when="settled", priority=-1),
        events_per_turn=3, actions_per_turn=0)
    state = new_game(s, seed=1)
    assert state.drawn == ("crisis", "aftershock")
    state = choose(state, "settle")
    # Settling makes aftershock's `when` false, but it was already drawn; and the
    # bonus event, whose `when` now holds, is not drawn after the fact.
    assert pending(state).event.id == "aftershock"
    assert state.drawn == ("crisis", "aftershock")
    state = choose(state, "ok")
    assert isinstance(pending(state), ActionPrompt)
    assert "bonus" not in state.seen


def test_a_choice_requires_is_judged_when_the_player_reaches_the_event(build):
    s = build(meter("m") + """
        [flags]
        burned = "The bridge was burned."

        [events.first]
        title = "First"
        text = "..."
        priority = 1
        [[events.first.choices]]
        id = "burn"
        label = "Burn the bridge"
        set = ["burned"]
        [[events.first.choices]]
        id = "keep"
        label = "Keep it"

        [events.second]
        title = "Second"
        text = "..."
        [[events.second.choices]]
        id = "cross"
        label = "Cross the bridge"
        requires = "not burned"
        [[events.second.choices]]
        id = "swim"
        label = "Swim"
        [[events.second.choices]]
        id = "rebuild"
        label = "Rebuild"
        requires = "burned"
        """, events_per_turn=2, actions_per_turn=0)
    start = new_game(s, seed=1)
    burned = choose(start, "burn")
    prompt = pending(burned)
    assert isinstance(prompt, EventPrompt) and prompt.event.id == "second"
    offered = {o.id: (o.available, o.requires) for o in prompt.options}
    assert offered == {"cross": (False, "not burned"), "swim": (True, None), "rebuild": (True, "burned")}
    with pytest.raises(IllegalMove):
        choose(burned, "cross")
    kept = pending(choose(start, "keep"))
    assert {o.id: o.available for o in kept.options} == {"cross": True, "swim": True, "rebuild": False}
    with pytest.raises(IllegalMove):
        choose(choose(start, "keep"), "rebuild")


def test_an_event_with_no_available_choice_is_passed_over_with_a_note(build):
    s = build(meter("m") + """
        [flags]
        burned = "The bridge was burned."

        [events.first]
        title = "First"
        text = "..."
        priority = 1
        [[events.first.choices]]
        id = "burn"
        label = "Burn the bridge"
        set = ["burned"]

        [events.second]
        title = "Second"
        text = "..."
        [[events.second.choices]]
        id = "cross"
        label = "Cross the bridge"
        requires = "not burned"
        """, events_per_turn=2, actions_per_turn=1)
    state = choose(new_game(s, seed=1), "burn")
    assert isinstance(pending(state), ActionPrompt)
    assert state.queue == ()
    assert [(n.kind, n.source) for n in state.timeline if n.kind == "skipped"] == [("skipped", "second")]
    assert state.decisions == (Decision(1, "event", "first", "burn"),)
    with pytest.raises(IllegalMove):
        choose(state, "cross")


# -- choices, outcomes and effects --------------------------------------------

OUTCOMES = meter("x", 0, 0, 1000) + meter("y", 0, 0, 1000) + meter("z", 0, 0, 1000) + """
    [events.e]
    title = "E"
    text = "..."
    [[events.e.choices]]
    id = "go"
    label = "Go"
    effects = { x = 10 }
    [[events.e.choices.outcomes]]
    weight = 1
    effects = { y = "x", z = 1 }
    [[events.e.choices.outcomes]]
    weight = 1
    effects = { y = "x", z = 10 }
    [[events.e.choices.outcomes]]
    weight = 2
    effects = { y = "x", z = 100 }
    """


def test_a_choice_applies_its_own_effects_then_exactly_one_outcome(build):
    s = build(OUTCOMES, actions_per_turn=0)
    drawn = []
    for seed in SEEDS:
        state = choose(new_game(s, seed), "go")
        assert state.meters["x"] == 10
        assert state.meters["y"] == 10, "the outcome sees the choice's own effects"
        z = state.meters["z"]
        assert z in (1, 10, 100), "exactly one outcome"
        index = pick_weighted([1, 1, 2], roll(seed, 1, "outcome", "e", "go"))
        assert z == (1, 10, 100)[index]
        drawn.append(z)
        causes = [(c.cause, c.target) for c in state.changes]
        assert causes == [("choice", "x"), ("outcome", "y"), ("outcome", "z")]
    assert set(drawn) == {1, 10, 100}
    assert 0.35 < drawn.count(100) / len(drawn) < 0.65  # weight 2 of 4


def test_an_outcome_of_weight_zero_is_never_drawn(build):
    s = build(meter("z") + """
        [events.e]
        title = "E"
        text = "..."
        [[events.e.choices]]
        id = "go"
        label = "Go"
        [[events.e.choices.outcomes]]
        weight = 0
        effects = { z = 1 }
        [[events.e.choices.outcomes]]
        weight = 1
        effects = { z = 2 }
        [[events.e.choices.outcomes]]
        weight = 0
        effects = { z = 3 }

        [actions.gamble]
        label = "Gamble"
        [[actions.gamble.outcomes]]
        weight = 0
        effects = { z = 10 }
        [[actions.gamble.outcomes]]
        weight = 5
        effects = { z = 20 }
        """)
    for seed in SEEDS:
        state = act(choose(new_game(s, seed), "go"), "gamble")
        assert state.meters["z"] == 22


def test_action_outcomes_are_drawn_by_weight_from_the_action_roll(build):
    s = build(meter("z") + """
        [actions.gamble]
        label = "Gamble"
        [[actions.gamble.outcomes]]
        weight = 1
        effects = { z = 1 }
        [[actions.gamble.outcomes]]
        weight = 3
        effects = { z = 2 }
        """)
    got = []
    for seed in SEEDS:
        z = act(new_game(s, seed), "gamble").meters["z"]
        assert z == (1, 2)[pick_weighted([1, 3], roll(seed, 1, "action", "gamble"))]
        got.append(z)
    assert 0.6 < got.count(2) / len(got) < 0.9


def test_expression_effects_round_half_away_from_zero(build):
    s = build("".join(meter(m, 50) for m in "abcdefgh") + """
        [events.e]
        title = "E"
        text = "..."
        [[events.e.choices]]
        id = "go"
        label = "Go"
        effects = { a = "5 / 2", b = "-5 / 2", c = "1 / 2", d = "-1 / 2", e = "7 / 5", f = "-7 / 5", g = "3 / 2", h = "-0.4" }
        """)
    state = choose(new_game(s, 1), "go")
    deltas = {m: v - 50 for m, v in state.meters.items()}
    assert deltas == {"a": 3, "b": -3, "c": 1, "d": -1, "e": 1, "f": -1, "g": 2, "h": 0}


def test_a_value_just_below_one_half_rounds_to_zero(build):
    s = build(meter("m", 50) + """
        [events.e]
        title = "E"
        text = "..."
        [[events.e.choices]]
        id = "go"
        label = "Go"
        effects = { m = "0.49999999999999994" }
        """)
    assert choose(new_game(s, 1), "go").meters["m"] == 50


def test_expressions_in_one_effects_table_see_the_state_before_the_table(build):
    s = build(meter("t", 20) + meter("a") + meter("b") + """
        [events.e]
        title = "E"
        text = "..."
        [[events.e.choices]]
        id = "forward"
        label = "t first"
        effects = { t = 20, a = "t", b = "a + t" }
        [[events.e.choices]]
        id = "backward"
        label = "t last"
        effects = { b = "a + t", a = "t", t = 20 }
        [[events.e.choices.outcomes]]
        effects = { b = "t" }
        """)
    forward = choose(new_game(s, 1), "forward")
    assert dict(forward.meters) == {"t": 40, "a": 20, "b": 20}
    assert [c.target for c in forward.changes] == ["t", "a", "b"]  # keys apply in file order
    backward = choose(new_game(s, 1), "backward")
    # the outcome is a new table: it sees t = 40 after the choice's effects
    assert dict(backward.meters) == {"t": 40, "a": 20, "b": 60}
    assert [c.target for c in backward.changes] == ["b", "a", "t", "b"]


def test_division_by_zero_gives_zero_and_turns_since_is_minus_one_before_an_event_is_seen(build):
    s = build(meter("m", 10) + meter("since", 0, -10, 10) + """
        [[rules]]
        id = "measure"
        effects = { m = "100 / (m - m)", since = "turns_since(e) - since" }

        [events.e]
        title = "E"
        text = "..."
        when = "turn == 1"
        [[events.e.choices]]
        id = "note"
        label = "Note the turn"
        effects = { since = "turns_since(e) - since" }  # 0 in the turn it is drawn
        """, turns=3, actions_per_turn=0)
    state = new_game(s, 1)
    assert state.meters["m"] == 10
    assert state.meters["since"] == -1  # rules run before the turn's events are drawn
    state = choose(state, "note")
    assert state.meters["since"] == 0  # drawn this turn
    state = end_turn(state)
    assert state.meters["since"] == 1
    state = end_turn(state)
    assert state.meters["since"] == 2


def test_meters_are_clamped_after_every_single_effect(build):
    s = build(meter("m", 5, 0, 10) + """
        [[rules]]
        id = "surge"
        when = "turn == 2"
        effects = { m = 100 }

        [events.e]
        title = "E"
        text = "..."
        when = "turn == 1"
        [[events.e.choices]]
        id = "up"
        label = "Up"
        effects = { m = 20 }
        [[events.e.choices.outcomes]]
        effects = { m = -3 }
        [[events.e.choices]]
        id = "down"
        label = "Down"
        effects = { m = "m * -10" }

        [actions.crash]
        label = "Crash"
        effects = { m = -100 }
        [[actions.crash.outcomes]]
        effects = { m = 4 }
        """)
    up = choose(new_game(s, 1), "up")
    assert up.meters["m"] == 7  # 5 + 20 -> 10 (clamped), then -3; not 5 + 20 - 3 -> 10
    assert changes_of(up)[0] == ("choice", "e.up", "m", 5, 10)
    assert choose(new_game(s, 1), "down").meters["m"] == 0
    crashed = act(up, "crash")
    assert crashed.meters["m"] == 4  # 7 - 100 -> 0, then +4
    surged = end_turn(crashed)
    assert surged.meters["m"] == 10


def test_flags_set_and_clear_and_the_cause_log_names_who_did_it(build):
    s = build(meter("m") + """
        [flags]
        f = "f"
        g = "g"
        h = "h"
        k = "k"

        [[rules]]
        id = "opening"
        when = "turn == 1"
        effects = { m = 1 }
        set = ["f"]

        [events.e]
        title = "E"
        text = "..."
        [[events.e.choices]]
        id = "c"
        label = "C"
        effects = { m = 2 }
        set = ["g", "h"]
        clear = ["f", "h"]
        [[events.e.choices.outcomes]]
        effects = { m = 4 }
        set = ["k"]

        [actions.a]
        label = "A"
        effects = { m = 8 }
        clear = ["g"]
        """)
    state = new_game(s, 1)
    assert state.flags == {"f"}
    state = choose(state, "c")
    assert state.flags == {"g", "k"}, "a flag listed in both set and clear ends up cleared"
    state = act(state, "a")
    assert state.flags == {"k"} and state.meters["m"] == 15
    log = changes_of(state)
    assert all(c.turn == 1 for c in state.changes)
    assert log[:2] == [("rule", "opening", "m", 0, 1), ("rule", "opening", "f", False, True)]
    assert ("choice", "e.c", "m", 1, 3) in log
    assert ("choice", "e.c", "g", False, True) in log
    assert ("choice", "e.c", "f", True, False) in log
    outcome = [c for c in log if c[0] == "outcome"]
    assert [c[2:] for c in outcome] == [("m", 3, 7), ("k", False, True)]
    assert all(c[1].startswith("e.c") for c in outcome)
    assert log[-2:] == [("action", "a", "m", 7, 15), ("action", "a", "g", True, False)]
    # the last word on h is that it was cleared by the choice
    assert [c for c in log if c[2] == "h"][-1] == ("choice", "e.c", "h", True, False)


# -- standing actions ---------------------------------------------------------

THREE_ACTIONS = meter("m") + "".join(
    f'\n[actions.{a}]\nlabel = "{a}"\neffects = {{ m = 1 }}\n' for a in ("a", "b", "c"))


def test_at_most_actions_per_turn_actions_each_at_most_once_a_turn(build):
    s = build(THREE_ACTIONS, actions_per_turn=2)
    state = new_game(s, 1)
    prompt = pending(state)
    assert isinstance(prompt, ActionPrompt) and prompt.remaining == 2
    assert [(o.id, o.available) for o in prompt.options] == [("a", True), ("b", True), ("c", True)]
    state = act(state, "a")
    prompt = pending(state)
    assert prompt.remaining == 1
    assert {o.id: o.available for o in prompt.options} == {"a": False, "b": True, "c": True}
    with pytest.raises(IllegalMove):
        act(state, "a")
    state = act(state, "b")
    prompt = pending(state)
    assert prompt.remaining == 0 and not any(o.available for o in prompt.options)
    with pytest.raises(IllegalMove):
        act(state, "c")
    assert state.meters["m"] == 2
    state = end_turn(state)
    assert state.turn == 2 and pending(state).remaining == 2
    assert all(o.available for o in pending(state).options)
    with pytest.raises(IllegalMove):
        act(state, "nonexistent")


def test_a_cooldown_keeps_an_action_off_the_menu_for_the_next_n_turns(build):
    s = build(meter("m") + """
        [actions.envoy]
        label = "Envoy"
        cooldown = 2

        [actions.call]
        label = "Call"
        cooldown = 0
        """, turns=6, actions_per_turn=2)

    def menu(state):
        return [o.id for o in pending(state).options]

    state = act(act(new_game(s, 1), "envoy"), "call")  # turn 1
    state = end_turn(state)
    assert state.turn == 2 and menu(state) == ["call"]  # cooldown 0: back at once
    with pytest.raises(IllegalMove):
        act(state, "envoy")
    state = end_turn(state)
    assert state.turn == 3 and menu(state) == ["call"]
    with pytest.raises(IllegalMove):
        act(state, "envoy")
    state = end_turn(state)
    assert state.turn == 4 and menu(state) == ["envoy", "call"]
    state = act(state, "envoy")
    assert state.last_used["envoy"] == 4
    state = end_turn(state)
    assert state.turn == 5 and menu(state) == ["call"]


def test_an_action_requires_is_judged_when_it_is_offered(build):
    s = build(meter("m") + """
        [actions.bold]
        label = "Bold move"
        requires = "m >= 5"
        effects = { m = 10 }

        [actions.grow]
        label = "Grow"
        effects = { m = 5 }
        """, actions_per_turn=2)
    state = new_game(s, 1)
    options = {o.id: (o.available, o.requires) for o in pending(state).options}
    assert options == {"bold": (False, "m >= 5"), "grow": (True, None)}
    with pytest.raises(IllegalMove):
        act(state, "bold")
    state = act(state, "grow")
    assert {o.id: o.available for o in pending(state).options} == {"bold": True, "grow": False}
    assert act(state, "bold").meters["m"] == 15


def test_actions_per_turn_zero_offers_no_actions_at_all(build):
    s = build(meter("m") + '\n[actions.envoy]\nlabel = "Envoy"\neffects = { m = 1 }\n',
              actions_per_turn=0)
    state = new_game(s, 1)
    prompt = pending(state)
    assert isinstance(prompt, ActionPrompt) and prompt.remaining == 0
    assert prompt.options == ()
    with pytest.raises(IllegalMove):
        act(state, "envoy")
    assert end_turn(state).turn == 2


def test_end_turn_and_actions_wait_until_the_events_are_answered(build):
    s = build(meter("m") + event("e") + '\n[actions.envoy]\nlabel = "Envoy"\n')
    state = new_game(s, 1)
    assert isinstance(pending(state), EventPrompt)
    with pytest.raises(IllegalMove):
        end_turn(state)
    with pytest.raises(IllegalMove):
        act(state, "envoy")
    with pytest.raises(IllegalMove):
        choose(state, "no_such_choice")
    state = choose(state, "ok")
    with pytest.raises(IllegalMove):
        choose(state, "ok")  # nothing is waiting for an answer now
    assert end_turn(state).turn == 2


# -- endings ------------------------------------------------------------------

ENDING = '\n[endings.{id}]\ntitle = "{id}"\nkind = "{kind}"\ntext = "..."\nwhen = "{when}"\n'


def ending_toml(eid: str, when: str, kind: str = "draw") -> str:
    return ENDING.format(id=eid, when=when, kind=kind)


def test_an_ending_that_needs_final_is_judged_only_after_the_last_turn(build):
    s = build(meter("m", 50) + ending_toml("win", "final and m >= 50", "victory")
              + ending_toml("collapse", "m < 10", "defeat"), turns=3, actions_per_turn=0)
    state = new_game(s, 1)
    for turn in (1, 2, 3):
        assert state.turn == turn and not state.over and not state.final
        state = end_turn(state)
    assert ending(state).id == "win"
    assert state.final and state.turn == 3 and pending(state) is None
    with pytest.raises(IllegalMove):
        end_turn(state)


def test_the_first_ending_in_file_order_wins(build):
    for first, second in (("alpha", "beta"), ("beta", "alpha")):
        s = build(meter("m", 50) + ending_toml(first, "final and m >= 10")
                  + ending_toml(second, "final and m >= 0"), turns=1, actions_per_turn=0)
        assert ending(end_turn(new_game(s, 1))).id == first
        s = build(meter("m", 50) + ending_toml(first, "m < 10") + ending_toml(second, "m < 20")
                  + '\n[actions.crash]\nlabel = "Crash"\neffects = { m = -45 }\n', turns=2)
        assert ending(act(new_game(s, 1), "crash")).id == first


def test_the_fallback_ending_is_reached_when_no_other_holds_at_the_end(build):
    s = build(meter("m", 50) + ending_toml("win", "final and m >= 90", "victory")
              + ending_toml("collapse", "m < 10", "defeat"), turns=2, actions_per_turn=0)
    state = end_turn(end_turn(new_game(s, 1)))
    assert ending(state).id == FALLBACK_ID and ending(state).fallback
    assert state.final and pending(state) is None


def test_a_mid_game_ending_after_a_choice_ends_the_game_at_once(build):
    s = build(meter("m", 50) + """
        [events.a]
        title = "A"
        text = "..."
        priority = 1
        [[events.a.choices]]
        id = "crash"
        label = "Crash"
        effects = { m = -50 }
        [[events.a.choices]]
        id = "dip"
        label = "Dip, then recover"
        effects = { m = -45 }
        [[events.a.choices.outcomes]]
        effects = { m = 45 }
        """ + event("b") + '\n[actions.envoy]\nlabel = "Envoy"\n'
        + ending_toml("collapse", "m < 10", "defeat"), turns=3, events_per_turn=2)
    start = new_game(s, 1)
    assert start.drawn == ("a", "b")
    state = choose(start, "crash")
    assert ending(state).id == "collapse" and ending(state).kind == "defeat"
    assert pending(state) is None and state.queue == () and not state.final and state.turn == 1
    for move in (lambda: choose(state, "ok"), lambda: act(state, "envoy"), lambda: end_turn(state)):
        with pytest.raises(IllegalMove):
            move()
    # the endings are checked after the choice's effects and its outcome together
    state = choose(start, "dip")
    assert not state.over and state.meters["m"] == 50
    assert pending(state).event.id == "b"


def test_a_mid_game_ending_after_an_action_ends_the_game_at_once(build):
    s = build(meter("m", 50) + '\n[actions.crash]\nlabel = "Crash"\neffects = { m = -45 }\n'
              + ending_toml("collapse", "m < 10", "defeat"), turns=3, actions_per_turn=2)
    state = act(new_game(s, 1), "crash")
    assert ending(state).id == "collapse" and pending(state) is None
    with pytest.raises(IllegalMove):
        end_turn(state)


def test_the_score_is_the_expression_rounded_at_the_end(build):
    s = build(meter("a", 10) + meter("b", 10) + """
        [events.e]
        title = "E"
        text = "..."
        [[events.e.choices]]
        id = "go"
        label = "Go"
        effects = { a = 5 }
        """, turns=1, actions_per_turn=0, score="a * 2 + b / 4")
    state = new_game(s, 1)
    assert score(state) == 23  # 22.5, half away from zero
    state = end_turn(choose(state, "go"))
    assert state.over and score(state) == 33  # 32.5
    assert score(new_game(build(meter("a", 10)), 1)) is None


# -- states are values --------------------------------------------------------


def test_a_state_is_never_changed_by_a_transition(build):
    s = build(meter("m", 10) + """
        [events.e]
        title = "E"
        text = "..."
        [[events.e.choices]]
        id = "go"
        label = "Go"
        effects = { m = 5 }
        """ + '\n[actions.envoy]\nlabel = "Envoy"\neffects = { m = 1 }\n')
    state = new_game(s, 1)
    meters_before, queue_before = dict(state.meters), state.queue
    after = choose(state, "go")
    assert dict(state.meters) == meters_before == {"m": 10}
    assert state.queue == queue_before == ("e",)
    assert after.meters["m"] == 15 and after.queue == ()
    assert choose(state, "go") == after, "the same move on the same state gives the same state"
    acted = act(after, "envoy")
    assert after.actions_taken == () and after.meters["m"] == 15 and acted.meters["m"] == 16
    ended = end_turn(acted)
    assert acted.turn == 1 and ended.turn == 2
    with pytest.raises(TypeError):
        state.meters["m"] = 99
    with pytest.raises(TypeError):
        state.seen["e"] = 3
    with pytest.raises(AttributeError):
        state.flags.add("x")
    with pytest.raises(AttributeError):  # frozen dataclass
        state.turn = 5


def test_playing_without_recording_gives_the_same_game(build):
    s = build(OUTCOMES + '\n[actions.envoy]\nlabel = "Envoy"\neffects = { x = "y / 3" }\n')
    for seed in range(20):
        recorded, quiet = new_game(s, seed), new_game(s, seed, record=False)
        assert quiet.changes is None and recorded.changes is not None
        assert dict(quiet.meters) == dict(recorded.meters)
        for move in (lambda st: choose(st, "go"), lambda st: act(st, "envoy"), end_turn):
            recorded, quiet = move(recorded), move(quiet)
            assert dict(quiet.meters) == dict(recorded.meters)
            assert quiet.changes is None
        assert quiet.decisions == recorded.decisions


# -- the loader's side of the contract ----------------------------------------


def test_endings_need_exactly_one_fallback_and_flags_must_be_declared(build):
    with pytest.raises(ScenarioError, match="fallback"):
        build(meter("m") + ending_toml("only", "m < 0"), fallback=False)
    with pytest.raises(ScenarioError, match="fallback"):
        build(meter("m") + ending_toml("only", "m < 0")
              + '\n[endings.second]\ntitle = "x"\nkind = "draw"\ntext = "x"\nfallback = true\n')
    with pytest.raises(ScenarioError, match="undeclared_flag"):
        build(meter("m") + '\n[actions.a]\nlabel = "A"\nset = ["undeclared_flag"]\n')
    fallback = build(meter("m")).fallback
    assert fallback.id == FALLBACK_ID and fallback.when.evaluate(new_game(build(meter("m")), 1)) is False
