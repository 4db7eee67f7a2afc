"""A class's games of the same scenario, summarised for the teacher.

    collect(paths)            every save found, verified by replay, grouped per scenario
    summarise(group)          endings, scores, how the class split at each event, meters over time
    class_csv(groups)         one row per player, for a spreadsheet
    class_report(groups, fmt) the summary as Markdown or HTML

A save that cannot be read or no longer replays is listed with its reason and
left out of every figure: it is never counted silently. Games of one scenario
played with different class codes faced different dice, so each class code is
a group of its own; an unfinished game is listed but counts in no ending or score.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from game import files, saves
from game.engine.text import clean_line
from game.engine import GameState, Scenario, ScenarioError, ending, score
from game.present import kind_words, month_name
from game.tools.saved import open_game


@dataclass(frozen=True)
class Player:
    name: str
    file: str
    state: GameState

    @property
    def score(self) -> int | None:
        return score(self.state)

    @property
    def finished(self) -> bool:
        return self.state.over

    @property
    def final_score(self) -> int | None:
        """The score of a finished game; None while the game is unfinished."""
        return self.score if self.finished else None


@dataclass
class Group:
    scenario_id: str
    class_code: int
    players: list[Player] = field(default_factory=list)


@dataclass(frozen=True)
class Rejected:
    file: str
    reason: str


@dataclass(frozen=True)
class ChoiceSplit:
    label: str
    players: int
    mean_score: float | None


@dataclass(frozen=True)
class EventSplit:
    title: str
    answered: int
    choices: tuple[ChoiceSplit, ...]

    @property
    def spread(self) -> float:
        """How far the mean final score differs between the choices the class made."""
        means = [c.mean_score for c in self.choices if c.players and c.mean_score is not None]
        return max(means) - min(means) if len(means) > 1 else 0.0


@dataclass(frozen=True)
class MeterRange:
    label: str
    hidden: bool
    points: tuple[tuple[str, float, int, int], ...]  # (month, mean, min, max) at each turn's close


@dataclass(frozen=True)
class Summary:
    scenario_title: str
    scenario_id: str
    class_code: int
    players: tuple[Player, ...]  # by name
    endings: tuple[tuple[str, str, int], ...]  # (title, kind, players), most common first
    events: tuple[EventSplit, ...]
    decisive: tuple[EventSplit, ...]  # split and it mattered most
    meters: tuple[MeterRange, ...]
    unfinished: int  # games listed but left out of endings and scores
    other_codes: tuple[int, ...]  # other class codes the same scenario was played with


def save_files(paths: list[str]) -> list[Path]:
    """The files named, with each folder replaced by the saves in it."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix == saves.SUFFIX and not p.name.startswith("."))
        else:
            found.append(path)
    return found


def collect(paths: list[str], scenario_path: str | None = None) -> tuple[list[Group], list[Rejected]]:
    groups: dict[str, Group] = {}
    rejected = []
    scenarios: dict[str, Scenario] = {}
    for path in save_files(paths):
        shown = files.display(path)
        try:
            loaded = open_game(path, scenario_path, loaded=scenarios)
        except (saves.SaveError, ScenarioError) as error:
            reason = clean_line(str(error).splitlines()[0])
            rejected.append(Rejected(shown, reason.removeprefix(f"{shown}: ")))
            continue
        state = loaded.state
        key = (state.scenario.id, state.seed)
        group = groups.setdefault(key, Group(state.scenario.id, state.seed))
        group.players.append(Player(loaded.save.player or path.stem, shown, state))
    return [groups[k] for k in sorted(groups)], rejected


def summarise(group: Group, codes: tuple[int, ...] = ()) -> Summary:
    """The group's figures; `codes` are all class codes this scenario was played with."""
    players = tuple(sorted(group.players, key=lambda p: (p.name.casefold(), p.file)))
    scenario = players[0].state.scenario
    reached = Counter(p.state.ending for p in players if p.finished)
    endings = tuple((scenario.endings[e].title, kind_words(scenario.endings[e].kind), n)
                    for e, n in reached.most_common())
    events = _splits(players)
    decisive = tuple(sorted((e for e in events if sum(c.players > 0 for c in e.choices) > 1),
                            key=lambda e: -e.spread)[:5])
    return Summary(scenario.title, scenario.id, group.class_code, players, endings, events, decisive,
                   _meter_ranges(players), sum(not p.finished for p in players),
                   tuple(c for c in codes if c != group.class_code))


def summaries(groups: list[Group]) -> list[Summary]:
    codes: dict[str, list[int]] = {}
    for group in groups:
        codes.setdefault(group.scenario_id, []).append(group.class_code)
    return [summarise(g, tuple(codes[g.scenario_id])) for g in groups]


def _splits(players: tuple[Player, ...]) -> tuple[EventSplit, ...]:
    scenario = players[0].state.scenario
    picked: dict[str, dict[str, list[int | None]]] = defaultdict(lambda: defaultdict(list))
    for player in players:
        for decision in player.state.decisions:
            if decision.kind == "event":
                picked[decision.id][decision.choice].append(player.final_score)
    splits = []
    for event_id, event in scenario.events.items():
        if event_id not in picked:
            continue
        choices = []
        for choice in event.choices:
            scores = picked[event_id].get(choice.id, [])
            known = [s for s in scores if s is not None]
            choices.append(ChoiceSplit(choice.label, len(scores), mean(known) if known else None))
        splits.append(EventSplit(event.title, sum(c.players for c in choices), tuple(choices)))
    return tuple(splits)


def _meter_ranges(players: tuple[Player, ...]) -> tuple[MeterRange, ...]:
    scenario = players[0].state.scenario
    longest = max(len(p.state.history) for p in players)
    ranges = []
    for meter_id, meter in scenario.meters.items():
        points = []
        for index in range(longest):
            values = [p.state.history[index][meter_id] for p in players if index < len(p.state.history)]
            when = "Start" if index == 0 else month_name(scenario, index)
            points.append((when, mean(values), min(values), max(values)))
        ranges.append(MeterRange(meter.label, meter.hidden, tuple(points)))
    return tuple(ranges)


def class_csv(groups: list[Group], rejected: list[Rejected]) -> str:
    """One row per player (and per rejected save, marked so), for a spreadsheet."""
    meter_ids = sorted({m for g in groups for m in g.players[0].state.scenario.meters})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["player", "file", "scenario", "class_code", "ending", "kind", "score", "turns",
                     "status", *meter_ids])
    for summary in summaries(groups):
        for player in summary.players:
            state = player.state
            reached = ending(state)
            writer.writerow([player.name, player.file, state.scenario.id, state.seed,
                             reached.title if reached else "", reached.kind if reached else "",
                             "" if player.score is None else player.score, state.turn,
                             "finished" if player.finished else "unfinished",
                             *(state.meters.get(m, "") for m in meter_ids)])
    for bad in rejected:
        writer.writerow(["", bad.file, "", "", "", "", "", "", f"rejected: {bad.reason}", *([""] * len(meter_ids))])
    return out.getvalue()


def class_report(groups: list[Group], rejected: list[Rejected], fmt: str = "md") -> str:
    from game.tools.report import render

    return render(f"class.{fmt}.j2", fmt, summaries=summaries(groups), rejected=rejected)
