"""Full simulated games per second on a scenario, with the `random` and `first` policies.

    python benchmarks/simulate.py [SCENARIO] [--games N] [--repeat R]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from game.engine import load_scenario, new_game
from game.engine.policies import POLICIES, play


def measure(scenario, policy, record: bool, games: int) -> tuple[float, int]:
    started = time.perf_counter()
    steps = 0
    for seed in range(games):
        for _ in play(new_game(scenario, seed, record=record), policy):
            steps += 1
    return time.perf_counter() - started, steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", nargs="?", default="scenarios/tutorial.toml")
    parser.add_argument("--games", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    for name, policy in POLICIES.items():
        for record in (False, True):
            elapsed, steps = min(measure(scenario, policy, record, args.games) for _ in range(args.repeat))
            print(f"{name:>6} policy, record={record!s:5}: {args.games} games in {elapsed:.2f} s "
                  f"= {args.games / elapsed:,.0f} games/s ({steps / elapsed:,.0f} transitions/s), "
                  f"best of {args.repeat}")
    tracemalloc.start()
    for _ in play(new_game(scenario, 1), POLICIES["random"]):
        pass
    _, peak = tracemalloc.get_traced_memory()
    print(f"peak traced memory of one recorded game: {peak / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
