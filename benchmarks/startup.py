"""Cold start to an interactive title screen, against a bare Textual app, in the same run.

Each sample is a fresh Python process that imports the app, runs it headless and
exits when Textual reports the first frame shown (the `Ready` event).

    python benchmarks/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BARE = """
from textual.app import App
from textual.widgets import Static
class Probe(App):
    def compose(self):
        yield Static("hello")
    def on_ready(self):
        self.exit()
Probe().run(headless=True)
"""

CROSSROADS = """
from game.tui.app import CrossroadsApp
class Probe(CrossroadsApp):
    def on_ready(self):
        self.call_after_refresh(self.exit)
Probe().run(headless=True)
"""


def sample(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    sample(BARE), sample(CROSSROADS)  # warm the file cache and bytecode
    results = {"bare Textual app": [], "crossroads title": []}
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        results["bare Textual app"].append(sample(BARE))
        results["crossroads title"].append(sample(CROSSROADS))
    for name, times in results.items():
        print(f"{name:>17}: median {statistics.median(times) * 1000:.0f} ms, "
              f"min {min(times) * 1000:.0f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
