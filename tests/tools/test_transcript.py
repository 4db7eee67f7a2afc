"""The `run` transcript tells a game in the app's words: no flag or rule ids, every change under its cause."""

from __future__ import annotations

import json
import re

import pytest

from game import paths
from game.cli import main
from game.engine import choose, end_turn, load_scenario, load_scenario_bytes, new_game
from game.engine.policies import policy_named
from game.tools.script import play_script
from game.tools.transcript import transcript

# A rule with a note and one without, a flag set and cleared, and a choice whose outcome has no result text.
HARBOUR = b'''
format = 1

[scenario]
id = "harbour"
title = "Harbour Talks"
summary = "For the transcript tests."
briefing = "You speak for the town."
start = 2016-03-01
turns = 3

[meters.trust]
label = "Trust"
start = 50

[flags]
quay_promised = "The town promised a new quay."

[[rules]]
id = "quay_goodwill"
when = "quay_promised"
effects = { trust = 2 }
note = "The promised quay keeps the fishermen talking."

[[rules]]
id = "slow_drift"
when = "turn >= 2"
effects = { trust = -1 }

[events.opening]
title = "The first meeting"
when = "turn == 1"
text = "The delegation arrives."

[[events.opening.choices]]
id = "promise"
label = "Promise a new quay"
set = ["quay_promised"]
result = "They smile."

[[events.opening.choices.outcomes]]
weight = 1
effects = { trust = 3 }

[events.second]
title = "Second thoughts"
when = "turn == 2"
text = "The council hesitates."

[[events.second.choices]]
id = "withdraw"
label = "Withdraw the promise"
clear = ["quay_promised"]
result = "The fishermen shrug."

[endings.stalemate]
title = "Stalemate"
kind = "draw"
fallback = true
text = "Nothing changes."
'''


def played() -> list[str]:
    scenario = load_scenario_bytes(HARBOUR, "harbour.toml")
    state = end_turn(choose(new_game(scenario, 1), "promise"))
    state = end_turn(choose(state, "withdraw"))
    return list(transcript(state))


def test_flags_are_told_by_what_they_mean_and_rules_by_their_note():
    lines = played()
    told = "\n".join(lines)
    for flag_or_rule_id in ("quay_promised", "quay_goodwill", "slow_drift"):
        assert flag_or_rule_id not in told
    assert "      · Now: The town promised a new quay" in lines
    assert "      · No longer: The town promised a new quay" in lines
    assert "  Rule: The promised quay keeps the fishermen talking." in lines


def test_a_rule_without_a_note_and_an_outcome_without_text_still_show_what_they_changed():
    lines = played()
    turn_2 = lines[lines.index("== Turn 2 of 3 · April 2016 =="):]
    quiet_rule = turn_2.index("  Rule: a standing rule")
    assert turn_2[quiet_rule + 1] == "      · Trust: 55 → 54 (-1)"
    assert turn_2.index("  Rule: The promised quay keeps the fishermen talking.") < quiet_rule, "in file order"
    assert quiet_rule < turn_2.index("  Event: Second thoughts"), "rules open the turn"
    chose = lines.index("    You chose: Promise a new quay — They smile.")
    assert lines[chose + 1] == "      · Now: The town promised a new quay"
    assert lines[chose + 2] == "    Outcome of you chose “Promise a new quay” (“The first meeting”)"
    assert lines[chose + 3] == "      · Trust: 50 → 53 (+3)"


@pytest.mark.parametrize("scenario_id", ["tutorial", "reset-2009"])
def test_every_change_of_a_shipped_game_is_printed_once(scenario_id):
    scenario = load_scenario(paths.shipped_scenarios() / f"{scenario_id}.toml")
    for seed in range(1, 6):
        state = play_script(new_game(scenario, seed), [], policy_named("random", scenario))
        printed = [line for line in transcript(state) if line.startswith("      · ")]
        assert len(printed) == len(state.changes), f"seed {seed}"


def test_json_keeps_its_ids(capsys):
    assert main(["run", "tutorial", "--seed", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["flags"] and all(re.fullmatch(r"[a-z][a-z0-9_]*", flag) for flag in data["flags"])
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", d["id"]) for d in data["decisions"])


TWO_A_TURN = b'''
format = 1

[scenario]
id = "two"
title = "Two a Turn"
summary = "Two events drawn each turn."
start = 2016-03-01
turns = 1
events_per_turn = 2
actions_per_turn = 0

[meters.trust]
label = "Trust"
start = 50

[events.first]
title = "The first letter"
text = "A."

[[events.first.choices]]
id = "answer"
label = "Answer the first"
effects = { trust = 1 }

[events.second]
title = "The second letter"
text = "B."

[[events.second.choices]]
id = "answer"
label = "Answer the second"
effects = { trust = 2 }

[[events.second.choices]]
id = "ignore"
label = "Ignore the second"
effects = { trust = -60 }

[endings.lost]
title = "Lost"
kind = "defeat"
when = "trust < 10"
text = "Gone."

[endings.end]
title = "End"
kind = "draw"
fallback = true
text = "Done."
'''


def test_each_event_is_told_just_before_its_answer():
    scenario = load_scenario_bytes(TWO_A_TURN, "two.toml")
    state = choose(choose(new_game(scenario, 1), "answer"), "answer")
    lines = [line.strip() for line in transcript(end_turn(state)) if "Event:" in line or "You chose:" in line]
    assert lines == ["Event: The first letter", "You chose: Answer the first",
                     "Event: The second letter", "You chose: Answer the second"]


def test_an_event_the_game_ended_before_is_told_after_the_answers_before_the_ending():
    scenario = load_scenario_bytes(TWO_A_TURN.replace(b'[events.first]', b'[events.first]\npriority = -1'), "two.toml")
    state = choose(new_game(scenario, 1), "ignore")  # the second letter comes first; ignoring it ends the game
    lines = [line.strip() for line in transcript(state) if line.startswith("  ")]
    assert [line.split(" —")[0] for line in lines if not line.startswith("·")] == [
        "Event: The second letter", "You chose: Ignore the second", "Event: The first letter", "Ending: Lost"]
