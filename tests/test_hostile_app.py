"""Files from strangers (issue 5): the app starts whatever lies in its save folder.

Each hostile save of tests/data/hostile/saves is put in the save folder as the
newest autosave, beside an older autosave that is sound. The app must start on
its title screen, Continue must pass over the hostile file and resume the sound
game, and the load dialog must list the hostile file (as broken when it cannot
be read).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from game import paths, saves
from game.engine import load_scenario, new_game
from game.engine.policies import POLICIES, play

HOSTILE_SAVES = sorted((Path(__file__).parent / "data" / "hostile" / "saves").glob("*.toml"))


@pytest.fixture
def save_folder(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "saves"
    folder.mkdir()
    monkeypatch.setenv(paths.SAVES_VARIABLE, str(folder))
    return folder


def sound_autosave(folder: Path) -> Path:
    """An autosave of the tutorial two turns in, an hour older than anything else."""
    scenario = load_scenario(paths.shipped_scenarios() / "tutorial.toml")
    state = new_game(scenario, 5)
    for state in play(state, POLICIES["first"], []):
        if state.turn == 3:
            break
    path = folder / "autosave-sound.toml"
    saves.write_save(path, state, player="Aki")
    os.utime(path, (path.stat().st_mtime - 3600,) * 2)
    return path


@pytest.mark.parametrize("hostile", HOSTILE_SAVES, ids=[p.stem for p in HOSTILE_SAVES])
async def test_the_app_starts_and_continue_passes_over_a_hostile_save(hostile, save_folder):
    from game.tui.app import CrossroadsApp
    from game.tui.screens.game import GameScreen
    from game.tui.screens.load_dialog import LoadDialog
    from game.tui.screens.title import TitleScreen

    sound = sound_autosave(save_folder)
    planted = save_folder / "autosave-tutorial.toml"
    shutil.copy(hostile, planted)
    try:
        readable = saves.read_save(planted) is not None
    except saves.SaveError:
        readable = False

    app = CrossroadsApp()
    assert app.saves_dir == save_folder  # from $CROSSROADS_SAVES
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)

        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)
        listed = {entry.path.name: entry for entry in app.screen.entries}
        assert {sound.name, planted.name} <= set(listed)
        assert (listed[planted.name].save is None) == (not readable)
        if not readable:
            assert listed[planted.name].problem, "a broken save says what is wrong"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("c")  # Continue: the sound game, not the newer hostile file
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.screen.state.seed == 5
    assert app.return_code in (0, None)


HOSTILE_SCENARIOS = sorted((Path(__file__).parent / "data" / "hostile" / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("hostile", HOSTILE_SCENARIOS, ids=[p.stem for p in HOSTILE_SCENARIOS])
def test_menus_read_any_hostile_scenario_without_raising(hostile):
    from game import catalog

    header = catalog.read_header(hostile)
    shown = [header.title, header.summary, header.period, header.length, header.date_of(1), header.problem]
    assert all(isinstance(text, str) and "\x1b" not in text for text in shown)


def test_menus_refuse_a_dense_file_as_the_loader_does(tmp_path):
    from game import catalog
    from game.engine import loader

    assert catalog.MAX_VALUES == loader.MAX_VALUES
    path = tmp_path / "dense.toml"
    path.write_text('[scenario]\nid = "dense"\n[x]\ny = [' + "1," * 200_000 + "1]\n")
    assert catalog.read_header(path).problem == "the file is too dense to be a scenario"


def test_the_app_exits_non_zero_after_an_unexpected_error(monkeypatch, capsys):
    from game.tui import app as app_module

    class Exploding(app_module.CrossroadsApp):
        def on_mount(self) -> None:
            raise RuntimeError("a bug")

        def run(self, **options):
            return super().run(headless=True, **options)

    monkeypatch.setattr(app_module, "CrossroadsApp", Exploding)
    assert app_module.run_app() == 1
