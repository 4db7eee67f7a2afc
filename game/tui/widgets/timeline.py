"""The game screen's timeline: lines of text appended at the bottom, wrapped to the width.

What Textual's `RichLog` does for the timeline (the game writes only `Text`, wrapped,
without markup), and drawn the same way, without the rest of it: the module of
`RichLog` imports `rich.pretty` (for writing any Python object), and that imports
attrs, 2% of the start-up to the first game screen (docs/benchmarks.md). Lines are
appended, never re-wrapped as a whole, so a decision costs only its new lines (a
`Static` holding the whole timeline made every choice key 9% slower).

The drawing code follows `textual.widgets.RichLog` of Textual 8 (MIT licence).
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from rich.measure import measure_renderables
from rich.segment import Segment
from rich.text import Text
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class _Deferred(NamedTuple):
    """A write made before the widget's width was known."""

    text: Text
    width: int | None


class Timeline(ScrollView, can_focus=True):
    """A log of `Text` lines, wrapped, kept scrolled to its end (as `RichLog(wrap=True, auto_scroll=True)`)."""

    DEFAULT_CSS = """
    Timeline {
        background: $surface;
        color: $foreground;
        overflow-y: scroll;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    def __init__(self, *, min_width: int = 78, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.min_width = min_width  # the width of a write that names none
        self.lines: list[Strip] = []
        self._line_cache: LRUCache[tuple[int, int, int, int], Strip] = LRUCache(1024)
        self._deferred: deque[_Deferred] = deque()
        self._widest_line_width = 0
        self._size_known = False

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    def on_resize(self, event: Resize) -> None:
        if event.size.width and not self._size_known:
            self._size_known = True
            while self._deferred:
                self.write(*self._deferred.popleft())

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.virtual_size.width if self._size_known else container.width

    def write(self, text: Text, width: int | None = None) -> Timeline:
        """Append `text` at the bottom, wrapped to `width` (or to the widget, at least `min_width`)."""
        if not self._size_known:  # every write waits until the width is known, in order
            self._deferred.append(_Deferred(text.copy(), width))
            return self
        text.expand_tabs()
        console = self.app.console
        options = console.options
        if width is None:
            width = min(measure_renderables(console, options, [text]).maximum,
                        self.scrollable_content_region.width)  # as wide as it is, shrunk to fit
            width = max(width, self.min_width)
        lines = list(Segment.split_lines(console.render(text, options.update_width(width))))
        if not lines:
            self._widest_line_width = max(width, self._widest_line_width)
            self.lines.append(Strip.blank(width))
        else:
            for strip in Strip.from_lines(lines):
                strip.adjust_cell_length(width)
                self.lines.append(strip)
            self._widest_line_width = max(self._widest_line_width,
                                          max(sum(segment.cell_length for segment in line) for line in lines))
        self.virtual_size = Size(self._widest_line_width, len(self.lines))
        self.scroll_end(animate=False, immediate=False, x_axis=False)
        return self

    def clear(self) -> Timeline:
        self.lines.clear()
        self._line_cache.clear()
        self._widest_line_width = 0
        self._deferred.clear()
        self.virtual_size = Size(0, 0)
        self.refresh()
        return self

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(scroll_y + y, scroll_x, self.scrollable_content_region.width).apply_style(
            self.rich_style)

    def _render_line(self, y: int, scroll_x: int, width: int) -> Strip:
        if y >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        key = (y, scroll_x, width, self._widest_line_width)
        line = self._line_cache.get(key)
        if line is None:
            line = self.lines[y].crop_extend(scroll_x, scroll_x + width, self.rich_style)
            self._line_cache[key] = line
        return line
