"""Scenario headers for menus: read quickly, shown safely, never raising for a bad file."""

from __future__ import annotations

import datetime

import pytest

from game import catalog, paths
from game.engine import ScenarioError, load_scenario
from game.engine.loader import MAX_FILE_BYTES

HEADER = '''format = 1

[scenario]
id = "tricky"
title = "Tricky\\u001b]0;pwned\\u0007 title"
summary = """
A summary whose lines look like tables:
[meters.fake]
[[events]]
"""
start = 2015-11-01
months_per_turn = 2
turns = 4

[meters.trust]
label = "Trust"
'''


def test_the_header_gives_title_period_length_and_summary(tmp_path):
    path = tmp_path / "tricky.toml"
    path.write_text(HEADER)
    header = catalog.read_header(path)
    assert header.id == "tricky"
    assert header.title == "Tricky]0;pwned title", "control characters never reach the terminal"
    assert "[meters.fake]" in header.summary, "a table header inside a multi-line string is text"
    assert header.start == datetime.date(2015, 11, 1)
    assert header.period == "November 2015 – May 2016"
    assert header.length == "4 turns of 2 months"
    assert header.date_of(2) == "January 2016"
    assert not header.problem


def test_only_the_scenario_table_is_parsed_when_the_cut_is_clean():
    assert catalog._head(HEADER).rstrip().endswith("turns = 4")


@pytest.mark.parametrize("content, problem", [
    (b"[scenario\ntitle = 'x", "not valid TOML"),
    (b"\x80\x81 binary", "not a text file"),
    ("[scenario]\ntitle = 'x'\n".encode("utf-16"), "saved as UTF-16 text, not UTF-8"),
    (b"format = 1\n", "no [scenario] table"),
])
def test_a_bad_file_gives_a_header_with_the_reason(tmp_path, content, problem):
    path = tmp_path / "bad-one.toml"
    path.write_bytes(content)
    header = catalog.read_header(path)
    assert problem in header.problem
    assert header.title == "bad-one", "listed under its file name"


def test_a_byte_order_mark_is_read_past_as_the_loader_does(tmp_path):
    path = tmp_path / "windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode())
    assert catalog.read_header(path).title == "Tricky]0;pwned title"


def test_a_folder_or_a_missing_file_is_a_problem_not_an_exception(tmp_path):
    assert "folder" in catalog.read_header(tmp_path).problem
    assert "no such file" in catalog.read_header(tmp_path / "gone.toml").problem


def test_headers_agree_with_the_loader_for_every_shipped_scenario():
    for path in paths.shipped_scenario_files():
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            continue  # tests/scenarios reports it; here only what loads is compared
        header = catalog.read_header(path)
        assert (header.id, header.title, header.turns, header.start) == (
            scenario.id, scenario.title, scenario.turns, scenario.start)


def test_the_size_limit_is_the_loaders():
    assert catalog.MAX_FILE_BYTES == MAX_FILE_BYTES
