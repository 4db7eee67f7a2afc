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


# -- deleting a save (the load dialog's d key calls saves.delete_save) ----------------


def test_delete_save_removes_only_a_file_directly_in_the_save_folder(tmp_path):
    folder, outside = tmp_path / "saves", tmp_path / "precious.toml"
    (folder / "sub").mkdir(parents=True)
    outside.write_text("not ours")
    (folder / "sub" / "inner.toml").write_text("x")
    for path in (outside, folder / ".." / "precious.toml", folder / "sub" / "inner.toml"):
        with pytest.raises(saves.SaveError, match="not a save in .*nothing was deleted"):
            saves.delete_save(folder, path)
    (folder / "notes.txt").write_text("x")
    with pytest.raises(saves.SaveError, match="not a save in"):
        saves.delete_save(folder, folder / "notes.txt")
    (folder / "folder.toml").mkdir()
    with pytest.raises(saves.SaveError, match="not a save file"):
        saves.delete_save(folder, folder / "folder.toml")
    with pytest.raises(saves.SaveError, match="already gone"):
        saves.delete_save(folder, folder / "gone.toml")
    assert outside.read_text() == "not ours" and (folder / "sub" / "inner.toml").exists()
    assert (folder / "folder.toml").is_dir()


def test_delete_save_never_follows_a_link_out_of_the_folder(tmp_path):
    folder, outside = tmp_path / "saves", tmp_path / "precious.toml"
    folder.mkdir()
    outside.write_text("not ours")
    (folder / "link.toml").symlink_to(outside)
    (folder / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    (folder / "through").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(saves.SaveError, match="not a save in"):
        saves.delete_save(folder, folder / "through" / "precious.toml")  # a linked folder leads out
    saves.delete_save(folder, folder / "link.toml")
    saves.delete_save(folder, folder / "dangling.toml")
    assert outside.read_text() == "not ours"
    assert sorted(p.name for p in folder.iterdir()) == ["through"]


def test_a_broken_save_can_be_deleted(tmp_path):
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "cut.toml").write_bytes(b"\x00\x01 not a save")
    [entry] = save_entries(folder)
    assert entry.save is None
    saves.delete_save(folder, entry.path)
    assert save_entries(folder) == []
