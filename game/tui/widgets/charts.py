"""A meter's chart: Textual's Sparkline drawn against the meter's own range (min..max), not the data's.

Textual's Sparkline stretches whatever the data spans to the full height, so a
threat going from 20 to 22 on a 0..100 meter looks like a collapse. Here the bar
heights are the meter's value within its range, so the size of a change reads true.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.blank import Blank
from textual.renderables.sparkline import Sparkline as SparklineRenderable
from textual.widgets import Sparkline


class _BoundedRenderable(SparklineRenderable):
    """Textual's sparkline renderable, with fixed bounds instead of the data's own."""

    def __init__(self, data: Sequence[float], bounds: tuple[float, float], **options) -> None:
        super().__init__(data, **options)
        self.bounds = bounds

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = self.width or options.max_width
        height = self.height or 1
        low, high = self.bounds
        extent = high - low or 1
        bars = len(self.BARS)
        segments = bars * height - 1
        min_color, max_color = self.min_color.color, self.max_color.color
        buckets = tuple(self._buckets(list(self.data), num_buckets=width))
        step = len(buckets) / width
        for row in reversed(range(height)):
            row_low, row_high = row * bars, (row + 1) * bars
            index = 0.0
            for _ in range(width):
                ratio = min(1.0, max(0.0, (self.summary_function(buckets[int(index)]) - low) / extent))
                level = int(ratio * segments)
                index += step
                if level < row_low:
                    yield Segment(" ")
                    continue
                bar = "█" if level >= row_high else self.BARS[level % bars]
                color = Color.from_rich_color(min_color).blend(Color.from_rich_color(max_color), ratio)
                yield Segment(bar, Style(color=color.rich_color))
            if row > 0:
                yield Segment.line()


class MeterChart(Sparkline):
    """A Sparkline of a meter's values turn by turn, scaled to the meter's `low`..`high`."""

    def __init__(self, data: Sequence[float], *, low: float, high: float, **options) -> None:
        super().__init__(data, **options)
        self.low, self.high = low, high

    def render(self):
        data = list(self.data or [])
        if len(data) < 2:  # Textual draws one value as a full bar; one value is a level like any other
            data = data * 2
        if not data:
            return Blank()
        _, base = self.background_colors
        min_color = base + self.get_component_styles("sparkline--min-color").color
        max_color = base + self.get_component_styles("sparkline--max-color").color
        return _BoundedRenderable(data, (self.low, self.high), width=self.size.width, height=self.size.height,
                                  min_color=min_color.rich_color, max_color=max_color.rich_color,
                                  summary_function=self.summary_function)
