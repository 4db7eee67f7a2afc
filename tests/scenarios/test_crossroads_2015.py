"""Hanging by a Thread (scenarios/crossroads-2015.toml): every ending has a line of play that reaches it.

Each route is a written-down game: for an event the choice id, for the standing actions an
action id or "end". Replay one with
`crossroads run crossroads-2015 --seed N --choices ...` (event choices only) or step through it
in the app; the comment above each route says what kind of Tokyo it plays.
"""

from __future__ import annotations

import re

import pytest

from tests.scenarios.conftest import shipped

SCENARIO = "crossroads-2015"

# Tokyo's real line: at each dated event, the choice Tokyo really made (named in that event's
# debrief, "Tokyo chose to ..."), or the nearest one where our sources record no answer (the
# debrief says so). The labels never say which it is.
REAL_CHOICES = {
    "g7_sanctions_2015": "in_step",
    "kuril_plan": "ask_quietly",
    "medvedev_iturup": "postpone",
    "beijing_parade": "regret",
    "kishida_un": "seek_both",
    "g20_antalya": "meet",
    "kuril_buildup": "note_concern",
    "obama_request": "go",
    "sochi": "full_plan",
    "g7_sanctions_2016": "in_step",
    "thaad": "back_for_nk",
    "eef_vladivostok": "all_in",
    "island_missiles": "leave_open",
    "us_election": "court_early",
    "nagato": "special_system",
}
NEAREST_CHOICES = {
    "ufa_summits": "watch",
    "joint_sea": "monitor",
    "deputy_round": "restate",
    "security_laws": "defensive",
    "two_plus_two": "explain_nk",
}
ROUTES: dict[str, tuple[int, list[str]]] = {}

# judgement: BMD explained, a Far East offer, the 1956 declaration as the starting point, Sochi with Washington briefed, a written understanding on bases (ends in turn 24)
ROUTES["framework"] = (1, [
    'transparency', 'track', 'economic_package', 'end', 'in_step', 'back_it',
    'alliance_consult', 'end', 'far_east', 'ask_quietly', 'request_summit', 'end', 'postpone',
    'monitor', 'send_envoy', 'end', 'regret', 'seek_both', 'alliance_consult', 'end',
    'from_1956', 'own_words', 'public_campaign', 'end', 'screened', 'meet', 'economic_package',
    'end', 'note_concern', 'let_float', 'alliance_consult', 'end', 'go_explain', 'routine',
    'request_summit', 'end', 'go_briefed', 'ask_moscow', 'public_campaign', 'end', 'defensive',
    'patience', 'alliance_consult', 'end', 'islands_line', 'explain_both', 'send_envoy', 'end',
    'full_plan', 'consular', 'economic_package', 'end', 'in_step', 'routine',
    'alliance_consult', 'end', 'minister', 'back_for_nk', 'public_campaign', 'end', 'study',
    'request_summit', 'end', 'all_in', 'explain_both', 'alliance_consult', 'end', 'home_ground',
    'routine', 'send_envoy', 'end', 'no_bases', 'court_early', 'public_campaign', 'end',
    'special_system', 'split', 'alliance_consult', 'end', 'steady', 'steady_drafting',
    'economic_package', 'end', 'pilots', 'graves_first', 'request_summit', 'end', 'explain_nk',
    'narrow', 'alliance_consult', 'end', 'aegis_with_visits', 'fly_quietly', 'send_envoy', 'end',
])

# the bold line: as for the framework, plus 'two islands first', a no-bases answer and a bold offer after Nagato that lands (ends in turn 23)
ROUTES["peace_treaty"] = (4, [
    'transparency', 'track', 'send_envoy', 'end', 'in_step', 'own_it', 'request_summit', 'end',
    'far_east', 'ask_quietly', 'alliance_consult', 'end', 'postpone', 'monitor', 'send_envoy',
    'end', 'regret', 'seek_both', 'public_campaign', 'end', 'from_1956', 'own_words',
    'alliance_consult', 'end', 'screened', 'meet', 'send_envoy', 'end', 'note_concern', 'adopt',
    'request_summit', 'end', 'go_explain', 'make_case', 'alliance_consult', 'end', 'go_briefed',
    'patience', 'public_campaign', 'end', 'defensive', 'ask_moscow', 'send_envoy', 'end',
    'islands_line', 'own_it', 'alliance_consult', 'end', 'full_plan', 'make_case', 'end',
    'in_step', 'routine', 'public_campaign', 'end', 'minister', 'back_for_nk',
    'alliance_consult', 'end', 'study', 'back_it', 'request_summit', 'end', 'all_in',
    'make_case', 'send_envoy', 'end', 'home_ground', 'own_it', 'alliance_consult', 'end',
    'no_bases', 'court_early', 'public_campaign', 'end', 'press_for_two', 'split', 'send_envoy',
    'end', 'alliance_first', 'bold_offer', 'alliance_consult', 'end', 'graves_first', 'narrow',
    'request_summit', 'end', 'explain_nk', 'initial',
])

# the hawk: BMD showcased, sanctions tightened, every Russian move answered in public (ends in turn 4)
ROUTES["outreach_dashed"] = (1, [
    'promote', 'track', 'alliance_consult', 'end', 'stand_firm', 'tighten', 'public_campaign',
    'end', 'criticise', 'public_warning', 'end', 'sanction',
])

# alliance first: BMD showcased, THAAD study, Beijing's statements ignored, Moscow kept just warm enough to talk (ends in turn 12)
ROUTES["freezer"] = (1, [
    'promote', 'track', 'alliance_consult', 'end', 'stand_firm', 'in_step', 'public_campaign',
    'end', 'criticise', 'ask_quietly', 'send_envoy', 'end', 'postpone', 'shadow',
    'lower_volume', 'end', 'protest_with_us', 'ministers_only', 'end', 'restate', 'join',
    'send_envoy', 'end', 'meet', 'keep_frozen', 'end', 'tie_aid', 'file_it', 'end',
    'go_briefed', 'file_it', 'send_envoy', 'end', 'after_g7', 'ignore', 'end', 'defensive',
    'file_it', 'end', 'let_go',
])

# the dove: sanctions lifted by the Cabinet, Washington's calls brushed aside (ends in turn 4)
ROUTES["alliance_crisis"] = (1, [
    'transparency', 'track', 'lift_measures', 'end', 'lift_minor', 'hold_course',
    'request_summit', 'end', 'far_east', 'ask_quietly', 'economic_package', 'end', 'postpone',
    'ask_intent', 'send_envoy',
])

# concessions without cover: joint development offered, protests muted, Russian law accepted (ends in turn 9)
ROUTES["government_falls"] = (1, [
    'transparency', 'track', 'economic_package', 'end', 'in_step', 'back_it', 'request_summit',
    'end', 'far_east', 'offer_joint', 'send_envoy', 'end', 'protest_keep', 'monitor',
    'bmd_briefing', 'end', 'regret', 'seek_both', 'end', 'from_1956', 'own_words', 'send_envoy',
    'end', 'screened', 'meet', 'economic_package', 'end', 'note_concern', 'split',
    'request_summit', 'end', 'go_explain', 'make_case',
])

# caution: no leaders' meeting, no Sochi, only business deals at Nagato (ends in turn 24)
ROUTES["status_quo"] = (1, [
    'quiet_word', 'track', 'alliance_consult', 'end', 'in_step', 'hold_off', 'bmd_briefing',
    'end', 'watch', 'ask_quietly', 'end', 'postpone', 'monitor', 'alliance_consult', 'end',
    'regret', 'ministers_only', 'send_envoy', 'end', 'restate', 'own_words', 'end', 'handshake',
    'keep_frozen', 'alliance_consult', 'end', 'note_concern', 'send_envoy', 'end', 'go_briefed',
    'protest', 'bmd_briefing', 'end', 'after_g7', 'protest', 'alliance_consult', 'end',
    'defensive', 'protest', 'send_envoy', 'end', 'counter_offer', 'explain_both', 'end',
    'invite_putin', 'consular', 'alliance_consult', 'end', 'in_step', 'protest', 'send_envoy',
    'end', 'back_for_nk', 'bmd_briefing', 'end', 'study', 'alliance_consult', 'end',
    'pitch_only', 'explain_both', 'end', 'home_ground', 'send_teams', 'end', 'leave_open',
    'court_early', 'alliance_consult', 'end', 'deals_only', 'protest', 'bmd_briefing', 'end',
    'consult', 'steady', 'end', 'patient', 'consular', 'alliance_consult', 'end', 'explain_nk',
    'routine', 'end', 'aegis', 'ask_moscow', 'end',
])

# the historical line: REAL_CHOICES and NEAREST_CHOICES at the fact events (ends in turn 24)
ROUTES["joint_activities"] = (1, [
    'quiet_word', 'track', 'send_envoy', 'end', 'in_step', 'own_it', 'request_summit', 'end',
    'watch', 'ask_quietly', 'alliance_consult', 'end', 'postpone', 'monitor', 'send_envoy',
    'end', 'regret', 'seek_both', 'public_campaign', 'end', 'restate', 'own_words',
    'alliance_consult', 'end', 'meet', 'keep_frozen', 'send_envoy', 'end', 'note_concern',
    'ask_moscow', 'request_summit', 'end', 'go_briefed', 'protest', 'alliance_consult', 'end',
    'go', 'routine', 'send_envoy', 'end', 'brief_fully', 'defensive', 'public_campaign', 'end',
    'economy_heavy', 'explain_both', 'alliance_consult', 'end', 'full_plan', 'consular',
    'send_envoy', 'end', 'in_step', 'protest', 'request_summit', 'end', 'minister',
    'back_for_nk', 'alliance_consult', 'end', 'study', 'hold_line', 'send_envoy', 'end',
    'all_in', 'disown', 'public_campaign', 'end', 'home_ground', 'explain_both',
    'alliance_consult', 'end', 'leave_open', 'court_early', 'send_envoy', 'end',
    'special_system', 'protest', 'request_summit', 'end', 'consult', 'steady',
    'alliance_consult', 'end', 'pilots', 'patient', 'send_envoy', 'end', 'explain_nk',
    'fly_quietly', 'public_campaign', 'end', 'aegis', 'back_it', 'alliance_consult', 'end',
])


def test_every_ending_has_a_route():
    assert set(ROUTES) == set(shipped()[SCENARIO].endings)


@pytest.mark.parametrize("ending", sorted(ROUTES))
def test_the_route_reaches_its_ending(play_route, ending):
    seed, decisions = ROUTES[ending]
    state = play_route(SCENARIO, seed=seed, decisions=decisions)
    assert state.ending == ending


def test_every_fact_event_falls_in_its_real_month_on_the_historical_line(play_route):
    """Turn t is May 2015 + (t - 1) months. On Tokyo's real line every fact event happens, each in
    the month its `when` names (or turn 1, May 2015)."""
    scenario = shipped()[SCENARIO]
    seed, decisions = ROUTES["joint_activities"]
    state = play_route(SCENARIO, seed=seed, decisions=decisions)
    facts = [e for e in scenario.events.values() if e.history == "fact"]
    assert len(facts) >= 12
    for event in facts:
        dated = re.search(r"year == (\d{4}) and month == (\d+)", event.when.source)
        year, month = (int(dated[1]), int(dated[2])) if dated else (2015, 5)
        assert dated or event.when.source == "turn == 1", event.id
        assert state.seen.get(event.id) == (year - 2015) * 12 + month - 4, event.id


def test_article_12_raises_threat_only_while_all_three_dangers_hold(play_route):
    """The hawk's line matches alliance pressure, unexplained BMD and a loud claim at once."""
    seed, decisions = ROUTES["outreach_dashed"]
    state = play_route(SCENARIO, seed=seed, decisions=decisions)
    fired = [c for c in state.changes if c.cause == "rule" and c.source == "article_12"]
    assert fired and all(c.after > c.before for c in fired if c.target == "threat")
    seed, decisions = ROUTES["joint_activities"]
    state = play_route(SCENARIO, seed=seed, decisions=decisions)
    assert not [c for c in state.changes if c.cause == "rule" and c.source == "article_12"]


def test_no_rule_ends_the_game_before_the_player_can_answer():
    """Collapses and the treaty come after a choice or an action, never from a rule as a month
    opens: the hidden gauges end the game only through an event that offers one last answer."""
    from game.engine import new_game
    from game.engine.policies import POLICIES, play

    scenario = shipped()[SCENARIO]
    for seed in range(120):
        state = new_game(scenario, seed)
        for state in play(state, POLICIES["random"]):
            pass
        notes = [n for n in state.timeline if n.kind != "ending"]
        if not state.final:
            assert notes[-1].kind != "rule", (seed, state.ending, notes[-1])


def test_the_briefing_states_every_defeat_threshold_in_numbers():
    scenario = shipped()[SCENARIO]
    for words in ("Below 25: alliance crisis", "Below 15: the outreach is dashed",
                  "Below 20: the government falls", "reaches 80 while its trust is under 30",
                  "alignment reaches 80 while trust is under 35", "alignment 60+ and trust under 45",
                  "trust under 25 at the end"):
        assert words in scenario.briefing, words
    endings = scenario.endings
    assert "alliance < 25" in endings["alliance_crisis"].when.source
    assert "support < 20" in endings["government_falls"].when.source
    assert "trust < 15" in endings["outreach_dashed"].when.source
    assert "final and trust < 25" in endings["outreach_dashed"].when.source
    assert "alignment >= 60 and trust < 45" in endings["freezer"].when.source
    assert "threat >= 80 and trust < 30" in scenario.events["moscow_breaks_off"].when.source
    assert "alignment >= 80 and trust < 35" in scenario.events["closing_ranks"].when.source


def test_the_historical_route_makes_tokyos_real_choice_at_each_dated_event(play_route):
    seed, decisions = ROUTES["joint_activities"]
    state = play_route(SCENARIO, seed=seed, decisions=decisions)
    missed = [(e, c) for e, c in {**REAL_CHOICES, **NEAREST_CHOICES}.items() if (e, c) not in state.chosen]
    assert not missed


def test_the_debrief_names_the_real_choice_and_no_label_gives_it_away():
    scenario = shipped()[SCENARIO]
    for event_id in REAL_CHOICES:
        assert scenario.events[event_id].debrief.startswith(("Tokyo chose", "Tokyo's answer")), event_id
    for event_id in NEAREST_CHOICES:
        assert "nearest choice" in scenario.events[event_id].debrief, event_id
    telling = re.compile(r"what (Tokyo|Abe) did|as (Tokyo|Abe) did|reported answer", re.I)
    labels = [c.label for e in scenario.events.values() for c in e.choices]
    assert not [label for label in labels if telling.search(label)]


def test_the_real_choice_is_not_always_in_the_same_place():
    """A player must not learn that history is always the first (or second) option."""
    from collections import Counter

    scenario = shipped()[SCENARIO]
    places = Counter([c.id for c in scenario.events[e].choices].index(choice)
                     for e, choice in {**REAL_CHOICES, **NEAREST_CHOICES}.items())
    assert len(places) >= 3 and max(places.values()) <= len(REAL_CHOICES) // 2, places
