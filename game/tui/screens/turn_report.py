"""The turn report between turns: what the standing rules and earlier decisions did as the turn opened."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine import GameState
from game.present import change_words, month_name, scheduled_for, visible_change
from game.tui.widgets.footer import Footer

CONTINUE = "Press Enter to continue."


def report_lines(before: GameState, after: GameState) -> list[Content]:
    """What happened between the close of `before`'s turn and the first decision of `after`'s."""
    scenario, turn = after.scenario, after.turn
    notes = (after.timeline or ())[len(before.timeline or ()):]
    changes = [c for c in (after.changes or ())[len(before.changes or ()):] if c.turn == turn]
    lines: list[Content] = []
    # A rule without a note leaves no line in the timeline, only its changes: list it by those.
    rules = {n.source: n.text for n in notes if n.kind == "rule" and n.turn == turn}
    rules.update((c.source, "") for c in changes if c.cause == "rule" and c.source not in rules)
    order = {rule.id: index for index, rule in enumerate(scenario.rules)}  # rules fire in file order
    rules = dict(sorted(rules.items(), key=lambda item: order.get(item[0], len(order))))
    lines.append(Content.styled("Standing rules", "bold"))
    if not rules:
        lines.append(Content("  No standing rule applied this turn."))
    for rule_id, text in rules.items():
        lines.append(Content("  • " + (" ".join(text.split()) or "A standing rule applied.")))
        moved = [c for c in changes if (c.cause, c.source) == ("rule", rule_id)]
        for change in moved:
            if visible_change(change, scenario):
                lines.append(Content("    ↳ " + change_words(change, scenario)))
            elif change.target in scenario.meters:
                lines.append(Content("    ↳ A hidden gauge moved."))
    lines.append(Content(""))
    lines.append(Content.styled("This turn's events", "bold"))
    scheduled = set(scheduled_for(before, turn))
    events = [n for n in notes if n.kind == "event" and n.turn == turn]
    if not events:
        lines.append(Content("  No event this turn."))
    for note in events:
        because = "  (a consequence of an earlier decision)" if note.source in scheduled else ""
        lines.append(Content("  • " + " ".join(note.text.split()) + because))
    for note in (n for n in notes if n.kind == "skipped" and n.turn == turn):
        lines.append(Content("  • Passed over: " + " ".join(note.text.split())))
    return lines


class TurnReportScreen(ModalScreen[None]):
    """Shown when a new turn opens; Enter (or Esc) continues to the turn."""

    CSS_PATH = Path(__file__).parent.parent / "game.tcss"
    BINDINGS = [
        Binding("enter,escape,space", "dismiss", "Continue"),
        Binding("question_mark,f1,h", "help", "Help", key_display="?"),
    ]

    def __init__(self, before: GameState, after: GameState) -> None:
        super().__init__()
        self.before, self.after = before, after

    def compose(self) -> ComposeResult:
        after = self.after
        # The title and "Press Enter" stay in view; only the body scrolls, and says when there is more.
        with Vertical(id="report"):
            yield Static(Content.assemble(
                (f"Turn {after.turn} of {after.scenario.turns}", "bold"), "  ·  ", month_name(after, after.turn)),
                id="report-title")
            with VerticalScroll(id="report-scroll"):
                yield Static(Content("\n").join(report_lines(self.before, after)), id="report-body")
            yield Static(Content(CONTINUE), id="report-continue")
        yield Footer()

    def on_mount(self) -> None:
        scroll = self.query_one("#report-scroll", VerticalScroll)
        scroll.focus()
        self.watch(scroll, "scroll_y", self._say_what_is_below, init=False)
        self.call_after_refresh(self._say_what_is_below)

    def on_resize(self) -> None:
        self.call_after_refresh(self._say_what_is_below)

    def _say_what_is_below(self, *_: object) -> None:
        scroll = self.query_one("#report-scroll", VerticalScroll)
        more = scroll.max_scroll_y > 0 and scroll.scroll_y < scroll.max_scroll_y
        self.query_one("#report-continue", Static).update(Content(
            f"▼ More below: PgDn or ↓ scrolls.  {CONTINUE}" if more else CONTINUE))

    async def action_dismiss(self, result=None) -> None:
        # Keys typed quickly can queue a second close after the first: closing a screen that is
        # no longer on top would pop the game under it, so only the screen on top closes.
        if self.app.screen is self:
            self.dismiss(None)

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.after.scenario))
