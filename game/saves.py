"""Save files: write them atomically, read them carefully, verify them by replay.

A save is a TOML file that records how a game was played, not a dump of the
state: the scenario it belongs to (id and sha256), the seed, and the ordered
list of decisions. Loading replays those decisions on the scenario with the
engine and checks the result against a digest taken after every turn and a
summary of the final state, so a changed scenario or an edited save is noticed
and reported plainly, at the turn where the game stops matching.

    write_save(path, state, player=...)    atomic: the previous save survives a crash
    read_save(path) -> SaveFile            parse and check the file, nothing replayed
    load_game(path, scenario) -> LoadedGame  replay and verify
    save_path(folder, name)                a player's save name, confined to the folder
    list_saves(folder, with_broken=False)  newest first; never raises: unreadable files are
                                           skipped, or listed as BrokenSave (path, message)
    autosave_path(folder, scenario_id)
    delete_save(folder, path)              remove one save file of the folder (a link, never its target)

Every file is read through game.files (regular files only, never blocking, at
most MAX_SAVE_BYTES). Every failure is a `SaveError` whose message names the
file, cleaned for the terminal, and says what to do; nothing here ever changes
a file on disk except `write_save`, and that only by an atomic rename (after
removing the temporary files that killed writers left in the folder), and
`delete_save`, which the player asked for and confirmed.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import tomli_w

import game

try:
    import fcntl  # file locks tell a live save from a killed one's leftovers
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from game.engine.model import NUMBER_LIMIT, Scenario
from game.engine.state import Decision, GameState
from game import files
from game.engine.text import clean, clean_line
from game.engine.turns import IllegalMove, act, choose, end_turn, new_game, score

SAVE_FORMAT = 1
SUFFIX = ".toml"
MAX_NAME = 64
MAX_SAVE_BYTES = 16_000_000  # a 600-turn game is well under 1 MB
MAX_DECISIONS = 40_000  # 600 turns of 9 events, 9 actions and an end are 11,400
# At most this many TOML values (files.toml_values) in a save: 40,000 decisions take 320,000,
# three times what 600 turns can hold; a denser file is refused before parsing.
MAX_SAVE_VALUES = 400_000

_ID = re.compile(r"[a-z][a-z0-9_]*")
_SCENARIO_ID = re.compile(r"[a-z][a-z0-9_-]*")
_DIGEST = re.compile(r"[0-9a-f]{12}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_KINDS = ("event", "action", "end_turn")
# The last line of every save written: a file without it was cut off (or edited by hand).
END_LINE = "# end of Crossroads save"
# Keys that only a Crossroads save has: a TOML file with none of them is someone else's.
_MARKERS = ("scenario_id", "scenario_sha256", "decisions", "turn_hashes", "seed")


class SaveError(Exception):
    """A save could not be written, read or loaded; `message` is for the player."""

    def __init__(self, message: str) -> None:
        self.message = clean_line(message)  # it names files and quotes the save: shown in a terminal
        super().__init__(self.message)


@dataclass(frozen=True)
class SaveSummary:
    """What the saved game looked like when it was saved (checked on load)."""

    turn: int
    ending: str | None
    score: int | None
    meters: Mapping[str, int]
    flags: tuple[str, ...]  # set flags, sorted
    digest: str  # state_digest of the final state


@dataclass(frozen=True)
class SaveFile:
    path: Path
    format: int
    app_version: str
    scenario_id: str
    scenario_sha256: str
    scenario_path: str
    seed: int
    player: str
    created: datetime.datetime  # UTC
    updated: datetime.datetime  # UTC
    decisions: tuple[Decision, ...]
    turn_hashes: tuple[str, ...]  # state_digest after each end_turn, in order
    summary: SaveSummary
    # False when the file lacks its last line: it was probably cut off while written or copied.
    complete: bool = field(default=True, compare=False, repr=False)


@dataclass
class LoadedGame:
    state: GameState
    save: SaveFile
    warnings: list[str] = field(default_factory=list)


# -- digests and replay ----------------------------------------------------------


def state_digest(state: GameState) -> str:
    """12 hex characters that change whenever anything that matters to play changes.

    A sorted, canonical JSON rendering hashed with sha256, so the digest is the
    same in every process and on every machine (never Python's salted hash()).
    Orders that matter to play (the event queue, scheduling order, actions taken)
    are kept; sets are sorted.
    """
    canonical = {
        "seed": state.seed,  # so that an edited seed is caught even where no roll mattered
        "turn": state.turn,
        "meters": sorted(state.meters.items()),
        "flags": sorted(state.flags),
        "seen": sorted(state.seen.items()),
        "chosen": sorted(state.chosen),
        "scheduled": sorted((turn, list(events)) for turn, events in state.scheduled.items()),
        "last_used": sorted(state.last_used.items()),
        "queue": list(state.queue),
        "actions_taken": list(state.actions_taken),
        "final": state.final,
        "ending": state.ending,
    }
    text = "crossroads-state-1\n" + json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class _Diverged(Exception):
    def __init__(self, turn: int, detail: str) -> None:
        self.turn, self.detail = turn, detail
        super().__init__(f"turn {turn}: {detail}")


def _apply(state: GameState, decision: Decision) -> GameState:
    """One recorded decision applied with the engine; _Diverged if it no longer fits."""
    turn = decision.turn
    if state.ending is not None:
        raise _Diverged(turn, f"the game had already ended (`{state.ending}`) "
                              f"but the save goes on with {_describe(decision)}")
    if decision.turn != state.turn:
        raise _Diverged(turn, f"the save has {_describe(decision)} on turn {decision.turn}, "
                              f"but the game is at turn {state.turn}")
    try:
        if decision.kind == "event":
            if not state.queue:
                raise _Diverged(turn, f"the save answers event `{decision.id}`, "
                                      "but no event is waiting for an answer")
            if state.queue[0] != decision.id:
                raise _Diverged(turn, f"the save answers event `{decision.id}`, "
                                      f"but the game is waiting on event `{state.queue[0]}`")
            assert decision.choice is not None  # read_save guarantees it
            return choose(state, decision.choice)
        if decision.kind == "action":
            return act(state, decision.id)
        return end_turn(state)
    except IllegalMove as error:
        raise _Diverged(turn, f"{_describe(decision)} is no longer possible: {error}") from None


def _describe(decision: Decision) -> str:
    if decision.kind == "event":
        return f"choice `{decision.choice}` for event `{decision.id}`"
    if decision.kind == "action":
        return f"action `{decision.id}`"
    return "the end of the turn"


def _replay(scenario: Scenario, seed: int, decisions: Iterable[Decision], *,
            expected: Sequence[str] | None = None, record: bool = True) -> tuple[GameState, list[str]]:
    """Replay decisions from a new game; the state and the digest after each end_turn.

    With `expected`, each turn's digest is compared as it is reached, and the
    first difference raises _Diverged naming that turn.
    """
    state = new_game(scenario, seed, record=record)
    hashes: list[str] = []
    for decision in decisions:
        state = _apply(state, decision)
        if decision.kind == "end_turn":
            digest = state_digest(state)
            if expected is not None and (len(hashes) >= len(expected) or expected[len(hashes)] != digest):
                raise _Diverged(decision.turn,
                                "the state at the close of the turn differs from the one saved")
            hashes.append(digest)
    return state, hashes


def compute_turn_hashes(state: GameState) -> tuple[str, ...]:
    """The digest after each end_turn of the game that led to `state`, by one replay.

    Raises SaveError if the replay does not arrive at `state` (which would be an
    engine bug: the save could not be loaded again).
    """
    try:
        replayed, hashes = _replay(state.scenario, state.seed, state.decisions, record=False)
    except _Diverged as error:
        raise SaveError(f"cannot save: this game does not replay ({error}); "
                        "please report this as a bug") from None
    if state_digest(replayed) != state_digest(state):
        raise SaveError("cannot save: replaying this game's decisions gives a different state; "
                        "please report this as a bug")
    return tuple(hashes)


# -- writing ---------------------------------------------------------------------


def app_version() -> str:
    return game.__version__


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


def write_save(path: str | Path, state: GameState, *, player: str,
               created: datetime.datetime | None = None,
               turn_hashes: Sequence[str] | None = None) -> None:
    """Write `state` as a save at `path`, atomically.

    `created` is kept when given; otherwise it is taken from the save already at
    `path` if that is an earlier point of the same game, else it is now.
    `turn_hashes` (one per end_turn in state.decisions) spares a replay when the
    caller tracks them; by default they are computed by replaying once.
    A failure at any point leaves any existing file at `path` untouched.
    """
    path = Path(path)
    _refuse_to_overwrite_a_stranger(path)
    hashes = _checked_hashes(state, turn_hashes)
    now = _utc(_now())
    if created is None:
        created = _previous_created(path, state)
    summary: dict[str, Any] = {"turn": state.turn}
    if state.ending is not None:
        summary["ending"] = state.ending
    final_score = score(state)
    if final_score is not None:
        summary["score"] = final_score
    summary["meters"] = dict(state.meters)
    summary["flags"] = sorted(state.flags)
    summary["digest"] = state_digest(state)
    document = {
        "format": SAVE_FORMAT,
        "app_version": app_version(),
        "scenario_id": state.scenario.id,
        "scenario_sha256": state.scenario.sha256,
        "scenario_path": str(state.scenario.path),
        "seed": state.seed,
        "player": clean(player),
        "created": _utc(created) if created is not None else now,
        "updated": now,
        "turn_hashes": list(hashes),
        "summary": summary,
        "decisions": [_decision_table(d) for d in state.decisions],
    }
    data = (tomli_w.dumps(document) + "\n" + END_LINE + "\n").encode("utf-8")
    _atomic_write(path, data)


def _refuse_to_overwrite_a_stranger(path: Path) -> None:
    """Only a Crossroads save (even a damaged one) may be replaced by a new save."""
    if not os.path.lexists(path):
        return
    try:  # a FIFO or a device at `path` is refused here, never opened for reading
        head = files.read_capped(path, MAX_SAVE_BYTES, what="save file")
    except files.UnreadableFile as error:
        if "no such" in error.reason:  # a dangling symlink: the rename replaces the link itself
            return
        raise SaveError(f"{error.name}: could not save: {error.reason}") from None
    if not all(marker.encode() in head for marker in ("scenario_sha256", "turn_hashes")):
        raise SaveError(f"{path}: could not save: a file that is not a Crossroads save is already there; "
                        "choose another name")


def _checked_hashes(state: GameState, given: Sequence[str] | None) -> tuple[str, ...]:
    if given is None:
        return compute_turn_hashes(state)
    ends = sum(1 for d in state.decisions if d.kind == "end_turn")
    if len(given) != ends or not all(isinstance(h, str) and _DIGEST.fullmatch(h) for h in given):
        raise ValueError(f"turn_hashes should hold {ends} digests, one per end_turn, got {len(given)}")
    return tuple(given)


def _decision_table(decision: Decision) -> dict[str, Any]:
    table: dict[str, Any] = {"turn": decision.turn, "kind": decision.kind, "id": decision.id}
    if decision.choice is not None:
        table["choice"] = decision.choice
    return table


def _previous_created(path: Path, state: GameState) -> datetime.datetime | None:
    """The creation time of the save at `path` if it is an earlier point of this game."""
    try:
        previous = read_save(path)
    except SaveError:
        return None
    same_game = (previous.scenario_id == state.scenario.id and previous.seed == state.seed
                 and state.decisions[: len(previous.decisions)] == previous.decisions)
    return previous.created if same_game else None


def _atomic_write(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, write, fsync, rename over the target, fsync the folder.

    The temporary file stays locked until it is renamed, so that the next save to the
    folder can tell the leftovers of a killed writer (unlocked) from a live write.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(folder)
        descriptor, temporary = _locked_temporary(path)
    except OSError as error:
        raise SaveError(f"{path}: could not save: {_reason(error)}") from None
    try:
        try:
            _copy_mode(path, descriptor)
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
            os.fsync(descriptor)
            os.replace(temporary, path)
        finally:
            os.close(descriptor)  # releases the lock, after the rename
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise SaveError(f"{path}: could not save: {_reason(error)}; "
                            "any earlier save there is unchanged") from None
        raise
    _fsync_folder(folder)


# mkstemp's names: `.` + the save's name + `.` + 8 random characters + `.tmp`
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def _locked_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside `path`, open and exclusively locked (where locks exist)."""
    for _ in range(3):
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        if fcntl is None:
            return descriptor, temporary
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if os.fstat(descriptor).st_nlink:  # not taken for a leftover in the instant before the lock
            return descriptor, temporary
        os.close(descriptor)
    raise OSError(errno.EAGAIN, "another program keeps removing the temporary file")


def _remove_leftovers(folder: Path) -> None:
    """Delete temporary files that killed writers left in `folder`: our own name pattern
    only, regular files only, and only those no live writer holds locked. Without file
    locks (Windows) nothing is removed, since a live write cannot be told apart."""
    if fcntl is None:
        return
    try:
        names = [name for name in os.listdir(folder) if _TEMPORARY.fullmatch(name)]
    except OSError:
        return
    for name in names:
        leftover = folder / name
        try:
            descriptor = os.open(leftover, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            opened = os.fstat(descriptor)
            if not stat.S_ISREG(opened.st_mode):
                continue
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # OSError while a writer holds it
            if os.path.samestat(opened, os.lstat(leftover)):
                os.unlink(leftover)
        except OSError:
            continue
        finally:
            os.close(descriptor)


def _copy_mode(path: Path, descriptor: int) -> None:
    """mkstemp makes files readable by the owner only; keep the mode of the save replaced."""
    if not hasattr(os, "fchmod"):
        return
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o644
    os.fchmod(descriptor, mode)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform allows opening a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else str(error)


# -- reading ---------------------------------------------------------------------


def read_save(path: str | Path) -> SaveFile:
    """Read and check a save file without replaying it; SaveError says what is wrong."""
    path = Path(path)
    source = _read_bytes(path)
    if not source.strip():
        raise SaveError(f"{path}: the save file is empty")
    if b"\0" in source:
        raise SaveError(f"{path}: this is not a Crossroads save (it holds binary data, not text)")
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(f"{path}: this is not a Crossroads save (it is not UTF-8 text)") from None
    if files.toml_values(source) > MAX_SAVE_VALUES:
        raise SaveError(f"{path}: this is not a Crossroads save (it holds more than "
                        f"{MAX_SAVE_VALUES:,} values, far more than any game needs)")
    import tomllib  # here: a new game's start (and its first autosave) parses no TOML

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SaveError(f"{path}: the save file is damaged or incomplete, it is not valid TOML "
                        f"({_toml_reason(error)}); {_CUT_OFF}") from None
    except RecursionError:
        raise SaveError(f"{path}: this is not a Crossroads save (its values are nested hundreds "
                        "of levels deep)") from None
    except (ValueError, OverflowError):  # tomllib's refusal of an integer over 4,300 digits
        raise SaveError(f"{path}: the save file is damaged or was edited: it holds a number of "
                        "more than 4,300 digits") from None
    if not any(key in data for key in _MARKERS):
        if isinstance(data.get("scenario"), dict):
            raise SaveError(f"{path}: this is a scenario file, not a saved game "
                            "(start a new game with it instead)")
        raise SaveError(f"{path}: this TOML file is not a Crossroads save")
    version = data.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > SAVE_FORMAT:
        raise SaveError(f"{path}: this save was made by a newer Crossroads (save format {version}; "
                        f"this version reads format {SAVE_FORMAT}); update Crossroads to load it")
    complete = text.rstrip().endswith(END_LINE)
    try:
        return _parse(path, data, complete)
    except _Bad as bad:
        if not complete:
            raise SaveError(f"{path}: the save file is incomplete ({bad}); {_CUT_OFF}") from None
        raise SaveError(f"{path}: the save file is damaged or was edited: {bad}") from None


_CUT_OFF = "it may have been cut off while it was written or copied; an autosave may still hold the game"


def _read_bytes(path: Path) -> bytes:
    """Regular files only, never blocking, at most MAX_SAVE_BYTES read (game.files)."""
    try:
        return files.read_capped(path, MAX_SAVE_BYTES, what="save file")
    except files.UnreadableFile as error:
        raise SaveError(str(error)) from None


def _toml_reason(error: Exception) -> str:
    message = str(error)
    return message[:1].lower() + message[1:]


class _Bad(Exception):
    """A field of a save is missing or of the wrong type; the message names it."""


def _field(table: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str = "",
           *, optional: bool = False) -> Any:
    name = f"{where}{key}"
    if key not in table:
        if optional:
            return None
        raise _Bad(f"`{name}` is missing")
    value = table[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        raise _Bad(f"`{name}` should be {_KIND_NAMES.get(kinds[0], kinds[0].__name__)}, "
                   f"found {_shown(value)}")
    return value


_KIND_NAMES = {int: "a whole number", str: "text", list: "a list", dict: "a table",
               datetime.datetime: "a date and time", bool: "true or false"}


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, int) and not _within_limit(value):
        return f"a number of {len(str(abs(value))):,} digits"
    text = repr(value)
    return clean(text if len(text) <= 40 else text[:37] + "...")


def _matching(value: str, pattern: re.Pattern[str], name: str, what: str) -> str:
    if not pattern.fullmatch(value):
        raise _Bad(f"`{name}` should be {what}, found {_shown(value)}")
    return value


def _parse(path: Path, data: dict[str, Any], complete: bool) -> SaveFile:
    version = _field(data, "format", int)
    if version < 1:
        raise _Bad(f"`format` should be 1 to {SAVE_FORMAT}, found {version}")
    scenario_id = _matching(_field(data, "scenario_id", str), _SCENARIO_ID, "scenario_id", "a scenario id")
    sha = _matching(_field(data, "scenario_sha256", str), _SHA256, "scenario_sha256", "64 hex digits")
    raw_decisions = _field(data, "decisions", list)
    if len(raw_decisions) > MAX_DECISIONS:
        raise _Bad(f"`decisions` holds {len(raw_decisions):,} entries, more than {MAX_DECISIONS:,}")
    decisions = tuple(_decision(i, d) for i, d in enumerate(raw_decisions))
    hashes = _field(data, "turn_hashes", list)
    for index, digest in enumerate(hashes):
        name = f"turn_hashes[{index}]"
        if not isinstance(digest, str):
            raise _Bad(f"`{name}` should be text, found {_shown(digest)}")
        _matching(digest, _DIGEST, name, "12 hex digits")
    ends = sum(1 for d in decisions if d.kind == "end_turn")
    if len(hashes) != ends:
        raise _Bad(f"`turn_hashes` holds {len(hashes)} digests but the decisions close {ends} turns")
    return SaveFile(
        path=path,
        format=version,
        app_version=clean(_field(data, "app_version", str)),
        scenario_id=scenario_id,
        scenario_sha256=sha,
        scenario_path=clean(_field(data, "scenario_path", str)),
        seed=_field(data, "seed", int),
        player=clean(_field(data, "player", str)),
        created=_moment(data, "created"),
        updated=_moment(data, "updated"),
        decisions=decisions,
        turn_hashes=tuple(hashes),
        summary=_summary(_field(data, "summary", dict)),
        complete=complete,
    )


def _moment(data: Mapping[str, Any], key: str) -> datetime.datetime:
    """A timestamp in UTC; one that cannot be (9999-12-31 23:59 at -23:59 is past year 9999) is refused."""
    try:
        return _utc(_field(data, key, datetime.datetime))
    except (OverflowError, ValueError):
        raise _Bad(f"`{key}` is a date and time that cannot be expressed in UTC "
                   "(it falls outside the years 1 to 9999 there)") from None


def _decision(index: int, table: Any) -> Decision:
    where = f"decisions[{index}]."
    if not isinstance(table, dict):
        raise _Bad(f"`decisions[{index}]` should be a table, found {_shown(table)}")
    turn = _bounded(_field(table, "turn", int, where), f"{where}turn")
    if turn < 1:
        raise _Bad(f"`{where}turn` should be 1 or more, found {turn}")
    kind = _field(table, "kind", str, where)
    if kind not in _KINDS:
        raise _Bad(f"`{where}kind` should be one of {', '.join(_KINDS)}, found {_shown(kind)}")
    item = _field(table, "id", str, where)
    choice = _field(table, "choice", str, where, optional=True)
    if kind == "end_turn":
        if item:
            raise _Bad(f"`{where}id` should be empty for end_turn, found {_shown(item)}")
    else:
        _matching(item, _ID, f"{where}id", "an id")
    if kind == "event":
        if choice is None:
            raise _Bad(f"`{where}choice` is missing")
        _matching(choice, _ID, f"{where}choice", "an id")
    elif choice is not None:
        raise _Bad(f"`{where}choice` is only for events, found one on {kind}")
    return Decision(turn, kind, item, choice)


def _within_limit(number: int) -> bool:
    return -NUMBER_LIMIT <= number <= NUMBER_LIMIT


def _bounded(number: int | None, name: str) -> Any:
    """Meters and scores never leave ±NUMBER_LIMIT in a game, so a save beyond it was edited."""
    if number is not None and not _within_limit(number):
        raise _Bad(f"`{name}` should be within {NUMBER_LIMIT:,} either side of zero, found {_shown(number)}")
    return number


def _summary(table: dict[str, Any]) -> SaveSummary:
    where = "summary."
    turn = _bounded(_field(table, "turn", int, where), f"{where}turn")
    ending = _field(table, "ending", str, where, optional=True)
    if ending is not None:
        _matching(ending, _ID, f"{where}ending", "an id")
    final_score = _bounded(_field(table, "score", int, where, optional=True), f"{where}score")
    meters: dict[str, int] = {}
    for key, value in _field(table, "meters", dict, where).items():
        meters[_matching(key, _ID, f"{where}meters", "meter ids")] = _bounded(_field(
            {key: value}, key, int, f"{where}meters."), f"{where}meters.{key}")
    flags = []
    for index, flag in enumerate(_field(table, "flags", list, where)):
        if not isinstance(flag, str):
            raise _Bad(f"`{where}flags[{index}]` should be text, found {_shown(flag)}")
        flags.append(_matching(flag, _ID, f"{where}flags[{index}]", "a flag id"))
    digest = _matching(_field(table, "digest", str, where), _DIGEST, f"{where}digest", "12 hex digits")
    return SaveSummary(turn, ending, final_score, MappingProxyType(meters), tuple(sorted(flags)), digest)


# -- loading ---------------------------------------------------------------------


def load_game(path: str | Path, scenario: Scenario) -> LoadedGame:
    """Read a save, replay its decisions on `scenario` and check every turn.

    Raises SaveError if the save is unreadable, belongs to another scenario, or
    the replay stops matching it; the message names the turn and the likely
    cause. A changed scenario file that still replays the same game loads with
    a warning.
    """
    save = read_save(path)
    if save.scenario_id != scenario.id:
        raise SaveError(f"{save.path}: this save is for scenario `{save.scenario_id}`, "
                        f"not `{scenario.id}`")
    changed = bool(save.scenario_sha256 != scenario.sha256)
    warnings = ["the scenario file changed since this game was saved"] if changed else []
    cause = ("The scenario file changed since this game was saved, which is the likely cause."
             if changed else
             "The scenario file is unchanged, so the save file was edited or damaged.")
    try:
        state, _ = _replay(scenario, save.seed, save.decisions, expected=save.turn_hashes)
    except _Diverged as error:
        raise SaveError(f"{save.path}: the saved game no longer replays: it diverges at turn "
                        f"{error.turn} ({error.detail}). {cause}") from None
    mismatch = _summary_mismatch(save.summary, state, check_score=not changed)
    if mismatch and not save.complete:
        raise SaveError(f"{save.path}: the save file is incomplete: its summary does not match "
                        f"the replayed game ({mismatch}); {_CUT_OFF}")
    if mismatch:
        raise SaveError(f"{save.path}: the save's summary does not match the replayed game "
                        f"at turn {state.turn} ({mismatch}). {cause}")
    return LoadedGame(state=state, save=save, warnings=warnings)


def _summary_mismatch(summary: SaveSummary, state: GameState, *, check_score: bool) -> str:
    if summary.turn != state.turn:
        return f"the save says turn {summary.turn}, the replay reaches turn {state.turn}"
    for meter in sorted(set(summary.meters) | set(state.meters)):
        saved, replayed = summary.meters.get(meter), state.meters.get(meter)
        if saved != replayed:
            return f"meter `{meter}`: the save says {_value(saved)}, the replay gives {_value(replayed)}"
    if set(summary.flags) != set(state.flags):
        extra = sorted(set(summary.flags) - state.flags)
        missing = sorted(state.flags - set(summary.flags))
        parts = [f"the save sets `{f}` but the replay does not" for f in extra]
        parts += [f"the replay sets `{f}` but the save does not" for f in missing]
        return "flags: " + "; ".join(parts)
    if summary.ending != state.ending:
        return f"ending: the save says {_value(summary.ending)}, the replay gives {_value(state.ending)}"
    if check_score and summary.score != score(state):
        return f"score: the save says {_value(summary.score)}, the replay gives {_value(score(state))}"
    if summary.digest != state_digest(state):
        return "the digest of the final state differs"
    return ""


def _value(value: Any) -> str:
    return "nothing" if value is None else f"`{value}`" if isinstance(value, str) else str(value)


# -- names and folders -----------------------------------------------------------

_FORBIDDEN = set('/\\:<>"|?*')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def save_path(folder: str | Path, name: str) -> Path:
    """The file for a save name a player typed, always directly inside `folder`.

    Rejects empty names, path separators, `..`, leading dots, control
    characters and names over 64 characters; adds `.toml` when missing.
    """
    folder = Path(folder)
    given = name
    name = name.strip()
    stem = name[: -len(SUFFIX)] if name.lower().endswith(SUFFIX) else name
    problem = None
    if not stem:
        problem = "a save needs a name"
    elif len(name) > MAX_NAME:
        problem = f"a save name can be at most {MAX_NAME} characters (this one has {len(name)})"
    elif any(not ch.isprintable() for ch in name):
        problem = "a save name cannot hold control characters"
    elif "/" in name or "\\" in name:
        problem = "a save name cannot hold / or \\ (saves stay in the save folder)"
    elif ".." in name:
        problem = "a save name cannot hold `..`"
    elif name.startswith("."):
        problem = "a save name cannot start with a dot"
    elif any(ch in _FORBIDDEN for ch in name):
        problem = "a save name cannot hold any of : < > \" | ? *"
    elif stem.split(".")[0].lower() in _WINDOWS_RESERVED:
        problem = f"`{stem}` is a reserved file name on Windows"
    elif stem.endswith((".", " ")):
        problem = "a save name cannot end with a dot or a space"
    if problem:
        raise SaveError(f"{problem}; try {_suggest(given)!r}")
    target = folder / (stem + SUFFIX)
    if target.parent != folder or target.name != stem + SUFFIX:  # belt and braces
        raise SaveError(f"a save name must be a plain file name; try {_suggest(given)!r}")
    return target


def _suggest(name: str) -> str:
    """A harmless name close to what the player typed."""
    if name.lower().endswith(SUFFIX):
        name = name[: -len(SUFFIX)]
    kept = "".join(ch if ch.isprintable() and ch not in _FORBIDDEN else "-" for ch in name)
    kept = re.sub(r"\.{2,}", "-", kept)
    kept = re.sub(r"-{2,}", "-", kept).strip(" .-")[:MAX_NAME - len(SUFFIX)].rstrip(" .-")
    if not kept or kept.split(".")[0].lower() in _WINDOWS_RESERVED:
        kept = f"save-{kept}" if kept else "my-save"
    return kept


def autosave_path(folder: str | Path, scenario_id: str) -> Path:
    return Path(folder) / f"autosave-{scenario_id}{SUFFIX}"


@dataclass(frozen=True)
class BrokenSave:
    """A file in the save folder that looks like a save but cannot be read: listed, not loaded."""

    path: Path
    message: str  # why, for the player (already cleaned for the terminal)
    updated: datetime.datetime  # the file's modification time, UTC, for ordering
    scenario_id: None = None  # so that code looking for a scenario's saves passes over it


def list_saves(folder: str | Path, *, with_broken: bool = False) -> list[SaveFile | BrokenSave]:
    """The saves in `folder`, newest first. Never raises: a file that cannot be read is
    skipped, or with `with_broken` listed as a BrokenSave saying why (for a load dialog)."""
    folder = Path(folder)
    try:
        candidates = [p for p in folder.iterdir() if p.suffix == SUFFIX and not p.name.startswith(".")]
    except OSError:
        return []
    listed: list[SaveFile | BrokenSave] = []
    for candidate in candidates:
        if not files.is_regular_file(candidate):
            continue  # a folder, FIFO or device named *.toml is nobody's save
        try:
            listed.append(read_save(candidate))
        except SaveError as error:
            broken = BrokenSave(candidate, error.message, _modified(candidate))
        except Exception as error:  # a bug in reading must never stop the app from starting
            broken = BrokenSave(candidate, f"{files.display(candidate)}: this save cannot be read "
                                           f"({type(error).__name__})", _modified(candidate))
        else:
            continue
        if with_broken:
            listed.append(broken)
    listed.sort(key=lambda s: (s.updated, s.path.name), reverse=True)
    return listed


def delete_save(folder: str | Path, path: str | Path) -> None:
    """Remove the save file `path`, which must lie directly in `folder`.

    The path comes from a listing that a stranger's files may have shaped, so it is
    checked again here: a name outside the folder, a folder, a device or a file
    that is not a `.toml` is refused. A symbolic link is removed itself and never
    followed: the file it points to, wherever that is, stays. A broken save is
    deleted like any other. Raises SaveError, saying that nothing was deleted.
    """
    folder, path = Path(folder), Path(path)
    name = path.name
    try:
        inside = path.parent.resolve(strict=True) == folder.resolve(strict=True)
    except (OSError, RuntimeError):  # a missing folder, or a loop of links
        inside = False
    if not inside or not name.endswith(SUFFIX) or name.startswith(".") or name in ("", ".", ".."):
        raise SaveError(f"{files.display(path)} is not a save in {files.display(folder)}; nothing was deleted")
    target = folder / name  # the folder as given, and the bare name: no `..`, no other folder
    try:
        mode = os.lstat(target).st_mode  # lstat: a link is judged as a link, not as what it points to
    except FileNotFoundError:
        raise SaveError(f"{files.display(target)} is already gone") from None
    except OSError as error:
        raise SaveError(f"{files.display(target)} cannot be deleted: {_reason(error)}") from None
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise SaveError(f"{files.display(target)} is not a save file (a folder or a device); nothing was deleted")
    try:
        os.unlink(target)  # removes a link itself; refuses a folder that took the file's place meanwhile
    except FileNotFoundError:
        raise SaveError(f"{files.display(target)} is already gone") from None
    except OSError as error:
        raise SaveError(f"{files.display(target)} cannot be deleted: {_reason(error)}") from None
    _fsync_folder(folder)


def _modified(path: Path) -> datetime.datetime:
    try:
        return datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC).replace(microsecond=0)
    except (OSError, OverflowError, ValueError):
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)
