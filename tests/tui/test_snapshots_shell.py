"""How the title and the new-game screen look at 80×24 (pytest-textual-snapshot).

Update after a deliberate change with `pytest tests/tui/test_snapshots_shell.py --snapshot-update`,
and look at the new SVGs in tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from game import paths
from game.tui.app import CrossroadsApp

DATA = Path(__file__).parent / "data" / "shell"


@pytest.fixture(autouse=True)
def fixed_world(tmp_path, monkeypatch):
    """An empty save folder and two fixed scenarios, so the pictures do not change with the shipped ones."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    copies = [Path(shutil.copy(DATA / name, folder / name)) for name in ("harbour.toml", "broken.toml")]
    monkeypatch.setattr(paths, "shipped_scenario_files", lambda: copies)
    monkeypatch.setattr(paths, "save_folder", lambda override=None: tmp_path / "saves")


async def no_blinking(pilot) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_title(snap_compare):
    assert snap_compare(CrossroadsApp(), terminal_size=(80, 24))


def test_new_game(snap_compare):
    async def open_new_game(pilot) -> None:
        await pilot.press("n")
        await no_blinking(pilot)

    assert snap_compare(CrossroadsApp(), terminal_size=(80, 24), run_before=open_new_game)
