"""The briefing shown before the first turn of a new game: what the scenario is and what to watch.

The summary and briefing are Markdown (docs/scenario-format.md), drawn by Rich
into one Static: a long briefing as Textual's Markdown widget (a widget per
block) took 0.2 s of CPU to appear, a quarter of the first game screen's budget.
Rich draws no links (`hyperlinks=False`) and interprets no markup in the text.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from rich.markdown import Markdown
from textual.widgets import Footer, Static

from game.catalog import period
from game.engine import Scenario


class BriefingScreen(Screen[None]):
    BINDINGS = [Binding("enter", "begin", "Begin"), Binding("escape", "back", "Back")]

    def __init__(self, scenario: Scenario, *, seed: int, player: str = "") -> None:
        super().__init__()
        self.scenario, self.seed, self.player = scenario, seed, player

    def compose(self) -> ComposeResult:
        s = self.scenario
        with VerticalScroll(id="briefing"):
            # Titles are plain text; the summary and briefing are Markdown (docs/scenario-format.md).
            yield Static(Content.styled(s.title, "bold"), id="briefing-title")
            who = f"{self.player} · " if self.player else ""
            facts = f"{period(s.start, s.months_per_turn, s.turns)} · {s.turns} turns · {who}class code {self.seed}"
            yield Static(Content(facts), id="briefing-facts")
            yield Static(Markdown(f"{s.summary}\n\n{s.briefing}", hyperlinks=False), id="briefing-text")
            yield Static(Content("Press Enter to begin. Share the class code and others play the same world."),
                         id="briefing-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#briefing", VerticalScroll).focus()  # arrows and page keys scroll a long briefing

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()  # to the new-game screen or the title below
        else:
            self.app.back_to_title()  # started by `crossroads play`: nothing below yet

    def action_begin(self) -> None:
        self.app.begin_game(self.scenario, seed=self.seed, player=self.player)
