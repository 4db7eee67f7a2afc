"""The briefing shown before the first turn of a new game."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown

from game.engine import Scenario
from game.tui.screens.game import GameScreen


class BriefingScreen(Screen[None]):
    BINDINGS = [Binding("enter", "begin", "Begin"), Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, scenario: Scenario, *, seed: int) -> None:
        super().__init__()
        self.scenario, self.seed = scenario, seed

    def compose(self) -> ComposeResult:
        s = self.scenario
        with VerticalScroll():
            yield Markdown(f"# {s.title}\n\n{s.summary}\n\n{s.briefing}", open_links=False)
        yield Footer()

    def action_begin(self) -> None:
        self.app.switch_screen(GameScreen(self.scenario, seed=self.seed))
