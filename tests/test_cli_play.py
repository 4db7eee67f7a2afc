"""`crossroads play`: what it hands the app, and the clear messages when it cannot start."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import paths, saves
from game.cli import main
from game.engine import choose, load_scenario, new_game

DATA = Path(__file__).parent / "tui" / "data" / "shell"
HARBOUR = DATA / "harbour.toml"


@pytest.fixture
def started(monkeypatch) -> dict:
    """The options the app would have been started with (the app itself is not run)."""
    import game.tui.app

    seen: dict = {}

    def run_app(**options):
        seen.update(options)
        return 0

    monkeypatch.setattr(game.tui.app, "run_app", run_app)
    return seen


def test_play_a_file_with_a_seed_and_a_save_folder(started, tmp_path):
    assert main(["play", str(HARBOUR), "--seed", "4711", "--name", "Aiko\x1b[2J", "--saves-dir", str(tmp_path),
                 "--watch"]) == 0
    assert started["scenario"].id == "harbour"
    assert (started["seed"], started["saves_dir"], started["watch"]) == (4711, tmp_path, True)
    assert started["player"] == "Aiko[2J", "no control characters reach a save or the screen"
    assert started["loaded"] is None


def test_play_without_a_scenario_starts_the_flagship(started, monkeypatch):
    monkeypatch.setattr(paths, "shipped_scenario_files", lambda: [HARBOUR])
    assert main(["play"]) == 0
    assert started["scenario"].id == "harbour"


def test_play_load_by_name_from_the_save_folder(started, tmp_path):
    game = choose(new_game(load_scenario(HARBOUR), 9), "cold")
    saves.write_save(tmp_path / "friday.toml", game, player="Mika")
    assert main(["play", "--load", "friday", "--saves-dir", str(tmp_path)]) == 0
    assert started["loaded"].state.decisions == game.decisions
    assert started["loaded"].save.player == "Mika"


def test_the_environment_variable_chooses_the_save_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CROSSROADS_SAVES", str(tmp_path / "class"))
    assert paths.save_folder() == tmp_path / "class"
    assert paths.save_folder(tmp_path / "given") == tmp_path / "given", "--saves-dir wins"
    monkeypatch.delenv("CROSSROADS_SAVES")
    assert paths.save_folder().name == "saves" and "crossroads" in str(paths.save_folder())


def test_a_broken_scenario_prints_its_located_problems_and_exits_1(started, capsys):
    assert main(["play", str(DATA / "broken.toml")]) == 1
    err = capsys.readouterr().err
    assert f"{DATA / 'broken.toml'}:18:9:" in err and "Traceback" not in err
    assert not started, "the app never starts on a broken file"


def test_an_unknown_scenario_is_bad_usage(started, capsys):
    assert main(["play", "harbor"]) == 2
    assert "no scenario file or shipped scenario called `harbor`" in capsys.readouterr().err


def test_a_name_without_toml_points_at_the_authors_file(started, tmp_path, monkeypatch, capsys):
    (tmp_path / "harbor.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["play", "harbor"]) == 2
    assert "did you mean the file `harbor.toml`?" in capsys.readouterr().err
    assert not started


def test_a_missing_save_is_reported(started, tmp_path, capsys):
    assert main(["play", "--load", "nothing-here", "--saves-dir", str(tmp_path)]) == 1
    assert "no such save file" in capsys.readouterr().err


def test_seed_with_load_is_bad_usage(started, tmp_path, capsys):
    assert main(["play", "--load", "x", "--seed", "3", "--saves-dir", str(tmp_path)]) == 2
    assert "--seed cannot be used with --load" in capsys.readouterr().err


@pytest.mark.parametrize("seed", ["abc", "-1", "1000000000"])
def test_a_bad_seed_is_bad_usage(seed, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["play", str(HARBOUR), "--seed", seed])
    assert stop.value.code == 2
    assert "seed" in capsys.readouterr().err


def test_help_says_that_plain_crossroads_opens_the_title(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "without a command to open the title screen" in " ".join(out.split())
    assert "play" in out
