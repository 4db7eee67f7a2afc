"""Findings of the independent playtest (04:36 UTC), each driven as a player at 80×24.

Every test here failed before its fix: the finding's number is in the test's name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from game import paths
from game.engine import load_scenario
from game.tui.app import CrossroadsApp
from game.tui.screens.game import GameScreen
from game.tui.screens.title import TitleScreen

DATA = Path(__file__).parent / "data"
SHELL = DATA / "shell"
SCENARIOS = Path(__file__).parents[2] / "scenarios"
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def save_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "saves"
    monkeypatch.setattr(paths, "save_folder", lambda override=None: Path(override) if override else folder)
    return folder


@pytest.fixture(autouse=True)
def shipped(tmp_path, monkeypatch) -> list[Path]:
    """One shipped scenario (harbour); the player's own file lives elsewhere."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    copies = [Path(shutil.copy(SHELL / "harbour.toml", folder / "harbour.toml"))]
    monkeypatch.setattr(paths, "shipped_scenario_files", lambda: copies)
    return copies


def own_scenario(folder: Path) -> Path:
    """A player's own scenario file, `suez-1956.toml`, titled "Suez 1956"."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (SHELL / "harbour.toml").read_text()
    text = text.replace('id = "harbour"', 'id = "suez-1956"').replace(
        'title = "Harbour Talks [@click=app.quit]"', 'title = "Suez 1956"')
    path = folder / "suez-1956.toml"
    path.write_text(text)
    return path


def menu_prompts(app) -> list[str]:
    menu = app.screen.query_one("#menu", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


async def play_one_decision_and_quit(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the briefing
        assert isinstance(app.screen, GameScreen)
        await pilot.press("1")
        await pilot.press("q")


async def test_2_continue_opens_the_game_it_names_from_another_folder(tmp_path, save_folder, shipped, monkeypatch):
    # An older game of the shipped scenario, then `crossroads play suez-1956.toml` in the author's folder.
    await play_one_decision_and_quit(CrossroadsApp(scenario=load_scenario(shipped[0]), seed=1,
                                                   saves_dir=save_folder))
    author = tmp_path / "author"
    own_scenario(author)
    monkeypatch.chdir(author)
    await play_one_decision_and_quit(CrossroadsApp(scenario=load_scenario("suez-1956.toml"), seed=2,
                                                   saves_dir=save_folder))
    monkeypatch.chdir(tmp_path)  # `crossroads` started from another folder
    app = CrossroadsApp(saves_dir=save_folder)
    async with app.run_test(size=SIZE) as pilot:
        assert menu_prompts(app)[0] == "Continue: Suez 1956", "17: the title, not the id"
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen)
        assert app.screen.state.scenario.id == "suez-1956", "Continue opened another game than its label"


async def test_2_a_game_whose_file_is_gone_is_not_swapped_for_another(tmp_path, save_folder, shipped, monkeypatch):
    from game.tui.screens import title

    await play_one_decision_and_quit(CrossroadsApp(scenario=load_scenario(shipped[0]), seed=1,
                                                   saves_dir=save_folder))
    mine = own_scenario(tmp_path / "author")
    await play_one_decision_and_quit(CrossroadsApp(scenario=load_scenario(mine), seed=2, saves_dir=save_folder))
    mine.unlink()
    monkeypatch.setattr(title, "engine_loaded", lambda: False)  # a cold start: the label comes from the file name
    app = CrossroadsApp(saves_dir=save_folder)
    async with app.run_test(size=SIZE) as pilot:
        assert menu_prompts(app)[0].startswith("Continue: suez-1956")
        monkeypatch.setattr(title, "engine_loaded", lambda: True)
        await pilot.press("enter")
        assert isinstance(app.screen, TitleScreen), "another game was opened in its place"
        said = " ".join(n.message for n in app._notifications)
        assert "cannot be found" in said and "suez-1956.toml" in said
        assert menu_prompts(app)[0].startswith("Continue: Harbour Talks"), "Continue now names a game it can open"
        await pilot.press("enter")
        assert app.screen.state.scenario.id == "harbour"


async def test_17_the_load_list_names_a_players_own_scenario_by_title_with_the_month(tmp_path, save_folder,
                                                                                    monkeypatch):
    author = tmp_path / "author"
    own_scenario(author)
    monkeypatch.chdir(author)
    await play_one_decision_and_quit(CrossroadsApp(scenario=load_scenario("suez-1956.toml"), seed=2,
                                                   saves_dir=save_folder))
    monkeypatch.chdir(tmp_path)
    app = CrossroadsApp(saves_dir=save_folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        listed = " ".join(str(o.prompt) for o in app.screen.query_one(OptionList).options)
        assert "Suez 1956 · March 2016, turn 1" in listed


def option_texts(screen) -> list[str]:
    options = screen.query_one("#options", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_9_every_unavailable_action_says_why_under_a_heading_in_view_with_rest_periods():
    app = CrossroadsApp(scenario=load_scenario(SCENARIOS / "crossroads-2015.toml"), seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the briefing
        await pilot.pause()
        if not isinstance(app.screen, GameScreen):
            await pilot.press("enter")  # the report of what the rules did as the game opened
        await pilot.press("1", "1")  # the turn's two events
        screen = app.screen
        head = screen.query_one("#menu-head")
        assert head.display and "Standing actions" in str(head.render())
        assert head.region.height and head.region.bottom <= screen.query_one("#options").region.y, \
            "the heading is in view, above the menu"
        texts = option_texts(screen)
        assert "1. Hold alliance consultations in Washington (rests 2 turns)" in texts, \
            "an action's rest period is shown before it is picked"
        await pilot.press("1")  # this turn's one action
        texts = option_texts(screen)
        unavailable = [t for t in texts if "✗" in t]
        assert len(unavailable) == len(texts) - 1, "only End the turn is left"
        assert all(t.split("✗", 1)[1].strip() for t in unavailable), f"a bare ✗: {unavailable}"
        assert "5. Send a special envoy to Moscow  ✗ You have used this turn's action" in texts
        assert head.region.height and "used this turn's action" in str(head.render())
        options = screen.query_one("#options", OptionList)
        end = options.get_option_at_index(options.option_count - 1)
        assert options.highlighted == options.option_count - 1 and "End the turn" in str(end.prompt)
        assert options.region.bottom <= screen.query_one("#timeline").region.y, "the menu is not cut off"


async def test_8_tab_from_the_scenario_list_goes_to_the_class_code_and_typing_lands_there():
    from textual.widgets import Input

    app = CrossroadsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert "Tab moves to the class code" in str(app.screen.query_one("#new-game-problem").render())
        await pilot.press("tab", "4", "7", "1", "1")
        assert app.screen.query_one("#seed", Input).value == "4711"
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#player", Input)


async def test_14_what_the_rules_did_as_the_game_opened_is_reported_on_turn_1():
    from game.tui.screens.turn_report import TurnReportScreen

    app = CrossroadsApp(scenario=load_scenario(SCENARIOS / "reset-2009.toml"), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the briefing
        await pilot.pause()
        assert isinstance(app.screen, TurnReportScreen), "no report of turn 1's rules"
        body = str(app.screen.query_one("#report-body").render())
        assert "Public support" in body and "(-2)" in body
        await pilot.press("enter")
        assert isinstance(app.screen, GameScreen)


def flagship_turn_report(turn: int):
    """The states around the opening of `turn` of the flagship, always taking the first open choice."""
    from game.engine import EventPrompt, choose, end_turn, new_game, pending

    state = before = new_game(load_scenario(SCENARIOS / "crossroads-2015.toml"), 5)
    while state.turn < turn and not state.over:
        prompt = pending(state)
        if isinstance(prompt, EventPrompt):
            state = choose(state, next(o for o in prompt.options if o.available).id)
        else:
            before, state = state, end_turn(state)
    return before, state


@pytest.mark.parametrize("size", [SIZE, (80, 14)])
async def test_25_the_turn_report_keeps_enter_in_view_and_says_when_there_is_more(size):
    from textual.app import App

    from game.tui.screens.turn_report import TurnReportScreen

    before, after = flagship_turn_report(16)

    class ReportApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(TurnReportScreen(before, after))

    app = ReportApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        scroll, hint = screen.query_one("#report-scroll"), screen.query_one("#report-continue")
        assert hint.region.height and hint.region.bottom <= size[1] - 1, "Press Enter is off the screen"
        assert "Press Enter" in str(hint.render())
        if size == SIZE:
            assert scroll.max_scroll_y == 0, "turn 16 of the flagship fits at 80×24"
            return
        assert scroll.max_scroll_y > 0 and "More below" in str(hint.render())
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert "More below" not in str(hint.render()), "at the end there is no more"


async def test_19_the_game_saved_toast_leaves_the_choices_uncovered(save_folder):
    from textual.widgets import Input
    from textual.widgets._toast import Toast

    app = CrossroadsApp(scenario=load_scenario(SCENARIOS / "crossroads-2015.toml"), seed=3,
                        saves_dir=save_folder / "a rather long folder name" / "for the saved games of Crossroads")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        if not isinstance(app.screen, GameScreen):
            await pilot.press("enter")  # turn 1's report
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#save-name", Input).value = "before the summit"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        toasts = list(screen.query(Toast))
        assert toasts, "saving says so"
        options = screen.query_one("#options").region
        covered = [t.region for t in toasts if t.region.overlaps(options)]
        assert not covered, f"a toast covers the choices: {covered} over {options}"


async def test_19_no_stale_toast_from_the_title_inside_a_continued_game(save_folder):
    from textual.widgets._toast import Toast

    app = CrossroadsApp(scenario=load_scenario(shipped_harbour()), seed=3, saves_dir=save_folder)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "1", "escape")
        assert isinstance(app.screen, TitleScreen)
        assert any("choose Continue" in n.message for n in app._notifications)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert not any("choose Continue" in n.message for n in app._notifications)
        assert not list(app.screen.query(Toast)), "the title's toast is still shown in the game"


def shipped_harbour() -> Path:
    return paths.shipped_scenario_files()[0]


async def test_18_the_timeline_wraps_again_after_a_resize():
    from game.tui.widgets.timeline import Timeline

    app = CrossroadsApp(scenario=load_scenario(SCENARIOS / "crossroads-2015.toml"), seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        if not isinstance(app.screen, GameScreen):
            await pilot.press("enter")  # turn 1's report
        await pilot.press("1", "1")
        await pilot.pause()
        log = app.screen.query_one("#timeline", Timeline)
        notes = len(app.screen.state.timeline)
        assert len(log.lines) > notes, "at 80 columns some timeline lines wrap"
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        await pilot.pause()
        assert len(log.lines) == notes, "at 160 columns each line fits on one row"
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        await pilot.pause()
        assert len(log.lines) > notes and max(line.cell_length for line in log.lines) <= 80


async def test_12_the_why_chart_is_drawn_on_the_meters_own_range():
    from io import StringIO

    from rich.console import Console

    from game_app import GameApp, small

    app = GameApp(small(), seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1", "e", "enter", "m")
        await pilot.pause()
        chart = app.screen.query_one("#why-chart")
        series = list(chart.data)
        meter = app.screen.state.scenario.meters[app.screen.meter_id]
        assert min(series) > meter.min and max(series) < meter.max and max(series) != min(series)
        console = Console(file=StringIO(), width=chart.size.width, color_system=None)
        console.print(chart.render())
        drawn = console.file.getvalue()
        # Values under two thirds of the meter's range leave the top row of a 3-row chart empty;
        # scaled to the data, the highest value would fill it.
        assert chart.size.height == 3 and max(series) < meter.min + (meter.max - meter.min) * 2 / 3
        assert not drawn.splitlines()[0].strip(), f"scaled to the data, not the meter: {drawn!r}"
        assert f"{meter.min}–{meter.max}" in str(app.screen.query_one("#why-chart-caption").render())
