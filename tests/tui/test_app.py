"""The app driven as a player drives it: keys in, screens out."""

from pathlib import Path

import pytest

from game import paths
from game.engine import EventPrompt, pending
from game.tui.app import CrossroadsApp
from game.tui.screens.ending import EndingScreen
from game.tui.screens.game import GameScreen


@pytest.fixture(autouse=True)
def save_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "saves"
    monkeypatch.setattr(paths, "save_folder", lambda: folder)
    return folder


async def start_the_tutorial(pilot) -> None:
    """Title → New game → the tutorial in the list → its briefing → the game."""
    app = pilot.app
    await pilot.press("n")
    listing = app.screen.query_one("#scenarios")
    while app.screen.headers[listing.highlighted].id != "tutorial":
        await pilot.press("down")
    await pilot.press("enter")  # the briefing
    await pilot.press("enter")  # begin


async def test_a_whole_tutorial_game_played_with_digits_reaches_an_ending(save_folder):
    app = CrossroadsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_the_tutorial(pilot)
        assert isinstance(app.screen, GameScreen)
        start_turn = app.screen.state.turn
        for _ in range(60):
            if isinstance(app.screen, EndingScreen):
                break
            if not isinstance(app.screen, GameScreen):  # the turn report between turns
                await pilot.press("enter")
                continue
            prompt = pending(app.screen.state)
            if isinstance(prompt, EventPrompt):  # the digit of the first choice on offer
                number = next(i for i, o in enumerate(prompt.options, 1) if o.available)
                await pilot.press(str(number))
            else:
                await pilot.press("e")
        assert isinstance(app.screen, EndingScreen)
        assert start_turn == 1
        assert app.screen.state.over
    assert list(save_folder.glob("autosave-tutorial.toml")), "the game autosaves each turn"


async def test_unavailable_choice_cannot_be_picked_by_its_digit():
    app = CrossroadsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_the_tutorial(pilot)
        screen = app.screen
        # Answer events until the actions menu, where taken actions become unavailable.
        while screen.state.queue:
            await pilot.press("1")
        await pilot.press("1")  # take the first action
        taken = screen.state.actions_taken
        assert taken, "the first action is on offer on turn 1"
        await pilot.press("1")  # the same action again: not allowed, nothing happens
        assert screen.state.actions_taken == taken
