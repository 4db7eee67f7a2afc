"""`crossroads run --choices`: a whole line of play (answers, actions, `end`) written down."""

from __future__ import annotations

import json
import textwrap

import pytest

from game.cli import main
from tests.tools.test_simulate import SMALL


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(textwrap.dedent(SMALL), encoding="utf-8")
    return path


def run(capsys, small, choices: str, *extra: str) -> tuple[int, str, str]:
    code = main(["run", str(small), "--seed", "1", "--choices", choices, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def decisions(capsys, small, choices: str, *extra: str) -> list[tuple]:
    code, out, err = run(capsys, small, choices, "--json", *extra)
    assert code == 0, err
    return [(d["turn"], d["kind"], d["id"], d["choice"]) for d in json.loads(out)["decisions"]]


def test_a_whole_line_of_play_with_actions_and_passing(capsys, small):
    played = decisions(capsys, small, "push,visit,hedge,end,3,end,wait,visit")
    assert played == [
        (1, "event", "summit", "push"), (1, "action", "visit", None),
        (2, "event", "summit", "hedge"),
        (3, "event", "summit", "push"),
        (4, "event", "summit", "wait"), (4, "action", "visit", None),
    ]


def test_event_answers_alone_leave_the_actions_to_the_policy(capsys, small):
    played = decisions(capsys, small, "push,hedge", "--policy", "first")
    assert played[:4] == [(1, "event", "summit", "push"), (1, "action", "visit", None),
                          (2, "event", "summit", "hedge"), (3, "event", "summit", "wait")]


def test_an_action_that_is_cooling_down_stops_with_the_transcript_and_what_was_open(capsys, small):
    code, out, err = run(capsys, small, "push,visit,push,visit")
    assert code == 2
    assert "== Turn 2 of 4" in out and "Ending:" not in out  # the game so far
    assert "entry 4 `visit` at the standing actions of turn 2" in err
    assert "cooling down" in err and "Open: end" in err
    assert "Traceback" not in err


def test_a_wrong_answer_lists_the_choices_that_were_open(capsys, small):
    code, out, err = run(capsys, small, "shout")
    assert code == 2
    assert "entry 1 `shout` at event `summit` (turn 1)" in err
    assert "Open: 1 or wait, 2 or hedge, 3 or push" in err


def test_a_wrong_answer_after_a_menu_left_to_the_policy_says_so(capsys, small):
    code, _, err = run(capsys, small, "push,vist")
    assert code == 2
    assert "entry 2 `vist` at event `summit` (turn 2)" in err
    assert "the action menu was left to the policy" in err and "visit, end" in err


@pytest.mark.parametrize(("choices", "meant"), [("hedg", "hedge"), ("push,vist", "visit"), ("push,edn", "end")])
def test_a_misspelt_entry_gets_a_did_you_mean(capsys, small, choices, meant):
    code, _, err = run(capsys, small, choices)
    assert code == 2
    assert err.rstrip().endswith(f"Did you mean `{meant}`?")


def test_an_entry_like_nothing_open_gets_no_suggestion(capsys, small):
    _, _, err = run(capsys, small, "zzz")
    assert "Did you mean" not in err


def test_entries_left_over_when_the_game_ends_are_an_error(capsys, small):
    code, out, err = run(capsys, small, "wait,end,wait,end,wait,end,wait,end,push,visit")
    assert code == 2
    assert "2 --choices entries left over: push, visit" in err
    assert "Ending:" in out  # the finished game is shown


def test_run_json_has_each_turns_meters_and_the_outcome_drawn(capsys, small):
    code, out, err = run(capsys, small, "push,end,wait,end", "--json")
    assert code == 0, err
    data = json.loads(out)
    history = data["meter_history"]
    assert [h["turn"] for h in history] == [0, 1, 2, 3, 4]
    assert history[0]["meters"] == {"ties": 50, "calm": 50}
    assert history[1]["meters"]["ties"] == 60
    first, second = data["decisions"][:2]
    assert first["choice"] == "push" and first["outcome"] in (1, 2)
    assert second["choice"] == "wait" and second["outcome"] is None
    assert history[1]["meters"]["calm"] == 50 - 5 - (1 if first["outcome"] == 2 else 0)


def test_a_wrong_entry_in_json_mode_prints_the_game_so_far_and_the_error(capsys, small):
    code, out, err = run(capsys, small, "push,visit,push,visit", "--json")
    assert code == 2
    data = json.loads(out)
    assert data["turn"] == 2 and data["ending"] is None
    assert data["open"] == ["end"] and "cooling down" in data["error"]


def test_a_shipped_scenario_is_found_by_its_id_when_its_file_name_differs(capsys, tmp_path, monkeypatch):
    from game import paths

    renamed = tmp_path / "first_steps_v2.toml"
    renamed.write_text(textwrap.dedent(SMALL), encoding="utf-8")  # its id is `small`
    monkeypatch.setattr(paths, "shipped_scenario_files", lambda: [renamed])
    for command in (["run", "small", "--seed", "1", "--json"], ["simulate", "small", "--runs", "3", "--json"],
                    ["run", "first_steps_v2", "--seed", "1", "--json"]):
        assert main(command) == 0
        assert json.loads(capsys.readouterr().out)["scenario"] == "small"
    assert main(["run", "smal", "--seed", "1"]) == 2
    assert "did you mean `small`?" in capsys.readouterr().err
