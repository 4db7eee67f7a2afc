"""Where the game finds shipped scenarios and keeps saves."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

_CHECKOUT = Path(__file__).resolve().parent.parent


def shipped_scenarios() -> Path:
    """scenarios/ of a checkout, or the copy packed into an installed wheel."""
    if (_CHECKOUT / "scenarios").is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT / "scenarios"
    return Path(str(resources.files("game.scenarios")))


def save_folder() -> Path:
    """saves/ when run from a checkout, else the user's data folder."""
    if (_CHECKOUT / "saves").is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT / "saves"
    return Path(platformdirs.user_data_dir("crossroads", appauthor=False)) / "saves"
