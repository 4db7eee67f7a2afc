"""Cold start to an interactive title screen and to the first game screen, against a bare Textual app.

Each sample is a fresh Python process that imports the app, runs it headless and
exits when Textual reports the first frame shown (the `Ready` event), or, for
the game, once the game screen of the flagship (after its briefing) has been drawn.
The goals (issue 6): the title within 1.3× the bare app, the first game screen within 2.0×.

    python benchmarks/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import resource
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

# The same bare app, exiting one refresh after Ready as the title probe does (so that its
# menu is drawn): how much of the title's ratio is the probe rather than the app.
BARE_AFTER_REFRESH = """
from textual.app import App
from textual.widgets import Static
class Probe(App):
    def compose(self):
        yield Static("hello")
    def on_ready(self):
        self.call_after_refresh(self.exit)
Probe().run(headless=True)
"""

CROSSROADS = """
from game.tui.app import CrossroadsApp
class Probe(CrossroadsApp):
    def on_ready(self):
        self.call_after_refresh(self.exit)
Probe().run(headless=True)
"""

# `crossroads` as typed: the command-line module first, then the same title screen.
CROSSROADS_CLI = """
import game.cli
from game.tui.app import CrossroadsApp
class Probe(CrossroadsApp):
    def on_ready(self):
        self.call_after_refresh(self.exit)
Probe().run(headless=True)
"""

# `crossroads play crossroads-2015`, then Enter on the briefing: until the game screen is drawn.
FIRST_GAME = """
import tempfile
import game.cli
from game import paths
from game.tui.app import CrossroadsApp
files = {p.stem: p for p in paths.shipped_scenario_files()}
flagship = files.get("crossroads-2015") or files["tutorial"]
class Probe(CrossroadsApp):
    seen = False
    def on_ready(self):
        self.screen.action_begin()  # Enter on the briefing
        self.set_interval(0.002, self.check)
    def check(self):
        from game.tui.screens.game import GameScreen
        if isinstance(self.screen, GameScreen) and self.screen.is_mounted and not self.seen:
            self.seen = True
            self.call_after_refresh(self.exit)
with tempfile.TemporaryDirectory() as saves:
    scenario = game.cli.load_scenario(flagship)
    Probe(scenario=scenario, seed=1, saves_dir=saves).run(headless=True)
"""


def sample(code: str) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds (user + system) of the child process.

    On a busy, shared machine the wall clock mostly measures the neighbours;
    the CPU time of the process is the steadier figure for comparing apps.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    probes = {"bare Textual app": BARE, "bare, refresh later": BARE_AFTER_REFRESH, "crossroads title": CROSSROADS,
              "title via the CLI": CROSSROADS_CLI, "first game screen": FIRST_GAME}
    for code in probes.values():  # warm the file cache and bytecode
        sample(code)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in probes}
    for _ in range(args.runs):  # interleaved, so all see the same machine load
        for name, code in probes.items():
            results[name].append(sample(code))
    bare_wall = statistics.median(w for w, _ in results["bare Textual app"])
    bare_cpu = statistics.median(c for _, c in results["bare Textual app"])
    print(f"medians of {args.runs} interleaved runs; ratios to the bare app in the same run")
    for name, samples in results.items():
        wall = statistics.median(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        print(f"{name:>18}: wall {wall * 1000:5.0f} ms ({wall / bare_wall:.2f}×, min "
              f"{min(w for w, _ in samples) * 1000:.0f} ms)   CPU {cpu * 1000:5.0f} ms ({cpu / bare_cpu:.2f}×)")


if __name__ == "__main__":
    main()
