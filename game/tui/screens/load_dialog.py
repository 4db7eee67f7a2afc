"""Load a saved game: every save in the folder, newest first, broken ones listed with what is wrong."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.sessions import SaveEntry, describe, save_entries


class LoadDialog(ModalScreen[SaveEntry | None]):
    """Dismisses with the chosen entry (the app loads it), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, *, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.entries: list[SaveEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="load-box", classes="dialog"):
            yield Static(Content.styled("Load a saved game", "bold"), classes="dialog-title")
            yield Static(Content(f"Saves are kept in {self.folder}"), classes="dialog-note")
            yield OptionList(id="load-list")
            yield Static(id="load-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Load", id="load", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.entries = save_entries(self.folder)
        listing = self.query_one("#load-list", OptionList)
        headers: dict = {}
        self.details = [describe(entry, headers) for entry in self.entries]
        for index, (entry, detail) in enumerate(zip(self.entries, self.details)):
            mark = "⚠ " if entry.save is None else ""
            name = "Autosave (the game as it was after its last decision)" if entry.is_autosave else entry.name
            listing.add_option(Option(Content(f"{mark}{name}\n  {detail}"), id=str(index)))
        if not self.entries:
            self.query_one("#load-detail", Static).update(Content("No saved games yet."))
            self.query_one("#load", Button).disabled = True
            self.query_one("#cancel", Button).focus()
            return
        listing.highlighted = 0
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(int(event.option.id or 0))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        listing = self.query_one("#load-list", OptionList)
        if event.button.id == "load" and listing.highlighted is not None:
            self._choose(listing.highlighted)
        else:
            self.dismiss(None)

    def _choose(self, index: int) -> None:
        entry = self.entries[index]
        if entry.save is None:  # stay here: say what is wrong with it
            self.query_one("#load-detail", Static).update(
                Content(f"“{entry.name}” cannot be loaded: {entry.problem}"))
            return
        self.dismiss(entry)

    def action_cancel(self) -> None:
        self.dismiss(None)
