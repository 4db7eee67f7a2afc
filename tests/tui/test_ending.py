"""The ending screen tells the player how and why the game ended, and opens the debrief."""

from __future__ import annotations

from textual.widgets import Markdown, Sparkline, Static

from game.tui.screens.ending import EndingScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.turn_report import TurnReportScreen
from game_app import GameApp, small

SIZE = (80, 24)


def everything_shown(screen) -> str:
    """The plain text of every Static and the source of every Markdown on the screen, in order."""
    parts = []
    for widget in screen.query("Static, Markdown"):
        if isinstance(widget, Markdown):
            parts.append(widget.source)
        elif isinstance(widget, Static) and not widget.has_class("chart"):
            parts.append(str(widget.render()))
    return "\n".join(parts)


async def test_an_ending_reached_by_a_choice_shows_that_choice_its_outcome_and_why():
    app = GameApp(small())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")  # burn the bridge: trust 40 → 5, under the defeat's 15
        assert isinstance(app.screen, EndingScreen)
        text = everything_shown(app.screen)
        assert "Defeat  Collapse" in text, "the kind in words, then the title"
        assert "You chose: Burn the bridge" in text
        assert "The bridge **burns**." in text, "the outcome text of the choice that ended the game"
        assert "Moscow's trust [@click=app.quit] 40 → 5 (-35)" in text
        assert "✓ held  Moscow's trust [@click=app.quit] < 15" in text
        assert "It all **fell apart**." in text


async def test_the_ending_reveals_hidden_meters_charts_every_meter_and_explains_the_score():
    app = GameApp(small())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        screen = app.screen
        text = everything_shown(screen)
        assert "Threat perception (hidden)" in text
        charts = list(screen.query(Sparkline))
        assert len(charts) == 3, "one chart per meter, hidden ones too"
        assert list(charts[0].data) == [40, 5], "trust from the start to where the game ended"
        assert "Score: 25\n" in text  # trust 5 × 2 + support 50 / 2 − threat 10
        assert "= Moscow's trust [@click=app.quit] × 2 + Public support / 2 − Threat perception" in text


async def test_the_debrief_lists_decisions_questions_history_and_sources():
    app = GameApp(small())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        text = everything_shown(app.screen)
        assert "Turn 1  The opening [@click=app.quit]quit[/]: Burn the bridge" in text
        assert "The opening [@click=app.quit]quit[/]  [Historical]" in text
        assert "Was it the right answer?" in text
        assert "Source: A source [b]bold[/b]" in text
        assert "Nothing **really** happened." in text, "the scenario's what_happened, as Markdown"
        assert "• A book about tests" in text
        assert app.is_running


async def test_a_game_that_runs_its_course_says_which_conditions_of_a_victory_failed():
    app = GameApp(small())
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(40):
            if isinstance(app.screen, EndingScreen):
                break
            if isinstance(app.screen, TurnReportScreen):
                await pilot.press("enter")
            elif app.screen.state.queue:
                await pilot.press("1")
            else:
                await pilot.press("e")
        screen = app.screen
        assert isinstance(screen, EndingScreen)
        text = everything_shown(screen)
        assert "No other ending's conditions held when the last turn closed." in text
        assert "Victory “A good end” needed:" in text
        assert "✓ held  the last turn is over" in text
        assert "Moscow's trust [@click=app.quit] ≥ 50" in text


async def test_play_again_starts_the_same_world_and_title_asks_the_app():
    app = GameApp(small(), seed=42)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "p")
        assert isinstance(app.screen, GameScreen)
        assert app.screen.state.seed == 42 and app.screen.state.decisions == ()
        await pilot.press("3", "t")
        assert isinstance(app.screen, GameScreen), "the test app's title starts a fresh game"


async def test_an_ending_brought_by_a_standing_rule_says_so():
    app = GameApp(small())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "e")  # cold: trust 40 → 20; as turn 2 opens the drift rule takes it to 18
        for _ in range(10):  # then answer and end turns until the drift crosses 15
            if isinstance(app.screen, EndingScreen):
                break
            if isinstance(app.screen, TurnReportScreen):
                await pilot.press("enter")
            elif app.screen.state.queue:
                await pilot.press("1")
            else:
                await pilot.press("e")
        assert isinstance(app.screen, EndingScreen)
        text = everything_shown(app.screen)
        assert "A standing rule applied as the turn opened: Relations drift without attention." in text
        assert "Moscow's trust [@click=app.quit] 16 → 14 (-2)" in text


async def test_no_markdown_on_the_game_or_ending_screens_opens_links():
    app = GameApp(small())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        markdowns = list(app.screen.query(Markdown))
        await pilot.press("e", "enter", "1", "e", "enter", "1", "e", "enter", "1", "e")
        assert isinstance(app.screen, EndingScreen)
        markdowns += list(app.screen.query(Markdown))
        assert len(markdowns) >= 4
        assert not any(markdown._open_links for markdown in markdowns)
