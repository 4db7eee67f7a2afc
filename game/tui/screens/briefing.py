"""The briefing shown before the first turn of a new game: what the scenario is and what to watch.

The summary and briefing are Markdown (docs/scenario-format.md), drawn by Rich
into one Static: a long briefing as Textual's Markdown widget (a widget per
block) took 0.2 s of CPU to appear, a quarter of the first game screen's budget.
Rich draws no links (`hyperlinks=False`) and interprets no markup in the text.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.markdown import Markdown
from rich.measure import Measurement
from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.catalog import period
from game.engine import Scenario
from game.tui.widgets.footer import Footer


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
            yield Static(DrawnOnce(Markdown(f"{s.summary}\n\n{s.briefing}", hyperlinks=False)), id="briefing-text")
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


class DrawnOnce:
    """A Rich renderable drawn once for each width and kept: Textual draws a Static's renderable
    to measure its height and again to show it, and the flagship's briefing takes Rich about
    4 ms to draw (a tenth of the briefing's start-up). What is drawn is the same either way."""

    KEPT = 4  # widths kept (a resize draws it anew)

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._drawn: dict[tuple[Any, ...], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> list[Segment]:
        key = (options.max_width, options.justify, options.overflow, options.no_wrap, options.highlight,
               options.markup)
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) >= self.KEPT:
                self._drawn.clear()
            drawn = self._drawn[key] = list(console.render(self.renderable, options))
        return drawn

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)
