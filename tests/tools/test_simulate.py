"""`crossroads simulate`: counts that add up, reproducible reports, jobs that agree, game k = run --seed S+k."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from game.cli import main
from game.engine import load_scenario
from game.tools.simulate import Batch, play_batches, wilson

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.toml"

# Two meters; `summit` is drawn every turn, `storm` has chance 0 and is never drawn.
# Choosing `push` raises `ties` by 10, so greedy:ties always reaches `deal`;
# random play reaches it rarely.
SMALL = """
format = 1

[scenario]
id = "small"
title = "Small"
summary = "A scenario for simulate tests."
start = 2015-01-01
turns = 4
actions_per_turn = 1

[meters.ties]
label = "Ties"
start = 50

[meters.calm]
label = "Calm"
start = 50

[events.summit]
title = "Summit"
text = "Talk."
once = false

[[events.summit.choices]]
id = "wait"
label = "Wait"
effects = { calm = 1 }

[[events.summit.choices]]
id = "hedge"
label = "Hedge"
effects = { ties = -2 }

[[events.summit.choices]]
id = "push"
label = "Push"
effects = { ties = 10, calm = -5 }

[[events.summit.choices.outcomes]]
weight = 1
result = "It works."

[[events.summit.choices.outcomes]]
weight = 1
effects = { calm = -1 }
result = "Some grumble."

[events.storm]
title = "Storm"
text = "Never."
chance = 0.0

[[events.storm.choices]]
id = "shelter"
label = "Shelter"

[actions.visit]
label = "Visit"
cooldown = 1
effects = { ties = 1 }

[endings.deal]
title = "Deal"
kind = "victory"
text = "Done."
when = "final and ties >= 85"

[endings.never]
title = "Never"
kind = "defeat"
text = "Cannot happen."
when = "calm > 1000"

[endings.drift]
title = "Drift"
kind = "draw"
text = "Time ran out."
fallback = true
"""


@pytest.fixture
def small(tmp_path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(textwrap.dedent(SMALL), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def simulate_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, "simulate", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_counts_add_up(capsys, small):
    report = simulate_json(capsys, str(small), "--runs", "300")
    assert report["runs"] == 300 and report["policy"] == "random" and report["seed"] == 1
    assert sum(report["endings"].values()) == 300
    assert report["events"]["summit"] == 300 * 4  # drawn every turn of every game
    summit_answers = sum(n for key, n in report["choices"].items() if key.startswith("summit."))
    assert summit_answers == report["events"]["summit"]
    turns = report["turns"]
    assert turns["min"] <= turns["mean"] <= turns["max"] == 4
    for ending_id, share in report["ending_shares"].items():
        assert sum(share["turns"].values()) == report["endings"][ending_id]
        low, high = share["interval95"]
        assert low <= share["share"] <= high


def test_a_chance_zero_event_and_an_impossible_ending_are_reported(capsys, small):
    report = simulate_json(capsys, str(small), "--runs", "200")
    assert report["events_never_seen"] == ["storm"]
    assert report["events"]["storm"] == 0
    assert "storm.shelter" in report["choices_never_picked"]
    assert report["endings"]["never"] == 0
    assert "ending `never` never occurred in 200 games" in report["warnings"]


def test_the_same_seed_gives_the_same_report_and_another_seed_another(capsys, small):
    one = simulate_json(capsys, str(small), "--runs", "200", "--seed", "7")
    two = simulate_json(capsys, str(small), "--runs", "200", "--seed", "7")
    other = simulate_json(capsys, str(small), "--runs", "200", "--seed", "8")
    assert one == two
    assert other["choices"] != one["choices"]


def test_two_jobs_give_exactly_the_counts_of_one(capsys):
    one = simulate_json(capsys, str(TUTORIAL), "--runs", "300", "--seed", "3")
    two = simulate_json(capsys, str(TUTORIAL), "--runs", "300", "--seed", "3", "--jobs", "2")
    assert one == two


@pytest.mark.parametrize("policy", ["random", "first", "greedy:trust", "cautious:alliance"])
def test_game_k_is_run_with_seed_s_plus_k(capsys, policy):
    seed = 40
    for k in range(4):
        code, out, err = run(capsys, "run", str(TUTORIAL), "--seed", str(seed + k), "--policy", policy, "--json")
        assert code == 0, err
        game = json.loads(out)
        single = simulate_json(capsys, str(TUTORIAL), "--runs", "1", "--seed", str(seed + k), "--policy", policy)
        assert single["endings"][game["ending"]] == 1
        assert single["turns"]["max"] == game["turn"]
        picked = {key: n for key, n in single["choices"].items() if n}
        expected: dict[str, int] = {}
        for decision in game["decisions"]:
            if decision["kind"] == "event":
                key = f"{decision['id']}.{decision['choice']}"
                expected[key] = expected.get(key, 0) + 1
        assert picked == expected
        assert single["meters"]["trust"][-1]["max"] == game["meters"]["trust"]


def test_a_simple_policy_that_always_wins_is_called_dominant(capsys, small):
    report = simulate_json(capsys, str(small), "--runs", "200")
    wins = report["victories_by_policy"]
    assert wins["greedy:ties"]["victories"] == wins["greedy:ties"]["runs"]
    assert wins["random"]["victories"] < wins["random"]["runs"] / 2
    assert any(w.startswith("dominant strategy? `greedy:ties` wins 100% of games") for w in report["warnings"])


def test_the_text_report_names_endings_events_and_warnings(capsys, small):
    code, out, err = run(capsys, "simulate", str(small), "--runs", "100")
    assert code == 0
    assert err == ""  # no progress bar when stderr is not a terminal
    assert "100 games, policy random, seeds 1…100" in out
    assert "Never seen: storm" in out
    assert "warning: ending `never` never occurred in 100 games" in out
    assert "warning: dominant strategy? `greedy:ties`" in out


@pytest.mark.parametrize(("policy", "words"), [("cheat", "unknown policy `cheat`"),
                                               ("greedy:mood", "names no meter of this scenario: `mood`"),
                                               ("frist", "did you mean `first`?"),
                                               ("cautious:tis", "did you mean `cautious:ties`?")])
def test_a_policy_the_scenario_cannot_play_is_bad_usage(capsys, small, policy, words):
    code, out, err = run(capsys, "simulate", str(small), "--policy", policy)
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err


def test_zero_runs_is_bad_usage(capsys, small):
    with pytest.raises(SystemExit) as stopped:
        main(["simulate", str(small), "--runs", "0"])
    assert stopped.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_batches_played_in_chunks_or_whole_agree():
    scenario = load_scenario(TUTORIAL)
    source = TUTORIAL.read_bytes()
    (whole,) = play_batches(scenario, source, [Batch("random", 120, 5)], jobs=1)
    (shared,) = play_batches(scenario, source, [Batch("random", 120, 5)], jobs=3)
    assert whole == shared and whole.runs == 120


def test_wilson_interval_is_sound_at_the_edges():
    assert wilson(0, 100)[0] == 0.0 and 0.03 < wilson(0, 100)[1] < 0.04
    assert wilson(100, 100)[1] == 1.0
    low, high = wilson(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-3) and high == pytest.approx(0.5962, abs=1e-3)


class FakeTerminal:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_the_progress_bar_is_drawn_on_a_terminal_and_erased_after():
    from game.tools.simulate import ProgressBar

    terminal = FakeTerminal(tty=True)
    bar = ProgressBar(terminal, width=10)
    bar(250, 1000)
    assert "[##........] 250/1,000 games" in terminal.text
    bar(1000, 1000)
    assert "[##########] 1,000/1,000 games" in terminal.text
    bar.close()
    assert terminal.text.endswith("\r")


def test_no_progress_bar_when_not_a_terminal():
    from game.tools.simulate import ProgressBar

    piped = FakeTerminal(tty=False)
    bar = ProgressBar(piped)
    bar(1, 2)
    bar.close()
    assert piped.text == ""


def test_the_report_names_the_first_seed_of_each_ending_and_it_replays(capsys, tmp_path):
    import json as json_module

    path = tmp_path / "small.toml"
    path.write_text(textwrap.dedent(SMALL), encoding="utf-8")
    assert main(["simulate", str(path), "--runs", "60", "--json"]) == 0
    shares = json_module.loads(capsys.readouterr().out)["ending_shares"]
    reached = {e: s["first_seed"] for e, s in shares.items() if s["count"]}
    assert reached and all(seed is not None for seed in reached.values())
    assert all(s["first_seed"] is None for s in shares.values() if not s["count"])
    for ending_id, seed in reached.items():
        main(["run", str(path), "--seed", str(seed), "--policy", "random", "--json"])
        assert json_module.loads(capsys.readouterr().out)["ending"] == ending_id
    main(["simulate", str(path), "--runs", "60"])
    out = capsys.readouterr().out
    for ending_id, seed in reached.items():
        line = next(line for line in out.splitlines() if line.startswith(f"  {ending_id} "))
        assert line.endswith(f"  seed {seed}")
