"""`crossroads lint`: one small scenario per warning, each triggering exactly that
warning; the ignore comment; the command's output and exit codes; shipped
scenarios lint clean."""

from __future__ import annotations

import json

import pytest

from game import paths
from game.cli import main
from game.tools.lint import CODES, lint_source

BASE = """\
format = 1

[scenario]
id = "mini"
title = "Mini"
summary = "A small scenario that lints clean."
start = 2015-05-01
turns = 8

[meters.trust]
label = "Trust"
start = 50

[flags]
met = "They met."

[[rules]]
id = "drift"
when = "turn >= 2"
effects = { trust = -1 }

[events.meeting]
title = "A meeting"
text = "Meet?"
when = "turn == 1"

[[events.meeting.choices]]
id = "meet"
label = "Meet"
effects = { trust = 5 }
set = ["met"]
schedule = [{ event = "follow_up", in = 1 }]

[[events.meeting.choices]]
id = "refuse"
label = "Refuse"
effects = { trust = -5 }

[events.follow_up]
title = "Follow-up"
text = "Again?"
triggered_only = true

[[events.follow_up.choices]]
id = "again"
label = "Again"
requires = "met"
effects = { trust = 5 }

[[events.follow_up.choices]]
id = "stop"
label = "Stop"
effects = { trust = -2 }

[actions.call]
label = "Call"
effects = { trust = 1 }

[endings.collapse]
title = "Collapse"
kind = "defeat"
when = "trust < 20"
text = "Over."

[endings.success]
title = "Success"
kind = "victory"
when = "final and trust >= 70"
text = "Done."

[endings.stalemate]
title = "Stalemate"
kind = "draw"
fallback = true
text = "Nothing moved."
"""


def lint(text: str):
    return lint_source(text.encode("utf-8"), "mini.toml")


def codes(text: str) -> list[str]:
    return [w.code for w in lint(text)]


def with_(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_the_base_scenario_lints_clean():
    assert lint(BASE) == []


ENDING = """
[endings.extra]
title = "Extra"
kind = "draw"
when = "{when}"
text = "An extra ending."
"""

EVENT = """
[events.extra]
title = "Extra"
text = "An extra event."
{keys}

[[events.extra.choices]]
id = "fine"
label = "Fine"
effects = {{ trust = 1 }}
"""

CASES = {
    # an ending that can never hold: a turn past the last
    "unreachable-ending": BASE + ENDING.format(when="turn == 12"),
    # an ending an earlier one always pre-empts
    "shadowed-ending": BASE + ENDING.format(when="trust < 10"),
    # an ending that holds on the start values: the first thing that happens ends the game
    "ending-at-start": with_('when = "trust < 20"', 'when = "trust < 60"'),
    "never-drawn": BASE + EVENT.format(keys='when = "trust > 150"'),
    "never-scheduled": BASE + EVENT.format(keys="triggered_only = true"),
    "unavailable-choice": with_('requires = "met"', 'requires = "met and turn > 8"'),
    "unavailable-action": with_('label = "Call"', 'label = "Call"\nrequires = "turn > 8"'),
    "rule-never-fires": with_('when = "turn >= 2"', 'when = "turn == 0"'),
    "flag-never-set": with_('met = "They met."', 'met = "They met."\nlost = "Lost."').replace(
        'label = "Call"', 'label = "Call"\nrequires = "not lost"'),
    "flag-never-read": with_('set = ["met"]', 'set = ["met", "noted"]').replace(
        'met = "They met."', 'met = "They met."\nnoted = "Noted."'),
    "flag-unused": with_('met = "They met."', 'met = "They met."\nspare = "Spare."'),
    "meter-never-changed": with_("[flags]", '[meters.mood]\nlabel = "Mood"\nstart = 5\n\n[flags]'),
    "no-effect": with_('label = "Refuse"\neffects = { trust = -5 }', 'label = "Refuse"'),
    "effect-adds-itself": with_("effects = { trust = -5 }", 'effects = { trust = "trust - 5" }'),
    "fact-without-sources": with_('text = "Meet?"', 'text = "Meet?"\nhistory = "fact"'),
    "text-too-long": with_('label = "Refuse"', 'label = "' + "R" * 61 + '"'),
    "unknown-ignore": with_('label = "Refuse"', 'label = "Refuse"  # lint: ignore[no-efect]'),
    "locked-without-requires": with_('label = "Call"', 'label = "Call"\nlocked = "Needs a phone."'),
    "ignored-key": with_('triggered_only = true', 'triggered_only = true\nwhen = "trust > 60"'),
}


def test_every_code_has_a_case():
    assert set(CASES) == set(CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_warning_has_a_scenario_that_triggers_exactly_it(code):
    assert codes(CASES[code]) == [code]


def test_a_warning_names_the_line_and_column_of_what_it_is_about():
    text = CASES["unreachable-ending"]
    (warning,) = lint(text)
    assert (warning.line, warning.column) == (line_of(text, 'when = "turn == 12"'), 8)
    assert "`turn == 12` never holds on turns 1–8 (May 2015 – December 2015)" in warning.message
    assert str(warning).startswith(f"mini.toml:{warning.line}:8: ending `extra` can never be reached")
    assert str(warning).endswith("[unreachable-ending]")


def test_an_ending_that_holds_at_the_start_names_the_start_values():
    text = CASES["ending-at-start"]
    (warning,) = lint(text)
    assert (warning.line, warning.column) == (line_of(text, 'when = "trust < 60"'), 8)
    assert warning.message == ("ending `collapse` already holds before the first turn (`trust` starts at 50): "
                               "the first rule, choice or action that leaves it holding ends the game")


def test_an_ending_that_needs_final_or_a_flag_does_not_hold_at_the_start():
    assert codes(with_('when = "trust < 20"', 'when = "final and trust < 60"')) == []
    assert codes(with_('when = "trust < 20"', 'when = "met and trust < 60"')) == []


@pytest.mark.parametrize(("written", "advice"), [
    ('"trust + 5"', "so write `trust = 5`"),
    ('"trust - turn"', 'so write `trust = "-turn"`'),
    ('"trust"', "so this doubles it"),
])
def test_an_effect_written_as_the_new_value_says_what_to_write(written, advice):
    text = with_("effects = { trust = -5 }", f"effects = {{ trust = {written} }}")
    (warning,) = lint(text)
    assert (warning.line, warning.column) == (line_of(text, f"trust = {written}"), len("effects = { trust = ") + 1)
    assert warning.message == (f"the effect `trust = {written}` adds `trust` to itself: an effect is the change, "
                               f"not the new value, {advice}")


def test_an_effect_that_reads_its_meter_otherwise_is_not_flagged():
    assert codes(with_("effects = { trust = -5 }", 'effects = { trust = "-trust / 2" }')) == []
    assert codes(with_("effects = { trust = -5 }", 'effects = { trust = "5 - trust / 10" }')) == []


def test_an_ending_past_a_meters_bounds_names_the_bounds():
    (warning,) = lint(BASE + ENDING.format(when="final and trust > 120"))
    assert "`trust > 120` never holds: `trust` stays within 0..100" in warning.message


def test_a_shadowed_ending_names_the_ending_that_pre_empts_it():
    (warning,) = lint(CASES["shadowed-ending"])
    assert "`collapse`, checked before it, holds whenever it would" in warning.message


def test_contradictory_parts_are_reported_as_a_contradiction():
    (warning,) = lint(BASE + ENDING.format(when="trust > 60 and trust < 40"))
    assert warning.code == "unreachable-ending"
    assert "contradict each other" in warning.message


def test_a_flag_that_is_never_set_makes_conditions_on_it_impossible():
    text = with_('met = "They met."', 'met = "They met."\nlost = "Lost."') + ENDING.format(when="lost")
    assert codes(text) == ["flag-never-set", "unreachable-ending"]
    assert "flag `lost` is never set" in lint(text)[-1].message


def test_a_fallback_that_the_endings_before_it_always_pre_empt():
    text = BASE.replace("[endings.stalemate]", ENDING.format(when="final and trust < 70").replace(
        "[endings.extra]", "[endings.low]") + "\n[endings.stalemate]")
    (warning,) = lint(text)
    assert warning.code == "unreachable-ending"
    assert "fallback ending `stalemate` is never needed" in warning.message


def test_a_choice_read_by_chose_is_not_without_effect():
    text = CASES["no-effect"] + ENDING.format(when="final and chose(meeting, refuse)")
    assert "no-effect" not in codes(text)


def test_an_event_drawn_only_by_date_in_a_month_the_game_never_reaches():
    text = BASE + EVENT.format(keys='when = "year == 2015 and month == 3"')
    (warning,) = lint(text)
    assert warning.code == "never-drawn"
    assert "`month == 3` never holds on turns 1–8" in warning.message


def test_the_ignore_comment_silences_on_the_line_or_the_line_before():
    text = CASES["no-effect"]
    header = "[[events.meeting.choices]]\nid = \"refuse\""
    before = text.replace(header, "# lint: ignore[no-effect]\n" + header)
    same = text.replace(header, "[[events.meeting.choices]]  # lint: ignore[no-effect, flag-unused]\nid = \"refuse\"")
    other = text.replace(header, "# lint: ignore[flag-unused]\n" + header)
    assert codes(before) == []
    assert codes(same) == []
    assert codes(other) == ["no-effect"]


def test_text_budgets(tmp_path):
    long_text = BASE.replace('text = "Meet?"', 'text = "' + "x" * 451 + '"').replace(
        'effects = { trust = 1 }', 'effects = { trust = 1 }\nresult = "' + "y" * 201 + '"')
    found = lint(long_text)
    assert [w.code for w in found] == ["text-too-long", "text-too-long"]
    assert "451 characters, over the 450" in found[0].message
    assert "201 characters, over the 200" in found[1].message
    at_budget = BASE.replace('text = "Meet?"', 'text = "' + "x" * 450 + '"')
    assert codes(at_budget) == []


# -- the command -------------------------------------------------------------------------------


def test_lint_exits_1_with_warnings_and_0_when_clean(tmp_path, capsys):
    clean, dirty = tmp_path / "clean.toml", tmp_path / "dirty.toml"
    clean.write_text(BASE)
    dirty.write_text(CASES["no-effect"])
    assert main(["lint", str(clean)]) == 0
    assert capsys.readouterr().out == f"{clean}: clean\n"
    assert main(["lint", str(clean), str(dirty)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = line_of(CASES["no-effect"], 'id = "refuse"') - 1
    assert out[1] == (f"{dirty}:{line}:1: choice `refuse` of `meeting` changes nothing: no effects, set, clear, "
                      "schedule or outcomes, and no condition reads `chose(...)` of it [no-effect]")
    assert out[2] == f"{dirty}: 1 warning"


def test_lint_json(tmp_path, capsys):
    dirty = tmp_path / "dirty.toml"
    dirty.write_text(CASES["flag-unused"])
    assert main(["lint", "--json", str(dirty)]) == 1
    (report,) = json.loads(capsys.readouterr().out)
    assert report["valid"] is True
    assert [w["code"] for w in report["warnings"]] == ["flag-unused"]
    assert report["warnings"][0]["line"] == line_of(CASES["flag-unused"], "spare = ")


def test_lint_of_an_invalid_file_reports_its_problems_and_exits_1(tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(BASE.replace('start = 50', 'start = "fifty"'))
    assert main(["lint", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "`start` should be a whole number" in out
    assert "not valid (1 problem)" in out
    assert "Traceback" not in out


def test_lint_of_a_missing_file_is_a_clear_message(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "nothing.toml")]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "nothing.toml" in captured.out + captured.err


@pytest.mark.parametrize("path", paths.shipped_scenario_files(), ids=lambda p: p.name)
def test_shipped_scenarios_lint_clean(path, capsys):
    assert main(["lint", str(path)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("condition", [
    f"trust * {'9' * 300} * {'9' * 300} / 3 > 1",
    f"({'9' * 300} * {'9' * 300}) / trust * 1.5 > 1",
])
def test_numbers_beyond_a_float_do_not_stop_lint(condition):
    # the game counts arithmetic without a finite answer as 0; lint assumes nothing about it
    assert codes(with_('when = "turn >= 2"', f'when = "{condition}"')) == []


def test_a_fact_with_sources_is_not_flagged_and_one_without_is_placed_at_history():
    text = CASES["fact-without-sources"]
    (warning,) = lint(text)
    assert (warning.line, warning.column) == (line_of(text, 'history = "fact"'), 11)
    assert codes(text.replace('history = "fact"', 'history = "fact"\nsources = ["The minutes."]')) == []
