"""The screens around a game, driven as a player drives them: title, new game, save, load, --watch."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from game import paths, saves
from game.engine import load_scenario, new_game
from game.tui.app import CrossroadsApp
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.game import GameScreen
from game.tui.screens.load_dialog import LoadDialog
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.save_dialog import SaveDialog
from game.tui.screens.scenario_errors import ScenarioErrorsScreen
from game.tui.screens.title import TitleScreen

DATA = Path(__file__).parent / "data" / "shell"
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def save_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "saves"
    monkeypatch.setattr(paths, "save_folder", lambda override=None: Path(override) if override else folder)
    return folder


@pytest.fixture(autouse=True)
def shipped(tmp_path, monkeypatch) -> list[Path]:
    """The shipped scenarios, replaced by fixed test files (copies, so a test may edit them)."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    copies = [Path(shutil.copy(DATA / name, folder / name)) for name in ("harbour.toml", "broken.toml")]
    monkeypatch.setattr(paths, "shipped_scenario_files", lambda: copies)
    return copies


def menu_ids(app) -> list[str]:
    menu = app.screen.query_one("#menu", OptionList)
    return [menu.get_option_at_index(i).id for i in range(menu.option_count)]


def shown(widget) -> str:
    """The text a Static shows."""
    return str(widget.render())


async def start_new_game(pilot, *, code: str = "", name: str = "") -> None:
    """Title → New game → Harbour Talks, with a class code and a name typed in → briefing → game."""
    app = pilot.app
    await pilot.press("n")
    assert isinstance(app.screen, NewGameScreen)
    if code:
        app.screen.query_one("#seed", Input).value = code
    if name:
        app.screen.query_one("#player", Input).value = name
    await pilot.press("enter")  # Harbour Talks is first in the list
    assert isinstance(app.screen, BriefingScreen)
    await pilot.press("enter")
    assert isinstance(app.screen, GameScreen)


async def test_a_new_game_with_a_class_code_and_a_name(save_folder):
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        assert menu_ids(app) == ["new", "load", "open", "help", "quit"], "no Continue without a game"
        await pilot.press("n")
        app.screen.query_one("#seed", Input).value = "4711"
        app.screen.query_one("#player", Input).value = "Aiko"
        await pilot.press("enter")
        assert "class code 4711" in shown(app.screen.query_one("#briefing-facts"))
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen)
        assert app.screen.state.seed == 4711
        assert app.sub_title == "Harbour Talks [@click=app.quit]", "the header names the scenario, literally"
        await pilot.press("1")
        await pilot.pause()
    autosave = saves.read_save(save_folder / "autosave-harbour.toml")
    assert (autosave.seed, autosave.player, len(autosave.decisions)) == (4711, "Aiko", 1)


async def test_a_class_code_that_is_not_a_number_is_explained():
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        app.screen.query_one("#seed", Input).value = "blue"
        await pilot.press("enter")
        assert isinstance(app.screen, NewGameScreen)
        assert "a class code is a number" in shown(app.screen.query_one("#new-game-problem"))


async def test_the_same_class_code_gives_the_same_world():
    worlds = []
    for _ in range(2):
        app = CrossroadsApp()
        async with app.run_test(size=SIZE) as pilot:
            await start_new_game(pilot, code="99")
            await pilot.press("1", "e")
            worlds.append(dict(app.current_state().meters))
    assert worlds[0] == worlds[1]


async def test_every_decision_is_autosaved_and_leaving_keeps_the_game_for_continue(save_folder):
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot, code="5")
        await pilot.press("1")  # answer the first event: not the end of a turn
        await pilot.pause()
        assert len(saves.read_save(save_folder / "autosave-harbour.toml").decisions) == 1
        decisions = app.screen.state.decisions
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)
        assert any("Continue" in n.message for n in app._notifications), "leaving says the game is kept"
        assert menu_ids(app)[0] == "continue"
        assert "Harbour Talks" in str(app.screen.query_one("#menu", OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")  # Continue
        assert isinstance(app.screen, GameScreen)
        assert app.screen.state.decisions == decisions


async def test_save_then_load_a_named_game(save_folder):
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot, code="8", name="Ren")
        await pilot.press("1", "e")  # a decision and the end of turn 1
        while not isinstance(app.screen, GameScreen):
            await pilot.press("enter")  # the turn report
        played = app.screen.state.decisions
        app.action_save_game()
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        assert str(save_folder) in shown(app.screen.query_one(".dialog-note")), "the dialog says where saves go"
        app.screen.query_one("#save-name", Input).value = "my game"
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen)
        assert saves.read_save(save_folder / "my game.toml").decisions == played
        await pilot.press("1")  # play on: the named save stays where it was
        await pilot.press("q")
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("l")
        assert isinstance(app.screen, LoadDialog)
        names = [e.name for e in app.screen.entries]
        assert set(names) == {"my game", "autosave-harbour"}
        details = app.screen.details[names.index("my game")]
        assert "Harbour Talks" in details and "April 2016, turn 2" in details and "Ren" in details
        listing = app.screen.query_one("#load-list", OptionList)
        listing.highlighted = names.index("my game")
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen)
        assert app.screen.state.decisions == played
        assert app.player == "Ren"


async def save_as(pilot, name: str) -> None:
    app = pilot.app
    app.action_save_game()
    await pilot.pause()
    app.screen.query_one("#save-name", Input).value = name
    await pilot.press("enter")


async def test_overwriting_a_save_asks_first(save_folder):
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await save_as(pilot, "slot")  # a new name: saved at once
        assert isinstance(app.screen, GameScreen)
        assert len(saves.read_save(save_folder / "slot.toml").decisions) == 0
        await pilot.press("1")

        await save_as(pilot, "slot")
        assert isinstance(app.screen, ConfirmDialog), "replacing a save asks first"
        await pilot.press("n")
        assert isinstance(app.screen, SaveDialog), "keeping it returns to the dialog"
        await pilot.press("escape")
        assert len(saves.read_save(save_folder / "slot.toml").decisions) == 0, "kept as it was"

        await save_as(pilot, "slot")
        await pilot.press("y")
        assert isinstance(app.screen, GameScreen)
        assert len(saves.read_save(save_folder / "slot.toml").decisions) == 1, "replaced"


async def test_broken_saves_are_listed_as_broken_and_never_stop_the_app(save_folder, shipped):
    save_folder.mkdir()
    scenario = load_scenario(shipped[0])
    from game.engine import choose

    good = choose(new_game(scenario, 3), "warm")
    saves.write_save(save_folder / "autosave-harbour.toml", good, player="")
    os.utime(save_folder / "autosave-harbour.toml", (1_000_000, 1_000_000))
    (save_folder / "autosave-other.toml").write_text("this is [not a save")  # the newest autosave
    (save_folder / "notes.toml").write_bytes(b"\x00\x01binary")
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        assert menu_ids(app)[0] == "continue"
        await pilot.press("l")
        assert isinstance(app.screen, LoadDialog)
        broken = {e.name: e.problem for e in app.screen.entries if e.save is None}
        assert set(broken) == {"autosave-other", "notes"}
        assert all(broken.values()), "each broken save says what is wrong"
        index = next(i for i, e in enumerate(app.screen.entries) if e.name == "notes")
        app.screen.query_one("#load-list", OptionList).highlighted = index
        await pilot.press("enter")
        assert isinstance(app.screen, LoadDialog), "a broken save is not loaded"
        assert "cannot be loaded" in shown(app.screen.query_one("#load-detail"))
        await pilot.press("escape")
        await pilot.press("c")  # Continue passes over the broken newest autosave
        assert isinstance(app.screen, GameScreen)
        assert app.screen.state.decisions == good.decisions


async def test_a_scenario_that_fails_to_load_shows_its_located_problems(shipped):
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "down", "enter")  # the second scenario: A Broken Draft
        assert isinstance(app.screen, ScenarioErrorsScreen)
        assert any(p.startswith(f"{shipped[1]}:18:9:") for p in app.screen.problems)
        await pilot.press("escape")
        assert isinstance(app.screen, NewGameScreen), "back in the list, the broken scenario still there"


async def test_an_unreadable_file_stays_in_the_list_with_its_reason():
    app = CrossroadsApp()
    app.opened_files.append((DATA / "garbled.toml").resolve())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        listing = app.screen.query_one("#scenarios", OptionList)
        labels = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("garbled" in label and "cannot be read" in label for label in labels)
        listing.highlighted = next(i for i, label in enumerate(labels) if "garbled" in label)
        await pilot.pause()
        assert "not valid TOML" in shown(app.screen.query_one("#scenario-summary"))


async def test_play_a_scenario_file_directly(tmp_path):
    own = Path(shutil.copy(DATA / "harbour.toml", tmp_path / "mine.toml"))
    app = CrossroadsApp(scenario=load_scenario(own), seed=12)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen)
        assert (app.screen.state.seed, app.screen.scenario.path) == (12, str(own))
        await pilot.press("q")
        assert isinstance(app.screen, TitleScreen), "leaving a played file returns to the title"


async def test_the_command_palette_offers_the_main_commands():
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"New game", "Load a game", "Help", "Theme"} <= titles
        assert "Save the game" not in titles, "nothing to save on the title"
        await start_new_game(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Save the game" in titles


async def test_help_from_the_title_says_where_saves_go(save_folder):
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert str(save_folder) in shown(app.screen.query_one("#guide-body"))
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)


# -- --watch ------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    """Change a scenario file as an editor would, and make sure its file time moves."""
    stat = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def test_watch_reloads_a_changed_file_and_replays_the_same_decisions(tmp_path):
    own = Path(shutil.copy(DATA / "harbour.toml", tmp_path / "mine.toml"))
    app = CrossroadsApp(scenario=load_scenario(own), seed=4, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # begin
        await pilot.press("1", "1", "e")  # warm, write a letter, end the turn
        while not isinstance(app.screen, GameScreen):
            await pilot.press("enter")
        before = app.screen.state
        edit(own, "effects = { trust = 5 }", "effects = { trust = 9 }")
        app._look_at_watched_file()  # what the timer does every half second
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        after = app.screen.state
        assert after.decisions == before.decisions, "the same decisions, to the same point"
        assert after.meters["trust"] == before.meters["trust"] + 4, "played on the edited file"


async def test_watch_keeps_the_old_version_running_on_a_broken_edit(tmp_path):
    own = Path(shutil.copy(DATA / "harbour.toml", tmp_path / "mine.toml"))
    app = CrossroadsApp(scenario=load_scenario(own), seed=4, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        game, state = app.screen, app.screen.state
        edit(own, 'label = "Trust"\nstart = 50', 'label = "Trust"\nstart = "high"')
        app._look_at_watched_file()
        await pilot.pause()
        assert isinstance(app.screen, ScenarioErrorsScreen)
        assert any(p.startswith(f"{own}:") and "whole number" in p for p in app.screen.problems)
        edit(own, 'start = "high"', 'start = "higher"')  # saved again, still broken
        app._look_at_watched_file()
        await pilot.pause()
        assert any('"higher"' in p for p in app.screen.problems), "the list is the latest one"
        await pilot.press("escape")
        assert app.screen is game and app.screen.state is state, "the old version still runs"
        await pilot.press("1")  # and can still be played
        assert len(app.screen.state.decisions) == 2


async def test_watch_says_where_an_edit_stops_the_replay(tmp_path):
    own = Path(shutil.copy(DATA / "harbour.toml", tmp_path / "mine.toml"))
    app = CrossroadsApp(scenario=load_scenario(own), seed=4, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2")  # coldly
        edit(own, 'id = "cold"', 'id = "frosty"')
        app._look_at_watched_file()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.screen.state.decisions == (), "the answer no longer exists: back to where it was asked"
        assert any("replayed 0 of 1" in n.message for n in app._notifications)


async def test_escape_from_the_briefing_of_a_played_file_goes_to_the_title():
    app = CrossroadsApp(scenario=load_scenario(DATA / "harbour.toml"), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen), "never an empty screen"
        await pilot.press("n", "enter", "escape")
        assert isinstance(app.screen, NewGameScreen), "from New game, the briefing goes back to the list"


async def test_a_finished_game_loads_into_its_ending(save_folder, shipped):
    from game.engine.policies import play, policy_named
    from game.tui.screens.ending import EndingScreen

    scenario = load_scenario(shipped[0])
    state = new_game(scenario, 2)
    for state in play(state, policy_named("first", scenario)):
        pass
    saves.write_save(save_folder / "done.toml", state, player="Aiko")
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert "finished" in app.screen.details[0]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert app.screen.state.ending == state.ending


async def test_watch_reloads_the_briefing_before_the_game_begins(tmp_path):
    own = Path(shutil.copy(DATA / "harbour.toml", tmp_path / "mine.toml"))
    app = CrossroadsApp(scenario=load_scenario(own), seed=4, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        edit(own, 'title = "Harbour Talks [@click=app.quit]"', 'title = "Harbour Talks, revised"')
        app._look_at_watched_file()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert shown(app.screen.query_one("#briefing-title")) == "Harbour Talks, revised"
        await pilot.press("enter")
        assert app.screen.scenario.title == "Harbour Talks, revised", "the game begins on the new version"
        assert app.screen.state.seed == 4


async def test_open_a_scenario_file_of_ones_own(tmp_path):
    from game.tui.screens.open_file import OpenFileDialog

    own = Path(shutil.copy(DATA / "harbour.toml", tmp_path / "mine.toml"))
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, OpenFileDialog)
        app.screen.query_one("#open-path", Input).value = str(tmp_path)
        await pilot.press("enter")
        assert "is a folder" in shown(app.screen.query_one("#open-problem"))
        app.screen.query_one("#open-path", Input).value = str(own)
        await pilot.press("enter")
        assert isinstance(app.screen, NewGameScreen)
        listing = app.screen.query_one("#scenarios", OptionList)
        assert app.screen.headers[listing.highlighted].path == own.resolve(), "the opened file is chosen"
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, GameScreen)
        assert app.screen.scenario.path == str(own.resolve())


async def test_continue_is_not_offered_again_once_its_only_autosave_proved_broken(save_folder, monkeypatch):
    from game.tui.screens import title

    save_folder.mkdir()
    (save_folder / "autosave-harbour.toml").write_text("format = 1\n# cut off")
    monkeypatch.setattr(title, "engine_loaded", lambda: False)  # as at a cold start
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        assert menu_ids(app)[0] == "continue", "at a cold start only the file name is looked at"
        monkeypatch.setattr(title, "engine_loaded", lambda: True)  # picking Continue loads it
        await pilot.press("c")
        assert isinstance(app.screen, TitleScreen)
        assert any("No game to continue" in n.message for n in app._notifications)
        assert "continue" not in menu_ids(app), "now checked: not offered again"


def three_saves(folder: Path, scenario_path: Path) -> None:
    """Named saves "alpha" and "beta", and a broken one, "gamma"."""
    folder.mkdir(exist_ok=True)
    state = new_game(load_scenario(scenario_path), 3)
    for name in ("alpha", "beta"):
        saves.write_save(folder / f"{name}.toml", state, player="")
    (folder / "gamma.toml").write_text("this is [not a save")


def listed_names(app) -> list[str]:
    return [e.name for e in app.screen.entries]


async def move_to(pilot, name: str) -> None:
    """Put the load list's cursor on the save called `name`, with the arrow keys."""
    await pilot.press("home", *["down"] * listed_names(pilot.app).index(name))


async def test_deleting_a_save_asks_first_naming_it_and_no_keeps_the_file(save_folder, shipped):
    three_saves(save_folder, shipped[0])
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, LoadDialog)
        footer_keys = {b.binding.key_display or b.binding.key for b in app.screen.active_bindings.values()
                       if b.binding.show}
        assert "d" in footer_keys, "the footer shows the delete key"
        before = listed_names(app)
        await move_to(pilot, "beta")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog), "deleting asks first"
        assert "“beta”" in shown(app.screen.query_one("#confirm-question")), "the question names the save"
        await pilot.press("enter")  # the focused answer is the safe one: keep it
        assert isinstance(app.screen, LoadDialog)
        assert (save_folder / "beta.toml").is_file(), "No keeps the file"
        await pilot.press("delete", "n")
        assert (save_folder / "beta.toml").is_file()
        await pilot.click("#delete")  # the mouse way: the button, then Keep it
        assert isinstance(app.screen, ConfirmDialog) and "“beta”" in shown(app.screen.query_one("#confirm-question"))
        await pilot.click("#no")
        assert isinstance(app.screen, LoadDialog)
        assert (save_folder / "beta.toml").is_file()
        assert listed_names(app) == before
        assert app.screen.query_one("#load-list", OptionList).has_focus


async def test_a_deleted_save_leaves_the_list_and_the_cursor_on_its_neighbour(save_folder, shipped):
    three_saves(save_folder, shipped[0])
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        before = listed_names(app)
        await move_to(pilot, before[1])
        await pilot.press("d", "y")
        assert isinstance(app.screen, LoadDialog)
        assert not (save_folder / f"{before[1]}.toml").exists()
        assert listed_names(app) == [before[0], before[2]]
        listing = app.screen.query_one("#load-list", OptionList)
        assert listing.has_focus and listing.highlighted == 1, "the cursor is on the save that followed"
        assert f"Deleted “{before[1]}”" in shown(app.screen.query_one("#load-detail"))

        await move_to(pilot, "gamma")
        await pilot.press("d", "y")  # a broken save is deleted like any other
        assert not (save_folder / "gamma.toml").exists()
        await pilot.press("d", "y")
        assert listed_names(app) == [] and not any(save_folder.iterdir())
        assert "No saves left" in shown(app.screen.query_one("#load-detail"))
        assert app.screen.query_one("#cancel").has_focus, "nothing left to load: focus on Cancel"
        await pilot.press("d")  # nothing to delete: nothing happens
        assert isinstance(app.screen, LoadDialog)
        await pilot.press("enter")
        assert isinstance(app.screen, TitleScreen)


async def test_deleting_a_link_in_the_save_folder_removes_the_link_not_its_target(save_folder, shipped, tmp_path):
    three_saves(save_folder, shipped[0])
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_bytes((save_folder / "alpha.toml").read_bytes())
    (save_folder / "alpha.toml").unlink()
    (save_folder / "alpha.toml").symlink_to(elsewhere)
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await move_to(pilot, "alpha")
        await pilot.press("d", "y")
        assert not (save_folder / "alpha.toml").is_symlink()
        assert elsewhere.is_file(), "the file outside the save folder is untouched"
        assert sorted(listed_names(app)) == ["beta", "gamma"]


async def test_deleting_the_autosave_takes_continue_off_the_title(save_folder):
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "q")
        assert menu_ids(app)[0] == "continue"
        await pilot.press("l", "d")
        assert "autosave" in shown(app.screen.query_one("#confirm-question"))
        await pilot.press("y", "escape")
        assert isinstance(app.screen, TitleScreen)
        assert "continue" not in menu_ids(app)


# -- Continue at a cold start: the title reads only headers, never the save reader ----------


def own_autosave(save_folder: Path, author: Path) -> Path:
    """An autosave of a player's own scenario file, `author/mine.toml` (id suez-1956, titled "Suez 1956")."""
    author.mkdir(parents=True, exist_ok=True)
    text = (DATA / "harbour.toml").read_text().replace('id = "harbour"', 'id = "suez-1956"').replace(
        'title = "Harbour Talks [@click=app.quit]"', 'title = "Suez 1956"')
    mine = author / "mine.toml"
    mine.write_text(text)
    from game.engine import choose

    save_folder.mkdir(exist_ok=True)
    saves.write_save(saves.autosave_path(save_folder, "suez-1956"),
                     choose(new_game(load_scenario(mine.resolve()), 2), "warm"), player="")
    return mine


def highlighted_note(app) -> str:
    return shown(app.screen.query_one("#summary"))


async def test_continue_at_a_cold_start_names_a_players_own_scenario_by_its_title(save_folder, tmp_path,
                                                                                  monkeypatch):
    from game.tui.screens import title

    own_autosave(save_folder, tmp_path / "author")
    monkeypatch.setattr(title, "engine_loaded", lambda: False)  # as at a cold start
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one("#menu", OptionList)
        assert str(menu.get_option_at_index(0).prompt) == "Continue: Suez 1956"
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen), "picked, it opens the game it names"
        assert app.screen.state.scenario.id == "suez-1956" and len(app.screen.state.decisions) == 1


async def test_continue_at_a_cold_start_says_when_the_scenario_file_is_gone(save_folder, tmp_path, monkeypatch):
    from game.tui.screens import title

    mine = own_autosave(save_folder, tmp_path / "author")
    mine.unlink()
    monkeypatch.setattr(title, "engine_loaded", lambda: False)
    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one("#menu", OptionList)
        assert str(menu.get_option_at_index(0).prompt) == "Continue: suez-1956 (its scenario file is missing)"
        await pilot.pause()
        assert str(mine.resolve()) in highlighted_note(app).replace("\n", " ")
        await pilot.press("enter")
        assert isinstance(app.screen, TitleScreen), "nothing else is opened in its place"
        assert any("cannot be found" in n.message for n in app._notifications)


COLD_START = """
import sys
from textual.widgets import OptionList
from game.tui.app import CrossroadsApp
class Probe(CrossroadsApp):
    def on_ready(self):
        self.call_after_refresh(self.report)
    def report(self):
        menu = self.screen.query_one("#menu", OptionList)
        print(menu.get_option_at_index(0).prompt)
        self.exit()
Probe(saves_dir=sys.argv[1]).run(headless=True)
print(any(m.split(".")[0] == "pydantic" or m == "game.saves" for m in sys.modules))
"""


def test_a_fresh_process_names_the_players_own_scenario_without_the_loader(save_folder, tmp_path):
    import subprocess
    import sys

    own_autosave(save_folder, tmp_path / "author")
    result = subprocess.run([sys.executable, "-c", COLD_START, str(save_folder)], capture_output=True, text=True,
                            check=True, cwd=tmp_path)
    assert result.stdout.splitlines()[-2:] == ["Continue: Suez 1956", "False"], result.stdout + result.stderr
