"""The title screen: new game, continue, quit; then the scenario picker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from game import paths, saves
from game.engine import ScenarioError, load_scenario
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.game import GameScreen


class TitleScreen(Screen[None]):
    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content("CROSSROADS\nTokyo's seat between Washington and Moscow, 2015"), id="title")
        yield OptionList(id="menu")
        yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.scenarios = []
        for path in paths.shipped_scenario_files():
            try:
                self.scenarios.append(load_scenario(path))
            except ScenarioError:
                continue  # `crossroads validate` reports it; the menu shows what can be played
        menu = self.query_one("#menu", OptionList)
        if self._autosaves():
            menu.add_option(Option(Content("Continue the last game"), id="continue"))
        for scenario in self.scenarios:
            menu.add_option(Option(Content(f"New game: {scenario.title} ({scenario.turns} turns)"),
                                   id=f"new:{scenario.id}"))
        menu.add_option(Option(Content("Quit"), id="quit"))
        menu.highlighted = 0
        menu.focus()

    def _autosaves(self) -> list[saves.SaveFile]:
        known = {s.id for s in self.scenarios}
        return [s for s in saves.list_saves(paths.save_folder())
                if s.path.name.startswith("autosave-") and s.scenario_id in known]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        scenario = next((s for s in self.scenarios if f"new:{s.id}" == option_id), None)
        self.query_one("#summary", Static).update(Content(scenario.summary if scenario else ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == "quit":
            self.app.exit()
        elif option_id == "continue":
            self._continue()
        elif option_id.startswith("new:"):
            scenario = next(s for s in self.scenarios if f"new:{s.id}" == option_id)
            self.app.push_screen(BriefingScreen(scenario, seed=_fresh_seed()))

    def _continue(self) -> None:
        latest = self._autosaves()[0]
        scenario = next(s for s in self.scenarios if s.id == latest.scenario_id)
        try:
            loaded = saves.load_game(latest.path, scenario)
        except saves.SaveError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.app.push_screen(GameScreen(scenario, state=loaded.state))


def _fresh_seed() -> int:
    import secrets

    return secrets.randbelow(1_000_000)
