"""Syntax and shape mistakes authors really make, each reported in their words, at their place."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.engine import ScenarioError
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
    assert problem.line == second
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
