"""Load-and-validate time of a generated scenario with many events.

    python benchmarks/load_large.py [--events 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from game.engine import load_scenario


def generate(events: int) -> str:
    parts = [
        'format = 1',
        '[scenario]',
        'id = "large"',
        'title = "Generated"',
        'summary = "A generated scenario for measuring the loader."',
        'start = 2015-05-01',
        'turns = 60',
        'events_per_turn = 2',
        '[meters.trust]\nlabel = "Trust"\nstart = 50',
        '[meters.alliance]\nlabel = "Alliance"\nstart = 50',
        '[flags]\nflag_a = "A flag."',
        '[endings.fallback]\ntitle = "End"\nkind = "draw"\ntext = "It ends."\nfallback = true',
        '[endings.lost]\ntitle = "Lost"\nkind = "defeat"\ntext = "Lost."\nwhen = "trust < 5"',
    ]
    for n in range(events):
        parts.append(f'''
[events.event_{n}]
title = "Event {n}"
text = """A generated event, number {n}, with a paragraph of text to parse."""
when = "turn >= {n % 60} and (trust > 10 or alliance > 10) and not flag_a"
chance = 0.5
priority = {n % 5}

[[events.event_{n}.choices]]
id = "up"
label = "Raise trust"
effects = {{ trust = 2, alliance = "-1 - trust / 50" }}
requires = "alliance >= 5"

[[events.event_{n}.choices]]
id = "down"
label = "Raise the alliance"
effects = {{ alliance = 2, trust = -1 }}
schedule = [{{ event = "event_{(n + 1) % events}", in = 2 }}]
''')
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.toml"
        path.write_text(generate(args.events))
        size = path.stat().st_size
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            load_scenario(path)
            timings.append(time.perf_counter() - started)
        tracemalloc.start()
        load_scenario(path)
        _, peak = tracemalloc.get_traced_memory()
    print(f"{args.events} events, {size / 1024:,.0f} KiB: load and validate best {min(timings) * 1000:.0f} ms, "
          f"median {sorted(timings)[2] * 1000:.0f} ms; peak traced memory {peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
