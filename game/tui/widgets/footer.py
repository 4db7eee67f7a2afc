"""The footer of every screen: Textual's `Footer`, whose keys start in the footer's own style.

Each key of Textual's footer starts out compact (the default of its `compact`) and is
then bound to the footer's style, which is not compact: its class changes twice as it
mounts, and each change restyles it. A footer is composed again whenever the screen's
keys change: before the first game screen, 17 keys and 31 restyles, 11 ms of CPU, 3% of
the start-up (docs/benchmarks.md). Here each key is given the footer's style before it
mounts (only the keys bound to the footer's style: the command palette's key keeps its
own), so its watcher has nothing to change; it looks and works the same. Should a later
Textual bind keys otherwise, nothing is given and the keys mount as before.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):  # named Footer: Textual's stylesheet rules for `Footer` apply as they are
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            compact = type(widget).__dict__.get("compact")  # a key's own `compact`, not the footer's
            bound = getattr(widget, "_reactive_connect", None) or {}  # what `data_bind` tied to the footer
            if not self.compact and isinstance(compact, Reactive) and "compact" in bound:
                widget.set_reactive(compact, False)  # the command palette's key is not bound: left as it is
            yield widget
