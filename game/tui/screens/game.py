"""The game screen: date, meters, the event card with numbered choices, actions, timeline."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Log, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from game import paths, saves
from game.engine import ActionPrompt, EventPrompt, GameState, Scenario, end_turn, new_game, pending
from game.engine.policies import step
from game.tools.transcript import month_name
from game.tui.widgets.meters import MeterPanel

END_TURN = "__end_turn__"


class GameScreen(Screen[None]):
    BINDINGS = [
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
        Binding("e", "end_turn", "End turn"),
        Binding("escape", "leave", "Title"),
    ]

    def __init__(self, scenario: Scenario, *, seed: int = 0, state: GameState | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.state = state or new_game(scenario, seed)

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="side"):
                yield Static(id="date")
                yield MeterPanel(id="meters")
            with Vertical(id="main"):
                with VerticalScroll(id="card-scroll"):
                    yield Markdown(id="card", open_links=False)
                yield OptionList(id="options")
                yield Static(id="result")
        yield Log(id="timeline", auto_scroll=True)
        yield Footer()

    def on_mount(self) -> None:
        self._log_notes(0)
        self.show()

    def show(self) -> None:
        state = self.state
        prompt = pending(state)
        if prompt is None:
            from game.tui.screens.ending import EndingScreen

            self.app.switch_screen(EndingScreen(state))
            return
        when = f"{month_name(state, state.turn)}\nTurn {state.turn} of {state.scenario.turns}"
        self.query_one("#date", Static).update(Content(when))
        self.query_one("#meters", MeterPanel).show(state)
        card = self.query_one("#card", Markdown)
        options = self.query_one("#options", OptionList)
        options.clear_options()
        if isinstance(prompt, EventPrompt):
            card.update(f"## {prompt.event.title}\n\n{prompt.event.text}")
            for number, option in enumerate(prompt.options, start=1):
                options.add_option(_option(number, option))
        else:
            left = prompt.remaining
            card.update("## Standing actions\n\n"
                        + (f"You may take {left} more action{'s' if left != 1 else ''} this turn, "
                           "or end the turn." if left else "No more actions this turn."))
            for number, option in enumerate(prompt.options, start=1):
                options.add_option(_option(number, option))
            options.add_option(Option(Content(f"{len(prompt.options) + 1}. End the turn (e)"), id=END_TURN))
        options.highlighted = next((i for i, o in enumerate(options.options) if not o.disabled), None)
        options.focus()

    def decide(self, decision: str | None) -> None:
        before = self.state
        self.state = step(before, decision)
        self._log_notes(len(before.timeline or ()))
        if self.state.turn != before.turn or self.state.over:
            self._autosave()
        self.show()

    def _log_notes(self, start: int) -> None:
        notes = (self.state.timeline or ())[start:]
        result = [n.text for n in notes if n.kind in ("choice", "outcome", "action") and n.text]
        self.query_one("#result", Static).update(Content(" ".join(result)))
        log = self.query_one("#timeline", Log)
        for note in notes:
            if note.text:
                log.write_line(f"T{note.turn} {note.kind}: {' '.join(note.text.split())}")

    def _autosave(self) -> None:
        try:
            saves.write_save(saves.autosave_path(paths.save_folder(), self.scenario.id), self.state,
                             player="player")
        except saves.SaveError as error:
            self.notify(str(error), title="Autosave failed", severity="warning", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.decide(None if event.option.id == END_TURN else event.option.id)

    def action_pick(self, number: int) -> None:
        options = self.query_one("#options", OptionList)
        if number <= options.option_count and not options.get_option_at_index(number - 1).disabled:
            option = options.get_option_at_index(number - 1)
            self.decide(None if option.id == END_TURN else option.id)

    def action_end_turn(self) -> None:
        if isinstance(pending(self.state), ActionPrompt):
            self.decide(None)
        else:
            self.notify("Answer this turn's events first.")

    def action_leave(self) -> None:
        self.app.pop_screen()


def _option(number: int, option) -> Option:
    label = f"{number}. {option.label}"
    if not option.available:
        label += f"  (requires {option.requires})" if option.requires else "  (not now)"
    return Option(Content(label), id=option.id, disabled=not option.available)
