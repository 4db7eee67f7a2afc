"""A scenario's located problems (file:line:col: message (hint)), shown in the app instead of a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.widgets.footer import Footer


class ScenarioErrorsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, problems: list[str], heading: str, *, note: str = "") -> None:
        super().__init__()
        self.problems, self.heading, self.note = problems, heading, note

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box", classes="dialog"):
            yield Static(Content.styled(self.heading, "bold"), classes="dialog-title")
            if self.note:
                yield Static(Content(self.note), classes="dialog-note")
            with VerticalScroll(id="problems"):
                # Problems quote the author's file: plain text, never markup.
                yield Static(Content("\n".join(f"• {p}" for p in self.problems)), id="problems-text")
            yield Static(Content("`crossroads validate FILE` prints the same list."), classes="dialog-note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#problems", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
