"""The keys added for players and debriefs: warnings, locked texts, glossary, what happened."""

from __future__ import annotations

import pytest

from game.engine import ScenarioError, new_game
from tests.engine.conftest import make, scenario_text

BODY = """
[meters.trust]
label = "Moscow's trust"
start = 50
warn_below = 20
warn_above = 90

[events.e]
title = "E"
text = "t"
[[events.e.choices]]
id = "a"
label = "A"
requires = "trust > 60"
locked = "Needs Moscow's trust above 60."
[[events.e.choices]]
id = "b"
label = "B"

[actions.envoy]
label = "Send an envoy"
requires = "trust > 90"
locked = "Moscow will not receive an envoy yet."

[glossary]
BMD = "Ballistic missile defence."
"2+2" = "Foreign and defence ministers meeting together."
"""


def _load(body: str = BODY, extra_header: str = ""):
    text = scenario_text(body)
    if extra_header:
        text = text.replace('actions_per_turn = 1\n', 'actions_per_turn = 1\n' + extra_header, 1)
    return make(text)


def test_warning_levels_mark_a_meter_near_defeat():
    meter = _load().meters["trust"]
    assert (meter.warning(20), meter.warning(21), meter.warning(89), meter.warning(90)) == ("low", None, None, "high")


def test_a_meter_without_warning_levels_never_warns():
    meter = _load(BODY.replace("warn_below = 20\n", "").replace("warn_above = 90\n", "")).meters["trust"]
    assert all(meter.warning(v) is None for v in (0, 50, 100))


def test_a_warning_level_outside_the_bounds_is_located():
    with pytest.raises(ScenarioError) as caught:
        _load(BODY.replace("warn_above = 90", "warn_above = 120"))
    [problem] = caught.value.problems
    assert "`warn_above` (120) is outside the meter's bounds 0..100" in problem.message
    assert problem.line is not None and problem.column is not None


def test_locked_text_reaches_choices_and_actions():
    scenario = _load()
    assert scenario.events["e"].choices[0].locked == "Needs Moscow's trust above 60."
    assert scenario.events["e"].choices[1].locked == ""
    assert scenario.actions["envoy"].locked == "Moscow will not receive an envoy yet."


def test_glossary_keeps_terms_in_file_order():
    assert list(_load().glossary.items()) == [
        ("BMD", "Ballistic missile defence."), ("2+2", "Foreign and defence ministers meeting together.")]


def test_an_empty_glossary_entry_is_refused():
    with pytest.raises(ScenarioError) as caught:
        _load(BODY.replace('BMD = "Ballistic missile defence."', 'BMD = ""'))
    [problem] = caught.value.problems
    assert "`BMD` should be non-empty text" in problem.message and problem.line is not None


def test_what_happened_and_sources_are_kept():
    scenario = _load(extra_header='what_happened = "Talks *stalled*."\nsources = ["MOFA"]\n')
    assert scenario.what_happened == "Talks *stalled*."
    assert scenario.sources == ("MOFA",)


def test_new_keys_change_nothing_in_play():
    plain = BODY.replace("warn_below = 20\n", "").replace("warn_above = 90\n", "")
    plain = plain.replace('locked = "Needs Moscow\'s trust above 60."\n', "")
    with_keys, without = new_game(_load(), 3), new_game(_load(plain), 3)
    assert with_keys.meters == without.meters and with_keys.queue == without.queue
