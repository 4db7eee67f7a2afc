"""Where the game finds shipped scenarios and keeps saves."""

from __future__ import annotations

from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _in_checkout() -> bool:
    return (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "scenarios").is_dir()


def shipped_scenarios() -> Path:
    """scenarios/ of a checkout, or the copy a wheel installs as game/scenarios/."""
    return _CHECKOUT / "scenarios" if _in_checkout() else _PACKAGE / "scenarios"


def shipped_scenario_files() -> list[Path]:
    """The shipped scenario files, in name order."""
    return sorted(shipped_scenarios().glob("*.toml"))


def save_folder() -> Path:
    """saves/ when run from a checkout, else the user's data folder."""
    if _in_checkout():
        return _CHECKOUT / "saves"
    return Path(platformdirs.user_data_dir("crossroads", appauthor=False)) / "saves"
