"""New game: pick a scenario (shipped or opened), an optional class code and a name, then the briefing.

The list shows each scenario's title, period, length and summary from its
header alone (game.catalog); the full loader runs when one is started, and a
scenario that fails shows its located problems instead of vanishing.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game import catalog
from game.tui.widgets.footer import Footer

OPEN_FILE = "__open__"
HINT = "Enter starts the highlighted scenario · Tab moves to the class code, your name and Start"


class NewGameScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+o", "open_file", "Open file"),
        Binding("ctrl+s", "start", "Start", show=False),
    ]

    def __init__(self, select: Path | None = None) -> None:
        super().__init__()
        self.select = select
        self.headers: list[catalog.Header] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="new-game"):
            with Vertical(id="scenario-column"):
                yield Label("Scenario", classes="field-label")
                yield OptionList(id="scenarios")
            # Not in the Tab order: Tab goes from the list to the class code, as the hint says.
            with VerticalScroll(id="scenario-details", can_focus=False):
                yield Static(id="scenario-title")
                yield Static(id="scenario-period")
                yield Static(id="scenario-summary")
        with Horizontal(id="new-game-fields"):
            with Vertical():
                yield Label("Class code (optional)", classes="field-label")
                yield Input(placeholder="empty: a new world", id="seed", max_length=12)
            with Vertical():
                yield Label("Your name (optional)", classes="field-label")
                yield Input(placeholder="Minister", id="player", max_length=40)
            yield Button("Start", id="start", variant="primary")
        yield Static(Content(HINT), id="new-game-problem")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "New game"
        self.headers = catalog.shipped_headers()
        for path in self.app.opened_files:
            if all(h.path.resolve() != path for h in self.headers):
                self.headers.append(catalog.read_header(path))
        listing = self.query_one("#scenarios", OptionList)
        for index, header in enumerate(self.headers):
            label = header.title if not header.problem else f"⚠ {header.title} (cannot be read)"
            listing.add_option(Option(Content(label), id=str(index)))
        listing.add_option(Option(Content("Open a scenario file…"), id=OPEN_FILE))
        chosen = next((i for i, h in enumerate(self.headers)
                       if self.select is not None and h.path.resolve() == self.select), 0)
        listing.highlighted = chosen
        listing.focus()
        self.player_input.value = self.app.player

    @property
    def player_input(self) -> Input:
        return self.query_one("#player", Input)

    def _header(self) -> catalog.Header | None:
        listing = self.query_one("#scenarios", OptionList)
        if listing.highlighted is None:
            return None
        option_id = listing.get_option_at_index(listing.highlighted).id
        return None if option_id == OPEN_FILE else self.headers[int(option_id or 0)]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        header = self._header()
        title = self.query_one("#scenario-title", Static)
        period = self.query_one("#scenario-period", Static)
        summary = self.query_one("#scenario-summary", Static)
        note = self.query_one("#new-game-problem", Static)
        note.update(Content(HINT))
        note.remove_class("problem")
        if header is None:
            title.update(Content("Open a scenario file…"))
            period.update("")
            summary.update(Content("Play a scenario file of your own: pick it in the next window."))
            return
        title.update(Content(header.title))
        facts = " · ".join(part for part in (header.period, header.length) if part)
        period.update(Content(facts))
        summary.update(Content(f"{header.problem}\n\n{header.path}" if header.problem else header.summary))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == OPEN_FILE:
            self.action_open_file()
        else:
            self.action_start()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_start()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open_file(self) -> None:
        self.app.action_open_scenario()

    def action_start(self) -> None:
        from game.engine import ScenarioError, load_scenario
        from game.tui.sessions import parse_seed

        header = self._header()
        if header is None:
            self.action_open_file()
            return
        try:
            seed = parse_seed(self.query_one("#seed", Input).value)
        except ValueError as error:
            note = self.query_one("#new-game-problem", Static)
            note.update(Content(f"Class code: {error}."))
            note.add_class("problem")
            self.query_one("#seed", Input).focus()
            return
        try:
            scenario = load_scenario(header.path, cache=getattr(self.app, "scenario_cache", None))
        except ScenarioError as error:
            self.app.show_problems(error.problems, f"{header.title} cannot be played")
            return
        from game.tui.screens.briefing import BriefingScreen
        from game.tui.sessions import fresh_seed

        self.app.push_screen(BriefingScreen(scenario, seed=fresh_seed() if seed is None else seed,
                                            player=self.player_input.value.strip()))
