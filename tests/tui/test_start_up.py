"""Start-up: the app commands keep the garbage collector off until their first screen is drawn,
and always turn it back on (docs/benchmarks.md, start-up)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from game import paths
from game.cli import main
from game.engine import load_scenario
from game.tui.app import CrossroadsApp
from game.tui.screens.game import GameScreen

HARBOUR = Path(__file__).parent / "data" / "shell" / "harbour.toml"


@pytest.fixture(autouse=True)
def save_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "saves"
    monkeypatch.setattr(paths, "save_folder", lambda override=None: folder)
    return folder


@pytest.fixture
def collector_on():
    yield
    assert gc.isenabled(), "the garbage collector was left off"
    gc.enable()


@pytest.mark.parametrize("argv", [["play", str(HARBOUR)], []], ids=["play", "title"])
def test_the_collector_is_on_again_when_the_app_ends_without_drawing(argv, monkeypatch, collector_on):
    import game.tui.app

    seen = {}

    def run_app(**options):  # an app that ends before its first screen is drawn
        seen["collector on while starting"] = gc.isenabled()
        seen["when drawn"] = options.get("when_drawn")
        seen["scenario cache"] = options.get("scenario_cache")
        return 0

    monkeypatch.setattr(game.tui.app, "run_app", run_app)
    assert main(argv) == 0
    assert seen["collector on while starting"] is False
    assert callable(seen["when drawn"])
    assert isinstance(seen["scenario cache"], Path), "New game, Continue and Load keep parsed scenarios too"


async def test_when_drawn_is_called_once_after_the_title_is_drawn():
    calls = []
    app = CrossroadsApp(when_drawn=lambda: calls.append(True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert calls == [True]
        await pilot.press("n")  # another screen drawn: not again
        await pilot.pause()
        assert calls == [True]


async def test_when_drawn_is_called_once_the_game_screen_is_drawn_not_at_the_briefing():
    calls = []
    app = CrossroadsApp(scenario=load_scenario(HARBOUR), seed=1, when_drawn=lambda: calls.append(True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert calls == [], "the briefing is not the end of start-up: the game screen comes next"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) or isinstance(app.screen_stack[-2], GameScreen)
        assert calls == [True]


async def test_new_game_keeps_the_parsed_scenario_in_the_app_s_cache_folder(tmp_path):
    cache = tmp_path / "cache"
    app = CrossroadsApp(scenario_cache=cache)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        listing = app.screen.query_one("#scenarios")
        while app.screen.headers[listing.highlighted].id != "tutorial":
            await pilot.press("down")
        await pilot.press("enter")  # the briefing
        await pilot.pause()
        assert type(app.screen).__name__ == "BriefingScreen"
    assert len(list(cache.glob("*.json"))) == 1
