"""`crossroads simulate PATH --check`: plays each [[balance]] target's policy; exit 1 when one is missed."""

from __future__ import annotations

import json
import textwrap

import pytest

from game.cli import main
from tests.tools.test_simulate import SMALL


def write(tmp_path, targets: str):
    path = tmp_path / "small.toml"
    path.write_text(textwrap.dedent(SMALL) + textwrap.dedent(targets), encoding="utf-8")
    return path


def check(capsys, path, *extra: str) -> tuple[int, str, str]:
    code = main(["simulate", str(path), "--check", *extra])
    out, err = capsys.readouterr()
    return code, out, err


MET = """
[[balance]]
policy = "greedy:ties"
ending = "deal"
between = [0.99, 1]

[[balance]]
policy = "random"
ending = "never"
between = [0, 0]
runs = 50
"""

MISSED = """
[[balance]]
policy = "random"
ending = "deal"
between = [0.5, 1]
runs = 100
"""


def test_targets_that_hold_pass(capsys, tmp_path):
    code, out, err = check(capsys, write(tmp_path, MET))
    assert code == 0, out + err
    assert "ok     greedy:ties → deal: 100.0% (500/500 games, first at seed 1); target 99.0%–100.0%" in out
    assert "ok     random → never: 0.0% (0/50 games); target 0.0%–0.0%" in out
    assert "all 2 balance targets met" in out


def test_a_missed_target_fails_with_a_report(capsys, tmp_path):
    code, out, err = check(capsys, write(tmp_path, MET + MISSED))
    assert code == 1
    assert "MISSED random → deal:" in out and "(100 games" not in out
    assert "(0/100 games); target 50.0%–100.0%" in out  # no game reached it: no seed to show
    assert "1 of 3 balance targets missed" in out


def test_check_json_says_which_target_failed(capsys, tmp_path):
    code, out, _ = check(capsys, write(tmp_path, MISSED), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    (target,) = report["targets"]
    assert target["policy"] == "random" and target["ending"] == "deal" and target["runs"] == 100
    assert target["met"] is False and target["share"] < 0.5
    assert target["first_seed"] is None or 1 <= target["first_seed"] <= 100


def test_runs_on_the_command_line_override_the_targets(capsys, tmp_path):
    code, out, _ = check(capsys, write(tmp_path, MET), "--runs", "20")
    assert code == 0
    assert "(20/20 games, first at seed 1)" in out and "(0/20 games)" in out


def test_a_file_without_targets_says_so(capsys, tmp_path):
    code, out, err = check(capsys, write(tmp_path, ""))
    assert code == 0 and out == ""
    assert "no [[balance]] targets to check" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_gives_the_same_verdict_with_jobs(capsys, tmp_path, jobs):
    code, out, _ = check(capsys, write(tmp_path, MET + MISSED), "--jobs", jobs, "--json")
    assert code == 1
    assert [t["count"] for t in json.loads(out)["targets"]][:2] == [500, 0]


def test_the_first_seed_shown_replays_to_the_ending(capsys, tmp_path):
    path = write(tmp_path, MET.replace("greedy:ties", "random").replace("[0.99, 1]", "[0, 1]"))
    _, out, _ = check(capsys, path, "--json")
    seeds = {(t["policy"], t["ending"]): t["first_seed"] for t in json.loads(out)["targets"]}
    seed = seeds[("random", "deal")]
    assert seed is not None and seeds[("random", "never")] is None
    assert main(["run", str(path), "--seed", str(seed), "--policy", "random", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ending"] == "deal"
    for earlier in range(1, seed):  # and it is the first: no lower seed reached it
        main(["run", str(path), "--seed", str(earlier), "--policy", "random", "--json"])
        assert json.loads(capsys.readouterr().out)["ending"] != "deal"
