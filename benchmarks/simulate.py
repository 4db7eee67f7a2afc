"""Whole simulated games per second on one core, and `crossroads simulate --jobs` scaling.

    python benchmarks/simulate.py [SCENARIO] [--games N] [--repeat R] [--runs N] [--jobs 1 2]

SCENARIO defaults to the flagship (scenarios/crossroads-2015.toml), or to a
generated scenario of the same size (benchmarks/flagship_like.py) with
`--generated`. Three measurements:

1. one core, in one process: the immutable transitions through prompts
   (`policies.play`, what `run` and the app use) against the fast path
   (`fastplay.play_game`, what `simulate` uses), for the random and first
   policies; best of R, as games per second of wall time and of CPU time
   (CPU time is steadier on a shared machine);
2. `crossroads simulate SCENARIO --runs N --jobs K --json` as a whole process
   (start-up, loading and the comparison games included), wall time, for each K;
3. peak traced memory of one recorded game.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from game.engine import load_scenario, new_game
from game.engine.fastplay import play_game
from game.engine.policies import play, policy_named

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def immutable(scenario, policy, seeds) -> int:
    steps = 0
    for seed in seeds:
        for _ in play(new_game(scenario, seed, record=False), policy):
            steps += 1
    return steps


def fast(scenario, policy, seeds) -> int:
    return sum(len(play_game(scenario, seed, policy).decisions) for seed in seeds)


def best_of(repeat: int, work) -> tuple[float, float, int]:
    """(best wall seconds, best CPU seconds, transitions)."""
    walls, cpus = [], []
    steps = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        steps = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "crossroads-2015.toml"))
    parser.add_argument("--generated", action="store_true", help="use benchmarks/flagship_like.py's scenario")
    parser.add_argument("--games", type=int, default=1000, help="games per one-core measurement")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runs", type=int, default=10_000, help="games for the whole-process --jobs runs")
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    args = parser.parse_args()
    path = Path(args.scenario)
    if args.generated:
        from flagship_like import generate

        path = Path(tempfile.mkdtemp()) / "flagship-like.toml"
        path.write_text(generate(), encoding="utf-8")
    scenario = load_scenario(path)
    print(f"{path.name}: {scenario.turns} turns, {len(scenario.events)} events, {len(scenario.rules)} rules, "
          f"{len(scenario.actions)} actions, {len(scenario.endings)} endings; {os.cpu_count()} CPUs")
    seeds = range(args.games)
    for name in ("random", "first"):
        policy = policy_named(name, scenario)
        for label, way in (("immutable", immutable), ("fast path", fast)):
            wall, cpu, steps = best_of(args.repeat, lambda: way(scenario, policy, seeds))
            print(f"  {name:>6} {label:<9}: {args.games / wall:7,.0f} games/s wall, {args.games / cpu:7,.0f} "
                  f"games/s CPU, {steps / args.games:5.1f} transitions a game, {steps / cpu:9,.0f} transitions/s CPU")
    for jobs in args.jobs:
        command = [sys.executable, "-m", "game", "simulate", str(path), "--runs", str(args.runs),
                   "--jobs", str(jobs), "--json"]
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        print(f"  crossroads simulate --runs {args.runs:,} --jobs {jobs}: {time.perf_counter() - started:.2f} s "
              f"wall (whole process)")
    tracemalloc.start()
    for _ in play(new_game(scenario, 1), policy_named("random", scenario)):
        pass
    _, peak = tracemalloc.get_traced_memory()
    print(f"  peak traced memory of one recorded game: {peak / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
