"""The parsed TOML of a sound scenario file, kept as JSON so that the next start need not parse it again.

tomllib is pure Python: it takes about 18 ms of CPU to parse the flagship (134 kB,
mostly prose in strings, read a character at a time), 4% of the start-up to the
first game screen, where reading the same values as JSON takes about 1 ms
(docs/benchmarks.md). The app's commands pass the loader a cache folder (for the
game `play` opens and for New game, Continue and Load); nothing else does, so the
tools, the tests and `validate` always parse.

An entry is one file per scenario path (`entry_for`), holding the values exactly as
the loader's TOML step returned them (strings already cleaned, keys checked) with a
hash of the source bytes they came from: it is used only for those very bytes, read by
this Python version and this cache format; anything else, an unreadable or garbled
entry included, is a miss and the file is parsed as before. Entries are written only
after the whole file loaded without a problem, atomically (a temporary file renamed),
and a failure to write one is ignored. What an entry holds still goes through the
loader's checks of shape and meaning, and its strings are cleaned again, so an entry
edited by hand can do no more than the scenario file could.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from game import files

FORMAT = 1
PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"  # tomllib's version goes with Python's
MAX_ENTRIES = 50  # files played; the least recently written beyond these are removed
MAX_ENTRY_BYTES = 8_000_000  # JSON of a scenario at the loader's 2 MB limit, escapes included
_TAG = "\0"  # marks a TOML date or time; no key of a loaded file holds a control character
_REVIVE = {"datetime": datetime.datetime.fromisoformat, "date": datetime.date.fromisoformat,
           "time": datetime.time.fromisoformat}


def entry_for(folder: Path, scenario: str | os.PathLike[str]) -> Path:
    """The entry of a scenario file in the cache folder, named by a hash of its absolute path."""
    where = os.path.abspath(os.fspath(scenario))
    return folder / f"{hashlib.blake2b(where.encode('utf-8', 'surrogateescape'), digest_size=16).hexdigest()}.json"


def source_hash(source: bytes) -> str:
    return hashlib.blake2b(source, digest_size=20).hexdigest()


def read(entry: Path, digest: str) -> dict[str, Any] | None:
    """The values kept for the source of hash `digest`, or None (a miss) for anything else."""
    try:
        text = files.read_capped(entry, MAX_ENTRY_BYTES, what="cache file").decode("utf-8")
        kept = json.loads(text, object_hook=_revive)
    except (files.UnreadableFile, UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError):
        return None
    if not isinstance(kept, dict) or (kept.get("format"), kept.get("python"), kept.get("source")) != (
            FORMAT, PYTHON, digest) or not isinstance(kept.get("data"), dict):
        return None
    return kept["data"]


def encode(digest: str, data: dict[str, Any]) -> str | None:
    """The entry for `data` parsed from the source of hash `digest`; None if it cannot be written as JSON."""
    try:
        return json.dumps({"format": FORMAT, "python": PYTHON, "source": digest, "data": data},
                          default=_tagged, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None


def write(entry: Path, text: str) -> None:
    """Write an entry atomically; a folder that cannot be written is left as it is."""
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(text.encode("utf-8"))
        os.replace(temporary, entry)
        _forget_the_oldest(entry.parent)
    except (OSError, UnicodeEncodeError):
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def _forget_the_oldest(folder: Path) -> None:
    """Keep at most MAX_ENTRIES entries: an entry of a file since deleted would stay forever."""
    entries = sorted(folder.glob("*.json"), key=_written, reverse=True)
    for stale in entries[MAX_ENTRIES:]:
        try:
            stale.unlink()
        except OSError:
            pass


def _written(entry: Path) -> float:
    try:
        return entry.stat().st_mtime
    except OSError:
        return 0.0


def _tagged(value: Any) -> dict[str, str]:
    if isinstance(value, datetime.datetime):  # before date: a datetime is a date too
        return {_TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, datetime.date):
        return {_TAG: "date", "v": value.isoformat()}
    if isinstance(value, datetime.time):
        return {_TAG: "time", "v": value.isoformat()}
    raise TypeError(f"not a TOML value: {type(value).__name__}")


def _revive(table: dict[str, Any]) -> Any:
    if _TAG in table:
        return _REVIVE[table[_TAG]](table["v"])  # a garbled tag: KeyError or ValueError, a miss
    return table
