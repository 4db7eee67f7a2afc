"""The dice: saved games replay their rolls, so a roll's number is fixed by its arguments."""

from __future__ import annotations

from hashlib import blake2b

from game.engine.rolls import key, roll, roll_key

CASES = [(0, 1, ("chance", "coin")), (12_345_678_901, 24, ("policy", "action", "2")),
         (-3, 7, ("outcome", "e", "go")), (0, 1, ("policy", "coin")), (0, 2, ("chance", "coin"))]


def test_a_roll_is_the_blake2b_of_seed_turn_and_what_whichever_way_it_is_asked():
    for _ in range(2):  # the second time, from the (seed, turn) kept by the first
        for seed, turn, what in CASES:
            digest = blake2b("\x1f".join([str(seed), str(turn), *what]).encode(), digest_size=8).digest()
            expected = int.from_bytes(digest, "big") / 2**64
            assert roll(seed, turn, *what) == expected
            assert roll_key(seed, turn, key(*what)) == expected
