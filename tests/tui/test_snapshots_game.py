"""How the game looks at 80×24: the game screen, the turn report, the meter "why" view, help and the ending.

Update after an intended change of look with `pytest tests/tui/test_snapshots_game.py --snapshot-update`,
and look at the report before committing.
"""

from __future__ import annotations

from game_app import GameApp, small

SIZE = (80, 24)


def keys(*pressed: str):
    """Press keys, then wait until the app has settled: on a loaded machine Pilot's own
    idle wait can end before a pushed screen and the game beneath it are drawn."""

    async def run_before(pilot) -> None:
        await pilot.press(*pressed)
        for _ in range(3):
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()

    return run_before


def app() -> GameApp:
    game = GameApp(small(), seed=3)
    game.cursor_blink = False  # no blinking cursor to make snapshots differ
    return game


def test_game_screen_with_a_choice_unavailable_and_its_reason(snap_compare):
    assert snap_compare(app(), run_before=keys(), terminal_size=SIZE)


def test_game_screen_after_a_decision_with_its_result_and_changes(snap_compare):
    assert snap_compare(app(), run_before=keys("1"), terminal_size=SIZE)


def test_turn_report(snap_compare):
    assert snap_compare(app(), run_before=keys("1", "1", "e"), terminal_size=SIZE)


def test_why_a_meter_moved(snap_compare):
    assert snap_compare(app(), run_before=keys("1", "1", "e", "enter", "m"), terminal_size=SIZE)


def test_help(snap_compare):
    assert snap_compare(app(), run_before=keys("question_mark"), terminal_size=SIZE)


def test_ending(snap_compare):
    assert snap_compare(app(), run_before=keys("3"), terminal_size=SIZE)
