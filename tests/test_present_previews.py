"""What a choice or action will do, told before it is taken, and the last result found again
(game.present.decision_preview and last_result)."""

from __future__ import annotations

import pytest

from game.engine import act, choose, end_turn, load_scenario, new_game
from game.present import decision_preview, last_result

SCENARIO = '''
format = 1

[scenario]
id = "previews"
title = "Previews"
summary = "For tests."
briefing = "Short."
start = 2015-05-01
months_per_turn = 1
turns = 3
actions_per_turn = 1

[meters.trust]
label = "Moscow's trust"
start = 40

[meters.threat]
label = "Threat perception"
start = 20
hidden = true

[flags]
talks = "Treaty talks are running."

[events.opening]
title = "The opening"
when = "turn == 1"
text = "What now?"

[[events.opening.choices]]
id = "by_trust"
label = "Build on trust"
effects = { trust = "3 + trust / 10", threat = 5 }
set = ["talks"]
result = "Built."

[[events.opening.choices]]
id = "by_threat"
label = "Read the threat"
effects = { trust = "-2 - threat / 10" }
result = "Read."

[[events.opening.choices]]
id = "hidden_only"
label = "Move only what you cannot see"
effects = { threat = -3 }

[actions.envoy]
label = "Send an envoy"
cooldown = 2
effects = { trust = 3 }
result = "Received."

[[actions.envoy.outcomes]]
weight = 3
result = "Quiet."

[[actions.envoy.outcomes]]
weight = 1
effects = { trust = -5, threat = 2 }
result = "Leaked."

[endings.plain]
title = "The end"
kind = "draw"
fallback = true
text = "Done."
'''


@pytest.fixture()
def scenario(tmp_path):
    path = tmp_path / "previews.toml"
    path.write_text(SCENARIO)
    return load_scenario(path)


def test_a_choice_says_its_effects_with_labels_and_signed_numbers(scenario):
    state = new_game(scenario, 1)
    by_trust, by_threat, hidden_only = scenario.events["opening"].choices
    assert decision_preview(by_trust, state) == "Moscow's trust +7, Now: Treaty talks are running"
    # An amount read from a hidden meter would give its value away: it stays in words.
    assert decision_preview(by_threat, state) == "Moscow's trust by −2 − a hidden gauge / 10"
    assert decision_preview(hidden_only, state) == "No change you can see"
    for choice in (by_trust, by_threat, hidden_only):
        assert "Threat" not in decision_preview(choice, state)


def test_an_action_says_each_outcome_with_its_chance_and_when_it_is_offered_again(scenario):
    state = choose(new_game(scenario, 1), "hidden_only")
    assert decision_preview(scenario.actions["envoy"], state) == (
        "Moscow's trust +3; then by chance: 75% nothing more; 25% Moscow's trust -5; "
        "rests 2 turns (not again this game)")


def test_the_last_result_is_found_again_until_the_turn_ends(scenario):
    state = choose(new_game(scenario, 1), "by_trust")
    found = last_result(state)
    assert [n.kind for n in found.notes] == ["choice"] and found.notes[0].text == "Built."
    assert [(c.target, c.before, c.after) for c in found.changes] == [
        ("trust", 40, 47), ("threat", 20, 25), ("talks", False, True)]
    assert found.meters_before == {"trust": 40, "threat": 20}
    state = act(state, "envoy")
    found = last_result(state)
    assert found.notes[0].kind == "action" and [n.kind for n in found.notes[1:]] == ["outcome"]
    assert found.meters_before["trust"] == 47
    assert last_result(end_turn(state)) is None
    assert last_result(new_game(scenario, 1)) is None
