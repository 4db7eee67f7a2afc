"""Games around the game screen: which save is the latest, which scenario a save needs, replays.

No Textual here, so the app's screens stay thin and tests can call these directly.

    save_entries(folder) -> [SaveEntry]        every save in the folder, broken ones too, newest first
    latest_game(folder) -> SaveEntry | None    the newest readable autosave (what Continue resumes)
    scenario_path_for(save) -> Path | None     where the scenario of a save is now
    replay_onto(scenario, seed, decisions)     a game's decisions replayed on an edited scenario (--watch)
    fresh_seed(), parse_seed(text)             a seed for a player who gave none, or typed one
    describe(entry), scenario_title(save)      words for the save and load dialogs and Continue
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from game import catalog, files, paths, saves
from game.engine import Decision, GameState, IllegalMove, Scenario, act, choose, end_turn, new_game

SEED_LIMIT = 1_000_000_000  # seeds a player can read aloud to a class


@dataclass(frozen=True)
class SaveEntry:
    """A file in the save folder: its readable save, or why it cannot be read."""

    path: Path
    save: saves.SaveFile | None
    problem: str = ""
    updated: datetime.datetime | None = None  # UTC; a broken file's modification time

    @property
    def name(self) -> str:
        return files.display(self.path.stem)

    @property
    def is_autosave(self) -> bool:
        return self.path.name.startswith("autosave-")

    @property
    def saved(self) -> datetime.datetime:
        """When it was saved, in local time."""
        moment = self.save.updated if self.save is not None else self.updated
        if moment is None or moment.year < 1971:
            return datetime.datetime.fromtimestamp(0).astimezone()
        return moment.astimezone()


def save_entries(folder: str | Path) -> list[SaveEntry]:
    """Every save file in `folder`, newest first; an unreadable one is listed with its problem."""
    entries = []
    for listed in saves.list_saves(folder, with_broken=True):
        if isinstance(listed, saves.BrokenSave):
            entries.append(SaveEntry(listed.path, None, _problem(listed.message, listed.path), listed.updated))
        else:
            entries.append(SaveEntry(listed.path, listed, updated=listed.updated))
    return entries


def _problem(message: str, path: Path) -> str:
    """A save error without the path in front (the dialog shows the name beside it)."""
    for prefix in (f"{path}: ", f"{files.display(path)}: "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def latest_game(folder: str | Path) -> SaveEntry | None:
    """The autosave most recently written that can be read and whose scenario is still there."""
    for entry in save_entries(folder):
        if entry.is_autosave and entry.save is not None and scenario_path_for(entry.save) is not None:
            return entry
    return None


def scenario_path_for(save: saves.SaveFile) -> Path | None:
    """The scenario file the save was played on if it is still there, else the shipped one of that id."""
    recorded = Path(save.scenario_path) if save.scenario_path else None
    if recorded is not None and files.is_regular_file(recorded):
        return recorded
    shipped = {p.stem: p for p in paths.shipped_scenario_files()}
    if save.scenario_id in shipped:
        return shipped[save.scenario_id]
    for path in shipped.values():  # a shipped file whose name differs from its id
        if catalog.read_header(path).id == save.scenario_id:
            return path
    return None


@dataclass(frozen=True)
class Replayed:
    state: GameState
    applied: int  # how many of the decisions still fitted
    total: int
    stopped: str = ""  # why the replay stopped early, in words

    @property
    def complete(self) -> bool:
        return self.applied == self.total


def replay_onto(scenario: Scenario, seed: int, decisions: Iterable[Decision]) -> Replayed:
    """The same decisions played on `scenario` (an edited file) from a new game, as far as they fit.

    Stops at the first decision that no longer applies, and says which and why,
    so an author sees the game as far as their edit allows.
    """
    decisions = tuple(decisions)
    state = new_game(scenario, seed)
    for applied, decision in enumerate(decisions):
        try:
            state = _apply(state, decision)
        except IllegalMove as error:
            return Replayed(state, applied, len(decisions), f"turn {decision.turn}: {error}")
    return Replayed(state, len(decisions), len(decisions))


def _apply(state: GameState, decision: Decision) -> GameState:
    if state.over:
        raise IllegalMove("the game now ends before this decision")
    if decision.turn != state.turn:
        raise IllegalMove(f"the game is now at turn {state.turn} when this decision was taken on turn "
                          f"{decision.turn}")
    if decision.kind == "event":
        if not state.queue or state.queue[0] != decision.id:
            waiting = f"event `{state.queue[0]}`" if state.queue else "no event"
            raise IllegalMove(f"event `{decision.id}` is no longer asked here ({waiting} is)")
        return choose(state, decision.choice or "")
    if decision.kind == "action":
        return act(state, decision.id)
    return end_turn(state)


def fresh_seed() -> int:
    return secrets.randbelow(SEED_LIMIT)


def parse_seed(text: str) -> int | None:
    """A seed typed by a player: digits (spaces and dashes ignored); None when left empty.

    Raises ValueError with a message for anything else.
    """
    digits = "".join(ch for ch in text if ch not in " -_")
    if not digits:
        return None
    if not digits.isdigit() or not digits.isascii():
        raise ValueError("a class code is a number, like 4711")
    value = int(digits)
    if value >= SEED_LIMIT:
        raise ValueError(f"a class code has at most {len(str(SEED_LIMIT - 1))} digits")
    return value


def describe(entry: SaveEntry, headers: dict[Path, catalog.Header] | None = None) -> str:
    """One line for a dialog: scenario, in-game date, turn and when it was saved (or what is wrong)."""
    saved = entry.saved.strftime("%Y-%m-%d %H:%M")
    if entry.save is None:
        return f"broken: {entry.problem}"
    save = entry.save
    header = _header_of(save, headers if headers is not None else {})
    date = header.date_of(save.summary.turn) if header is not None else ""
    when = f"{date}, turn {save.summary.turn}" if date else f"turn {save.summary.turn}"
    if save.summary.ending is not None:
        when = "finished"
    player = f" · {save.player}" if save.player else ""
    return f"{scenario_title(save, headers)} · {when} · saved {saved}{player}"


def scenario_title(save: saves.SaveFile, headers: dict[Path, catalog.Header] | None = None) -> str:
    """The title of the scenario a save belongs to (its id when the file cannot be found or read)."""
    header = _header_of(save, headers if headers is not None else {})
    return header.title if header is not None and not header.problem else save.scenario_id


def _header_of(save: saves.SaveFile, cache: dict[Path, catalog.Header]) -> catalog.Header | None:
    where = scenario_path_for(save)
    if where is None:
        return None
    if where not in cache:
        cache[where] = catalog.read_header(where)
    return cache[where]
