"""What a scenario author sees when a file is wrong.

Every test starts from one small valid scenario (`BASE`, 59 lines), puts one
mistake at a known line, and checks the exact line AND column of the problem,
the words of its message and its hint. Positions are 1-based, columns in
characters. An expression problem points inside the string: the column of the
opening quote + 1 + the offset that the expression parser reports.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game import paths
from game.engine.loader import MAX_FILE_BYTES, load_scenario, load_scenario_bytes
from game.engine.problems import Problem, ScenarioError

NAME = "mini.toml"

# Line numbers matter: the tests below name them. `test_base_line_numbers`
# fails first if this text is edited.
BASE = """\
format = 1

[scenario]
id = "mini"
title = "Mini"
summary = "A tiny scenario."
start = 2015-05-01
turns = 3

[meters.trust]
label = "Trust"
start = 50

[meters.alliance]
label = "Alliance"
start = 60

[flags]
summit = "A summit happened."

[[rules]]
id = "drift"
when = "turn >= 2"
effects = { trust = -1 }

[events.talks]
title = "Talks"
text = "Moscow wants to talk."

[[events.talks.choices]]
id = "accept"
label = "Accept"
effects = { trust = 5 }
set = ["summit"]

[[events.talks.choices]]
id = "refuse"
label = "Refuse"
effects = { alliance = 2 }

[[events.talks.choices.outcomes]]
weight = 1
effects = { trust = -2 }

[actions.envoy]
label = "Send an envoy"
effects = { trust = 1 }

[endings.collapse]
title = "Collapse"
kind = "defeat"
when = "trust < 10"
text = "It fell apart."

[endings.steady]
title = "Steady"
kind = "draw"
fallback = true
text = "Nothing much."
"""


def scenario_text() -> str:
    """A small valid scenario."""
    return BASE


def replace_line(number: int, new: str, text: str | None = None) -> str:
    """The text with line `number` (1-based) replaced by `new` (which may hold newlines)."""
    lines = (BASE if text is None else text).split("\n")
    assert 1 <= number <= len(lines)
    lines[number - 1] = new
    return "\n".join(lines)


def insert_after(number: int, new: str, text: str | None = None) -> str:
    """The text with `new` inserted after line `number`, so it starts at line number + 1."""
    lines = (BASE if text is None else text).split("\n")
    lines[number:number] = new.split("\n")
    return "\n".join(lines)


def problems(text: str | bytes) -> list[Problem]:
    source = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ScenarioError) as caught:
        load_scenario_bytes(source, NAME)
    found = caught.value.problems
    assert found, "a ScenarioError should list at least one problem"
    assert all(isinstance(p, Problem) and p.file == NAME for p in found)
    return found


def only_problem(text: str | bytes) -> Problem:
    found = problems(text)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def problem_about(text: str | bytes, words: str) -> Problem:
    """The one problem whose message contains `words` (others may come with it)."""
    found = problems(text)
    matching = [p for p in found if words in p.message]
    assert len(matching) == 1, f"{words!r} in:\n" + "\n".join(map(str, found))
    return matching[0]


def at(problem: Problem) -> tuple[int | None, int | None]:
    return problem.line, problem.column


def expression_column(line: str, fragment: str) -> int:
    """Where `fragment` sits inside the first quoted string of `line`, computed as
    the loader must: column of the opening quote + 1 + offset in the expression."""
    quote_column = line.index('"') + 1
    expression = line[line.index('"') + 1 : line.rindex('"')]
    return quote_column + 1 + expression.index(fragment)


# -- the starting point -------------------------------------------------------


def test_base_scenario_is_valid():
    scenario = load_scenario_bytes(scenario_text().encode(), NAME)
    assert scenario.id == "mini"
    assert set(scenario.meters) == {"trust", "alliance"}
    assert [c.id for c in scenario.events["talks"].choices] == ["accept", "refuse"]


def test_base_line_numbers():
    lines = BASE.split("\n")
    anchors = {1: "format = 1", 5: 'title = "Mini"', 8: "turns = 3", 10: "[meters.trust]",
               12: "start = 50", 14: "[meters.alliance]", 19: 'summit = "A summit happened."',
               23: 'when = "turn >= 2"', 26: "[events.talks]", 27: 'title = "Talks"',
               30: "[[events.talks.choices]]", 33: "effects = { trust = 5 }", 34: 'set = ["summit"]',
               36: "[[events.talks.choices]]", 38: 'label = "Refuse"', 41: "[[events.talks.choices.outcomes]]",
               42: "weight = 1", 45: "[actions.envoy]", 49: "[endings.collapse]", 52: 'when = "trust < 10"',
               55: "[endings.steady]", 58: "fallback = true"}
    for number, text in anchors.items():
        assert lines[number - 1] == text, number


def test_str_of_a_problem_with_and_without_a_line():
    assert str(Problem("f.toml", "bad", 3, 7, hint="fix it")) == "f.toml:3:7: bad (fix it)"
    assert str(Problem("f.toml", "bad", key="events.talks")) == "f.toml: events.talks: bad"


# -- the file as a whole ------------------------------------------------------


def test_toml_syntax_error_unclosed_string():
    problem = only_problem(replace_line(5, 'title = "Mini'))
    assert at(problem) == (5, 14)
    assert problem.message.startswith("TOML syntax error")
    assert "quotes" in problem.hint
    assert str(problem).startswith(f"{NAME}:5:14: TOML syntax error")


def test_toml_syntax_error_unclosed_string_says_so():
    problem = only_problem(replace_line(5, 'title = "Mini'))
    assert "string" in problem.message.lower()
    assert "'\\n'" not in problem.message


def test_toml_syntax_error_missing_equals():
    problem = only_problem(replace_line(5, 'title "Mini"'))
    assert at(problem) == (5, 7)
    assert "TOML syntax error" in problem.message
    assert problem.message == "TOML syntax error: no `=` after the key `title`"
    assert "`=`" in problem.hint or "title =" in problem.hint


def test_toml_syntax_error_duplicate_table():
    problem = only_problem(insert_after(28, "[events.talks]"))
    assert problem.line == 29
    assert "twice" in problem.message


@pytest.mark.parametrize("source", [b"", b"   \n\t\n  \r\n"], ids=["empty", "whitespace"])
def test_empty_file(source):
    problem = only_problem(source)
    assert at(problem) == (None, None)
    assert problem.message == "the file is empty"
    assert "crossroads new" in problem.hint
    assert str(problem) == f"{NAME}: the file is empty ({problem.hint})"


def test_binary_file():
    problem = only_problem(b"format = 1\n\x00\x01\x02")
    assert at(problem) == (None, None)
    assert "not a text file" in problem.message
    assert "UTF-8" in problem.hint


def test_a_file_saved_as_utf16_says_so():
    problem = only_problem("format = 1\n".encode("utf-16"))
    assert at(problem) == (None, None)
    assert problem.message == "this file is saved as UTF-16 text, not UTF-8"
    assert problem.hint.startswith("save it as UTF-8")


def test_missing_sections_say_what_the_file_needs():
    found = problems(b'format = 1\n\n[scenario]\nid = "x"\ntitle = "X"\nsummary = "s"\n'
                     b'start = 2015-05-01\nturns = 3\n')
    assert [(p.message, p.hint.split(":")[0]) for p in found] == [
        ("missing required key `meters` at the top level", "a scenario needs at least one meter"),
        ("missing required key `endings` at the top level", "a scenario needs at least one ending")]


def test_text_that_is_not_utf8_names_its_line():
    problem = only_problem(b'format = 1\n[scenario]\ntitle = "\xff\xfe caf\xe9"\n')
    assert at(problem) == (3, None)
    assert "byte 0xff on this line is not valid UTF-8" in problem.message
    assert "UTF-8" in problem.hint


def test_a_toml_file_that_is_not_a_scenario():
    problem = only_problem(b'[project]\nname = "x"\nversion = "1.0"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n')
    assert at(problem) == (None, None)
    assert "not a Crossroads scenario" in problem.message
    assert "format = 1" in problem.message
    assert "[scenario]" in problem.message
    assert "scenario-format.md" in problem.hint


def test_newer_format():
    problem = only_problem(replace_line(1, "format = 2"))
    assert "newer Crossroads" in problem.message
    assert "format 2" in problem.message
    assert "format 1" in problem.message
    assert "update" in problem.hint


def test_newer_format_points_at_the_line():
    assert at(only_problem(replace_line(1, "format = 2"))) == (1, 10)


def test_format_zero():
    problem = only_problem(replace_line(1, "format = 0"))
    assert at(problem) == (1, 10)
    assert "`format` should be 1, not 0" in problem.message


def test_format_missing():
    problem = only_problem(replace_line(1, ""))
    assert "missing required key `format`" in problem.message
    assert problem.line is not None


def test_file_larger_than_the_limit_from_bytes():
    padding = ("# padding " + "x" * 89 + "\n") * (MAX_FILE_BYTES // 100 + 1000)
    source = (BASE + padding).encode()
    assert len(source) > MAX_FILE_BYTES > 2 * 1000 * 1000 - 1
    problem = only_problem(source)
    assert at(problem) == (None, None)
    assert "larger than 2,000,000 bytes" in problem.message


def test_file_larger_than_the_limit_from_a_path(tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("w") as handle:
        handle.write(BASE)
        line = "# padding " + "x" * 89 + "\n"
        for _ in range(MAX_FILE_BYTES // len(line) + 1000):
            handle.write(line)
    assert path.stat().st_size > MAX_FILE_BYTES
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert at(problem) == (None, None)
    assert "larger than 2,000,000 bytes" in problem.message
    assert problem.hint


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "nowhere.toml")
    assert [p.message for p in caught.value.problems] == ["no such file"]
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path)
    assert "folder" in caught.value.problems[0].message


# -- keys and types -----------------------------------------------------------


def test_unknown_top_level_key():
    problem = only_problem(insert_after(1, 'colour = "red"'))
    assert at(problem) == (2, 1)
    assert "unknown key `colour`" in problem.message
    assert "allowed here:" in problem.hint
    assert "scenario" in problem.hint and "endings" in problem.hint


def test_unknown_top_level_key_wording():
    problem = only_problem(insert_after(1, 'colour = "red"'))
    assert "[the top level]" not in problem.message


def test_misspelt_key_in_an_event():
    problem = problem_about(replace_line(27, 'tittle = "Talks"'), "unknown key")
    assert at(problem) == (27, 1)
    assert problem.message == "unknown key `tittle` in [events.talks]"
    assert problem.hint == "did you mean `title`?"
    assert str(problem) == f"{NAME}:27:1: unknown key `tittle` in [events.talks] (did you mean `title`?)"


def test_misspelt_key_in_the_second_choice():
    problem = problem_about(replace_line(38, 'lable = "Refuse"'), "unknown key")
    assert at(problem) == (38, 1)
    assert "unknown key `lable`" in problem.message
    assert "events.talks.choices #2" in problem.message
    assert problem.hint == "did you mean `label`?"


def test_misspelt_key_in_an_outcome():
    problem = only_problem(replace_line(42, "wieght = 1"))
    assert at(problem) == (42, 1)
    assert "unknown key `wieght`" in problem.message
    assert "events.talks.choices #2.outcomes #1" in problem.message
    assert problem.hint == "did you mean `weight`?"


def test_misspelt_key_in_a_later_outcome_of_a_later_choice():
    text = insert_after(34, "\n[[events.talks.choices.outcomes]]\nweight = 1\n\n"
                            "[[events.talks.choices.outcomes]]\nweight = 2")
    text += "\n[[events.talks.choices.outcomes]]\nwieght = 3\n"
    problem = only_problem(text)
    assert at(problem) == (68, 1)
    assert "events.talks.choices #2.outcomes #2" in problem.message


@pytest.mark.parametrize("line, new, key, expected, col", [
    (8, 'turns = "six"', "turns", "a whole number", 9),
    (28, 'text = "x"\nchance = "high"', "chance", "a number", 10),
    (28, 'text = "x"\nonce = "yes"', "once", "true or false", 8),
    (28, 'text = "x"\nhistory = "myth"', "history", "one of 'fact' or 'what-if'", 11),
    (51, 'kind = "win"', "kind", "one of 'victory', 'draw' or 'defeat'", 8),
    (34, 'set = "summit"', "set", "a list in [brackets]", 7),
    (7, "start = 2015-05-01T10:00:00", "start", "a date without a time, like 2015-05-01", 9),
], ids=["turns", "chance", "once", "history", "kind", "set", "start-datetime"])
def test_wrong_type(line, new, key, expected, col):
    problem = only_problem(replace_line(line, new))
    expected_line = line + new.count("\n")
    assert at(problem) == (expected_line, col)
    assert problem.message.startswith(f"`{key}` should be {expected}, not ")


def test_wrong_type_date_as_text():
    problem = only_problem(replace_line(7, 'start = "May"'))
    assert at(problem) == (7, 9)
    assert problem.message == '`start` should be a date, year-month-day like 2015-05-01, not "May"'
    assert problem.hint == ""


def test_a_quoted_date_is_refused_with_the_bare_form_as_the_hint():
    problem = only_problem(replace_line(7, 'start = "1956-07-01"'))
    assert at(problem) == (7, 9)
    assert problem.message == '`start` should be a date, year-month-day like 2015-05-01, not "1956-07-01"'
    assert problem.hint == "a TOML date is written without quotes: start = 1956-07-01"


def test_a_year_alone_is_not_called_a_time():
    problem = only_problem(replace_line(7, "start = 1956"))
    assert problem.message == "`start` should be a date, year-month-day like 2015-05-01, not `1956`"


def test_float_literal_effect_position():
    problem = only_problem(replace_line(33, "effects = { trust = 2.5 }"))
    assert at(problem) == (33, 21)
    assert "`trust` should be a whole number" in problem.message
    assert "`2.5`" in problem.message


def test_float_literal_effect_mentions_expressions():
    problem = only_problem(replace_line(33, "effects = { trust = 2.5 }"))
    assert "expression" in problem.message + problem.hint


@pytest.mark.parametrize("value, bound", [("1.5", "at most 1.0"), ("-0.1", "at least 0.0")])
def test_chance_out_of_range(value, bound):
    problem = only_problem(insert_after(28, f"chance = {value}"))
    assert at(problem) == (29, 10)
    assert problem.message == f"`chance` should be a number {bound}, not `{value}`"


def test_chance_may_be_written_as_a_whole_number():
    load_scenario_bytes(insert_after(28, "chance = 1").encode(), NAME)
    load_scenario_bytes(insert_after(28, "chance = 0").encode(), NAME)


def test_missing_title_points_at_the_event_header():
    problem = only_problem(replace_line(27, ""))
    assert at(problem) == (26, 1)
    assert problem.message == "missing required key `title` in [events.talks]"


def test_missing_keys_of_an_event_only_implied_by_its_choices():
    text = BASE.replace('[events.talks]\ntitle = "Talks"\ntext = "Moscow wants to talk."\n', "")
    assert text.split("\n")[26] == "[[events.talks.choices]]"
    found = problems(text)
    assert [(p.line, p.column, p.message) for p in found] == [
        (27, 1, "missing required key `title` in [events.talks]"),
        (27, 1, "missing required key `text` in [events.talks]"),
    ]


def test_missing_scenario_table():
    text = BASE.replace('[scenario]\nid = "mini"\ntitle = "Mini"\nsummary = "A tiny scenario."\n'
                        "start = 2015-05-01\nturns = 3\n", "")
    problem = only_problem(text)
    assert "missing required key `scenario`" in problem.message
    assert problem.line is not None


@pytest.mark.parametrize("line, header", [(10, "[meters.Trust]"), (26, "[events.Talks]")])
def test_bad_id_in_a_table_header_message(line, header):
    text = replace_line(line, header)
    if "events" in header:
        text = text.replace("[[events.talks.choices", "[[events.Talks.choices")
    bad = header[header.index(".") + 1 : -1]
    problem = problem_about(text, "is not a valid id")
    assert "lowercase letters, digits and _" in problem.hint
    assert f"`{bad}`" in problem.message


@pytest.mark.parametrize("line, header", [(10, "[meters.Trust]"), (26, "[events.Talks]")])
def test_bad_id_in_a_table_header_position(line, header):
    text = replace_line(line, header)
    if "events" in header:
        text = text.replace("[[events.talks.choices", "[[events.Talks.choices")
    bad = header[header.index(".") + 1 : -1]
    problem = problem_about(text, "is not a valid id")
    assert "[key]" not in problem.message and "[key]" not in problem.key
    assert f"`{bad}`" in problem.message
    assert problem.line == line
    assert problem.column in (1, header.index(bad) + 1)  # the header, or the id in it


BAD_ID_KEYS = pytest.mark.parametrize("line, new, col", [
    (19, 'Summit = "A summit happened."', 1),
    (33, "effects = { Trust = 5 }", 13),
], ids=["flag", "effect-key"])


@BAD_ID_KEYS
def test_bad_id_as_a_key(line, new, col):
    problem = only_problem(replace_line(line, new))
    assert problem.line == line
    assert "is not a valid id" in problem.message
    assert "lowercase letters, digits and _" in problem.hint


@BAD_ID_KEYS
def test_bad_id_as_a_key_points_at_the_key(line, new, col):
    assert at(only_problem(replace_line(line, new))) == (line, col)


# -- meters, flags, references ------------------------------------------------


def test_meter_start_outside_bounds():
    problem = only_problem(replace_line(12, "start = 150"))
    assert at(problem) == (12, 9)
    assert problem.message == "meter `trust`: `start` (150) is outside its bounds 0..100"


def test_meter_min_not_below_max():
    problem = only_problem(insert_after(12, "min = 50\nmax = 50"))
    assert at(problem) == (14, 7)
    assert problem.message == "`max` (50) should be greater than `min` (50)"


def test_reserved_meter_name():
    problem = only_problem(insert_after(16, '\n[meters.turn]\nlabel = "Turn"\nstart = 1'))
    assert at(problem) == (18, 1)
    assert problem.message == "`turn` is a reserved word and cannot name a meter"


def test_reserved_flag_name():
    problem = only_problem(insert_after(19, 'final = "x"'))
    assert at(problem) == (20, 1)
    assert "`final` is a reserved word" in problem.message


def test_unknown_meter_in_effects():
    problem = only_problem(replace_line(33, "effects = { trsut = 5 }"))
    assert at(problem) == (33, 13)
    assert problem.message == "unknown meter `trsut`"
    assert problem.hint == "did you mean `trust`?"


def test_unknown_meter_without_a_close_match():
    problem = only_problem(replace_line(47, "effects = { morale = 1 }"))
    assert at(problem) == (47, 13)
    assert problem.message == "unknown meter `morale`"
    assert "[meters]" in problem.hint


def test_flag_used_as_a_meter_in_effects():
    problem = only_problem(replace_line(33, "effects = { summit = 1 }"))
    assert at(problem) == (33, 13)
    assert problem.message == "unknown meter `summit`"
    assert "`summit` is a flag" in problem.hint
    assert "`set`" in problem.hint and "`clear`" in problem.hint


def test_undeclared_flag_in_set():
    problem = only_problem(replace_line(34, 'set = ["sumit"]'))
    assert at(problem) == (34, 8)
    assert problem.message == "unknown flag `sumit`"
    assert problem.hint == "did you mean `summit`?"


def test_undeclared_flag_in_clear_of_a_multiline_list():
    problem = only_problem(replace_line(34, 'clear = [\n  "summit",\n  "peace",\n]'))
    assert at(problem) == (36, 3)
    assert problem.message == "unknown flag `peace`"
    assert "[flags]" in problem.hint


def test_schedule_of_an_unknown_event():
    problem = only_problem(insert_after(34, 'schedule = [{ event = "tlaks", in = 1 }]'))
    assert at(problem) == (35, 13)
    assert problem.message == "cannot schedule unknown event `tlaks`"
    assert problem.hint == "did you mean `talks`?"


def test_no_fallback_ending_message():
    problem = only_problem(replace_line(58, 'when = "final"'))
    assert problem.message == "no ending has `fallback = true`"
    assert "last turn" in problem.hint


def test_no_fallback_ending_position():
    assert at(only_problem(replace_line(58, 'when = "final"'))) == (49, 1)


def test_two_fallback_endings():
    problem = only_problem(insert_after(51, "fallback = true"))
    assert at(problem) == (59, 12)
    assert problem.message == "a second fallback ending `steady` (the first is `collapse`)"
    assert "exactly one" in problem.hint


def test_non_fallback_ending_without_when():
    problem = only_problem(replace_line(52, ""))
    assert at(problem) == (49, 1)
    assert problem.message == "ending `collapse` has no `when`"
    assert "when =" in problem.hint


def test_all_outcome_weights_zero():
    problem = only_problem(replace_line(42, "weight = 0"))
    assert at(problem) == (41, 1)
    assert problem.message == "every outcome has weight 0, so none can be drawn"
    assert "weight above 0" in problem.hint


def test_duplicate_choice_ids():
    problem = only_problem(replace_line(37, 'id = "accept"'))
    assert at(problem) == (37, 6)
    assert problem.message == "event `talks` has a second choice called `accept`"
    assert "unique" in problem.hint


def test_duplicate_rule_ids():
    problem = only_problem(insert_after(24, '\n[[rules]]\nid = "drift"\nwhen = "true"'))
    assert at(problem) == (27, 6)
    assert problem.message == "a second rule is called `drift`"
    assert problem.hint == "rule ids must be unique"


# -- expressions --------------------------------------------------------------


def test_unknown_name_in_when_points_inside_the_string():
    line = 'when = "turn >= 2 and trsut > 3"'
    problem = only_problem(replace_line(23, line))
    assert expression_column(line, "trsut") == 8 + 1 + 14 == 23
    assert at(problem) == (23, 23)
    assert problem.message == "unknown name `trsut`"
    assert problem.hint == "did you mean `trust`?"


def test_unknown_name_in_a_literal_string_and_after_a_tab():
    problem = only_problem(replace_line(23, "when = 'turn >= 2 and trsut > 3'"))
    assert at(problem) == (23, 23)
    line = '\twhen = "turn >= 2 and trsut > 3"'  # a tab is one character
    assert at(only_problem(replace_line(23, line))) == (23, expression_column(line, "trsut")) == (23, 24)


def test_column_counts_characters_not_bytes():
    line = 'when = "turn >= 2 and é > 3"'
    problem = only_problem(replace_line(23, line))
    assert at(problem) == (23, expression_column(line, "é")) == (23, 23)
    assert "`é`" in problem.message


def test_type_error_in_requires():
    line = 'requires = "trust + 1"'
    problem = only_problem(insert_after(32, line))
    assert at(problem) == (33, expression_column(line, "trust")) == (33, 13)
    assert problem.message == "expected a condition but got a number"
    assert "compare it" in problem.hint


def test_single_equals_instead_of_double():
    line = 'when = "turn = 2"'
    problem = only_problem(replace_line(23, line))
    assert at(problem) == (23, expression_column(line, "= 2")) == (23, 14)
    assert "`=`" in problem.message
    assert problem.hint == "use `==` to compare"


def test_unknown_name_in_an_expression_effect():
    line = 'effects = { trust = "trsut + 1" }'
    problem = only_problem(replace_line(33, line))
    assert at(problem) == (33, expression_column(line, "trsut")) == (33, 22)
    assert problem.message == "unknown name `trsut`"


def test_unknown_name_in_the_score():
    line = 'score = "trust + trsut"'
    problem = only_problem(insert_after(8, line))
    assert at(problem) == (9, expression_column(line, "trsut")) == (9, 18)


def test_unfinished_condition_of_an_ending_and_an_action():
    line = 'when = "trust < 10 and"'
    problem = only_problem(replace_line(52, line))
    assert at(problem) == (52, len(line))  # the closing quote: where the expression ended
    assert problem.message == "unexpected end of expression"
    assert "after `and`" in problem.hint
    line = 'requires = "trust >"'
    problem = only_problem(insert_after(46, line))
    assert at(problem) == (47, len(line))


def test_expression_in_a_multiline_string_falls_back_to_the_string_start():
    problem = only_problem(replace_line(23, 'when = """\nturn >= 2 and\n  trsut > 3"""'))
    assert at(problem) == (23, 8)  # the opening quotes, never a guessed line
    assert problem.message == "unknown name `trsut`"


def test_expression_with_an_escape_falls_back_to_the_string_start():
    problem = only_problem(replace_line(23, 'when = "turn >= 2 and \\u0074rsut > 3"'))
    assert at(problem) == (23, 8)
    assert problem.message == "unknown name `trsut`"


@pytest.mark.parametrize("line, new, expected", [
    (8, 'turns = "six"  # six months', (8, 9)),
    (23, 'when = "turn >= 2 and trsut > 3"  # note', (23, 23)),
    (12, "start = 150  # too high", (12, 9)),
    (37, 'id = "accept"  # copied', (37, 6)),
    (33, "effects = { trsut = 5 }  # typo", (33, 13)),
], ids=["type", "expression", "bounds", "duplicate-id", "inline-table-key"])
def test_a_trailing_comment_does_not_move_the_position(line, new, expected):
    assert at(only_problem(replace_line(line, new))) == expected


# -- many mistakes at once ----------------------------------------------------


def test_several_shape_mistakes_are_all_reported_sorted_by_line():
    text = replace_line(42, "wieght = 1")
    text = replace_line(27, 'tittle = "Talks"', text)
    text = replace_line(8, 'turns = "six"', text)
    text = replace_line(12, 'start = "fifty"', text)
    found = problems(text)
    assert [(p.line, p.column) for p in found] == [(8, 9), (12, 9), (27, 1), (42, 1)]
    assert "`turns`" in found[0].message
    assert "`start`" in found[1].message
    assert "`tittle`" in found[2].message and found[2].hint == "did you mean `title`?"  # `title` missing: one problem
    assert "`wieght`" in found[3].message


def test_several_reference_mistakes_are_all_reported_sorted_by_line():
    text = replace_line(52, 'when = "trsut < 10"')
    text = replace_line(37, 'id = "accept"', text)
    text = replace_line(34, 'set = ["sumit"]', text)
    text = replace_line(23, 'when = "turn = 2"', text)
    text = replace_line(12, "start = 150", text)
    found = problems(text)
    assert [p.line for p in found] == [12, 23, 34, 37, 52]
    assert [p.line for p in found] == sorted(p.line for p in found)


def test_shape_and_reference_mistakes_are_reported_together():
    text = replace_line(33, "effects = { trsut = 5 }")
    text = replace_line(8, 'turns = "six"', text)
    found = problems(text)
    assert [(p.line, p.column) for p in found] == [(8, 9), (33, 13)]


# -- text from strangers ------------------------------------------------------


def test_control_characters_are_removed_on_load():
    text = replace_line(27, 'title = "A\\u001b[31mB\\u009bC\\u0007D\\u202eE"')
    text = replace_line(28, 'text = "line one\\nline\\ttwo\\u001b]0;owned\\u0007 end"', text)
    text = replace_line(11, 'label = "Tr\\u001bust\\u0085"', text)
    text = replace_line(19, 'summit = "A \\u009b2Jsummit"', text)
    scenario = load_scenario_bytes(text.encode(), NAME)
    event = scenario.events["talks"]
    assert event.title == "A[31mBCDE"
    assert event.text == "line one\nline\ttwo]0;owned end"
    assert scenario.meters["trust"].label == "Trust"
    assert scenario.flags["summit"] == "A 2Jsummit"


def test_raw_control_characters_in_the_source_are_removed_too():
    # C1 controls and bidi overrides are legal in TOML strings, so they arrive unescaped
    text = replace_line(27, 'title = "A\u009bB\u202eC\u200fD"')
    text = replace_line(53, 'text = """It\u001b fell\n\tapart."""'.replace("\u001b", "\\u001b"), text)
    scenario = load_scenario_bytes(text.encode(), NAME)
    assert scenario.events["talks"].title == "ABCD"
    assert scenario.endings["collapse"].text == "It fell\n\tapart."


def test_a_raw_escape_character_is_a_syntax_error_shown_safely():
    problem = only_problem(replace_line(27, 'title = "A\u001b[31mB"'))
    assert problem.line == 27
    assert "\x1b" not in str(problem)


def test_a_key_with_control_characters_is_an_error_shown_safely():
    # cleaning it silently could merge it with its visible twin (issue 5)
    problem = only_problem(insert_after(27, '"bad\\u001b[31mkey\u009b" = "x"'))
    shown = str(problem)
    assert "the key `bad\\u001b[31mkey\\u009b` holds invisible or control characters" in problem.message
    assert not any(ch in shown for ch in "\x1b\x9b\x07")
    assert shown.isprintable()


def test_keys_with_control_characters_keep_their_position():
    problem = only_problem(insert_after(27, '"bad\\u001b[31mkey" = "x"'))
    assert at(problem) == (28, 1)


# -- shipped content ----------------------------------------------------------


SHIPPED = sorted(paths.shipped_scenarios().glob("*.toml"))


def test_there_are_shipped_scenarios():
    assert any(p.name == "tutorial.toml" for p in SHIPPED)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_scenario_loads_without_problems(path: Path):
    try:
        scenario = load_scenario(path)
    except ScenarioError as error:  # show every problem, not a bare exception
        pytest.fail(f"{path} has problems:\n{error}")
    assert scenario.events and scenario.endings
    assert sum(e.fallback for e in scenario.endings.values()) == 1


def test_loading_does_not_depend_on_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert os.getcwd() == str(tmp_path)
    load_scenario(paths.shipped_scenarios() / "tutorial.toml")


@pytest.mark.parametrize("depth", [20, 5000])
def test_deeply_nested_values_get_one_message_not_a_crash(depth):
    text = BASE + "\nx = " + "[" * depth + "]" * depth + "\n"
    problem = only_problem(text)
    assert "nested more than" in problem.message
