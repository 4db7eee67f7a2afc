"""Why a meter moved: every change to it with its cause and turn, from the engine's cause log, and a chart."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine import GameState
from game.present import cause_words, month_name
from game.tui.widgets.charts import MeterChart
from game.tui.widgets.meters import visible_meters
from game.tui.widgets.footer import Footer


def meter_series(state: GameState, meter_id: str) -> list[int]:
    """The meter at the start, at the close of each turn, and now."""
    series = [meters[meter_id] for meters in state.history]
    if not state.over and not state.final:
        series.append(state.meters[meter_id])
    return series


def why_lines(state: GameState, meter_id: str) -> list[Content]:
    scenario = state.scenario
    meter = scenario.meters[meter_id]
    changes = [c for c in (state.changes or ()) if c.target == meter_id]
    lines = []
    if not changes:
        lines.append(Content("It has not moved yet."))
    for change in changes:
        delta = change.after - change.before
        lines.append(Content.assemble(
            (f"Turn {change.turn}", "bold"), f" ({month_name(state, change.turn)})  ",
            (f"{delta:+d}", "bold"), f"  {change.before} → {change.after}\n    ",
            cause_words(change, scenario),
        ))
    return [Content.assemble((meter.label, "bold"), f": {state.meters[meter_id]} now, "
                             f"{meter.start} at the start (range {meter.min}–{meter.max})"),
            Content(" ".join(meter.description.split())), Content(""), *lines]


class WhyScreen(ModalScreen[None]):
    """Opened with `m` or a click on a meter; digits and ←/→ switch meters."""

    CSS_PATH = Path(__file__).parent.parent / "game.tcss"
    BINDINGS = [
        Binding("escape,enter,q,m", "dismiss", "Close"),
        Binding("left", "cycle(-1)", "Previous meter"),
        Binding("right", "cycle(1)", "Next meter"),
        *(Binding(str(n), f"meter({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, state: GameState, meter_id: str) -> None:
        super().__init__()
        self.state = state
        self.meter_ids = [m.id for m in visible_meters(state)]
        self.meter_id = meter_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="why"):
            yield Static(id="why-tabs")
            yield MeterChart([], low=0, high=100, id="why-chart")  # its range is set per meter in show()
            yield Static(id="why-chart-caption")
            yield Static(id="why-body")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#why", VerticalScroll).focus()

    def show(self) -> None:
        state = self.state
        tabs = []
        for number, meter_id in enumerate(self.meter_ids, start=1):
            label = f" {number} {state.scenario.meters[meter_id].label} "
            tabs.append((label, "reverse bold") if meter_id == self.meter_id else label)
        self.query_one("#why-tabs", Static).update(Content.assemble(*tabs))
        series = meter_series(state, self.meter_id)
        meter = state.scenario.meters[self.meter_id]
        chart = self.query_one("#why-chart", MeterChart)
        chart.low, chart.high = meter.min, meter.max
        chart.data = series
        self.query_one("#why-chart-caption", Static).update(Content(
            f"From {series[0]} at the start to {series[-1]} now, turn by turn (lowest {min(series)}, "
            f"highest {max(series)}); the chart's height is the meter's range, {meter.min}–{meter.max}."))
        self.query_one("#why-body", Static).update(Content("\n").join(why_lines(state, self.meter_id)))

    def action_cycle(self, step: int) -> None:
        index = (self.meter_ids.index(self.meter_id) + step) % len(self.meter_ids)
        self.meter_id = self.meter_ids[index]
        self.show()

    def action_meter(self, number: int) -> None:
        if number <= len(self.meter_ids):
            self.meter_id = self.meter_ids[number - 1]
            self.show()

    async def action_dismiss(self, result=None) -> None:
        # Keys typed quickly can queue a second close after the first: closing a screen that is
        # no longer on top would pop the game under it, so only the screen on top closes.
        if self.app.screen is self:
            self.dismiss(None)
