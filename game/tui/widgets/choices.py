"""The list of numbered choices or actions: an OptionList whose arrow keys also reveal
unavailable options at either end, which the cursor itself skips."""

from __future__ import annotations

from textual.widgets import OptionList


class ChoiceList(OptionList):
    def _enabled(self) -> list[int]:
        return [index for index, option in enumerate(self.options) if not option.disabled]

    def action_cursor_up(self) -> None:
        enabled = self._enabled()
        if enabled and self.highlighted == enabled[0] and self.scroll_y > 0:
            self.scroll_home(animate=False)  # show what lies above instead of wrapping round
            return
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        enabled = self._enabled()
        if enabled and self.highlighted == enabled[-1] and self.scroll_y < self.max_scroll_y:
            self.scroll_end(animate=False)
            return
        super().action_cursor_down()

    # Page keys before the list has been laid out (a key typed ahead onto a screen still
    # being built) find no lines to page through: Textual's OptionList would fail on them.
    def action_page_up(self) -> None:
        if self.scrollable_content_region.height:
            super().action_page_up()

    def action_page_down(self) -> None:
        if self.scrollable_content_region.height:
            super().action_page_down()
