"""Help from the title: how a game goes, the keys, where saves are kept, the commands for authors."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.widgets.footer import Footer

HOW_A_TURN_GOES = (
    "Each turn is a month or more of the scenario. First answer the turn's events: pick a choice by "
    "its number. Then take standing actions, or end the turn with e. Between turns, the rules of the "
    "scenario move the meters; the turn report says what moved and why. Keep every meter away from "
    "the levels that end the game until the last turn."
)

TITLE_KEYS = [
    ("↑ ↓ Enter", "move through a menu and pick"),
    ("c n l o", "Continue, New game, Load, Open a scenario file"),
    ("Ctrl+P", "the command palette: new game, load, save, help, theme"),
    ("Ctrl+Q", "quit (your game is kept)"),
]


class GuideScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q,question_mark,f1,h", "close", "Close")]

    def __init__(self, *, saves_dir: Path) -> None:
        super().__init__()
        self.saves_dir = saves_dir

    def compose(self) -> ComposeResult:
        from game.tui.screens.help import KEYS  # the game screen's keys, as its own help lists them

        lines = [Content.styled("How a turn goes", "bold"), Content(HOW_A_TURN_GOES), Content(""),
                 Content.styled("Keys on the title", "bold")]
        lines += [Content.assemble(("  " + key.ljust(11), "bold"), what) for key, what in TITLE_KEYS]
        lines += [Content(""), Content.styled("Keys in a game", "bold")]
        lines += [Content.assemble(("  " + key.ljust(11), "bold"), what) for key, what in KEYS]
        lines += [Content(""), Content.styled("Saves", "bold"),
                  Content(f"The game saves itself after every decision. Saves are kept in {self.saves_dir} "
                          "(set another folder with --saves-dir or the CROSSROADS_SAVES variable)."),
                  Content(""), Content.styled("Your own scenarios", "bold"),
                  Content("crossroads play my.toml --watch plays a file and reloads it whenever you save it; "
                          "docs/scenario-format.md describes the format.")]
        with VerticalScroll(id="guide"):
            yield Static(Content.styled("Help", "bold"), id="guide-title")
            yield Static(Content("\n").join(lines), id="guide-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#guide", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
