"""The Textual app: the screens around a game (title, new game, save, load) and the app-wide actions.

A thin view: rules live in game.engine, save files in game.saves. The game
screen calls these app methods:

    app.autosave(state)        after every decision (written once the screen has refreshed)
    app.action_save_game()     the save dialog (named saves; overwriting asks first)
    app.action_load_game()     the load dialog (broken saves are listed as broken)
    app.leave_game()           back to the title with the game kept (Continue resumes it)
    app.start_game(scenario)   a new game of a scenario: the briefing, then the game
    app.play_again(scenario, seed), app.show_title()   from the ending screen

Start-up matters: the title imports neither the engine nor pydantic (scenario
menus read headers with game.catalog); the engine is imported when a game starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from game import paths

if TYPE_CHECKING:
    from game.engine import GameState, Scenario
    from game.saves import LoadedGame
    from game.tui.sessions import SaveEntry

WATCH_INTERVAL = 0.5  # seconds between looks at a watched scenario file
START_UP_AT_MOST = 5.0  # seconds: the `when_drawn` of the command is called by then in any case


def _is_title(screen: Screen) -> bool:
    return getattr(screen, "is_title", False)


class CrossroadsApp(App[None]):
    CSS_PATH = Path(__file__).parent / "crossroads.tcss"
    TITLE = "Crossroads"
    SUB_TITLE = ""

    def __init__(self, *, scenario: Scenario | None = None, seed: int | None = None, player: str = "",
                 loaded: LoadedGame | None = None, saves_dir: str | Path | None = None,
                 watch: bool = False, when_drawn: Callable[[], None] | None = None,
                 scenario_cache: Path | None = None) -> None:
        super().__init__()
        self.scenario_cache = scenario_cache  # where the command keeps parsed scenarios (game.engine.parse_cache)
        self._when_drawn = when_drawn  # called once the first title or game screen has been drawn
        self.saves_dir = Path(saves_dir) if saves_dir else paths.save_folder()
        self.player = player  # the name written into this game's saves
        self.opened_files: list[Path] = []  # scenario files the player opened this session
        self._start_scenario, self._start_seed, self._loaded = scenario, seed, loaded
        self._unsaved: GameState | None = None  # an autosave waiting for the next refresh
        self.watcher = None
        if watch:
            from game.tui.watch import ScenarioWatcher

            target = scenario or (loaded.state.scenario if loaded else None)
            if target is None:
                raise ValueError("--watch needs a scenario")
            self.watcher = ScenarioWatcher(Path(target.path))

    # -- start and stop ---------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The title is the base of the screen stack, except under `play`: drawn when the player goes there."""
        if self._loaded is None and self._start_scenario is None:
            from game.tui.screens.title import TitleScreen

            return TitleScreen()
        return super().get_default_screen()

    def on_mount(self) -> None:
        if self._when_drawn is not None:
            self.set_timer(START_UP_AT_MOST, self.start_up_done)  # a briefing left with Escape, say
        if self._loaded is not None:
            self.open_game(self._loaded.state, player=self._loaded.save.player)
            self._say_warnings(self._loaded.warnings)
        elif self._start_scenario is not None:
            self.start_game(self._start_scenario, seed=self._start_seed, player=self.player)
        if self.watcher is not None:
            self.set_interval(WATCH_INTERVAL, self._look_at_watched_file)

    def on_unmount(self) -> None:
        self._write_autosave()

    def start_up_done(self) -> None:
        """The title or a game screen has been drawn: the `when_drawn` of the command, once."""
        when_drawn, self._when_drawn = self._when_drawn, None
        if when_drawn is not None:
            when_drawn()

    # -- screens ----------------------------------------------------------------

    def push_screen(self, screen: Screen | str, *args: Any, **options: Any) -> Any:
        if isinstance(screen, Screen):
            self._add_stylesheets(screen)
        return super().push_screen(screen, *args, **options)

    def switch_screen(self, screen: Screen | str) -> Any:
        if isinstance(screen, Screen):
            self._add_stylesheets(screen)
        return super().switch_screen(screen)

    def _add_stylesheets(self, screen: Screen) -> None:
        """A screen's `CSS_PATH` files (game.tcss) read into the app's stylesheet, the first time, by themselves.

        Textual would read them as the screen is pushed and then parse every source of
        the stylesheet again (each widget's default CSS, the app's) and restyle every
        node: about 2% of the start-up to the first game screen. Here only the new file
        is parsed; what is on screen already is not restyled, which is right while no
        screen's file styles another screen's widgets (each rule names its screen or ids
        only that screen has).
        """
        stylesheet = self.stylesheet
        added = False
        for path in screen.css_path:
            if not stylesheet.has_source(str(path), ""):
                stylesheet.read(path)
                added = True
        if added:
            stylesheet.parse()  # the sources parsed before come from its cache

    # -- games ------------------------------------------------------------------

    def start_game(self, scenario: Scenario, *, seed: int | None = None, player: str = "") -> None:
        """The briefing of a new game; Enter there begins it."""
        from game.tui.screens.briefing import BriefingScreen

        if seed is None:
            from game.tui.sessions import fresh_seed

            seed = fresh_seed()
        self._unwind()
        self.push_screen(BriefingScreen(scenario, seed=seed, player=player))

    def begin_game(self, scenario: Scenario, *, seed: int, player: str) -> None:
        """Turn 1 of a new game, written as the autosave at once (so Continue finds it)."""
        from game.engine import new_game

        state = new_game(scenario, seed)
        self.open_game(state, player=player)
        self.autosave(state)

    def open_game(self, state: GameState, *, player: str = "") -> None:
        """Show a game: the title stays below it, everything else between them goes."""
        from game.tui.screens.game import GameScreen

        self.player = player
        self._unwind()
        self.clear_notifications()  # the title's words ("choose Continue…") must not follow into the game
        self.sub_title = state.scenario.title
        self.push_screen(GameScreen(state.scenario, state=state))

    def back_to_title(self) -> None:
        """Close every screen above the title (the title refreshes its Continue entry)."""
        self._unwind()
        if not _is_title(self.screen):
            from game.tui.screens.title import TitleScreen

            self.push_screen(TitleScreen())
        self.sub_title = ""

    def _unwind(self) -> None:
        """Close every screen above the title, or above the base screen when there is no title yet."""
        while len(self.screen_stack) > 1 and not _is_title(self.screen):
            self.pop_screen()

    def current_game(self) -> Screen | None:
        """The game screen in the stack, if a game is open."""
        from game.tui.screens.game import GameScreen

        return next((s for s in reversed(self.screen_stack) if isinstance(s, GameScreen)), None)

    def current_state(self) -> GameState | None:
        """The game being played or just finished (the ending screen keeps its state)."""
        for screen in reversed(self.screen_stack):
            state = getattr(screen, "state", None)
            if state is not None and hasattr(state, "decisions"):
                return state
        return None

    def leave_game(self) -> None:
        state = self.current_state()
        if state is not None:
            self.autosave(state)
            self._write_autosave()
        self.back_to_title()
        if state is not None and not state.over:
            self.notify("Your game is kept: choose Continue on the title to carry on.", title="Game saved",
                        timeout=5)

    action_leave_game = leave_game

    def play_again(self, scenario: Scenario, seed: int | None = None) -> None:
        """From the ending: the same scenario again (the same world when given its seed)."""
        self.start_game(scenario, seed=seed, player=self.player)

    def show_title(self) -> None:
        self.back_to_title()

    def new_game(self) -> None:
        from game.tui.screens.new_game import NewGameScreen

        self.back_to_title()
        self.push_screen(NewGameScreen())

    action_new_game = new_game

    # -- saving ---------------------------------------------------------------

    def autosave(self, state: GameState) -> None:
        """Autosave `state` once the screen has been redrawn, so a key press is never kept waiting."""
        first = self._unsaved is None
        self._unsaved = state
        if first:
            self.call_after_refresh(self._write_autosave)

    def _write_autosave(self) -> None:
        state, self._unsaved = self._unsaved, None
        if state is None:
            return
        from game import saves

        try:
            saves.write_save(saves.autosave_path(self.saves_dir, state.scenario.id), with_absolute_path(state),
                             player=self.player)
        except saves.SaveError as error:
            self.notify(error.message, title="Autosave failed", severity="warning", markup=False)

    def action_save_game(self) -> None:
        state = self.current_state()
        if state is None:
            self.notify("Start or continue a game first: there is nothing to save.", timeout=4)
            return
        from game.tui.screens.save_dialog import SaveDialog

        self.push_screen(SaveDialog(with_absolute_path(state), folder=self.saves_dir, player=self.player),
                         self._saved)

    save_game = action_save_game

    def _saved(self, path: Path | None) -> None:
        if path is not None:
            # Short, so the toast covers the timeline and not the choices (the dialog showed the folder).
            self.notify(f"Saved as “{path.stem}”. Load lists it.", title="Game saved", markup=False)

    def action_load_game(self) -> None:
        from game.tui.screens.load_dialog import LoadDialog

        self._write_autosave()
        self.push_screen(LoadDialog(folder=self.saves_dir), self.load_entry)

    load_game = action_load_game

    def load_entry(self, entry: SaveEntry | None) -> None:
        """Open a save chosen in the load dialog or by Continue; a problem is shown, never raised."""
        if entry is None:
            return
        from game import saves
        from game.engine import ScenarioError, load_scenario
        from game.tui.sessions import scenario_path_for

        if entry.save is None:
            self.notify(f"{entry.name}: {entry.problem}", title="This save cannot be loaded", severity="error",
                        markup=False, timeout=8)
            return
        where = scenario_path_for(entry.save)
        if where is None:
            self.notify(f"{entry.name}: its scenario `{entry.save.scenario_id}` is not in "
                        f"{entry.save.scenario_path or 'the shipped scenarios'} any more.",
                        title="This save cannot be loaded", severity="error", markup=False, timeout=8)
            return
        try:
            loaded = saves.load_game(entry.path, load_scenario(where, cache=self.scenario_cache))
        except ScenarioError as error:
            self.show_problems(error.problems, f"The scenario of “{entry.name}” cannot be loaded")
            return
        except saves.SaveError as error:
            self.notify(error.message, title="This save cannot be loaded", severity="error", markup=False,
                        timeout=10)
            return
        except Exception as error:  # a stranger's save file must never stop the app
            self.notify(f"{entry.name}: this save cannot be loaded ({type(error).__name__}); "
                        "please report it with the file", title="This save cannot be loaded", severity="error",
                        markup=False, timeout=10)
            return
        self.open_game(loaded.state, player=loaded.save.player)
        self._say_warnings(loaded.warnings)

    def _say_warnings(self, warnings: Iterable[str]) -> None:
        for warning in warnings:
            self.notify(warning, title="Loaded with a warning", severity="warning", markup=False, timeout=8)

    # -- problems, help and commands -----------------------------------------

    def show_problems(self, problems: Iterable[Any], heading: str, *, note: str = "") -> None:
        """A scenario's located problems, in a dialog over whatever is showing."""
        from game.tui.screens.scenario_errors import ScenarioErrorsScreen

        if isinstance(self.screen, ScenarioErrorsScreen):
            self.pop_screen()  # the list of an earlier save of the file is out of date
        self.push_screen(ScenarioErrorsScreen([str(p) for p in problems], heading, note=note))

    def action_help(self) -> None:
        game = self.current_game()
        if game is not None and self.screen is game:
            game.action_help()  # the keys of the game and the scenario's glossary
            return
        from game.tui.screens.guide import GuideScreen

        self.push_screen(GuideScreen(saves_dir=self.saves_dir))

    def action_open_scenario(self) -> None:
        from game.tui.screens.new_game import NewGameScreen
        from game.tui.screens.open_file import OpenFileDialog

        def opened(path: Path | None) -> None:
            if path is None:
                return
            path = path.resolve()
            if path not in self.opened_files:
                self.opened_files.append(path)
            self.back_to_title()
            self.push_screen(NewGameScreen(select=path))

        self.push_screen(OpenFileDialog(), opened)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("New game", "Choose a scenario, a class code and your name", self.new_game)
        yield SystemCommand("Open scenario file…", "Play a scenario file of your own", self.action_open_scenario)
        yield SystemCommand("Load a game", f"Saved games in {self.saves_dir}", self.action_load_game)
        if self.current_state() is not None:
            yield SystemCommand("Save the game", "Save under a name of your choice", self.action_save_game)
            yield SystemCommand("Back to the title", "The game is kept for Continue", self.leave_game)
        yield SystemCommand("Help", "Keys, saves and how to play", self.action_help)
        yield from super().get_system_commands(screen)  # theme, keys, screenshot, quit

    # -- --watch ----------------------------------------------------------------

    def _look_at_watched_file(self) -> None:
        if self.watcher is None or not self.watcher.changed():
            return
        from game.engine import ScenarioError, load_scenario
        from game.tui.sessions import replay_onto

        path = self.watcher.path
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            self.show_problems(error.problems, f"{path.name} has {_count(len(error.problems), 'problem')}",
                               note="The game goes on with the version loaded before; save the file again "
                                    "once it is fixed.")
            return
        from game.tui.screens.briefing import BriefingScreen

        state = self.current_state()
        briefing = next((s for s in reversed(self.screen_stack) if isinstance(s, BriefingScreen)), None)
        if state is None and briefing is not None and Path(briefing.scenario.path).resolve() == path.resolve():
            self.start_game(scenario, seed=briefing.seed, player=briefing.player)  # not begun yet: a new briefing
            self.notify(f"Reloaded {path.name}.", title="Scenario reloaded", markup=False, timeout=4)
            return
        if state is None or Path(state.scenario.path).resolve() != path.resolve():
            return  # not playing this file right now: the next game starts from the new version
        replayed = replay_onto(scenario, state.seed, state.decisions)
        self.open_game(replayed.state, player=self.player)
        self.autosave(replayed.state)
        if replayed.complete:
            self.notify(f"Reloaded {path.name}: your {_count(replayed.total, 'decision')} replayed.",
                        title="Scenario reloaded", markup=False, timeout=4)
        else:
            self.notify(f"Reloaded {path.name}: replayed {replayed.applied} of {replayed.total} decisions; "
                        f"stopped at {replayed.stopped}.", title="Scenario reloaded", severity="warning",
                        markup=False, timeout=10)


def with_absolute_path(state: GameState) -> GameState:
    """`state` with its scenario's file named by absolute path, so Continue finds it from any folder.

    `crossroads play my.toml` loads a relative path; a save recording it would
    point elsewhere once the app starts from another folder (example saves, written
    by tools, keep their relative paths: this is only for the app's own saves).
    """
    import dataclasses

    path = Path(state.scenario.path) if state.scenario.path else None
    if path is None or path.is_absolute() or not path.is_file():
        return state
    return dataclasses.replace(state, scenario=dataclasses.replace(state.scenario, path=str(path.resolve())))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def run_app(**options: Any) -> int:
    app = CrossroadsApp(**options)
    app.run()
    return app.return_code or 0  # Textual sets 1 after an unexpected error (issue 5)
