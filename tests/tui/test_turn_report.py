"""The turn report lists what every standing rule did, with or without a note."""

from __future__ import annotations

from game.engine import end_turn, new_game
from game.tui.screens.turn_report import report_lines
from tests.engine.conftest import scenario

SILENT_RULE = """
[meters.trust]
label = "Trust"
start = 50

[[rules]]
id = "drift"
when = "turn >= 2"
effects = { trust = -3 }

[[rules]]
id = "noted"
when = "turn >= 2"
effects = { trust = 1 }
note = "Talks resume."
"""


def test_a_rule_without_a_note_is_listed_with_its_change():
    before = new_game(scenario(SILENT_RULE, turns=3), seed=1)
    after = end_turn(before)
    text = "\n".join(line.plain for line in report_lines(before, after))
    assert "A standing rule applied." in text
    assert "Talks resume." in text
    assert text.index("A standing rule applied.") < text.index("Talks resume."), text  # file order
    assert text.count("Trust") == 2, text  # each rule's own change, once
