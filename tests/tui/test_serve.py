"""`crossroads serve`: the game's page is served to a browser on this machine, and only from it."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.read()


@pytest.fixture(scope="module")
def served():
    """A running `crossroads serve`: (its address, the page it serves, what it printed)."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "game", "serve", "tutorial", "--seed", "7", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    origin = f"http://127.0.0.1:{port}"
    try:
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not page:
            try:
                page = _fetch(f"{origin}/").decode("utf-8")
            except OSError:
                time.sleep(0.3)
        yield origin, page
    finally:
        server.terminate()
        printed = server.communicate(timeout=10)[0]
    assert f"{origin}/" in printed, "serve prints the address to give students"


def test_serve_answers_a_browser_with_the_game_page(served):
    origin, page = served
    assert "Crossroads" in page and "<html" in page.lower()
    assert 'id="terminal"' in page and f'data-session-websocket-url="ws://127.0.0.1:{origin.rsplit(":", 1)[1]}/ws"' \
        in page, "the page still carries what textual.js needs to open the game"


def test_the_page_fetches_nothing_from_a_third_party(served):
    origin, page = served
    assert "googleapis" not in page and "gstatic" not in page, "no Google Fonts"
    addresses = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""", page)
    fetched = [a or b for a, b in addresses]
    assert fetched, "the page's scripts, styles and font were found"
    assert all(address.startswith(f"{origin}/") for address in fetched), fetched
    assert not re.search(r"\b(?:https?:)?//(?!127\.0\.0\.1:)", page.replace("ws://127.0.0.1:", "")), \
        "no other address appears on the page at all"


def test_the_font_the_page_names_is_served_by_this_server(served):
    origin, page = served
    fonts = re.findall(r"""url\(\s*["']?([^"')]+\.ttf)""", page)
    assert fonts
    for font in fonts:
        assert len(_fetch(font)) > 10_000, f"{font} is served"


def test_serve_refuses_a_scenario_that_does_not_exist(capsys):
    from game.cli import main

    assert main(["serve", "no-such-scenario"]) == 2
    assert "no scenario file or shipped scenario" in capsys.readouterr().err
