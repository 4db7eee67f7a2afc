"""Dice that depend only on what is rolled, never on what was rolled before.

A roll is a stable hash of (seed, turn, what), so the same game replays on any
machine and Python process (Python's own hash() is salted per process), and
editing one event does not reshuffle the rolls of every other.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from hashlib import blake2b

_SCALE = float(1 << 64)
_BIG_ENDIAN_U64 = struct.Struct(">Q").unpack  # a little quicker than int.from_bytes on the hot path
_EMPTY = blake2b(digest_size=8)


# The last (seed, turn) rolled for and its key prefix: a game rolls many times a turn with
# the same seed object. One tuple, replaced whole, so a reader never sees a prefix of another
# seed; compared by identity, so an equal value of another type (True for 1) is never mistaken.
_last_prefix: tuple[object, object, bytes] = (None, None, b"")


def roll(seed: int, turn: int, *what: str) -> float:
    """A number in [0, 1) fixed by its arguments."""
    global _last_prefix
    last = _last_prefix
    if last[0] is seed and last[1] is turn:
        prefix = last[2]
    else:
        prefix = f"{seed}\x1f{turn}\x1f".encode()
        _last_prefix = (seed, turn, prefix)
    digest = _EMPTY.copy()  # a copy of a fresh hash skips parsing blake2b's parameters every time
    digest.update(prefix + "\x1f".join(what).encode())
    return _BIG_ENDIAN_U64(digest.digest())[0] / _SCALE


def pick_weighted(weights: Sequence[int], r: float) -> int:
    """The index chosen by weight for a roll r in [0, 1); weight 0 is never chosen."""
    target = r * sum(weights)
    total = 0
    for index, weight in enumerate(weights):
        total += weight
        if target < total:
            return index
    return max(i for i, w in enumerate(weights) if w > 0)  # float edge at the very top
