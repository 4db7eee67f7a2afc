"""The example saves in saves/: two finished games of the flagship, one class code, two players.

docs/classroom.md and the tests use them. When the flagship changes so that they
no longer replay, write them again:

    python tests/example_saves.py
"""

from __future__ import annotations

import os
from pathlib import Path

from game import paths, saves
from game.engine import load_scenario, new_game
from game.engine.policies import play, policy_named

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "saves"
CLASS_CODE = 2015
# Each player plays the whole game by a policy: Aiko minds the treaty's risks and lasts all
# 24 turns; Emma chases the treaty and her government falls halfway.
PLAYERS = {"Aiko": "cautious:treaty", "Emma": "greedy:treaty"}


def flagship_path() -> Path:
    return next(p for p in paths.shipped_scenario_files() if p.stem == "crossroads-2015")


def write_examples(folder: Path = FOLDER) -> list[Path]:
    # Loaded by its path inside the checkout, so the saves name scenarios/crossroads-2015.toml
    # rather than a path that exists only on the machine that wrote them.
    os.chdir(ROOT)
    scenario = load_scenario(flagship_path().relative_to(ROOT))
    written = []
    for player, policy in PLAYERS.items():
        state = new_game(scenario, CLASS_CODE)
        for state in play(state, policy_named(policy, scenario)):
            pass
        path = folder / f"{player}.toml"
        saves.write_save(path, state, player=player)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_examples():
        print(f"wrote {path.relative_to(ROOT)}")
