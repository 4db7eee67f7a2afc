"""Time of `crossroads lint`'s work (load, reasoning, warnings) in one process.

    python benchmarks/lint.py [--events 1000]

Lints every shipped scenario and a generated scenario of many events (the one
benchmarks/load_large.py loads), best and median of 5, and reports how much of
it is the loading that `validate` does too. Times are CPU time of this process
(time.process_time), so a busy machine does not inflate them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from game import paths
from game.engine import load_scenario_bytes
from game.tools.lint import lint_source

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_large import generate  # noqa: E402  (a sibling script, not a package)


def measure(source: bytes, name: str) -> str:
    loads, lints = [], []
    for _ in range(5):
        started = time.process_time()
        scenario = load_scenario_bytes(source, name)
        loads.append(time.process_time() - started)
        started = time.process_time()
        warnings = lint_source(source, name)
        lints.append(time.process_time() - started)
    return (f"{name}: {scenario.turns} turns, {len(scenario.events)} events — lint CPU best {min(lints) * 1000:,.0f} ms, "
            f"median {statistics.median(lints) * 1000:,.0f} ms (of which loading {min(loads) * 1000:,.0f} ms); "
            f"{len(warnings)} warning(s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    for path in paths.shipped_scenario_files():
        print(measure(path.read_bytes(), path.name))
    print(measure(generate(args.events).encode("utf-8"), f"generated-{args.events}.toml"))


if __name__ == "__main__":
    main()
