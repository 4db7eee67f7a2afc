"""The Road to Nagato (scenarios/nagato-2016.toml): every ending has a line of play that reaches it.

Each route is a written-down game from seed 1: for an event the choice id, for the standing
actions an action id or "end", played through the engine by `play_route`. Each line tells a
story a teacher can retell; the comment beside each route says which.
"""

from __future__ import annotations

import re

import pytest

from tests.scenarios.conftest import shipped

SCENARIO = "nagato-2016"
SEED = 1
ROUTES: dict[str, list[str]] = {}

ROUTES["beyond_nagato"] = [  # judgement: the full plan, Washington briefed, security worries talked down, a special system, a revived 2+2
    'all_eight', 'in_step', 'leaders_call', 'end', 'energy', 'reassure', 'security_channel',
    'end', 'welcome_nk', 'brief_washington', 'end', 'share_list', 'comfort', 'by_air', 'end',
    'annual', 'lend', 'reassure', 'leaders_call', 'end', 'reframe', 'no_word',
    'security_channel', 'end', 'ask_why', 'ask_washington', 'one_step', 'brief_washington',
    'end', 'special', 'deals_and_2plus2', 'end', 'brief_early', 'leaders_call', 'end', 'path',
    'raise_at_2plus2', 'small_first', 'security_channel', 'end', 'contacts', 'few_pilots',
    'brief_washington', 'end', 'timetable', 'end',
]

ROUTES["joint_activities"] = [  # the historical line: Tokyo's real choice at every fact event, Yachi's bases answer included
    'all_eight', 'in_step', 'brief_washington', 'end', 'energy', 'reassure', 'end',
    'welcome_nk', 'brief_washington', 'end', 'share_list', 'let_them_choose', 'sympathy', 'end',
    'annual', 'lend', 'reassure', 'brief_washington', 'end', 'deny', 'support_study', 'end',
    'protest', 'cannot_rule_out', 'one_step', 'brief_washington', 'end', 'special',
    'deals_and_2plus2', 'file_it', 'end', 'brief_early', 'brief_washington', 'end', 'path',
    'protest', 'small_first', 'end', 'defend', 'few_pilots', 'brief_washington', 'end',
    'graves_survey', 'counteroffer', 'file_it', 'end',
]

ROUTES["deals_no_door"] = [  # the historical line, but the legal question deferred at Nagato and no 2+2
    'all_eight', 'in_step', 'brief_washington', 'end', 'energy', 'reassure', 'end',
    'welcome_nk', 'brief_washington', 'end', 'share_list', 'let_them_choose', 'sympathy', 'end',
    'pitch', 'lend', 'reassure', 'brief_washington', 'end', 'deny', 'support_study', 'end',
    'protest', 'cannot_rule_out', 'one_step', 'brief_washington', 'end', 'defer', 'deals_only',
    'file_it', 'end', 'brief_early', 'brief_washington', 'end', 'path', 'protest', 'still_wait',
    'end', 'late_offer', 'brief_washington', 'end', 'graves_survey', 'counteroffer', 'file_it',
    'end',
]

ROUTES["alliance_crisis"] = [  # Moscow first: sanctions eased at Ise-Shima and Washington's unease brushed aside
    'all_eight', 'ease', 'leaders_call', 'end', 'hold_course', 'energy', 'energy_deals',
]

ROUTES["government_falls"] = [  # concessions: Russian law on the islands and a trial balloon on two islands
    'all_eight', 'in_step', 'energy_deals', 'end', 'export_base', 'delay', 'far_east_base',
    'end', 'shield', 'leaders_call', 'end', 'guarantees', 'sympathy', 'energy_deals', 'end',
    'business_only', 'decline', 'delay', 'far_east_base', 'end', 'no_comment', 'support_study',
    'end', 'protest', 'no_bases', 'one_step', 'energy_deals', 'end', 'russian_law',
]

ROUTES["freezer"] = [  # alliance first: THAAD welcomed as a regional shield, bases left open, Moscow's worries filed away
    'all_eight', 'in_step', 'brief_washington', 'end', 'soft', 'delay', 'public_case', 'end',
    'shield', 'leaders_call', 'end', 'comfort', 'sympathy', 'brief_washington', 'end', 'annual',
    'lend', 'delay', 'public_case', 'end', 'deny', 'no_word', 'far_east_base', 'end', 'protest',
    'cannot_rule_out', 'one_step', 'leaders_call', 'end', 'special', 'deals_only', 'file_it',
    'brief_washington', 'end', 'brief_early', 'counteroffer', 'public_case', 'end', 'path',
    'protest', 'hold_line', 'far_east_base', 'end', 'leave_it', 'few_pilots', 'leaders_call',
    'end', 'economics', 'file_it', 'brief_washington', 'end',
]


@pytest.mark.parametrize("ending", sorted(ROUTES))
def test_a_line_of_play_reaches_the_ending(play_route, ending):
    state = play_route(SCENARIO, seed=SEED, decisions=ROUTES[ending])
    assert state.ending == ending


def test_answering_with_the_first_choice_ends_the_thaw(play_route):
    # The first choice of most events is the hard or cautious line; played throughout, it
    # loses Moscow altogether. This also covers the mid-game `thaw_over` ending.
    state = play_route(SCENARIO, seed=SEED, decisions=[])
    assert state.ending == "thaw_over"


def test_every_ending_has_a_route():
    assert set(ROUTES) | {"thaw_over"} == set(shipped()[SCENARIO].endings)


def test_the_historical_line_falls_short_of_victory_with_the_bases_answer(play_route):
    # Tokyo's real choices end in joint activities without a treaty. Yachi's reported answer
    # (bases cannot be ruled out) leaves Moscow feeling more threatened than a no-bases pledge.
    route = ROUTES["joint_activities"]
    historical = play_route(SCENARIO, seed=SEED, decisions=route)
    assert shipped()[SCENARIO].endings[historical.ending].kind != "victory"
    upto = route.index("cannot_rule_out")
    answered = play_route(SCENARIO, seed=SEED, decisions=route[: upto + 1], policy="first")
    pledged = play_route(SCENARIO, seed=SEED, decisions=[*route[:upto], "no_bases"], policy="first")
    assert "bases_open" in answered.flags and "bases_open" not in pledged.flags
    assert pledged.meters["threat"] < answered.meters["threat"]


def test_a_moscow_that_feels_threatened_freezes_the_file_despite_the_deals(play_route):
    # The freezer is judged before the historical draw: a special system and a full order
    # book do not help when Moscow sees the islands as a future U.S. base.
    state = play_route(SCENARIO, seed=SEED, decisions=ROUTES["freezer"])
    assert "special_system" in state.flags and state.meters["package"] >= 40
    assert state.meters["threat"] >= 45 and state.ending == "freezer"


def test_both_nagato_events_come_in_december_2016(play_route):
    state = play_route(SCENARIO, seed=SEED, decisions=ROUTES["joint_activities"])
    december = 8  # May 2016 is turn 1
    assert state.seen["nagato_legal"] == december and state.seen["nagato_deals"] == december


def test_the_briefing_states_the_numbers_the_endings_use():
    scenario = shipped()[SCENARIO]
    endings = scenario.endings
    briefing = " ".join(scenario.briefing.replace("**", "").split())
    for ending, meter in (("alliance_crisis", "alliance"), ("thaw_over", "trust"), ("government_falls", "support")):
        line = re.search(rf"{meter} < (\d+)", endings[ending].when.source)
        assert line, ending
        assert f"Below {line.group(1)} you lose" in briefing, ending
    victory = endings["beyond_nagato"].when.source
    thresholds = re.findall(r"(\w+) >= (\d+)", victory)
    assert len(thresholds) == 4, victory
    for meter, number in thresholds:
        label = scenario.meters[meter].label.lower()
        assert f"{label} {number} or more" in briefing.lower(), (meter, number)


def test_the_real_choice_is_named_in_the_debrief_not_in_the_label():
    # A label that says "(what Abe did)" gives the answer away during play; the debrief
    # says what Tokyo chose, or that the record does not show it.
    for event in shipped()[SCENARIO].events.values():
        assert not any(re.search(r"\((what|as) .* did\)|\(reported\)", c.label) for c in event.choices), event.id
        if event.history == "fact":
            assert " chose " in event.debrief, event.id
