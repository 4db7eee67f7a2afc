"""The one gate every file the program reads passes through.

Scenario files and saves come from strangers, so a path may name a folder, a
device that never ends (`/dev/zero`), a FIFO that blocks forever, a socket, or
a file far larger than any scenario. `read_capped` accepts regular files only
(following symlinks, but judging the file actually opened), opens without
blocking, and counts bytes while it reads, because `st_size` says nothing about
devices and can change between a check and a read.

    read_capped(path, limit, what="scenario file") -> bytes
    display(path) -> str      a path as it may be printed in a terminal
    toml_values(source) -> int   at most how many values a TOML text holds, before parsing it

Every refusal is an `UnreadableFile` whose `reason` is written for a player
and whose `name` is the path already cleaned for the terminal.
"""

from __future__ import annotations

import errno
import os
import stat

from game.engine.text import clean_line

_CHUNK = 1 << 16
# O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting
# for one. O_NOCTTY: opening a terminal device never makes it ours.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class UnreadableFile(Exception):
    """A file that the gate refused or could not read; the message names it."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.name = display(path)
        self.reason = reason
        super().__init__(f"{self.name}: {reason}")


def display(path: str | os.PathLike[str]) -> str:
    """A path as it may reach a terminal: control characters dropped, one line."""
    return clean_line(os.fsdecode(path))


def _not_regular(mode: int, what: str) -> str | None:
    """Why a file of this mode is refused, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return f"this is a folder, not a {what}"
    if stat.S_ISFIFO(mode):
        return f"this is a pipe (FIFO), not a {what}"
    if stat.S_ISSOCK(mode):
        return f"this is a socket, not a {what}"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return f"this is a device, not a {what}"
    return f"this is not a regular file, so it cannot be a {what}"


def _reason(error: OSError, what: str) -> str:
    if isinstance(error, FileNotFoundError):
        # "no such file" is what validate has always said of a scenario (docs, tests); saves name themselves
        return f"no such {what}" if what != "scenario file" else "no such file"
    if isinstance(error, IsADirectoryError):
        return f"this is a folder, not a {what}"
    if isinstance(error, PermissionError):
        return f"the {what} cannot be read (permission denied)"
    if error.errno == errno.ELOOP:
        return "the path is a loop of symbolic links"
    if error.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
        return f"this is not a regular file, so it cannot be a {what}"
    text = error.strerror.lower() if error.strerror else str(error)
    return f"the {what} cannot be read: {clean_line(text)}"


def read_capped(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The whole content of a regular file of at most `limit` bytes.

    Raises UnreadableFile for anything else: a missing file, a folder, a FIFO,
    a socket, a device, a file over `limit` bytes (counted while reading), or
    an operating-system error.
    """
    try:
        # stat first, so that a device or FIFO is refused without being opened at all
        refused = _not_regular(os.stat(path).st_mode, what)
        if refused:
            raise UnreadableFile(path, refused)
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise UnreadableFile(path, _reason(error, what)) from None
    except ValueError:  # a NUL byte in the path
        raise UnreadableFile(path, f"no such {what}: the name holds a NUL character") from None
    try:
        # What was opened is what counts: the path may have changed since the stat.
        refused = _not_regular(os.fstat(descriptor).st_mode, what)
        if refused:
            raise UnreadableFile(path, refused)
        chunks, total = [], 0
        while True:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(path, f"the file is larger than {limit:,} bytes, too large for a {what}")
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFile(path, _reason(error, what)) from None
    finally:
        os.close(descriptor)


def toml_values(source: bytes) -> int:
    """An upper bound on how many values a TOML text holds, counted at C speed.

    Every TOML value follows a `=`, a `,` or a `[`. A capped read bounds the bytes,
    but 2 MB of `1,1,1,…` is a million values, which would take tomllib seconds and
    hundreds of megabytes; readers refuse such a text before parsing it.
    """
    return source.count(b"=") + source.count(b",") + source.count(b"[")


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """True for a regular file (symlinks followed); never opens or blocks."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
