"""Syntax and shape mistakes authors really make, each reported in their words, at their place."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.engine import ScenarioError, load_scenario_bytes
from tests.engine.conftest import make, scenario_text

BODY = """
[meters.trust]
label = "Moscow's trust"
start = 50

[events.e]
title = "E"
text = "t"
[[events.e.choices]]
id = "a"
label = "A"
effects = { trust = 1 }
"""


def problems(text: str):
    with pytest.raises(ScenarioError) as caught:
        make(text)
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if fragment in line)


def test_a_month_13_is_an_invalid_date_not_a_missing_newline():
    text = scenario_text(BODY, start="1956-13-01")
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, "start ="), 9)
    assert problem.message == "`1956-13-01` is not a real date: there is no month 13"


def test_an_inline_table_split_over_lines_says_it_must_fit_on_one():
    text = scenario_text(BODY.replace("effects = { trust = 1 }", "effects = { trust = 1,\n  }"))
    [problem] = problems(text)
    assert problem.line == line_of(text, "effects = {")
    assert "inline table is broken over several lines" in problem.message
    assert "must fit on one line" in problem.hint


def test_a_table_declared_twice_names_both_lines_without_python_tuples():
    text = scenario_text(BODY) + '\n[meters.trust]\nlabel = "Again"\nstart = 1\n'
    [problem] = problems(text)
    first, second = [n for n, line in enumerate(text.split("\n"), start=1) if line == "[meters.trust]"]
    assert (problem.line, problem.column) == (second, 1)
    assert problem.message == (f"TOML syntax error: the table [meters.trust] is declared twice "
                               f"(first at line {first}, again here)")
    assert "(" not in problem.message.split("twice")[0] and "'" not in problem.message


def test_the_missing_fallback_hint_names_an_ending_of_the_file():
    text = scenario_text(BODY + '\n[endings.stalemate]\ntitle = "S"\nkind = "draw"\ntext = "x"\nwhen = "trust > 5"\n',
                         fallback=False)
    [problem] = problems(text)
    assert problem.message == "no ending has `fallback = true`"
    assert "`fallback = true` in [endings.stalemate]" in problem.hint


def test_a_schedule_of_bare_ids_shows_the_table_form():
    text = scenario_text(BODY.replace("effects = { trust = 1 }", 'effects = { trust = 1 }\nschedule = ["e"]'))
    [problem] = problems(text)
    assert problem.line == line_of(text, "schedule =")
    assert 'a table such as { event = "e", in = 1 }' in problem.message
    assert 'schedule = [{ event = "e", in = 1 }]' in problem.hint


def test_every_syntax_error_is_reported_at_once():
    text = scenario_text(BODY).replace('label = "A"', 'label = "A')
    text = text.replace("effects = { trust = 1 }", "effects = { trust = 1,\n  }")
    text += "\n[endings.x]\nwhen = 2015-02-30\n"
    found = problems(text)
    assert [p.line for p in found] == [line_of(text, 'label = "A'), line_of(text, "effects = {"),
                                       line_of(text, "when = 2015-02-30")]
    assert "string is not closed" in found[0].message
    assert "inline table" in found[1].message
    assert found[2].message == "`2015-02-30` is not a real date: February 2015 has no day 30"


def test_validate_json_fills_the_key_of_every_located_problem(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(scenario_text(BODY.replace("start = 50", "start = 150")), encoding="utf-8")
    assert main(["validate", "--json", str(path)]) == 1
    [report] = json.loads(capsys.readouterr().out)
    [problem] = report["problems"]
    assert problem["key"] == "meters.trust.start" and problem["line"] is not None


# -- values written without the quotes they need ---------------------------------

@pytest.mark.parametrize(("written", "what", "hint"), [
    ('when = trust > 50', "a condition", 'write when = "trust > 50"'),
    ('requires = trust_flag', "a condition", 'write requires = "trust_flag"'),
    ('effects = { trust = -turn }', "an expression", 'write trust = "-turn"'),
    ('effects = { trust = 5 + turn }', "an expression", 'write trust = "5 + turn"'),
    ('effects = { trust = max(1, turn), x = 1 }', "an expression", 'write trust = "max(1, turn)"'),
    ('effects = { trust = 1/2 }', "an expression", 'write trust = "1/2"'),
    ('result = Moscow listens', "text", 'write result = "Moscow listens"'),
])
def test_an_unquoted_expression_is_named_with_its_quoted_form(written, what, hint):
    text = scenario_text(BODY.replace("effects = { trust = 1 }", written))
    [problem] = problems(text)
    value = written.split("= ", 2)[-1].split(", x")[0].removesuffix(" }")
    assert (problem.line, problem.column) == (line_of(text, written), text.split("\n")[problem.line - 1].index(value) + 1)
    assert problem.message == f"`{value}` is not a TOML value: {what} is written in quotes"
    assert problem.hint == hint
    assert "broken over several lines" not in problem.message


def test_a_one_line_inline_table_is_never_said_to_be_broken_over_lines():
    text = scenario_text(BODY.replace("effects = { trust = 1 }", "effects = { trust = 5.5.1 }"))
    [problem] = problems(text)
    assert "broken over several lines" not in problem.message and "string" not in problem.message


def test_true_and_false_in_capitals_are_written_in_lowercase():
    text = scenario_text(BODY.replace("start = 50", "start = 50\nhidden = True"))
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, "hidden = True"), 10)
    assert problem.message == "`True` is not a TOML value: true and false are written in lowercase"
    assert problem.hint == "write hidden = true"


def test_a_sound_lowercase_false_is_never_said_to_need_lowercase():
    # The file's one error is the date with a time; the quoted odd key below it is sound TOML.
    text = 'format = 1912-01-01 00:00:00-00:16:08\n"\ud7fc" = false\n'
    with pytest.raises(ScenarioError) as caught:
        load_scenario_bytes(text.encode(), "fuzz.toml")
    assert [p.line for p in caught.value.problems] == [1]
    assert all("lowercase" not in p.message for p in caught.value.problems)


def test_every_unquoted_condition_of_a_file_is_reported_at_once():
    text = scenario_text(BODY.replace('label = "A"', 'label = "A"\nrequires = trust > 1')
                         .replace('title = "E"', 'title = "E"\nwhen = turn == 1'))
    found = problems(text)
    assert [(p.line, p.message) for p in found] == [
        (line_of(text, "when = turn"), "`turn == 1` is not a TOML value: a condition is written in quotes"),
        (line_of(text, "requires = trust"), "`trust > 1` is not a TOML value: a condition is written in quotes")]


def test_a_comma_before_the_closing_brace_is_named():
    text = scenario_text(BODY.replace("effects = { trust = 1 }", "effects = { trust = 1, }"))
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, "effects = {"), len("effects = { trust = 1,"))
    assert problem.message == "TOML syntax error: a comma after the last value of an inline table"


# -- dates in other orders --------------------------------------------------------

@pytest.mark.parametrize(("written", "message", "hint"), [
    ("2015/05/01", "`2015/05/01` is not a TOML date: dates are written year-month-day", "write 2015-05-01"),
    ("2015.05.01", "`2015.05.01` is not a TOML date: dates are written year-month-day", "write 2015-05-01"),
    ("13/05/2015", "`13/05/2015` is not a TOML date: dates are written year-month-day", "write 2015-05-13"),
    ("05/13/2015", "`05/13/2015` is not a TOML date: dates are written year-month-day", "write 2015-05-13"),
    ("01-05-2015", "`01-05-2015` is not a TOML date: dates are written year-month-day",
     "write 2015-01-05 or 2015-05-01, whichever you mean"),
    ("2015-05", "`2015-05` is not a TOML date: a date has a day too",
     "write 2015-05-01: only its year and month count"),
])
def test_a_date_in_another_order_says_how_to_write_it(written, message, hint):
    text = scenario_text(BODY, start=written)
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, "start ="), 9)
    assert (problem.message, problem.hint) == (message, hint)


# -- [single] and [[double]] brackets mixed up -------------------------------------

TWO_CHOICES = BODY + '\n[[events.e.choices]]\nid = "b"\nlabel = "B"\neffects = { trust = -1 }\n'


def test_a_first_choice_in_single_brackets_is_found_where_the_fix_goes():
    text = scenario_text(TWO_CHOICES.replace("[[events.e.choices]]", "[events.e.choices]", 1))
    [problem] = problems(text)
    single = line_of(text, "[events.e.choices]")
    double = line_of(text, "[[events.e.choices]]")
    assert (problem.line, problem.column) == (single, 1)
    assert problem.message == (f"TOML syntax error: [events.e.choices] has single brackets, but "
                               f"[[events.e.choices]] at line {double} makes it a list")
    assert problem.hint == "write [[events.e.choices]], with double brackets: each choice opens with [[…]]"
    assert "merge" not in problem.hint and "twice" not in problem.message


def test_a_later_choice_in_single_brackets_is_not_a_table_declared_twice():
    text = scenario_text(TWO_CHOICES)
    lines = text.split("\n")
    second = max(n for n, line in enumerate(lines, start=1) if line == "[[events.e.choices]]")
    lines[second - 1] = "[events.e.choices]"
    [problem] = problems("\n".join(lines))
    assert (problem.line, problem.column) == (second, 1)
    assert problem.message == (f"TOML syntax error: [events.e.choices] has single brackets, but "
                               f"[[events.e.choices]] at line {line_of(text, '[[events.e.choices]]')} made it a list")


def test_an_outcome_before_its_choice_is_placed_and_named():
    text = scenario_text(BODY.replace("[[events.e.choices]]", "[[events.e.choices.outcomes]]\nweight = 1\n"
                                                              "[[events.e.choices]]"))
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, "[[events.e.choices.outcomes]]"), 1)
    assert problem.message == (f"TOML syntax error: [[events.e.choices.outcomes]] comes before the first "
                               f"[[events.e.choices]] (line {line_of(text, '[[events.e.choices]]')}), "
                               f"the choice it belongs to")


def test_a_lone_choice_in_single_brackets_gets_the_double_bracket_hint():
    text = scenario_text(BODY.replace("[[events.e.choices]]", "[events.e.choices]"))
    [problem] = problems(text)
    assert problem.hint == "each choice opens with [[events.e.choices]], with double brackets"


def test_an_event_in_double_brackets_gets_the_single_bracket_hint():
    text = scenario_text(BODY.replace("[events.e]", "[[events.e]]"))
    [problem] = problems(text)
    assert problem.message == "`e` should be a table, not a list"
    assert problem.hint == "write [events.e] with single brackets: [[events.e]] makes a list of tables"


# -- the shape of values -----------------------------------------------------------

def test_a_quoted_number_says_to_drop_the_quotes():
    text = scenario_text(BODY).replace("turns = 3", 'turns = "3"')
    [problem] = problems(text)
    assert problem.message == '`turns` should be a whole number, not "3"'
    assert problem.hint == "a number is written without quotes: turns = 3"


def test_a_quoted_boolean_says_to_drop_the_quotes():
    text = scenario_text(BODY.replace('title = "E"', 'title = "E"\nonce = "false"'))
    [problem] = problems(text)
    assert problem.hint == "true and false are written without quotes: once = false"


def test_a_chance_written_as_a_percentage_is_given_as_a_share():
    text = scenario_text(BODY.replace('title = "E"', 'title = "E"\nchance = 40'))
    [problem] = problems(text)
    assert problem.hint == "a chance is a share from 0 to 1: 40 percent is chance = 0.4"


def test_a_missing_scenario_line_is_one_problem_at_the_first_header_key():
    text = scenario_text(BODY).replace("[scenario]\n", "")
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, 'id = "inline"'), 1)
    assert problem.message == ("the [scenario] table is missing: `id`, `title`, `summary` and 5 more "
                               "are at the top level")
    assert problem.hint == "write [scenario] on a line of its own above `id`"


# -- a section name in the singular -------------------------------------------------

def test_a_singular_section_is_located_suggested_and_not_reported_again_at_each_use():
    text = scenario_text(BODY.replace("[meters.trust]", "[meter.trust]"))
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, "[meter.trust]"), 1)
    assert problem.message == "unknown key `meter` at the top level"
    assert problem.hint == "did you mean `meters`?"


def test_events_written_as_event_is_suggested_though_event_is_a_key_elsewhere():
    text = scenario_text(BODY.replace("[events.e]", "[event.e]"))
    found = problems(text)
    assert (found[0].line, found[0].message, found[0].hint) == (
        line_of(text, "[event.e]"), "unknown key `event` at the top level", "did you mean `events`?")


# -- more on a line than one key = value ------------------------------------------

def test_two_keys_on_one_line_are_named():
    text = scenario_text(BODY.replace('label = "A"', 'label = "A", requires = "trust > 1"'))
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, 'label = "A",'), len('label = "A"') + 1)
    assert problem.message == "TOML syntax error: two keys on one line"
    assert problem.hint.startswith("put each key = value on a line of its own")


@pytest.mark.parametrize("written", ['title = "The "big" day"', 'when = "trust > 1" and trust < 5'])
def test_text_after_the_closing_quote_is_named(written):
    text = scenario_text(BODY.replace('title = "E"', written))
    [problem] = problems(text)
    assert problem.line == line_of(text, written)
    assert problem.message == "TOML syntax error: more text after the closing quote"
    assert "put all of it inside the quotes" in problem.hint and '\\"' in problem.hint


def test_a_multi_line_text_never_closed_is_placed_where_it_opens():
    text = scenario_text(BODY.replace('text = "t"', 'text = """The start of a long text'))
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, 'text = """'), 8)
    assert problem.message == 'TOML syntax error: the text opened with """ here is never closed'


def test_a_single_quoted_text_left_open_is_a_string_not_closed():
    text = scenario_text(BODY.replace('label = "A"', "label = 'A"))
    [problem] = problems(text)
    assert problem.message == "TOML syntax error: a string is not closed before the end of the line"


def test_a_key_with_a_space_suggests_the_underscore():
    text = scenario_text(BODY.replace("start = 50", "start = 50\nwarn below = 20"))
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, "warn below"), 1)
    assert problem.message == "TOML syntax error: the key `warn below` has a space in it"
    assert problem.hint == "keys are written without spaces: did you mean `warn_below`?"


def test_a_missing_equals_sign_is_named():
    text = scenario_text(BODY.replace('title = "E"', 'title "E"'))
    [problem] = problems(text)
    assert problem.message == "TOML syntax error: no `=` after the key `title`"


@pytest.mark.parametrize(("written", "hint"), [
    ("set = [quay]", 'write set = ["quay"]'),
    ('set = ["quay", pier]', 'write set = ["quay", "pier"]'),
])
def test_ids_in_a_list_without_quotes_are_named(written, hint):
    text = scenario_text(BODY.replace("effects = { trust = 1 }", written))
    [problem] = problems(text)
    assert problem.message.endswith("is not a TOML value: an id in a list is written in quotes")
    assert problem.hint == hint


@pytest.mark.parametrize(("written", "hint"), [
    ('set = "quay"', 'write set = ["quay"], in brackets even for one'),
    ('schedule = { event = "e", in = 2 }', 'write schedule = [{ event = "e", in = 2 }], in brackets even for one'),
])
def test_one_item_without_its_list_brackets_is_shown_in_them(written, hint):
    text = scenario_text(BODY.replace("effects = { trust = 1 }", written).replace(
        '[events.e]', '[flags]\nquay = "Q."\n\n[events.e]'))
    [problem] = problems(text)
    assert problem.hint == hint


def test_a_header_left_open_is_one_problem_without_the_lines_its_recovery_took_in():
    text = scenario_text(BODY.replace("[events.e]", "[events.e"))
    [problem] = problems(text)  # tree-sitter's recovery also flagged the [[events.e.choices]] line
    assert (problem.line, problem.message) == (line_of(text, "[events.e"),
                                               "TOML syntax error: the header [events.e is not closed")
    assert problem.hint == "end it with ]: [events.e]"


def test_a_byte_order_mark_does_not_shift_the_columns_of_the_first_line():
    source = ("\ufeff" + scenario_text(BODY).removeprefix("format = 1\n\n")).encode("utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_bytes(source, "bom.toml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.message) == (1, 1, "missing required key `format` at the top level")


def test_an_accent_in_a_header_is_named_not_called_an_unclosed_header():
    text = scenario_text(BODY.replace("[meters.trust]", "[meters.trusté]"))
    [problem] = problems(text)
    assert problem.message == "TOML syntax error: `é` cannot be part of a name in a header"
    assert "not closed" not in problem.message


def test_a_long_glossary_term_is_not_called_an_invalid_id():
    term = "a glossary term of well over forty characters"
    text = scenario_text(BODY + f'\n[glossary]\n"{term}" = "Explained."\n')
    [problem] = problems(text)
    assert problem.message == f"the glossary term `{term}` is {len(term)} characters long; a term has 1 to 40"
    assert "id" not in problem.message


def test_an_id_over_64_characters_says_it_is_too_long_not_invalid():
    long_id = "trust_" + "x" * 60
    text = scenario_text(BODY.replace("[meters.trust]", f"[meters.{long_id}]").replace("trust = 1", f"{long_id} = 1"))
    found = problems(text)
    assert found[0].message == f"`{long_id}` is too long for an id: 66 characters, at most 64"


def test_a_scenario_id_may_use_dashes_and_gets_a_suggestion():
    text = scenario_text(BODY).replace('id = "inline"', 'id = "Budget Night"')
    [problem] = problems(text)
    assert problem.message == ('`id` should be an id: lowercase letters, digits, _ and -, starting with a letter, '
                               'not "Budget Night"')
    assert problem.hint == 'e.g. id = "budget-night"'


def test_unquoted_conditions_on_consecutive_lines_are_each_reported():
    body = ('title = "E"\nwhen = turn >= 1 and trust < 5\nrequires = turn >= 2 and trust < 5\n'
            'priority = turn >= 3 and trust < 5')
    text = scenario_text(BODY.replace('title = "E"', body))
    found = problems(text)  # tree-sitter takes the three lines into one error node
    assert [(p.line, p.message.split(":")[0]) for p in found] == [
        (line_of(text, "when = turn"), "`turn >= 1 and trust < 5` is not a TOML value"),
        (line_of(text, "requires = turn"), "`turn >= 2 and trust < 5` is not a TOML value"),
        (line_of(text, "priority = turn"), "`turn >= 3 and trust < 5` is not a TOML value")]


def test_a_year_alone_is_shown_as_a_date():
    text = scenario_text(BODY, start="1962")
    [problem] = problems(text)
    assert problem.message == "`start` should be a date, year-month-day like 2015-05-01, not `1962`"
    assert problem.hint == "a date is year-month-day: start = 1962-01-01 for January 1962"


def test_a_meter_twice_in_one_effects_table_is_named():
    text = scenario_text(BODY.replace("effects = { trust = 1 }", "effects = { trust = 1, trust = 2 }"))
    [problem] = problems(text)
    assert problem.message == "TOML syntax error: `trust` appears twice in this { … } table"
    assert problem.hint == "give each key once; in effects, add the two amounts into one"


def test_a_key_given_twice_in_a_table_names_the_key_and_its_first_line():
    text = scenario_text(BODY.replace('title = "E"', 'title = "E"\ntitle = "Again"'))
    [problem] = problems(text)
    assert (problem.line, problem.column) == (line_of(text, 'title = "Again"'), 1)
    first = line_of(text, 'title = "E"')
    assert problem.message == f"TOML syntax error: `title` is given a value twice in this table (first at line {first})"


@pytest.mark.parametrize(("wrote", "meant", "table"), [
    ('name = "Moscow\'s trust"', "label", "meters.trust"),
    ("turn = 3", "turns", "scenario"),
])
def test_one_key_written_for_a_missing_one_is_one_problem_naming_both(wrote, meant, table):
    old = {"label": 'label = "Moscow\'s trust"', "turns": "turns = 3"}[meant]
    text = scenario_text(BODY).replace(old, wrote, 1)
    [problem] = problems(text)
    assert problem.line == line_of(text, wrote)
    assert problem.message == f"unknown key `{wrote.split(' =')[0]}` in [{table}]"
    assert problem.hint == (f"is it `{meant}`? that key is missing here" if meant == "label" else
                            f"did you mean `{meant}`?")


def test_a_fallback_ending_with_a_problem_of_its_own_is_not_also_said_to_be_missing():
    text = scenario_text(BODY).replace('kind = "draw"\ntext = "Nothing else held."', 'text = "Nothing else held."')
    [problem] = problems(text)
    assert problem.message == "missing required key `kind` in [endings.fallback_end]"


def test_a_decimal_elsewhere_in_a_broken_file_is_not_taken_for_a_date():
    text = scenario_text(BODY.replace('title = "E"', 'title = "E"\nchance = 2015.5').replace('label = "A"', 'label = "A'))
    found = problems(text)
    assert not any("date" in p.message for p in found)


# -- a key below an array-of-tables header that belongs above it --------------------

def test_a_choice_key_written_below_its_outcomes_says_where_it_belongs():
    body = BODY + '\n[[events.e.choices.outcomes]]\n    weight = 1\n    result = "R"\nrequires = "trust > 1"\n'
    text = scenario_text(body)
    [problem] = problems(text)
    assert problem.line == line_of(text, 'requires = "trust > 1"')
    assert problem.message == "unknown key `requires` in [events.e.choices #1.outcomes #1]"
    assert problem.hint == ("`requires` belongs to the choice above: every key after [[events.e.choices.outcomes]] "
                            "goes into that outcome, however it is indented; move it above the first "
                            "[[events.e.choices.outcomes]]")


def test_an_event_key_written_below_its_choices_names_the_event():
    text = scenario_text(BODY + "once = false\n")
    [problem] = problems(text)
    assert problem.hint.startswith("`once` belongs to the event `e`: every key after [[events.e.choices]]")


def test_a_wrong_entry_of_a_list_is_named_by_its_number_and_list():
    text = scenario_text(BODY.replace("effects = { trust = 1 }", 'effects = { trust = 1 }\nset = [1]'))
    problem = problems(text)[0]
    assert problem.message == "entry 1 of `set` should be text in quotes, not `1`"
    assert problem.key == "events.e.choices #1.set #1"


@pytest.mark.parametrize(("old", "new", "message", "hint"), [
    ('start = 50\n', "", "missing required key `start` in [meters.trust]", "the meter's value on turn 1, e.g. start = 50"),
    ('id = "a"\n', "", "missing required key `id` in [events.e.choices #1]",
     'e.g. id = "accept": --choices and chose(…) name the choice by it'),
    ('kind = "draw"\n', "", "missing required key `kind` in [endings.fallback_end]",
     'kind = "victory", "draw" or "defeat"'),
])
def test_a_missing_key_says_what_to_write(old, new, message, hint):
    text = scenario_text(BODY).replace(old, new, 1)
    found = [p for p in problems(text) if p.message == message]
    assert [p.hint for p in found] == [hint]


def test_an_event_without_choices_says_how_to_write_one():
    text = scenario_text(BODY[: BODY.index("[[events.e.choices]]")])
    [problem] = problems(text)
    assert problem.message == "missing required key `choices` in [events.e]"
    assert problem.hint == ("an event needs 1 to 9 choices, each opening with [[events.e.choices]] "
                            "and with an id and a label")


@pytest.mark.parametrize(("written", "hint"), [
    ("October 1962", "write start = 1962-10-01"),
    ("Oct 1962", "write start = 1962-10-01"),
    ("autumn", "for example start = 2015-05-01"),
])
def test_a_date_in_words_is_not_told_to_go_in_quotes(written, hint):
    text = scenario_text(BODY, start=written)
    [problem] = problems(text)
    assert problem.message == f"`{written}` is not a TOML value: a date is written year-month-day, without quotes"
    assert problem.hint == hint


def test_a_date_with_a_time_shows_it_as_written():
    text = scenario_text(BODY, start="1962-10-16 09:00")
    [problem] = problems(text)
    assert problem.message == "`1962-10-16 09:00` has a time: scenario dates are days only"
    assert problem.hint == "write the date alone: 1962-10-16"


@pytest.mark.parametrize(("old", "new", "message", "hint"), [
    ("turns = 3", "turns = three", "`three` is not a TOML value: `turns` is a number, written without quotes",
     "for example turns = 12"),
    ("start = 50", "start = fifty", "`fifty` is not a TOML value: `start` is a number, written without quotes",
     "for example start = 50"),
    ("start = 50", "start = 50\nhidden = yes", "`yes` is not a TOML value: `hidden` is true or false",
     "write hidden = true"),
])
def test_a_word_for_a_number_or_a_truth_value_is_not_told_to_go_in_quotes(old, new, message, hint):
    text = scenario_text(BODY).replace(old, new, 1)
    [problem] = problems(text)
    assert (problem.message, problem.hint) == (message, hint)


def test_a_flag_that_is_set_but_not_declared_says_so_where_a_condition_reads_it():
    text = scenario_text(BODY.replace("effects = { trust = 1 }", 'effects = { trust = 1 }\nset = ["met"]')
                         .replace('title = "E"', 'title = "E"\nwhen = "not met"'))
    found = problems(text)
    read = next(p for p in found if p.message == "unknown name `met`")
    assert read.hint == "`met` is set or cleared in this file but not declared: add it under [flags]"


@pytest.mark.parametrize("line", ['"\x80" = False', "when = trust\u0085 > 1"])
def test_what_a_syntax_message_quotes_from_the_file_is_printable(line):
    text = scenario_text(BODY.replace('title = "E"', 'title = "E"\n' + line))
    found = problems(text)  # the messages quote the key or value, control character and all
    assert found and all(str(p).isprintable() for p in found)


def test_a_file_with_more_syntax_errors_than_are_shown_says_so():
    many = "".join(f"when_{k} = turn > {k}\n" for k in range(40))
    text = scenario_text(BODY) + "\n[extra]\n" + many
    found = problems(text)
    assert len(found) == 22 and found[-1].line is None
    assert found[-1].message == f"there may be more syntax errors after line {found[-2].line}"
    exactly = scenario_text(BODY) + "\n[extra]\n" + "".join(f"when_{k} = turn > {k}\n" for k in range(21))
    assert all(p.line is not None for p in problems(exactly))


@pytest.mark.parametrize("value", ["inf", "nan", "1e5", "0xff", "true", "[inf, nan]"])
def test_a_sound_value_near_an_error_is_never_said_to_need_quotes(value):
    # the date with a time is the file's one error; tree-sitter's recovery also flags the next line
    text = f'format = 1912-01-01 00:00:00-00:16:08\n"\ud7fc" = {value}\n'
    with pytest.raises(ScenarioError) as caught:
        load_scenario_bytes(text.encode(), "fuzz.toml")
    assert [p.line for p in caught.value.problems] == [1]
