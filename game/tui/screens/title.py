"""The title screen: Continue, New game, Load, Open scenario file…, Help, Quit.

It must be quick to appear, so it imports neither the engine nor the save
reader: Continue is offered when an autosave file is in the save folder, and
the save is read and checked only when the player picks it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game import catalog, files, paths
from game.engine.text import clean_line
from game.tui.widgets.footer import Footer

TAGLINE = "CROSSROADS\nTokyo's seat between Washington and Moscow"
AUTOSAVE_PREFIX = "autosave-"
MAX_AUTOSAVE_BYTES = 4_000_000  # only to find its scenario's title; game.saves checks it properly when picked


class TitleScreen(Screen[None]):
    is_title = True  # how the app knows it without importing this module (`crossroads play` never shows it)
    BINDINGS = [
        Binding("c", "pick('continue')", "Continue", show=False),
        Binding("n", "pick('new')", "New game", show=False),
        Binding("l", "pick('load')", "Load", show=False),
        Binding("o", "pick('open')", "Open file", show=False),
        Binding("question_mark,f1,h", "pick('help')", "Help", key_display="?"),
        Binding("q", "pick('quit')", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content(TAGLINE), id="title")
        with Center():
            yield OptionList(*self._options(), id="menu")  # drawn with the first frame
        with Center():
            yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        start_up_done = getattr(self.app, "start_up_done", None)
        if start_up_done is not None:
            self.call_after_refresh(start_up_done)  # drawn: the app's start-up is over

    def on_screen_resume(self) -> None:
        self.refresh_menu()  # back from a game: Continue now names it

    def _options(self) -> list[Option]:
        self._continue_note = ""
        label = self._continue_label()
        options = [Option(Content(label), id="continue")] if label else []
        for option_id, text in (("new", "New game"), ("load", "Load a saved game"),
                                ("open", "Open a scenario file…"), ("help", "Help"), ("quit", "Quit")):
            options.append(Option(Content(text), id=option_id))
        return options

    def refresh_menu(self) -> None:
        menu = self.query_one("#menu", OptionList)
        options = self._options()
        shown = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        if shown != [str(o.prompt) for o in options]:
            menu.set_options(options)
        menu.highlighted = 0
        menu.focus()

    def _continue_label(self) -> str:
        """ "Continue: …" for the latest game, or "" when there is none to continue.

        At a cold start only the autosave's file name is looked at (reading the save
        needs the engine); once the engine is loaded anyway (back from a game), the
        save is read and checked, so a broken autosave is passed over and the entry
        says where the game stands.
        """
        self._continue_path: Path | None = None  # the save the entry names: Enter opens this one, no other
        if not engine_loaded():
            latest = latest_autosave(self.app.saves_dir)
            if latest is None:
                return ""
            self._continue_path = latest
            found = autosave_scenario(latest)
            if found.missing:
                self._continue_note = (f"Your last game was played on {found.missing}, which cannot be found. "
                                       "Put the file back there, or choose Load for another game.")
                return f"Continue: {found.title} (its scenario file is missing)"
            self._continue_note = "Your last game, as it was after your last decision."
            return f"Continue: {found.title}"
        from game.tui.sessions import describe, latest_game, scenario_title

        entry = latest_game(self.app.saves_dir)
        if entry is None or entry.save is None:
            return ""
        self._continue_path = entry.path
        self._continue_note = describe(entry)
        return f"Continue: {scenario_title(entry.save)}"

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        notes = {
            "continue": self._continue_note,
            "new": "Choose a scenario, an optional class code (the same code gives everyone the same world) "
                   "and your name.",
            "load": f"Saved games are kept in {self.app.saves_dir}",
            "open": "Play a scenario file of your own (see docs/scenario-format.md).",
            "help": "The keys, and how a turn works.",
            "quit": "Your game is kept: Continue picks it up next time.",
        }
        self.query_one("#summary", Static).update(Content(notes.get(event.option.id or "", "")))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option.id or "")

    def action_pick(self, choice: str) -> None:
        app = self.app
        if choice == "continue":
            self._continue()
        elif choice == "new":
            app.new_game()
        elif choice == "load":
            app.action_load_game()
        elif choice == "open":
            app.action_open_scenario()
        elif choice == "help":
            app.action_help()
        elif choice == "quit":
            app.exit()

    def _continue(self) -> None:
        from game.tui.sessions import save_entries, scenario_path_for

        named = getattr(self, "_continue_path", None)
        entry = next((e for e in save_entries(self.app.saves_dir) if named is not None and e.path.name == named.name), None)
        if entry is not None and entry.save is not None and scenario_path_for(entry.save) is None:
            # Never open another game than the one named: say why this one cannot be opened.
            self.notify(f"Your last game needs the scenario file {entry.save.scenario_path or entry.save.scenario_id}"
                        ", which cannot be found from here. Open that file (Open a scenario file…) or load "
                        "another game; Continue now offers the newest game that can be opened.",
                        title="This game cannot be continued", severity="warning", markup=False, timeout=10)
            self.refresh_menu()
            return
        if entry is None or entry.save is None:
            self.notify("No game to continue: your last game's autosave cannot be read. Load a saved game "
                        "lists it with what is wrong; Continue now offers the newest game that can be opened, "
                        "if any.",
                        title="This game cannot be continued", severity="warning", markup=False, timeout=8)
            self.refresh_menu()
            return
        self.app.load_entry(entry)


def engine_loaded() -> bool:
    """True once the save reader (and with it the engine) has been imported by something else."""
    return "game.saves" in sys.modules


def latest_autosave(folder: Path) -> Path | None:
    """The autosave file written last, by file time alone (it is read when picked)."""
    try:
        with os.scandir(folder) as entries:
            found = [(e.stat().st_mtime, e.path) for e in entries
                     if e.name.startswith(AUTOSAVE_PREFIX) and e.name.endswith(".toml") and e.is_file()]
    except OSError:
        return None
    return Path(max(found)[1]) if found else None


@dataclass(frozen=True)
class AutosaveScenario:
    """The scenario of an autosave as the title names it, read without the engine."""

    title: str  # its title; its id when no file of that id can be read
    missing: str = ""  # the file the game was played on, when neither it nor a shipped one is there


def autosave_scenario(autosave: Path) -> AutosaveScenario:
    """Where the autosave's game was played, found the way game.tui.sessions.scenario_path_for finds it.

    The file the save records first (a player's own scenario), then the shipped
    scenario of the save's id. Only [scenario] headers are read (game.catalog).
    """
    recorded = _recorded(autosave)
    scenario_id = recorded.get("scenario_id") or autosave.name[len(AUTOSAVE_PREFIX):-len(".toml")]
    recorded_path = Path(recorded["scenario_path"]) if recorded.get("scenario_path") else None
    if recorded_path is not None and files.is_regular_file(recorded_path):
        header = catalog.read_header(recorded_path)
        return AutosaveScenario(header.title if not header.problem else clean_line(scenario_id))
    shipped = paths.shipped_scenario_files()
    likely = [p for p in shipped if p.stem == scenario_id] + [p for p in shipped if p.stem != scenario_id]
    for path in likely:  # a shipped file is usually named for its id; the others are read only if not
        header = catalog.read_header(path)
        if header.id == scenario_id and not header.problem:
            return AutosaveScenario(header.title)
    # Gone only when the save says where it was: an autosave too broken to say is judged when picked.
    return AutosaveScenario(clean_line(scenario_id), missing=files.display(recorded_path) if recorded_path else "")


def _recorded(autosave: Path) -> dict[str, str]:
    """`scenario_id` and `scenario_path` of a save, read with tomllib alone (the save reader waits for a game).

    Each is one line near the top of the file; the whole save is parsed and checked when picked.
    """
    import tomllib

    try:
        text = files.read_capped(autosave, MAX_AUTOSAVE_BYTES, what="save file").decode("utf-8")
    except (files.UnreadableFile, UnicodeDecodeError):
        return {}
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("["):
            break  # the top-level keys are over
        for key in ("scenario_id", "scenario_path"):
            if line.startswith(key) and key not in found:
                try:
                    value = tomllib.loads(line).get(key)
                except tomllib.TOMLDecodeError:
                    continue
                if isinstance(value, str) and value and "\0" not in value:
                    found[key] = value
    return found
