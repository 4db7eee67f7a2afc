"""The meters panel: bar, value and change since the turn began, for each visible meter."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from game.engine import GameState

BAR_WIDTH = 10


def meter_lines(state: GameState) -> Text:
    """Plain text, so that colour never carries the meaning alone."""
    text = Text()
    before = state.history[-1]  # meters when this turn began
    for meter_id, meter in state.scenario.meters.items():
        if meter.hidden:
            continue
        value = state.meters[meter_id]
        span = meter.max - meter.min
        filled = round(BAR_WIDTH * (value - meter.min) / span) if span else BAR_WIDTH
        delta = value - before.get(meter_id, value)
        text.append(f"{meter.label}\n", style="bold")
        text.append("█" * filled, style="green")
        text.append("░" * (BAR_WIDTH - filled), style="dim")
        text.append(f" {value:>3}")
        if delta:
            text.append(f" {'▲' if delta > 0 else '▼'}{delta:+d}", style="green" if delta > 0 else "red")
        text.append("\n")
    return text


class MeterPanel(Static):
    def show(self, state: GameState) -> None:
        self.update(meter_lines(state))
