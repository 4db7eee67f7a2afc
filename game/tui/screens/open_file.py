"""Open a scenario file of one's own: type a path, or pick a .toml file in the folder tree."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Input, Label, Static

from game import files


class ScenarioTree(DirectoryTree):
    """Folders and TOML files only; hidden entries left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix == ".toml")]


class OpenFileDialog(ModalScreen[Path | None]):
    """Dismisses with the chosen file (not yet loaded), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(id="open-box", classes="dialog"):
            yield Static(Content.styled("Open a scenario file", "bold"), classes="dialog-title")
            yield Label("Path (Enter opens it), or pick a file below", classes="field-label")
            yield Input(placeholder="for example: my-scenario.toml", id="open-path")
            yield ScenarioTree(self.start, id="open-tree")
            yield Static(id="open-problem")

    def on_mount(self) -> None:
        self.query_one("#open-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#open-tree", ScenarioTree).focus()
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.start / path
        self._choose(path)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self._choose(event.path)

    def _choose(self, path: Path) -> None:
        if files.is_regular_file(path):
            self.dismiss(path)
        elif path.is_dir():
            self.query_one("#open-problem", Static).update(Content(f"{files.display(path)} is a folder: "
                                                                   "pick a .toml file inside it."))
        else:
            self.query_one("#open-problem", Static).update(Content(f"{files.display(path)}: no such file"))

    def action_cancel(self) -> None:
        self.dismiss(None)
