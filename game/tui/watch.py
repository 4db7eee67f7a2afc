"""Noticing that a scenario file changed on disk, for `crossroads play FILE --watch`.

Polling the file's modification time and size is enough for an author saving
in an editor, and needs no new dependency; the app looks on a Textual timer.
"""

from __future__ import annotations

import os
from pathlib import Path


class ScenarioWatcher:
    """`changed()` is true once after each change to the file (including its removal and return)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last = self._signature()

    def _signature(self) -> tuple[int, int] | None:
        try:
            status = os.stat(self.path)
        except (OSError, ValueError):
            return None
        return status.st_mtime_ns, status.st_size

    def changed(self) -> bool:
        now = self._signature()
        if now == self._last:
            return False
        self._last = now
        return now is not None  # a file being replaced may vanish for a moment: wait for it to return
