"""The `crossroads` command line: exit codes, what is printed, and never a traceback.

Exit codes (DESIGN, Headless commands): 0 fine, 1 the content is invalid or a
check failed, 2 bad usage. Most tests call `main()` in-process; one runs
`python -m game` in a subprocess to prove that no traceback reaches a user.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game import paths
from game.cli import main

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "data" / "broken"
TUTORIAL = paths.shipped_scenarios() / "tutorial.toml"
SUMMARY_KEYS = {"scenario", "seed", "ending", "turn", "date", "meters", "flags", "score", "decisions",
                "meter_history"}
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys, *argv: str) -> str:
    """argparse ends bad usage with SystemExit(2); returns what it printed."""
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    assert caught.value.code == 2
    out, err = capsys.readouterr()
    return out + err


def run_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, "run", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


# -- validate -----------------------------------------------------------------


def test_validate_a_valid_file(capsys):
    code, out, err = run(capsys, "validate", str(TUTORIAL))
    assert code == 0
    assert f"{TUTORIAL}: ok" in out
    assert "First Steps: Six Months in Tokyo's Seat" in out
    assert "6 turns" in out
    assert "Traceback" not in out + err


def test_validate_a_broken_file(capsys):
    path = BROKEN / "typos.toml"
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines == [
        f'{path}:9:9: `turns` should be a whole number, not "six"',
        f"{path}:16:1: unknown key `tittle` in [events.talks] (did you mean `title`?)",
        f"{path}:24:1: unknown key `once` in [events.talks.choices #1] (`once` belongs to the event "
        "`talks`: every key after [[events.talks.choices]] goes into that choice, however it is indented; "
        "move it above the first [[events.talks.choices]])",
        f"{path}: 3 problems",
    ]
    assert "Traceback" not in out + err


def test_validate_a_file_that_is_not_a_scenario(capsys):
    path = BROKEN / "not_a_scenario.toml"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "not a Crossroads scenario" in out
    assert out.rstrip().endswith(f"{path}: 1 problem")


def test_validate_a_missing_file(capsys, tmp_path):
    missing = tmp_path / "nowhere.toml"
    code, out, err = run(capsys, "validate", str(missing))
    assert code == 1
    assert f"{missing}: no such file" in out
    assert f"{missing}: 1 problem" in out
    assert "Traceback" not in out + err


def test_validate_a_folder_and_a_binary_file(capsys, tmp_path):
    binary = tmp_path / "image.toml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out, _ = run(capsys, "validate", str(tmp_path), str(binary))
    assert code == 1
    assert f"{tmp_path}: this is a folder" in out
    assert f"{binary}: this is not a text file" in out


def test_validate_several_files_mixed(capsys, tmp_path):
    broken = BROKEN / "typos.toml"
    missing = tmp_path / "gone.toml"
    code, out, _ = run(capsys, "validate", str(TUTORIAL), str(broken), str(missing))
    assert code == 1
    assert f"{TUTORIAL}: ok" in out
    assert re.search(rf"^{re.escape(str(broken))}:\d+:\d+: ", out, re.M)
    assert f"{broken}: 3 problems" in out
    assert f"{missing}: 1 problem" in out
    # reported in the order given
    assert out.index(str(TUTORIAL)) < out.index(str(broken)) < out.index(str(missing))


def test_validate_problem_lines_have_line_and_column(capsys, tmp_path):
    path = tmp_path / "bad.toml"
    text = TUTORIAL.read_text(encoding="utf-8").replace("effects = { threat = 3 }", "effects = { thraet = 3 }", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "thraet" in l)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}:{line}:13: unknown meter `thraet` (did you mean `threat`?)" in out.splitlines()
    assert f"{path}: 1 problem" in out


def test_validate_needs_a_path(capsys):
    assert "PATH" in usage_error(capsys, "validate")


# -- scenarios ------------------------------------------------------------------


def test_scenarios_lists_the_tutorial(capsys):
    code, out, _ = run(capsys, "scenarios")
    assert code == 0
    line = next(l for l in out.splitlines() if l.startswith("tutorial "))
    assert "First Steps: Six Months in Tokyo's Seat" in line
    assert "6 turns" in line
    assert "2015-05" in line


def test_scenarios_json(capsys):
    code, out, _ = run(capsys, "scenarios", "--json")
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list)
    tutorial = next(r for r in rows if r["id"] == "tutorial")
    assert tutorial["title"] == "First Steps: Six Months in Tokyo's Seat"
    assert tutorial["turns"] == 6
    assert tutorial["months_per_turn"] == 1
    assert tutorial["start"] == "2015-05-01"
    assert Path(tutorial["path"]).name == "tutorial.toml"
    assert all("error" not in r for r in rows)


# -- run ------------------------------------------------------------------------


def test_run_prints_a_transcript(capsys):
    code, out, err = run(capsys, "run", "tutorial", "--seed", "1")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "First Steps: Six Months in Tokyo's Seat (seed 1)"
    headers = [l for l in lines if l.startswith("== Turn ")]
    assert len(headers) == 6
    assert headers[0] == "== Turn 1 of 6 · May 2015 =="
    assert headers[-1] == "== Turn 6 of 6 · October 2015 =="
    assert all(re.fullmatch(rf"== Turn \d of 6 · ({MONTHS}) 2015 ==", h) for h in headers)
    assert any(l.strip().startswith("Event: The new defence guidelines") for l in lines)
    assert any(l.strip().startswith("You chose: ") for l in lines)
    assert any(l.strip().startswith("Action: ") for l in lines)
    assert any(re.fullmatch(r"\s+· .+: \d+ → \d+ \([+-]\d+\)", l) for l in lines)  # a meter change
    assert re.search(r"^Ending: .+ \((victory|draw|defeat)\)$", out, re.M)
    assert re.search(r"^Score: -?\d+$", out, re.M)
    assert lines[-1].startswith("Meters: ")


def test_run_json_has_exactly_the_documented_keys(capsys):
    data = run_json(capsys, "tutorial", "--seed", "1")
    assert set(data) == SUMMARY_KEYS
    assert data["scenario"] == "tutorial"
    assert data["seed"] == 1
    assert data["turn"] == 6
    assert data["date"] == "2015-10-01"
    assert isinstance(data["ending"], str) and data["ending"]
    assert isinstance(data["score"], int)
    assert set(data["meters"]) == {"alliance", "trust", "treaty", "support", "threat"}  # threat is hidden
    assert all(isinstance(v, int) for v in data["meters"].values())
    assert isinstance(data["flags"], list) and data["flags"] == sorted(data["flags"])
    decisions = data["decisions"]
    assert decisions
    for decision in decisions:
        assert set(decision) == {"turn", "kind", "id", "choice", "outcome"}
        assert decision["kind"] in ("event", "action")
        if decision["kind"] == "event":
            assert isinstance(decision["choice"], str)
        else:
            assert decision["choice"] is None
    assert [d["turn"] for d in decisions] == sorted(d["turn"] for d in decisions)
    assert {"event", "action"} <= {d["kind"] for d in decisions}


def test_run_is_byte_identical_for_the_same_command(capsys):
    for argv in (["run", "tutorial", "--seed", "7", "--json"],
                 ["run", "tutorial", "--seed", "7", "--policy", "random", "--json"],
                 ["run", "tutorial", "--seed", "7", "--policy", "random"]):
        first = run(capsys, *argv)
        second = run(capsys, *argv)
        assert first == second
        assert first[0] == 0


def test_random_policy_depends_on_the_seed(capsys):
    outputs = {run(capsys, "run", "tutorial", "--seed", str(seed), "--policy", "random", "--json")[1]
               for seed in range(1, 9)}
    assert len(outputs) > 1


def test_choices_by_id_answer_events_in_order(capsys):
    data = run_json(capsys, "tutorial", "--seed", "1", "--choices", "quiet_word,dismiss")
    events = [d for d in data["decisions"] if d["kind"] == "event"]
    assert (events[0]["id"], events[0]["choice"]) == ("guidelines", "quiet_word")
    assert (events[1]["id"], events[1]["choice"]) == ("thread_op_ed", "dismiss")
    default = run_json(capsys, "tutorial", "--seed", "1")
    assert [d["choice"] for d in default["decisions"][:2]] == ["promote", "track"]


def test_choices_by_number_match_choices_by_id(capsys):
    by_number = run_json(capsys, "tutorial", "--seed", "1", "--choices", "2,2")
    by_id = run_json(capsys, "tutorial", "--seed", "1", "--choices", " quiet_word , dismiss ")
    assert by_number == by_id
    events = [d for d in by_number["decisions"] if d["kind"] == "event"]
    assert [e["choice"] for e in events[:2]] == ["quiet_word", "dismiss"]


def test_a_bad_choice_id_is_bad_usage(capsys):
    code, out, err = run(capsys, "run", "tutorial", "--seed", "1", "--choices", "promote,nonsense")
    assert code == 2
    assert "--choices" in err
    assert "`nonsense` is not a choice of event `thread_op_ed`" in err
    assert "track" in err and "dismiss" in err  # what it could have been
    assert "Traceback" not in out + err


@pytest.mark.parametrize("number", ["9", "0"])
def test_a_bad_choice_number_is_bad_usage(capsys, number):
    code, out, err = run(capsys, "run", "tutorial", "--seed", "1", "--choices", number)
    assert code == 2
    assert f"event `guidelines` has 3 choices, not {number}" in err
    assert "== Turn 1 of 6" in out and "Ending:" not in out  # the transcript so far


def test_an_unavailable_choice_is_bad_usage(capsys, tmp_path):
    text = TUTORIAL.read_text(encoding="utf-8").replace('requires = "alliance >= 60"', 'requires = "alliance >= 90"')
    path = tmp_path / "strict.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "run", str(path), "--seed", "1", "--choices", "transparency")
    assert code == 2
    assert "`transparency` is not available" in err
    assert "alliance >= 90" in err


def test_an_unknown_scenario_name_suggests_one(capsys):
    code, out, err = run(capsys, "run", "tutorail", "--seed", "1")
    assert code == 2
    assert "`tutorail`" in err
    assert "did you mean `tutorial`?" in err
    assert out == ""


def test_a_broken_scenario_file_fails_with_its_problems(capsys):
    path = BROKEN / "typos.toml"
    code, out, err = run(capsys, "run", str(path), "--seed", "1")
    assert code == 1
    assert f"{path}:9:9:" in err
    assert out == ""


def test_run_without_seed_is_bad_usage(capsys):
    text = usage_error(capsys, "run", "tutorial")
    assert "--seed" in text and "required" in text


def test_run_with_a_seed_that_is_not_a_number_is_bad_usage(capsys):
    assert "--seed" in usage_error(capsys, "run", "tutorial", "--seed", "one")


def test_run_with_an_unknown_policy_is_bad_usage(capsys):
    code, out, err = run(capsys, "run", "tutorial", "--seed", "1", "--policy", "cheat")
    assert code == 2 and out == ""
    assert "--policy: unknown policy `cheat`" in err


# -- saves and replay -------------------------------------------------------------


@pytest.fixture
def saved(capsys, tmp_path) -> Path:
    path = tmp_path / "game.toml"
    code, out, err = run(capsys, "run", "tutorial", "--seed", "3", "--policy", "random", "--save", str(path))
    assert code == 0, err
    assert out.startswith("First Steps: Six Months in Tokyo's Seat (seed 3)")
    assert path.is_file()
    return path


def test_run_save_then_replay_matches(capsys, saved):
    code, out, err = run(capsys, "replay", str(saved))
    assert code == 0, err
    assert "matches" in out
    assert "== Turn 1 of 6 · May 2015 ==" in out
    assert "warning" not in err


def test_replay_transcript_equals_the_run_transcript(capsys, tmp_path):
    path = tmp_path / "g.toml"
    _, played, _ = run(capsys, "run", "tutorial", "--seed", "5", "--save", str(path))
    _, replayed, _ = run(capsys, "replay", str(path))
    assert replayed.startswith(played.rstrip("\n"))


def _other_first_choice(text: str) -> str:
    """The save with the first event answered differently (another valid choice)."""
    found = re.search(r'kind = "event", id = "guidelines", choice = "(\w+)"', text)
    other = "quiet_word" if found[1] != "quiet_word" else "promote"
    return text[: found.start(1)] + other + text[found.end(1):]


@pytest.mark.parametrize("tamper, words", [
    (_other_first_choice, "diverges at turn 1"),
    (lambda t: re.sub(r"^(trust = )(\d+)$", lambda m: f"{m[1]}{int(m[2]) + 1}", t, count=1, flags=re.M),
     "does not match"),
    (lambda t: t[: len(t) // 2], "damaged or incomplete"),
], ids=["decision", "summary", "cut-off"])
def test_replay_of_a_tampered_save_fails_clearly(capsys, saved, tamper, words):
    original = saved.read_text(encoding="utf-8")
    changed = tamper(original)
    assert changed != original
    saved.write_text(changed, encoding="utf-8")
    code, out, err = run(capsys, "replay", str(saved))
    assert code == 1
    assert err.startswith(f"crossroads: {saved}: ")
    assert words in err
    assert "Traceback" not in out + err
    assert "matches" not in out


@pytest.mark.parametrize("content, words", [
    (None, "not a saved game"),  # a scenario file
    (b"hello = 'world'\n", "not a Crossroads save"),
    (b"\x00\x01\x02binary", "binary"),
    (b"this is [not toml", "not valid TOML"),
], ids=["scenario", "other-toml", "binary", "not-toml"])
def test_replay_of_a_non_save_fails(capsys, tmp_path, content, words):
    path = TUTORIAL if content is None else tmp_path / "thing.toml"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "replay", str(path))
    assert code == 1
    assert words in err
    assert out == ""


def test_replay_of_a_missing_save(capsys, tmp_path):
    code, out, err = run(capsys, "replay", str(tmp_path / "nope.toml"))
    assert code == 1
    assert "no such save file" in err


def test_replay_json_equals_the_run_that_made_the_save(capsys, tmp_path):
    path = tmp_path / "game.toml"
    made = run_json(capsys, "tutorial", "--seed", "5", "--policy", "random", "--save", str(path))
    code, out, err = run(capsys, "replay", str(path), "--json")
    assert code == 0, err
    assert json.loads(out) == made


def test_validate_json_lists_every_problem_with_its_position(capsys):
    broken = BROKEN / "typos.toml"
    code, out, err = run(capsys, "validate", str(TUTORIAL), str(broken), "--json")
    assert code == 1
    report = json.loads(out)
    assert [entry["ok"] for entry in report] == [True, False]
    first = report[1]["problems"][0]
    assert (first["line"], first["column"]) == (9, 9)
    assert "turns" in first["message"]


def test_run_save_to_a_folder_is_a_clear_error(capsys, tmp_path):
    code, out, err = run(capsys, "run", "tutorial", "--seed", "1", "--save", str(tmp_path))
    assert code == 2
    assert "could not save" in err


# -- the no-traceback guarantee, from outside ------------------------------------


def test_bad_invocations_never_show_a_traceback(tmp_path):
    binary = tmp_path / "blob.toml"
    binary.write_bytes(b"\x00\xff\x00")
    not_save = tmp_path / "note.toml"
    not_save.write_text("hello = 1\n")
    cases = [
        (["validate", str(tmp_path / "missing.toml")], 1),
        (["validate", str(binary), str(BROKEN / "typos.toml"), str(BROKEN / "not_a_scenario.toml")], 1),
        (["validate"], 2),
        (["run", "tutorail", "--seed", "1"], 2),
        (["run", "tutorial"], 2),
        (["run", "tutorial", "--seed", "x"], 2),
        (["run", "tutorial", "--seed", "1", "--choices", "nonsense"], 2),
        (["run", "tutorial", "--seed", "1", "--choices", "42"], 2),
        (["run", str(BROKEN / "typos.toml"), "--seed", "1"], 1),
        (["replay", str(not_save)], 1),
        (["replay", str(binary)], 1),
        (["replay", str(tmp_path / "missing.toml")], 1),
        (["no-such-command"], 2),
    ]
    for argv, expected in cases:
        result = subprocess.run([sys.executable, "-m", "game", *argv], capture_output=True, text=True,
                                cwd=tmp_path, timeout=120, stdin=subprocess.DEVNULL)
        assert "Traceback" not in result.stderr, (argv, result.stderr)
        assert "Traceback" not in result.stdout, (argv, result.stdout)
        assert result.returncode == expected, (argv, result.returncode, result.stderr)
        assert result.stderr.strip() or result.stdout.strip(), argv  # something was said
