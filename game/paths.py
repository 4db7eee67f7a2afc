"""Where the game finds shipped scenarios and keeps saves."""

from __future__ import annotations

import os
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


SAVES_VARIABLE = "CROSSROADS_SAVES"


def save_folder(override: str | Path | None = None) -> Path:
    """Where saves go: `override` (from --saves-dir), else $CROSSROADS_SAVES, else the user's data folder.

    The same folder for every kind of install (a wheel, an editable checkout), so
    a player's saves never move when they reinstall; the checkout's saves/ holds
    only example saves for the docs and tests.
    """
    chosen = override or os.environ.get(SAVES_VARIABLE, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir("crossroads", appauthor=False)) / "saves"
