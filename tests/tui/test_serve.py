"""`crossroads serve`: the game's page is served to a browser on this machine."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_a_browser_with_the_game_page():
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "game", "serve", "tutorial", "--seed", "7", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert "Crossroads" in page and "<html" in page.lower()
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{port}/" in output


def test_serve_refuses_a_scenario_that_does_not_exist(capsys):
    from game.cli import main

    assert main(["serve", "no-such-scenario"]) == 2
    assert "no scenario file or shipped scenario" in capsys.readouterr().err
