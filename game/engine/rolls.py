"""Dice that depend only on what is rolled, never on what was rolled before.

A roll is a stable hash of (seed, turn, what), so the same game replays on any
machine and Python process (Python's own hash() is salted per process), and
editing one event does not reshuffle the rolls of every other.

    roll(seed, turn, *what)         the number rolled for `what`
    roll_key(seed, turn, key(*what)) the same number, quicker where `what` is rolled often
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from functools import lru_cache
from hashlib import blake2b

_SCALE = float(1 << 64)
_BIG_ENDIAN_U64 = struct.Struct(">Q").unpack  # a little quicker than int.from_bytes on the hot path


def roll(seed: int, turn: int, *what: str) -> float:
    """A number in [0, 1) fixed by its arguments."""
    return roll_key(seed, turn, key(*what))


@lru_cache(maxsize=4096)  # a game rolls for the same few hundred things every turn
def key(*what: str) -> bytes:
    """What is rolled, as `roll_key` takes it."""
    return "\x1f".join(what).encode()


# The last (seed, turn) rolled for, and a hash that has read its part of the key: a game
# rolls many times a turn with the same seed object. One tuple, replaced whole, so a reader
# never sees the hash of another seed; compared by identity, so an equal value of another
# type (True for 1) is never mistaken.
_last_prefix: tuple[object, object, blake2b] = (None, None, blake2b(digest_size=8))


def roll_key(seed: int, turn: int, what: bytes) -> float:
    """roll(seed, turn, *parts) for what = key(*parts): hashing the key in two pieces
    gives the same digest as in one, and the (seed, turn) piece is hashed once."""
    global _last_prefix
    last = _last_prefix
    if last[0] is seed and last[1] is turn:
        digest = last[2].copy()
    else:
        prefix = blake2b(f"{seed}\x1f{turn}\x1f".encode(), digest_size=8)
        _last_prefix = (seed, turn, prefix)
        digest = prefix.copy()
    digest.update(what)
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
