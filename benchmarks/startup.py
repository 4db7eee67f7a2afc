"""Cold start to an interactive title screen and to the first game screen, against a bare Textual app.

Each sample is a fresh Python process that imports the app, runs it headless and
exits when Textual reports the first frame shown (the `Ready` event), or, for
the game, once the game screen of the flagship (after its briefing) has been drawn.
The goals (issue 6): the title within 1.3× the bare app, the first game screen within 2.0×.

The game is started as typed, `crossroads play crossroads-2015` through `game.cli.main`,
with the app class swapped for one that presses Enter on the briefing and exits.
Children keep compiled bytecode in a temporary PYTHONPYCACHEPREFIX, written by the
warm-up round, as an installed game keeps it beside its modules: without it (this
machine sets PYTHONDONTWRITEBYTECODE) every sample compiled the game's modules
afresh while Textual's came precompiled. `--no-bytecode` measures that way instead.

    python benchmarks/startup.py [--runs 10] [--before DIR] [--no-bytecode]

`--before DIR` adds the first game screen run from another copy of the checkout
(its `game` package imported from DIR), interleaved with the rest: before and after
a change, on the same machine load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
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

# The app class swapped for a probe as a command imports game.tui.app (an import hook), so
# that the command runs as typed and Textual is imported where and when the command imports it.
SWAP_THE_APP = """
import importlib.machinery, sys
def swap_the_app(install_probe):
    class SwapTheApp(importlib.machinery.PathFinder):
        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name != "game.tui.app":
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path, target)
            load = spec.loader.exec_module
            def exec_module(module):
                load(module)
                install_probe(module)
            spec.loader.exec_module = exec_module
            return spec
    sys.meta_path.insert(0, SwapTheApp)
"""

# `crossroads` as typed, through game.cli.main: until the title's first frame, one refresh later.
CROSSROADS_CLI = SWAP_THE_APP + """
import game.cli
def install_probe(app):
    class Probe(app.CrossroadsApp):
        def run(self, **options):
            return super().run(headless=True)
        def on_ready(self):
            self.call_after_refresh(self.exit)
    app.CrossroadsApp = Probe
swap_the_app(install_probe)
code = game.cli.main([])
if code:
    sys.exit(f"the probe did not show the title (exit code {code})")
"""

# `crossroads play crossroads-2015 --seed 1`, then Enter on the briefing: until the game
# screen is drawn. The command runs as typed; the app class is swapped for the probe as
# the command imports game.tui.app (an import hook), so Textual is imported where and
# when the command imports it.
FIRST_GAME = SWAP_THE_APP + """
import tempfile
import game.cli
reached = []
def install_probe(app):
    class Probe(app.CrossroadsApp):
        def run(self, **options):
            return super().run(headless=True)
        def on_ready(self):
            self.screen.action_begin()  # Enter on the briefing
            self.set_interval(0.002, self.check)
        def check(self):
            from game.tui.screens.game import GameScreen
            if isinstance(self.screen, GameScreen) and self.screen.is_mounted and not reached:
                reached.append(True)
                self.call_after_refresh(self.exit)
    app.CrossroadsApp = Probe
swap_the_app(install_probe)
with tempfile.TemporaryDirectory() as saves:
    code = game.cli.main(["play", "crossroads-2015", "--seed", "1", "--saves-dir", saves])
if code or not reached:
    sys.exit(f"the probe did not reach the game screen (exit code {code})")
"""


def sample(code: str, folder: str | None = None, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds (user + system) of the child process.

    On a busy, shared machine the wall clock mostly measures the neighbours;
    the CPU time of the process is the steadier figure for comparing apps.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=folder, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--before", metavar="DIR", help="also run the first game screen from this copy of the checkout")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="compile every module in every sample, as under PYTHONDONTWRITEBYTECODE")
    args = parser.parse_args()
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    probes = {"bare Textual app": (BARE, here), "bare, refresh later": (BARE_AFTER_REFRESH, here),
              "crossroads title": (CROSSROADS, here), "title via the CLI": (CROSSROADS_CLI, here),
              "first game screen": (FIRST_GAME, here)}
    if args.before:
        probes["first game, --before"] = (FIRST_GAME, os.path.abspath(args.before))
    with tempfile.TemporaryDirectory() as bytecode:
        env = dict(os.environ)
        if not args.no_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = bytecode
        for code, folder in probes.values():  # warm the file cache and write the bytecode
            sample(code, folder, env)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in probes}
        for _ in range(args.runs):  # interleaved, so all see the same machine load
            for name, (code, folder) in probes.items():
                results[name].append(sample(code, folder, env))
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}; "
          f"bytecode {'compiled in every sample' if args.no_bytecode else 'kept between samples'}")
    bare_wall = statistics.median(w for w, _ in results["bare Textual app"])
    bare_cpu = statistics.median(c for _, c in results["bare Textual app"])
    print(f"medians of {args.runs} interleaved runs; ratios to the bare app in the same run")
    for name, samples in results.items():
        wall = statistics.median(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        print(f"{name:>20}: wall {wall * 1000:5.0f} ms ({wall / bare_wall:.2f}×, min "
              f"{min(w for w, _ in samples) * 1000:.0f} ms)   CPU {cpu * 1000:5.0f} ms ({cpu / bare_cpu:.2f}×)")


if __name__ == "__main__":
    main()
