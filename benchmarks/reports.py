"""Time to build classroom reports on the flagship.

    python benchmarks/reports.py [SCENARIO] [--continuations N] [--saves N]

1. One after-action report with counterfactuals (every event decision, N random
   continuations per choice) of a random game of the scenario.
2. A class report over `--saves` saved games, read and verified by replay.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from game import saves
from game.engine import load_scenario, new_game
from game.engine.policies import POLICIES, play
from game.tools.class_report import class_report, collect
from game.tools.report import report


def finished(scenario, seed):
    state = new_game(scenario, seed)
    for state in play(state, POLICIES["random"]):
        pass
    return state


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", nargs="?", default="scenarios/crossroads-2015.toml")
    parser.add_argument("--continuations", type=int, default=100)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)

    state = finished(scenario, 5)
    decisions = sum(d.kind == "event" for d in state.decisions)
    started, cpu = time.perf_counter(), time.process_time()
    text = report(state, "Benchmark", "html", args.continuations)
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"report --format html, {decisions} event decisions, {args.continuations} continuations each: "
          f"{took:.2f} s wall, {cpu:.2f} s CPU ({len(text) // 1024} KiB)")

    with tempfile.TemporaryDirectory() as folder:
        for seed in range(args.saves):
            saves.write_save(Path(folder) / f"s{seed:03d}.toml", finished(scenario, seed), player=f"P{seed:03d}")
        started, cpu = time.perf_counter(), time.process_time()
        groups, rejected = collect([folder])
        text = class_report(groups, rejected, "md")
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"class-report over {args.saves} saves (read, replayed, verified, summarised): "
          f"{took:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
