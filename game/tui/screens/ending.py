"""The ending screen: which ending and why, the last decision, every meter revealed and charted,
the score explained, the decisions taken, and the debrief."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Markdown, Static

from game.engine import GameState, ending, score
from game.present import (
    change_words, ending_check, history_words, kind_words, month_name, score_formula,
)
from game.tui.screens.why import meter_series
from game.tui.widgets.charts import MeterChart
from game.tui.widgets.footer import Footer

_MARK = {True: "✓ held", False: "✗ failed"}


def _plain(text: str, classes: str = "") -> Static:
    return Static(Content(text), classes=classes)


def _heading(text: str) -> Static:
    return Static(Content.styled(text, "bold"), classes="ending-heading")


def last_decision_notes(state: GameState) -> list:
    """The notes of what ended the game: a decision (its result and any outcome), or a standing rule."""
    notes = list(state.timeline or ())
    for index in range(len(notes) - 1, -1, -1):
        if notes[index].kind == "rule":
            return [notes[index]]
        if notes[index].kind in ("choice", "action"):
            return [n for n in notes[index:] if n.kind in ("choice", "action", "outcome")]
    return []


def decision_lines(state: GameState) -> list[str]:
    scenario = state.scenario
    lines = []
    for decision in state.decisions:
        if decision.kind == "event":
            event = scenario.events[decision.id]
            choice = event.choice(decision.choice or "")
            lines.append(f"Turn {decision.turn}  {event.title}: {choice.label if choice else decision.choice}")
        elif decision.kind == "action":
            lines.append(f"Turn {decision.turn}  Action: {scenario.actions[decision.id].label}")
    return lines


class EndingScreen(Screen[None]):
    CSS_PATH = Path(__file__).parent.parent / "game.tcss"
    BINDINGS = [
        Binding("p", "play_again", "Play again"),
        Binding("t,escape,q", "leave", "Title"),
        Binding("question_mark,f1,h", "help", "Help", key_display="?"),
    ]

    def __init__(self, state: GameState) -> None:
        super().__init__()
        self.state = state
        self.scenario = state.scenario

    def compose(self) -> ComposeResult:
        state, scenario = self.state, self.scenario
        reached = ending(state)
        with VerticalScroll(id="ending"):
            if reached is None:
                yield _heading("The game is not over.")
            else:
                yield Static(Content.assemble((kind_words(reached.kind), "bold reverse"), "  ",
                                              (reached.title, "bold")), id="ending-title")
                yield Markdown(reached.text, open_links=False, classes="ending-text")
                yield from self._last_decision()
                yield from self._conditions(reached)
            yield from self._meters()
            yield from self._score()
            yield _heading("Your decisions")
            yield _plain("\n".join(decision_lines(state)) or "No decisions were taken.")
            yield from self._debrief()
            what_happened = getattr(scenario, "what_happened", "")
            if what_happened:
                yield _heading("What really happened")
                yield Markdown(what_happened, open_links=False)
            sources = getattr(scenario, "sources", ()) or ()
            if sources:
                yield _heading("Sources")
                yield _plain("\n".join(f"• {s}" for s in sources))
            yield _plain("p: play again (same seed)   t or Esc: title", classes="ending-keys")
        yield Footer()

    def _last_decision(self):
        notes = last_decision_notes(self.state)
        if not notes or self.state.final:
            return
        scenario = self.scenario
        yield _heading(f"What ended it (turn {self.state.turn}, {month_name(self.state, self.state.turn)})")
        first = notes[0]
        if first.kind == "rule":
            yield _plain("A standing rule applied as the turn opened: " + " ".join(first.text.split()))
            moved = [c for c in (self.state.changes or ()) if c.turn == self.state.turn
                     and (c.cause, c.source) == ("rule", first.source) and c.target in scenario.meters]
            if moved:
                yield _plain("\n".join(change_words(c, scenario) for c in moved))
            return
        if first.kind == "action":
            label = scenario.actions[first.source].label
        else:
            event_id, _, choice_id = first.source.partition(".")
            choice = scenario.events[event_id].choice(choice_id)
            label = choice.label if choice else choice_id
        yield _plain(f"You {'took' if first.kind == 'action' else 'chose'}: {label}")
        text = "\n\n".join(n.text for n in notes if n.text)
        if text:
            yield Markdown(text, open_links=False)
        moved = [c for c in (self.state.changes or ()) if c.turn == self.state.turn
                 and c.cause in ("choice", "outcome", "action") and c.target in scenario.meters
                 and any(c.source.startswith(n.source) for n in notes)]
        if moved:
            yield _plain("\n".join(change_words(c, scenario) for c in moved))

    def _conditions(self, reached):
        state, scenario = self.state, self.scenario
        checks = ending_check(reached, state)
        yield _heading("Why this ending")
        if checks:
            yield _plain("\n".join(f"{_MARK[c.held]}  {c.words}" for c in checks))
        else:
            yield _plain("No other ending's conditions held when the last turn closed.")
        for other in scenario.endings.values():
            if other.id == reached.id or other.fallback or other.kind != "victory":
                continue
            yield _plain(f"{kind_words(other.kind)} “{other.title}” needed:", classes="ending-subheading")
            yield _plain("\n".join(f"{_MARK[c.held]}  {c.words}" for c in ending_check(other, state)))

    def _meters(self):
        state, scenario = self.state, self.scenario
        yield _heading("The meters over the game (hidden ones revealed)")
        yield _plain("Turn by turn, from the start (left) to the end (right); each chart's height is the "
                     "meter's whole range, shown on the right with the first and last values.",
                     classes="muted")
        for meter_id, meter in scenario.meters.items():
            series = meter_series(state, meter_id)
            hidden = " (hidden)" if meter.hidden else ""
            with Horizontal(classes="chart-row"):
                yield Static(Content(f"{meter.label}{hidden}"), classes="chart-label")
                yield MeterChart(series, low=meter.min, high=meter.max, classes="chart")
                yield Static(Content(f"{series[0]:>3} → {state.meters[meter_id]:>3} of {meter.min}–{meter.max}"),
                             classes="chart-value")

    def _score(self):
        points = score(self.state)
        if points is None:
            return
        yield _heading(f"Score: {points}")
        yield _plain(f"= {score_formula(self.scenario)}")
        values = ", ".join(f"{m.label} {self.state.meters[mid]}" for mid, m in self.scenario.meters.items())
        yield _plain(f"with {values}", classes="muted")

    def _debrief(self):
        state, scenario = self.state, self.scenario
        played = [e for eid, e in scenario.events.items() if eid in state.seen]
        if not played:
            return
        yield _heading("For discussion")
        for event in played:
            yield Static(Content.assemble((event.title, "bold"), "  ",
                                          (f"[{history_words(event.history)}]", "italic")), classes="debrief-title")
            lines = []
            if event.debrief:
                lines.append(event.debrief)
            lines += [f"  Source: {s}" for s in event.sources]
            if lines:
                yield _plain("\n".join(lines), classes="debrief")

    def on_mount(self) -> None:
        self.query_one("#ending", VerticalScroll).focus()  # arrow and page keys scroll the debrief

    def action_play_again(self) -> None:
        play_again = getattr(self.app, "play_again", None)
        if callable(play_again):
            play_again(self.scenario, self.state.seed)
            return
        from game.tui.screens.game import GameScreen

        self.app.switch_screen(GameScreen(self.scenario, seed=self.state.seed))

    def action_leave(self) -> None:
        show_title = getattr(self.app, "show_title", None)
        if callable(show_title):
            show_title()
        else:
            self.app.pop_screen()

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.scenario))
