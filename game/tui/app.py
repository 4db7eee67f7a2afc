"""The Textual app: a thin view over the engine. Game rules live in game.engine."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from game.tui.screens.title import TitleScreen


class CrossroadsApp(App[None]):
    CSS_PATH = Path(__file__).parent / "crossroads.tcss"
    TITLE = "Crossroads"
    SUB_TITLE = "Tokyo's seat, 2015"

    def on_mount(self) -> None:
        self.push_screen(TitleScreen())


def run_app() -> int:
    CrossroadsApp().run()
    return 0
