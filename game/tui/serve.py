"""Browser play for a classroom: the same app, served to web browsers by textual-serve.

Each browser tab that opens the page starts its own game process on this machine
(`python -m game …`), so students need nothing installed but a browser.
"""

from __future__ import annotations

import shlex
import sys


def serve(host: str, port: int, play_args: list[str]) -> int:
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "game", *play_args])
    print(f"Crossroads is served at http://{host}:{port}/ (each tab is its own game); Ctrl+C stops it.",
          flush=True)
    Server(command, host=host, port=port, title="Crossroads").serve()
    return 0
