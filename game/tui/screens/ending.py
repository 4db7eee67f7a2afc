"""The ending screen: which ending, why, the score and where the meters finished."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown

from game.engine import GameState, ending, score


class EndingScreen(Screen[None]):
    BINDINGS = [Binding("escape,enter", "leave", "Title")]

    def __init__(self, state: GameState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        state, reached = self.state, ending(self.state)
        meters = "\n".join(f"- {m.label}: {state.meters[mid]}" for mid, m in state.scenario.meters.items()
                           if not m.hidden)
        points = score(state)
        debriefs = [e.debrief for eid, e in state.scenario.events.items() if eid in state.seen and e.debrief]
        body = f"# {reached.title}\n\n*{reached.kind}*\n\n{reached.text}\n\n## Where things stand\n\n{meters}\n"
        if points is not None:
            body += f"\n**Score: {points}**\n"
        if debriefs:
            body += "\n## For discussion\n\n" + "\n".join(f"- {d}" for d in debriefs) + "\n"
        with VerticalScroll():
            yield Markdown(body, open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # arrow keys and page keys scroll the debrief

    def action_leave(self) -> None:
        self.app.pop_screen()
