"""The title screen: Continue, New game, Load, Open scenario file…, Help, Quit.

It must be quick to appear, so it imports neither the engine nor the save
reader: Continue is offered when an autosave file is in the save folder, and
the save is read and checked only when the player picks it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game import catalog, paths
from game.engine.text import clean_line

TAGLINE = "CROSSROADS\nTokyo's seat between Washington and Moscow"
AUTOSAVE_PREFIX = "autosave-"
MAX_AUTOSAVE_BYTES = 4_000_000  # only to find its scenario's title; game.saves checks it properly when picked


class TitleScreen(Screen[None]):
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
            self._continue_note = "Your last game, as it was after your last decision."
            return f"Continue: {_scenario_title(latest.name[len(AUTOSAVE_PREFIX):-len('.toml')], latest)}"
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


def _scenario_title(scenario_id: str, autosave: Path | None = None) -> str:
    recorded = _recorded_scenario_path(autosave) if autosave is not None else None
    shipped = paths.shipped_scenario_files()
    likely = [p for p in shipped if p.stem == scenario_id] or shipped  # a file is usually named for its id
    for path in ([recorded] if recorded is not None else []) + likely:  # a player's own file first
        header = catalog.read_header(path)
        if header.id == scenario_id and not header.problem:
            return header.title
    return clean_line(scenario_id)


def _recorded_scenario_path(autosave: Path) -> Path | None:
    """The scenario file an autosave names, read with tomllib alone (the save reader waits for a game)."""
    import tomllib

    from game import files

    try:
        text = files.read_capped(autosave, MAX_AUTOSAVE_BYTES, what="save file").decode("utf-8")
        line = next((line for line in text.splitlines() if line.startswith("scenario_path")), "")
        data = tomllib.loads(line)  # one line near the top: the whole save is parsed when picked
    except (files.UnreadableFile, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    recorded = data.get("scenario_path")
    return Path(recorded) if isinstance(recorded, str) and recorded and "\0" not in recorded else None
