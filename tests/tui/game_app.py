"""A small app that shows only the game screen, for testing the game apart from the title and dialogs."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from game.engine import Scenario, load_scenario
from game.tui.screens.game import GameScreen

DATA = Path(__file__).parent / "data"
SCENARIOS = Path(__file__).parents[2] / "scenarios"


def small() -> Scenario:
    return load_scenario(DATA / "small.toml")


class GameApp(App[None]):
    """Starts straight in a game; leaving or the title starts a fresh one, so a test never runs out of game."""

    def __init__(self, scenario: Scenario, seed: int = 1) -> None:
        super().__init__()
        self.scenario, self.seed = scenario, seed
        self.autosaved = 0
        self.left = 0

    def on_mount(self) -> None:
        self.push_screen(GameScreen(self.scenario, seed=self.seed))

    def autosave(self, state) -> None:
        self.autosaved += 1

    def leave_game(self) -> None:
        self.left += 1

    def show_title(self) -> None:
        self.switch_screen(GameScreen(self.scenario, seed=self.seed))

    def save_game(self) -> None:
        self.notify("saved")

    def load_game(self) -> None:
        self.notify("loaded")
