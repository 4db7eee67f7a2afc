"""Help: the keys, what the meter numbers mean, the meters and the scenario's glossary."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine import Scenario
from game.tui.widgets.footer import Footer

KEYS = [
    ("1 – 9, 0", "take the numbered choice or action (0 is the tenth)"),
    ("↑ ↓ Enter", "move through the choices and take one"),
    ("e", "end the turn (after this turn's events)"),
    ("PgUp PgDn", "scroll the event text; Tab moves between the text and the choices"),
    ("m", "why a meter moved (or click a meter); 1 – 9 there picks a meter"),
    ("s / l", "save / load a game"),
    ("? F1 h", "this help"),
    ("Esc q", "back to the title; the game is kept"),
]

METER_LEGEND = (
    "Each meter shows its bar and value, then the change from your last decision "
    "(+5), and below them the change since the turn began (this turn −3). A ⚠ LOW "
    "or ⚠ HIGH mark means the meter is near a level that can end the game."
)


def help_lines(scenario: Scenario) -> list[Content]:
    lines = [Content.styled("Keys", "bold")]
    lines += [Content.assemble(("  " + key.ljust(11), "bold"), what) for key, what in KEYS]
    lines += [Content(""), Content.styled("Meters", "bold"), Content(METER_LEGEND)]
    for meter in scenario.meters.values():
        if not meter.hidden:
            lines.append(Content.assemble(("  " + meter.label, "bold"), ": ", " ".join(meter.description.split())))
    glossary = getattr(scenario, "glossary", None) or {}
    if glossary:
        lines += [Content(""), Content.styled("Glossary", "bold")]
        for term, meaning in glossary.items():
            lines.append(Content.assemble(("  " + str(term), "bold"), ": ", " ".join(str(meaning).split())))
    return lines


class HelpScreen(ModalScreen[None]):
    CSS_PATH = Path(__file__).parent.parent / "game.tcss"
    BINDINGS = [Binding("escape,enter,q,question_mark,f1,h", "dismiss", "Close")]

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content.styled(f"Help · {self.scenario.title}", "bold"), id="help-title")
            yield Static(Content("\n").join(help_lines(self.scenario)), id="help-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help", VerticalScroll).focus()

    async def action_dismiss(self, result=None) -> None:
        # Keys typed quickly can queue a second close after the first: closing a screen that is
        # no longer on top would pop the game under it, so only the screen on top closes.
        if self.app.screen is self:
            self.dismiss(None)
