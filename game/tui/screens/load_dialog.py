"""Load a saved game: every save in the folder, newest first, broken ones listed with what is wrong.

A save can be deleted here too (d or Delete, after a question that names it),
broken ones included; game.saves.delete_save keeps that inside the save folder.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from game import saves
from game.tui.screens.confirm import ConfirmDialog
from game.tui.sessions import SaveEntry, describe, save_entries
from game.tui.widgets.footer import Footer

AUTOSAVE_NAME = "Autosave (the game as it was after its last decision)"


class LoadDialog(ModalScreen[SaveEntry | None]):
    """Dismisses with the chosen entry (the app loads it), or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("d,delete", "delete_save", "Delete save", key_display="d"),
    ]

    def __init__(self, *, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.entries: list[SaveEntry] = []
        self.details: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="load-box", classes="dialog"):
            yield Static(Content.styled("Load a saved game", "bold"), classes="dialog-title")
            yield Static(Content(f"Saves are kept in {self.folder}"), classes="dialog-note")
            yield OptionList(id="load-list")
            yield Static(id="load-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Load", id="load", variant="primary")
                yield Button("Delete…", id="delete")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._fill(highlight=0)

    def _fill(self, *, highlight: int) -> None:
        """List the folder's saves afresh, the cursor on row `highlight` (or the last row)."""
        self.entries = save_entries(self.folder)
        listing = self.query_one("#load-list", OptionList)
        listing.clear_options()
        headers: dict = {}
        self.details = [describe(entry, headers) for entry in self.entries]
        for index, (entry, detail) in enumerate(zip(self.entries, self.details)):
            mark = "⚠ " if entry.save is None else ""
            listing.add_option(Option(Content(f"{mark}{_listed_name(entry)}\n  {detail}"), id=str(index)))
        empty = not self.entries
        self.query_one("#load", Button).disabled = empty
        self.query_one("#delete", Button).disabled = empty
        if empty:
            self.query_one("#load-detail", Static).update(Content("No saved games yet."))
            self.query_one("#cancel", Button).focus()
            return
        listing.highlighted = min(highlight, len(self.entries) - 1)
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(int(event.option.id or 0))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        listing = self.query_one("#load-list", OptionList)
        if event.button.id == "load" and listing.highlighted is not None:
            self._choose(listing.highlighted)
        elif event.button.id == "delete":
            self.action_delete_save()
        else:
            self.dismiss(None)

    def _choose(self, index: int) -> None:
        entry = self.entries[index]
        if entry.save is None:  # stay here: say what is wrong with it
            self.query_one("#load-detail", Static).update(
                Content(f"“{entry.name}” cannot be loaded: {entry.problem} (d deletes it)"))
            return
        self.dismiss(entry)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_delete_save(self) -> None:
        """Ask, naming the save, then delete it; No (the default) keeps it."""
        index = self.query_one("#load-list", OptionList).highlighted
        if index is None or not self.entries:
            return
        entry, detail = self.entries[index], self.details[index]
        question = (f"Delete {_spoken_name(entry)}?\n{detail}\n\n"
                    f"The file {entry.path.name} is removed from the save folder. This cannot be undone.")

        def answered(delete: bool | None) -> None:
            if delete:
                self._delete(entry, index)
            else:
                self.query_one("#load-list", OptionList).focus()

        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep it"), answered)

    def _delete(self, entry: SaveEntry, index: int) -> None:
        try:
            saves.delete_save(self.folder, entry.path)
        except saves.SaveError as error:
            said = f"“{entry.name}” was not deleted: {error.message}"
        else:
            said = f"Deleted “{entry.name}”."
        self._fill(highlight=index)  # the cursor stays on the row where the save was: the next one
        self.query_one("#load-detail", Static).update(Content(said if self.entries else f"{said} No saves left."))


def _listed_name(entry: SaveEntry) -> str:
    return AUTOSAVE_NAME if entry.is_autosave else entry.name


def _spoken_name(entry: SaveEntry) -> str:
    """The save as the question names it; the line below it says which game it holds."""
    return "this autosave" if entry.is_autosave else f"the save “{entry.name}”"
