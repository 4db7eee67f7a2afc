"""Save the game under a name: the existing saves listed, overwriting asks first, the folder shown."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game import saves
from game.engine import GameState
from game.tui.screens.confirm import ConfirmDialog
from game.tui.sessions import SaveEntry, describe, save_entries


class SaveDialog(ModalScreen[Path | None]):
    """Dismisses with the path written, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, state: GameState, *, folder: Path, player: str = "") -> None:
        super().__init__()
        self.state, self.folder, self.player = state, folder, player
        self.entries: list[SaveEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box", classes="dialog"):
            yield Static(Content.styled("Save the game", "bold"), classes="dialog-title")
            yield Static(Content(f"Saves are kept in {self.folder}"), classes="dialog-note")
            yield Label("Name", classes="field-label")
            yield Input(value=f"{self.state.scenario.id}-turn-{self.state.turn}", id="save-name",
                        max_length=saves.MAX_NAME)
            yield Label("Saved games (pick one to replace it)", classes="field-label", id="save-list-label")
            yield OptionList(id="save-list")
            yield Static(id="save-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.entries = [e for e in save_entries(self.folder) if not e.is_autosave]
        listing = self.query_one("#save-list", OptionList)
        headers: dict = {}
        for index, entry in enumerate(self.entries):
            listing.add_option(Option(Content(f"{entry.name} — {describe(entry, headers)}"), id=str(index)))
        if not self.entries:
            listing.display = False
            self.query_one("#save-list-label", Label).display = False
        name = self.query_one("#save-name", Input)
        name.focus()
        name.action_select_all()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        entry = self.entries[int(event.option.id or 0)]
        name = self.query_one("#save-name", Input)
        name.value = entry.path.stem
        name.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.attempt()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.attempt()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _problem(self, text: str) -> None:
        self.query_one("#save-problem", Static).update(Content(text))

    def attempt(self) -> None:
        """Check the name; ask before replacing an existing save; then write."""
        try:
            target = saves.save_path(self.folder, self.query_one("#save-name", Input).value)
        except saves.SaveError as error:
            self._problem(error.message)
            return
        if target.exists():
            entry = next((e for e in self.entries if e.path == target), None)
            what = f" ({describe(entry)})" if entry is not None else ""
            question = f"A save called “{target.stem}” already exists{what}.\nReplace it with this game?"
            self.app.push_screen(ConfirmDialog(question, yes="Replace", no="Keep it"),
                                 lambda replace: self._write(target) if replace else None)
            return
        self._write(target)

    def _write(self, target: Path) -> None:
        try:
            saves.write_save(target, self.state, player=self.player)
        except saves.SaveError as error:
            self._problem(error.message)
            return
        self.dismiss(target)
