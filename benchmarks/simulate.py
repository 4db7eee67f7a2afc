"""Full simulated games per second on a scenario, with the `random` and `first` policies.

    python benchmarks/simulate.py [SCENARIO] [--games N]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from game.engine import load_scenario, new_game
from game.engine.policies import POLICIES, play


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", nargs="?", default="scenarios/tutorial.toml")
    parser.add_argument("--games", type=int, default=1000)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    for name, policy in POLICIES.items():
        for record in (False, True):
            started = time.perf_counter()
            steps = 0
            for seed in range(args.games):
                for _ in play(new_game(scenario, seed, record=record), policy):
                    steps += 1
            elapsed = time.perf_counter() - started
            print(f"{name:>6} policy, record={record!s:5}: {args.games} games in {elapsed:.2f} s "
                  f"= {args.games / elapsed:,.0f} games/s ({steps / elapsed:,.0f} transitions/s)")
    tracemalloc.start()
    for _ in play(new_game(scenario, 1), POLICIES["random"]):
        pass
    _, peak = tracemalloc.get_traced_memory()
    print(f"peak traced memory of one recorded game: {peak / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
