"""The player's words for conditions, causes, scores and menus (game/present.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import choose, load_scenario, new_game, end_turn, act
from game.engine.expressions import split_top_level
from game.present import (
    action_menu, cause_words, change_words, choice_reason, condition_words, ending_check, kind_words,
    month_name, score_formula,
)
from game.tools.transcript import month_name as transcript_month_name

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(ROOT / "scenarios" / "tutorial.toml")


@pytest.fixture(scope="module")
def small():
    return load_scenario(ROOT / "tests" / "tui" / "data" / "small.toml")


def test_the_month_of_a_turn_is_shared_with_the_transcript(tutorial):
    state = new_game(tutorial, 1)
    assert month_name(state, 1) == "May 2015" == month_name(tutorial, 1)
    assert month_name(state, 6) == "October 2015"
    assert transcript_month_name is month_name


@pytest.mark.parametrize("source, words", [
    ("trust >= 40 and not tightened", "Moscow's trust [@click=app.quit] ≥ 40 and not: Tokyo tightened sanctions"),
    ("tightened or support < 20", "Tokyo tightened sanctions or Public support < 20"),
    ("chose(opening, warm)", "you chose “Be warm [b]now[/b]” in “The opening [@click=app.quit]quit[/]”"),
    ("seen(echo) and turns_since(echo) >= 2", "“An echo” has happened and turns since “An echo” ≥ 2"),
    ("-2 - threat / 10", "−2 − Threat perception / 10"),
    ("max(0, min(trust, 3) - 2) * 2", "max(0, min(Moscow's trust [@click=app.quit], 3) − 2) × 2"),
    ("final and turn == turns", "the last turn is over and turn = 4"),
    ("month == 7 and year == 2015", "month = July and year = 2015"),
    ("not (tightened and trust != 3)", "not (Tokyo tightened sanctions and Moscow's trust [@click=app.quit] ≠ 3)"),
])
def test_a_condition_in_words_has_labels_and_descriptions_never_ids(small, source, words):
    assert condition_words(source, small) == words


def test_split_top_level_cuts_only_the_loosest_operator():
    assert split_top_level("final and (a or b) and c", "and") == ("final", "(a or b)", "c")
    assert split_top_level("(a and b)", "and") == ("a", "b")
    assert split_top_level("a or b and c", "and") == ("a or b and c",)
    assert split_top_level("f(x, y) and z", "and") == ("f(x, y)", "z")


def test_an_endings_clauses_are_judged_on_the_state(small):
    state = new_game(small, 1)
    win = small.endings["win"]
    assert [(c.words, c.held) for c in ending_check(win, state)] == [
        ("the last turn is over", False),
        ("Moscow's trust [@click=app.quit] ≥ 50", False),
        ("Public support ≥ 50", True),
    ]
    assert ending_check(small.endings["middle"], state) == (), "a fallback holds because nothing else did"
    assert kind_words("defeat") == "Defeat"


def test_the_score_formula_uses_labels(small, tutorial):
    assert score_formula(small) == "Moscow's trust [@click=app.quit] × 2 + Public support / 2 − Threat perception"
    assert "treaty" not in score_formula(tutorial) and "Treaty progress × 2" in score_formula(tutorial)


def test_causes_and_changes_are_told_in_words(small):
    state = end_turn(act(choose(new_game(small, 1), "warm"), "envoy"))
    state = choose(state, "ok")  # the echo, with an outcome
    words = [(cause_words(c, small), change_words(c, small)) for c in state.changes]
    assert words == [
        ("You chose “Be warm [b]now[/b]” (“The opening [@click=app.quit]quit[/]”)",
         "Moscow's trust [@click=app.quit] 40 → 45 (+5)"),
        ("Action: “Send an envoy”", "Moscow's trust [@click=app.quit] 45 → 49 (+4)"),
        ("Rule: Relations drift without attention.", "Moscow's trust [@click=app.quit] 49 → 47 (-2)"),
        ("Rule: Relations drift without attention.", "Threat perception 10 → 11 (+1)"),
        ("You chose “Acknowledge it” (“An echo”)", "Public support 50 → 51 (+1)"),
        ("Outcome of you chose “Acknowledge it” (“An echo”)", "Moscow's trust [@click=app.quit] 47 → 49 (+2)"),
    ]
    flagged = choose(new_game(small, 1), "cold")
    assert change_words(flagged.changes[-1], small) == "Now: Tokyo tightened sanctions"


def test_a_locked_text_wins_over_the_condition(small):
    state = new_game(small, 1)
    opening = small.events["opening"]
    assert choice_reason(opening.choice("locked_one"), state) == "Needs far more trust than you have."
    assert choice_reason(opening.choice("plain_requires"), state) == (
        "Needs Moscow's trust [@click=app.quit] ≥ 60 and not: Tokyo tightened sanctions")


def test_the_action_menu_keeps_file_order_and_says_the_real_reason(small):
    state = choose(new_game(small, 1), "warm")
    assert [(i.number, i.id, i.available, i.reason) for i in action_menu(state)] == [
        (1, "envoy", True, ""), (2, "speech", True, ""), (3, "gamble", False, "Opens in July."),
    ]
    state = act(state, "envoy")
    assert [i.reason for i in action_menu(state)] == [
        "Already taken this turn", "You have used this turn's action", "You have used this turn's action",
    ]
    state = choose(end_turn(state), "ok")
    assert action_menu(state)[0].reason == "Back in 2 turns"
    state = end_turn(state)
    state = choose(state, state.scenario.events[state.queue[0]].choices[0].id)
    assert action_menu(state)[0].reason == "Back in 1 turn"


def test_present_needs_neither_textual_nor_the_app():
    import subprocess
    import sys

    code = ("import sys, game.present; print(','.join(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('textual', 'rich') or m.startswith('game.tui'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_during_a_game_a_reason_does_not_name_a_hidden_meter(small):
    assert condition_words("threat < 5 and max(threat, 1) > 0", small, veil_hidden=True) == (
        "a hidden gauge < 5 and max(a hidden gauge, 1) > 0")
    assert condition_words("threat < 5", small) == "Threat perception < 5", "the debrief names it"
