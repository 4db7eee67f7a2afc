"""Browser play for a classroom: the same app, served to web browsers by textual-serve.

Each browser tab that opens the page starts its own game process on this machine
(`python -m game …`), so students need nothing installed but a browser.

The page is our own template (web/app_index.html): textual-serve's links its font
from Google Fonts, a request to a third party from every student's browser that
fails without the internet. Ours takes the same font from this server.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from pathlib import Path

PAGE_TEMPLATES = Path(__file__).parent / "web"  # app_index.html, the one template textual-serve renders
_EVERYWHERE = ("0.0.0.0", "::", "")


def serve(host: str, port: int, play_args: list[str], public_url: str | None = None) -> int:
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "game", *play_args])
    # The page tells the browser where to fetch its scripts and open its websocket: that must be
    # an address students can reach, never 0.0.0.0 (which means "every interface" only to a server).
    url = (public_url or f"http://{reachable_name(host)}:{port}").rstrip("/")
    print(f"Crossroads is served at {url}/ (each tab is its own game); Ctrl+C stops it.", flush=True)
    Server(command, host=host, port=port, title="Crossroads", public_url=url,
           templates_path=PAGE_TEMPLATES).serve()  # an absolute path replaces textual-serve's folder
    return 0


def reachable_name(host: str) -> str:
    """The address to give students: this machine's network address when listening everywhere."""
    if host not in _EVERYWHERE:
        return host
    try:
        found = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except OSError:
        found = set()
    usable = sorted(a for a in found if not ipaddress.ip_address(a).is_loopback)
    return usable[0] if usable else socket.gethostname()
