"""What every shipped scenario promises players and teachers.

Each check runs over every file in scenarios/, so a new scenario is held to the
same standard the moment it is added: it loads, its text fits an 80×24 screen,
every event says where its facts come from and whether it happened, dated
history is never crowded out of its month, and the game is neither a walkover
for a thoughtless policy nor a coin that always lands the same way.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from functools import cache

import pytest

from game import paths
from game.engine import GameState, new_game
from game.engine.policies import POLICIES, play
from game.tools.transcript import transcript
from tests.scenarios.conftest import play_route, shipped, shipped_ids

IDS = shipped_ids()
SEEDS = range(200)
TEXT_BUDGET, LABEL_BUDGET, RESULT_BUDGET = 450, 60, 200


@cache
def random_games(scenario_id: str) -> tuple[tuple[GameState, ...], ...]:
    """Every state of 200 random games: the turn openings are checked, the endings counted."""
    scenario = shipped()[scenario_id]
    games = []
    for seed in SEEDS:
        state = new_game(scenario, seed)
        games.append((state, *play(state, POLICIES["random"])))
    return tuple(games)


@cache
def raw(scenario_id: str) -> dict:
    """The file as TOML data, to see which keys the author wrote (not their defaults)."""
    path = next(p for p in paths.shipped_scenario_files() if shipped()[scenario_id].path.endswith(p.name))
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_the_shipped_scenarios_load_and_their_titles_differ():
    titles = [s.title for s in shipped().values()]
    assert len(shipped()) == len(paths.shipped_scenario_files())
    assert len(set(titles)) == len(titles), titles


@pytest.mark.parametrize("scenario_id", IDS)
def test_text_fits_the_budgets_of_an_80_by_24_screen(scenario_id):
    scenario = shipped()[scenario_id]
    over = []
    for event in scenario.events.values():
        if len(event.text) > TEXT_BUDGET:
            over.append(f"event {event.id} text: {len(event.text)}")
        for choice in event.choices:
            results = [choice.result, *(o.result for o in choice.outcomes)]
            over += [f"{event.id}.{choice.id} label: {len(choice.label)}"] if len(choice.label) > LABEL_BUDGET else []
            over += [f"{event.id}.{choice.id} result: {len(r)}" for r in results if len(r) > RESULT_BUDGET]
    for action in scenario.actions.values():
        results = [action.result, *(o.result for o in action.outcomes)]
        over += [f"action {action.id} label: {len(action.label)}"] if len(action.label) > LABEL_BUDGET else []
        over += [f"action {action.id} result: {len(r)}" for r in results if len(r) > RESULT_BUDGET]
    assert not over


@pytest.mark.parametrize("scenario_id", IDS)
def test_every_event_has_sources_a_debrief_and_a_history_label(scenario_id):
    written = raw(scenario_id).get("events", {})
    missing = [f"{eid}: {key}" for eid, event in written.items()
               for key in ("sources", "debrief", "history") if not event.get(key)]
    assert not missing


@pytest.mark.parametrize("scenario_id", IDS)
def test_debrief_material_and_glossary_are_written(scenario_id):
    scenario = shipped()[scenario_id]
    assert scenario.what_happened.strip() and scenario.sources and scenario.glossary
    assert scenario.briefing.strip()


@pytest.mark.parametrize("scenario_id", IDS)
def test_fact_events_are_never_crowded_out_of_their_month(scenario_id):
    scenario = shipped()[scenario_id]
    facts = [e for e in scenario.events.values()
             if e.history == "fact" and not e.triggered_only and e.chance >= 1.0]
    crowded = Counter()
    for game in random_games(scenario_id):
        openings = [game[0]] + [after for before, after in zip(game, game[1:])
                                if after.turn != before.turn and not after.final]
        for state in openings:
            if state.over:  # a rule ended the game as the turn opened: nothing is drawn
                continue
            for event in facts:
                drawn_before = event.id in state.seen and state.seen[event.id] != state.turn
                if event.once and drawn_before:
                    continue
                if event.when.evaluate(state) and event.id not in state.drawn:
                    crowded[(event.id, state.turn)] += 1
    assert not crowded, f"fact events left out of a turn where their condition held: {dict(crowded)}"


@pytest.mark.parametrize("scenario_id", IDS)
def test_answering_every_event_with_its_first_choice_does_not_win(scenario_id):
    final = play_route(scenario_id, seed=1, decisions=[])
    assert shipped()[scenario_id].endings[final.ending].kind != "victory"


@pytest.mark.parametrize("scenario_id", IDS)
def test_random_play_reaches_several_endings_and_none_dominates(scenario_id):
    endings = Counter(game[-1].ending for game in random_games(scenario_id))
    assert len(endings) >= 3, endings
    assert max(endings.values()) <= 0.7 * len(SEEDS), endings


@pytest.mark.parametrize("scenario_id", IDS)
def test_the_same_seed_and_decisions_give_the_same_transcript(scenario_id):
    game = random_games(scenario_id)[7]
    decisions = [d.choice if d.kind == "event" else (d.id if d.kind == "action" else "end")
                 for d in game[-1].decisions]
    again = play_route(scenario_id, seed=game[0].seed, decisions=decisions)
    assert list(transcript(again)) == list(transcript(game[-1]))
