"""`crossroads simulate`: play many games with a policy and say what the scenario does.

Game k (0-based) is exactly `crossroads run PATH --seed S+k --policy P`, so any
game in a report can be replayed and read. Games are played on the engine's
fast path (`game.engine.fastplay`) and counted into a `Tally`; tallies of
separate chunks of games add up, so `--jobs K` gives the same counts as one job.
Each ending's lowest seed is kept too, so a report can name a game to replay.

    simulate(source, name, policy, runs, seed, jobs) -> Tally
    report_lines(scenario, tally, comparison) / report_json(...)
    check_targets(scenario, source, name, seed, jobs) -> [TargetResult]
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import multiprocessing
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from game.engine import model
from game.engine.fastplay import play_game
from game.engine.loader import load_scenario_bytes
from game.engine.plan import plan_of
from game.engine.policies import policy_named
from game.engine.state import GameState

DEFAULT_RUNS = 1000
DEFAULT_SEED = 1
TARGET_RUNS = 500  # a [[balance]] target without `runs`
COMPARISON_RUNS = 200  # games per simple policy when looking for a dominant strategy
DOMINANCE_MARGIN = 0.20  # a simple policy that wins this much more often than random play dominates
Z95 = 1.959963984540054


# -- counting -----------------------------------------------------------------


@dataclass
class MeterRange:
    """One meter at one point of the game (start, or the close of a turn) over all games there."""

    low: int
    high: int
    total: int
    games: int

    def merge(self, other: MeterRange) -> None:
        self.low, self.high = min(self.low, other.low), max(self.high, other.high)
        self.total += other.total
        self.games += other.games


@dataclass
class Tally:
    """What a batch of games did. Tallies merge by adding, whatever the batches."""

    runs: int = 0
    endings: Counter = field(default_factory=Counter)  # ending id -> games
    ending_turns: dict[str, Counter] = field(default_factory=dict)  # ending id -> turn -> games
    turns_total: int = 0
    turns_min: int | None = None
    turns_max: int | None = None
    events: Counter = field(default_factory=Counter)  # event id -> times drawn
    choices: Counter = field(default_factory=Counter)  # "event.choice" -> times picked
    actions: Counter = field(default_factory=Counter)  # action id -> times taken
    # meter id -> point -> range; point 0 is the start, point t the close of turn t
    # (or where the meters stood when the game ended during turn t)
    meters: dict[str, list[MeterRange]] = field(default_factory=dict)
    first_seed: dict[str, int] = field(default_factory=dict)  # ending id -> lowest seed that reached it

    def add(self, state: GameState, draws: Iterable[tuple[str, ...]]) -> None:
        self.runs += 1
        self.endings[state.ending] += 1
        if state.ending not in self.first_seed or state.seed < self.first_seed[state.ending]:
            self.first_seed[state.ending] = state.seed
        self.ending_turns.setdefault(state.ending, Counter())[state.turn] += 1
        self.turns_total += state.turn
        self.turns_min = state.turn if self.turns_min is None else min(self.turns_min, state.turn)
        self.turns_max = state.turn if self.turns_max is None else max(self.turns_max, state.turn)
        for drawn in draws:
            self.events.update(drawn)
        for decision in state.decisions:
            if decision.kind == "event":
                self.choices[f"{decision.id}.{decision.choice}"] += 1
            elif decision.kind == "action":
                self.actions[decision.id] += 1
        ranges = self.meters
        for point, meters in enumerate(state.history):
            for meter_id, value in meters.items():
                points = ranges.get(meter_id)
                if points is None:
                    points = ranges[meter_id] = []
                if point == len(points):
                    points.append(MeterRange(value, value, value, 1))
                    continue
                spread = points[point]  # updated in place: this runs for every meter of every turn
                if value < spread.low:
                    spread.low = value
                elif value > spread.high:
                    spread.high = value
                spread.total += value
                spread.games += 1

    def merge(self, other: Tally) -> None:
        self.runs += other.runs
        self.endings.update(other.endings)
        for ending_id, turns in other.ending_turns.items():
            self.ending_turns.setdefault(ending_id, Counter()).update(turns)
        self.turns_total += other.turns_total
        for ending_id, seed in other.first_seed.items():
            self.first_seed[ending_id] = min(seed, self.first_seed.get(ending_id, seed))
        for attribute, pick in (("turns_min", min), ("turns_max", max)):
            mine, theirs = getattr(self, attribute), getattr(other, attribute)
            setattr(self, attribute, theirs if mine is None else mine if theirs is None else pick(mine, theirs))
        self.events.update(other.events)
        self.choices.update(other.choices)
        self.actions.update(other.actions)
        for meter_id, points in other.meters.items():
            mine = self.meters.setdefault(meter_id, [])
            for point, spread in enumerate(points):
                if point == len(mine):
                    mine.append(MeterRange(spread.low, spread.high, spread.total, spread.games))
                else:
                    mine[point].merge(spread)

    @property
    def turns_mean(self) -> float:
        return self.turns_total / self.runs if self.runs else 0.0


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a share: sound near 0 and 1 and for few games."""
    if trials == 0:
        return 0.0, 1.0
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    spread = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - spread)  # exact at the edges, not 1e-18
    high = 1.0 if successes == trials else min(1.0, centre + spread)
    return low, high


# -- playing ------------------------------------------------------------------

_worker_scenario: model.Scenario | None = None


def _load_in_worker(source: bytes, name: str) -> None:
    global _worker_scenario
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no traceback per worker
    if _worker_scenario is None or _worker_scenario.sha256 != hashlib.sha256(source).hexdigest():
        _worker_scenario = load_scenario_bytes(source, name)  # not forked from the parent (spawn)


def play_seeds(scenario: model.Scenario, policy_name: str, seeds: range) -> Tally:
    """The tally of the games with these seeds: each exactly `run --seed s --policy P`."""
    policy = policy_named(policy_name, scenario)
    tally = Tally()
    for seed in seeds:
        draws: list[tuple[str, ...]] = []
        tally.add(play_game(scenario, seed, policy, on_draw=draws.append), draws)
    return tally


def _play_in_worker(task: tuple[str, range]) -> Tally:
    policy_name, seeds = task
    assert _worker_scenario is not None
    return play_seeds(_worker_scenario, policy_name, seeds)


def _chunks(first_seed: int, runs: int, pieces: int) -> list[range]:
    size = max(1, math.ceil(runs / max(pieces, 1)))
    return [range(start, min(start + size, first_seed + runs)) for start in range(first_seed, first_seed + runs, size)]


@dataclass(frozen=True)
class Batch:
    """Some games to play: `runs` games of one policy from `seed`."""

    policy: str
    runs: int
    seed: int


def play_batches(scenario: model.Scenario, source: bytes, batches: list[Batch], jobs: int = 1,
                 progress: Callable[[int, int], None] | None = None) -> list[Tally]:
    """One tally per batch. With jobs > 1 the games are shared among that many processes,
    in chunks; the tallies are the same as with one job."""
    total = sum(b.runs for b in batches)
    done = 0
    pieces = max(1, jobs) * 8 if jobs > 1 else 50
    work = [(index, chunk) for index, b in enumerate(batches) for chunk in _chunks(b.seed, b.runs, pieces)]
    tallies = [Tally() for _ in batches]
    if jobs <= 1:
        for index, chunk in work:
            tallies[index].merge(play_seeds(scenario, batches[index].policy, chunk))
            done += len(chunk)
            if progress:
                progress(done, total)
        return tallies
    global _worker_scenario
    _worker_scenario = scenario  # a forked worker starts with it loaded (and its plan worked out)
    plan_of(scenario)
    pool = multiprocessing.Pool(jobs, initializer=_load_in_worker, initargs=(source, scenario.path))
    try:
        tasks = [(batches[index].policy, chunk) for index, chunk in work]
        for (index, chunk), tally in zip(work, pool.imap(_play_in_worker, tasks)):  # in order
            tallies[index].merge(tally)
            done += len(chunk)
            if progress:
                progress(done, total)
    except BaseException:  # Ctrl-C or a failure: stop the workers now, not after the queued chunks
        pool.terminate()
        raise
    pool.close()
    pool.join()
    return tallies


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; silent unless stderr is a terminal."""

    def __init__(self, stream=None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        filled = self.width * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,} games")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (self.width + 30) + "\r")
            self.stream.flush()


# -- what a report says ------------------------------------------------------


def comparison_policies(scenario: model.Scenario) -> list[str]:
    """The simple policies held against random play when looking for a dominant strategy: `first`,
    and greedy on each meter the player can see (a hidden one is no strategy a player can follow)."""
    return ["first", *(f"greedy:{mid}" for mid, meter in scenario.meters.items() if not meter.hidden)]


def victories(scenario: model.Scenario, tally: Tally) -> int:
    return sum(n for ending_id, n in tally.endings.items() if scenario.endings[ending_id].kind == "victory")


def warnings(scenario: model.Scenario, tally: Tally, comparison: dict[str, Tally] | None) -> list[str]:
    found = [f"ending `{e}` never occurred in {tally.runs:,} games" for e in scenario.endings
             if tally.endings[e] == 0]
    if comparison and "random" in comparison and any(e.kind == "victory" for e in scenario.endings.values()):
        base = comparison["random"]
        base_share = victories(scenario, base) / base.runs
        base_high = wilson(victories(scenario, base), base.runs)[1]
        for name, other in comparison.items():
            if name == "random":
                continue
            wins = victories(scenario, other)
            share = wins / other.runs
            if share - base_share >= DOMINANCE_MARGIN and wilson(wins, other.runs)[0] > base_high:
                found.append(f"dominant strategy? `{name}` wins {share:.0%} of games, random play "
                             f"{base_share:.0%} ({other.runs:,} games each)")
    return found


def never_seen(scenario: model.Scenario, tally: Tally) -> tuple[list[str], list[str]]:
    events = [e for e in scenario.events if tally.events[e] == 0]
    choices = [f"{e.id}.{c.id}" for e in scenario.events.values() for c in e.choices
               if tally.choices[f"{e.id}.{c.id}"] == 0]
    return events, choices


def report_json(scenario: model.Scenario, tally: Tally, policy: str, seed: int,
                comparison: dict[str, Tally] | None = None) -> dict[str, Any]:
    events_never, choices_never = never_seen(scenario, tally)
    shares = {}
    for ending_id in scenario.endings:
        count = tally.endings[ending_id]
        low, high = wilson(count, tally.runs)
        shares[ending_id] = {"count": count, "share": count / tally.runs if tally.runs else 0.0,
                             "interval95": [low, high],
                             "turns": {str(t): n for t, n in sorted(tally.ending_turns.get(ending_id, {}).items())},
                             "first_seed": tally.first_seed.get(ending_id)}
    return {
        "scenario": scenario.id,
        "runs": tally.runs,
        "policy": policy,
        "seed": seed,
        "endings": {e: tally.endings[e] for e in scenario.endings},
        "ending_shares": shares,
        "turns": {"mean": tally.turns_mean, "min": tally.turns_min, "max": tally.turns_max},
        "events": {e: tally.events[e] for e in scenario.events},
        "events_never_seen": events_never,
        "choices": {f"{e.id}.{c.id}": tally.choices[f"{e.id}.{c.id}"]
                    for e in scenario.events.values() for c in e.choices},
        "choices_never_picked": choices_never,
        "actions": {a: tally.actions[a] for a in scenario.actions},
        "meters": {m: [{"point": p, "min": r.low, "max": r.high, "mean": r.total / r.games}
                       for p, r in enumerate(tally.meters.get(m, []))] for m in scenario.meters},
        "victories_by_policy": {name: {"runs": t.runs, "victories": victories(scenario, t)}
                                for name, t in (comparison or {}).items()},
        "warnings": warnings(scenario, tally, comparison),
    }


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def _turn_spread(turns: Counter) -> str:
    if not turns:
        return ""
    ordered = sorted(turns.elements())
    low, high = ordered[0], ordered[-1]
    median = ordered[len(ordered) // 2]
    return f"turn {low}" if low == high else f"turns {low}–{high} (median {median})"


def report_lines(scenario: model.Scenario, tally: Tally, policy: str, seed: int,
                 comparison: dict[str, Tally] | None = None) -> Iterator[str]:
    runs = tally.runs
    yield (f"{scenario.title}: {runs:,} games, policy {policy}, seeds {seed}…{seed + runs - 1} "
           f"(game k is `crossroads run … --seed {seed}+k --policy {policy}`)")
    yield ""
    yield "Endings (share, 95% interval, when, the first seed that reached it):"
    width = max(len(e) for e in scenario.endings)
    spreads = {e: _turn_spread(tally.ending_turns.get(e, Counter())) for e in scenario.endings}
    intervals = {e: "[{}–{}]".format(*map(_percent, wilson(tally.endings[e], runs))) for e in scenario.endings}
    when_width = max(len(w) for w in spreads.values())
    interval_width = max(len(i) for i in intervals.values())
    for ending_id, ending in scenario.endings.items():
        count = tally.endings[ending_id]
        first = f"seed {tally.first_seed[ending_id]}" if ending_id in tally.first_seed else ""
        yield (f"  {ending_id:<{width}}  {ending.kind:<7} {count:>7,}  {_percent(count / runs if runs else 0):>6}"
               f"  {intervals[ending_id]:<{interval_width}}  {spreads[ending_id]:<{when_width}}  {first}").rstrip()
    yield ""
    yield f"Turns played: mean {tally.turns_mean:.1f}, min {tally.turns_min}, max {tally.turns_max} " \
          f"(of {scenario.turns})"
    yield ""
    yield "Events (times drawn; choices picked):"
    for event in scenario.events.values():
        seen = tally.events[event.id]
        picks = ", ".join(f"{c.id} {tally.choices[f'{event.id}.{c.id}']:,}" for c in event.choices)
        yield f"  {event.id}: {seen:,}" + (f" — {picks}" if seen else "")
    if scenario.actions:
        yield ""
        yield "Standing actions (times taken): " + ", ".join(
            f"{a} {tally.actions[a]:,}" for a in scenario.actions)
    events_never, choices_never = never_seen(scenario, tally)
    yield ""
    yield "Never seen: " + (", ".join(events_never) or "none (every event was drawn)")
    yield "Never picked: " + (", ".join(choices_never) or "none (every choice was picked)")
    yield ""
    yield "Meters over time (min–max, mean):"
    for meter_id, meter in scenario.meters.items():
        points = tally.meters.get(meter_id, [])
        marks = sorted({0, *range(max(1, len(points) // 4), len(points), max(1, len(points) // 4)),
                        len(points) - 1})
        shown = "  ".join(f"{'start' if p == 0 else f't{p}'} {points[p].low}–{points[p].high} "
                          f"({points[p].total / points[p].games:.0f})" for p in marks if p < len(points))
        yield f"  {meter_id}: {shown}"
    if comparison:
        yield ""
        each = next(iter(comparison.values())).runs
        yield f"Victories by policy ({each:,} games each): " + ", ".join(
            f"{name} {_percent(victories(scenario, t) / t.runs)}" for name, t in comparison.items())
    found = warnings(scenario, tally, comparison)
    yield ""
    if found:
        for warning in found:
            yield f"warning: {warning}"
    else:
        yield "No warnings."


# -- balance targets -----------------------------------------------------------


@dataclass(frozen=True)
class TargetResult:
    target: model.Balance
    runs: int
    count: int
    first_seed: int | None = None  # the lowest seed whose game reached the ending

    @property
    def share(self) -> float:
        return self.count / self.runs

    @property
    def met(self) -> bool:
        low, high = self.target.between
        return low <= self.share <= high

    def line(self) -> str:
        low, high = self.target.between
        verdict = "ok    " if self.met else "MISSED"
        first = f", first at seed {self.first_seed}" if self.first_seed is not None else ""
        return (f"{verdict} {self.target.policy} → {self.target.ending}: {_percent(self.share)} "
                f"({self.count:,}/{self.runs:,} games{first}); target {_percent(low)}–{_percent(high)}")


def check_targets(scenario: model.Scenario, source: bytes, seed: int = DEFAULT_SEED, jobs: int = 1,
                  progress: Callable[[int, int], None] | None = None) -> list[TargetResult]:
    """Play every [[balance]] target's policy (each policy and number of games once)."""
    batches = list(dict.fromkeys(Batch(t.policy, t.runs or TARGET_RUNS, seed) for t in scenario.balance))
    tallies = dict(zip(batches, play_batches(scenario, source, batches, jobs, progress)))
    results = []
    for target in scenario.balance:
        tally = tallies[Batch(target.policy, target.runs or TARGET_RUNS, seed)]
        results.append(TargetResult(target, tally.runs, tally.endings[target.ending],
                                    tally.first_seed.get(target.ending)))
    return results


# -- the command ---------------------------------------------------------------


def run_simulate(scenario: model.Scenario, source: bytes, args: Any, out=None) -> int:
    """`crossroads simulate`: the report (or with --check, the targets); returns the exit code."""
    out = out or sys.stdout
    seed = DEFAULT_SEED if args.seed is None else args.seed
    bar = ProgressBar()
    try:
        if args.check:
            return _check(scenario, source, seed, args, bar, out)
        runs = args.runs or DEFAULT_RUNS
        batches = [Batch(args.policy, runs, seed)]
        compared = comparison_policies(scenario)
        others = [Batch(name, min(runs, COMPARISON_RUNS), seed) for name in ["random", *compared]]
        tallies = play_batches(scenario, source, batches + others, args.jobs, bar)
    finally:
        bar.close()
    tally, comparison = tallies[0], {b.policy: t for b, t in zip(others, tallies[1:])}
    if args.json:
        print(json.dumps(report_json(scenario, tally, args.policy, seed, comparison), indent=2), file=out)
    else:
        for line in report_lines(scenario, tally, args.policy, seed, comparison):
            print(line, file=out)
    return 0


def _check(scenario: model.Scenario, source: bytes, seed: int, args: Any, bar: ProgressBar, out) -> int:
    if not scenario.balance:
        print(f"{scenario.path}: no [[balance]] targets to check "
              "(see docs/scenario-format.md, [[balance]])", file=sys.stderr)
        return 0
    if args.runs is not None:  # --runs overrides every target's own number of games
        scenario = dataclasses.replace(scenario, balance=tuple(
            dataclasses.replace(t, runs=args.runs) for t in scenario.balance))
    results = check_targets(scenario, source, seed, args.jobs, bar)
    bar.close()
    missed = [r for r in results if not r.met]
    if args.json:
        print(json.dumps({
            "scenario": scenario.id, "seed": seed, "ok": not missed,
            "targets": [{"policy": r.target.policy, "ending": r.target.ending, "between": list(r.target.between),
                         "runs": r.runs, "count": r.count, "share": r.share, "met": r.met,
                         "first_seed": r.first_seed} for r in results],
        }, indent=2), file=out)
    else:
        for result in results:
            print(result.line(), file=out)
        print(f"{scenario.path}: " + (f"{len(missed)} of {len(results)} balance targets missed" if missed
                                     else f"all {len(results)} balance targets met"), file=out)
    return 1 if missed else 0
