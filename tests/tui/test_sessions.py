"""The app's helpers around games: seeds typed by players, replays onto edited files, save lookups."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game import paths, saves
from game.engine import choose, end_turn, load_scenario, load_scenario_bytes, new_game
from game.tui.sessions import latest_game, parse_seed, replay_onto, save_entries, scenario_path_for

HARBOUR = Path(__file__).parent / "data" / "shell" / "harbour.toml"


@pytest.mark.parametrize("typed, seed", [("", None), ("  ", None), ("4711", 4711), ("12 345-678", 12345678)])
def test_a_class_code_is_digits_with_spaces_or_dashes(typed, seed):
    assert parse_seed(typed) == seed


@pytest.mark.parametrize("typed", ["blue", "١٢٣", "1e5", "1234567890"])
def test_anything_else_is_explained(typed):
    with pytest.raises(ValueError, match="class code"):
        parse_seed(typed)


def played() -> tuple:
    scenario = load_scenario(HARBOUR)
    return scenario, end_turn(choose(new_game(scenario, 6), "warm"))


def test_an_edit_that_keeps_every_decision_replays_them_all():
    _, state = played()
    edited = load_scenario_bytes(HARBOUR.read_bytes().replace(b"trust = 5 }", b"trust = 7 }"), "edited.toml")
    replayed = replay_onto(edited, state.seed, state.decisions)
    assert replayed.complete and replayed.state.decisions == state.decisions
    assert replayed.state.meters["trust"] == state.meters["trust"] + 2


def test_an_edit_that_removes_a_choice_stops_where_it_was_asked():
    _, state = played()
    edited = load_scenario_bytes(HARBOUR.read_bytes().replace(b'id = "warm"', b'id = "friendly"'), "edited.toml")
    replayed = replay_onto(edited, state.seed, state.decisions)
    assert (replayed.applied, replayed.total) == (0, 2)
    assert "turn 1" in replayed.stopped and "warm" in replayed.stopped


def test_a_save_finds_its_scenario_where_it_was_or_among_the_shipped(tmp_path, monkeypatch):
    own = Path(shutil.copy(HARBOUR, tmp_path / "own.toml"))
    state = choose(new_game(load_scenario(own), 1), "cold")
    saves.write_save(tmp_path / "s.toml", state, player="")
    save = saves.read_save(tmp_path / "s.toml")
    assert scenario_path_for(save) == own
    own.unlink()
    monkeypatch.setattr(paths, "shipped_scenario_files", lambda: [HARBOUR])
    assert scenario_path_for(save) == HARBOUR, "moved: the shipped scenario of the same id"
    monkeypatch.setattr(paths, "shipped_scenario_files", lambda: [])
    assert scenario_path_for(save) is None


def test_latest_game_passes_over_broken_autosaves(tmp_path):
    _, state = played()
    saves.write_save(tmp_path / "autosave-harbour.toml", state, player="")
    (tmp_path / "autosave-zzz.toml").write_text("not a save")
    (tmp_path / "named.toml").write_text("")
    assert {e.path.name for e in save_entries(tmp_path) if e.save is None} == {"autosave-zzz.toml", "named.toml"}
    assert latest_game(tmp_path).path.name == "autosave-harbour.toml"
