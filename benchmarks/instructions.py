"""Machine instructions a simulated game costs, counted by valgrind: a figure the neighbours' load does not move.

    python benchmarks/instructions.py [SCENARIO] [--games 300] [--policy random] [--before DIR]

Runs `valgrind --tool=callgrind` on a fresh Python that plays N games on the fast
path (`fastplay.play_game`) and on one that plays none, and prints the difference
per game. `--before DIR` counts another copy of the checkout (say, a `git worktree`
of an older commit) the same way, for a before/after comparison. Needs valgrind
(Debian: `apt-get install valgrind`); takes about half a minute per count.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLAY = """
import sys
from game.engine import load_scenario
from game.engine.fastplay import play_game
from game.engine.policies import policy_named
scenario = load_scenario(sys.argv[1])
policy = policy_named(sys.argv[2], scenario)
for seed in range(int(sys.argv[3])):
    play_game(scenario, seed, policy)
"""


def instructions(checkout: Path, scenario: str, policy: str, games: int) -> int:
    # A fixed hash seed: set and dict orders, and so the work, are the same in every run;
    # run from the checkout, since `python -c` puts the working folder first on the path.
    env = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONHASHSEED": "0"}
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           sys.executable, "-c", PLAY, scenario, policy, str(games)],
                          env=env, cwd=checkout, capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def per_game(checkout: Path, scenario: str, policy: str, games: int) -> float:
    return (instructions(checkout, scenario, policy, games) - instructions(checkout, scenario, policy, 0)) / games


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "crossroads-2015.toml"))
    parser.add_argument("--games", type=int, default=300)
    parser.add_argument("--policy", default="random")
    parser.add_argument("--before", type=Path, help="another checkout to count the same way")
    args = parser.parse_args()
    scenario = str(Path(args.scenario).resolve())
    now = per_game(ROOT, scenario, args.policy, args.games)
    print(f"{Path(scenario).name}, {args.policy}: {now / 1e6:.2f} M instructions a game (this checkout)")
    if args.before:
        before = per_game(args.before.resolve(), scenario, args.policy, args.games)
        print(f"{Path(scenario).name}, {args.policy}: {before / 1e6:.2f} M instructions a game ({args.before}); "
              f"this checkout needs {now / before:.0%} of them")


if __name__ == "__main__":
    main()
