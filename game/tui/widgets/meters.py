"""The meters panel: one row per visible meter with bar, value, recent changes and warnings.

Colour never carries the meaning alone: changes have signs, warnings have a
mark and a word. Clicking a meter asks the screen to explain why it moved.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from game.engine import GameState
from game.engine.model import Meter
from game.present import meter_warning

BAR_WIDTH = 8


def meter_text(meter: Meter, value: int, *, last: int = 0, turn: int = 0, width: int = 23) -> Text:
    """Three lines: the label (with a warning word when past the author's level),
    the bar with the value and the change from the last decision, and the change
    since the turn began."""
    warning = meter_warning(meter, value)
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    label = meter.label
    room = width - (len(warning) + 3 if warning else 0)
    if len(label) > room:
        label = label[: max(room - 1, 1)] + "…"
    text.append(label, style="bold")
    if warning:
        text.append(f" ⚠ {warning}", style="bold reverse red")
    text.append("\n")
    span = meter.max - meter.min
    filled = round(BAR_WIDTH * (value - meter.min) / span) if span else BAR_WIDTH
    filled = min(max(filled, 0), BAR_WIDTH)
    text.append("█" * filled, style="red" if warning else "green")
    text.append("░" * (BAR_WIDTH - filled), style="dim")
    text.append(f" {value:>3}")
    if last:
        text.append(f" {last:+d}", style="bold green" if last > 0 else "bold red")
    text.append("\n")
    if turn:
        text.append(f"{'':{BAR_WIDTH}} this turn {turn:+d}", style="dim")
    return text


class MeterRow(Static):
    """One meter; its number (1, 2, …) is its place among the visible meters."""

    class Selected(Message):
        def __init__(self, meter_id: str) -> None:
            super().__init__()
            self.meter_id = meter_id

    def __init__(self, meter: Meter, number: int) -> None:
        super().__init__(id=f"meter-{meter.id}", classes="meter")
        self.meter, self.number = meter, number
        self.value: int | None = None

    def show(self, value: int, *, last: int, turn: int) -> None:
        self.value = value
        self.set_class(meter_warning(self.meter, value) is not None, "warned")
        self.update(meter_text(self.meter, value, last=last, turn=turn,
                               width=max(self.content_size.width, 20) if self.size.width else 23))

    def on_click(self) -> None:
        self.post_message(self.Selected(self.meter.id))


def visible_meters(state: GameState) -> list[Meter]:
    return [m for m in state.scenario.meters.values() if not m.hidden]


class MeterPanel(Vertical):
    """Holds a MeterRow for each visible meter, mounted once and updated in place."""

    def __init__(self, state: GameState, **kwargs) -> None:
        super().__init__(**kwargs)
        self._state = state

    def compose(self):
        # Each row holds its value from the start: the screen's first `show` (which adds the
        # changes) may come a frame after a row is first drawn, or read.
        start = self._state.history[-1]
        for number, meter in enumerate(visible_meters(self._state), start=1):
            row = MeterRow(meter, number)
            value = self._state.meters[meter.id]
            row.show(value, last=0, turn=value - start.get(meter.id, value))
            yield row

    def show(self, state: GameState, last: Mapping[str, int]) -> None:
        """`last`: meters before the last decision (the turn's start when there was none)."""
        start = state.history[-1]
        for row in self.query(MeterRow):
            meter_id = row.meter.id
            value = state.meters[meter_id]
            row.show(value, last=value - last.get(meter_id, value), turn=value - start.get(meter_id, value))
