"""A choice key to the updated game screen, on the flagship (goal, issue 6: under 50 ms).

Runs the game screen headless at 80×24 in this process and plays the flagship
with the first available choice and action (by their digit keys) to the end,
seed 1. Each sample starts when the key event is handed to the app, as a
terminal would, and ends after the screen's next refresh following every
message the key caused (the binding, the decision, the updated widgets, the
re-mounted Markdown blocks, the layout). Ending the turn opens the turn report,
timed apart. Wall-clock time is what a player waits; on a shared machine the
CPU time of this process (`time.process_time`) is the steadier figure.

    python benchmarks/choice_latency.py [SCENARIO] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from textual import events
from textual.app import App

from game.engine import EventPrompt, load_scenario, pending
from game.tui.screens.ending import EndingScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.turn_report import TurnReportScreen

FLAGSHIP = Path(__file__).parents[1] / "scenarios" / "crossroads-2015.toml"


class Bench(App[None]):
    def __init__(self, scenario, seed: int) -> None:
        super().__init__()
        self.scenario, self.seed = scenario, seed

    def on_mount(self) -> None:
        self.push_screen(GameScreen(self.scenario, seed=self.seed))

    def autosave(self, state) -> None:
        """Saving is the app's business (a file write); this measures the screen."""


async def timed_key(pilot, key: str) -> tuple[float, float]:
    app = pilot.app
    wall, cpu = time.perf_counter(), time.process_time()
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)
    for _ in range(3):  # the key, then what its handlers posted, then the mounts those caused
        await pilot._wait_for_screen()
    await app.screen.wait_for_refresh()
    return time.perf_counter() - wall, time.process_time() - cpu


async def play(scenario, seed: int) -> tuple[list, list]:
    app = Bench(scenario, seed)
    choices, turns = [], []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(1000):
            screen = app.screen
            if isinstance(screen, EndingScreen):
                break
            if isinstance(screen, TurnReportScreen):
                await pilot.press("enter")
                continue
            prompt = pending(screen.state)
            if isinstance(prompt, EventPrompt):
                number = next(i for i, o in enumerate(prompt.options, 1) if o.available)
                choices.append(await timed_key(pilot, str(number)))
            elif prompt.remaining and any(o.available for o in prompt.options):
                number = next(i for i, a in enumerate(screen.state.scenario.actions, 1)
                              if any(o.id == a and o.available for o in prompt.options))
                if number > 9:
                    turns.append(await timed_key(pilot, "e"))
                    continue
                choices.append(await timed_key(pilot, str(number)))
            else:
                turns.append(await timed_key(pilot, "e"))
    return choices, turns


def describe(name: str, samples: list[tuple[float, float]]) -> str:
    walls = sorted(w * 1000 for w, _ in samples)
    cpus = sorted(c * 1000 for _, c in samples)
    p90 = walls[int(0.9 * (len(walls) - 1))]
    return (f"{name}: {len(samples)} keys; wall median {statistics.median(walls):.1f} ms, 90th percentile "
            f"{p90:.1f} ms, max {walls[-1]:.1f} ms; CPU median {statistics.median(cpus):.1f} ms, "
            f"max {cpus[-1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", nargs="?", default=str(FLAGSHIP))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    choices, turns = asyncio.run(play(scenario, args.seed))
    print(f"{scenario.title} ({Path(args.scenario).name}), seed {args.seed}, 80×24, headless")
    print(describe("choice or action key → updated game screen", choices))
    print(describe("end-turn key → turn report shown", turns))


if __name__ == "__main__":
    main()
