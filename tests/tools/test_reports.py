"""Classroom reports: the after-action report, what-ifs, the class report and diff."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game import saves
from game.cli import main
from game.engine import load_scenario, load_scenario_bytes, new_game, pending
from game.engine.policies import First, POLICIES, Random, play, step
from game.engine.rolls import roll
from game.tools.aar import after_action
from game.tools.class_report import class_csv, collect, summarise
from game.tools.diff import diff_games
from game.tools.report import near_misses, report
from game.tools.whatif import decision_points, what_if

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(TUTORIAL)


def finished(scenario, seed, policy="random"):
    state = new_game(scenario, seed)
    for state in play(state, POLICIES[policy]):
        pass
    return state


@pytest.mark.parametrize("seed", range(8))
def test_the_turn_by_turn_changes_add_up_to_the_final_meters(tutorial, seed):
    state = finished(tutorial, seed)
    review = after_action(state, "Ann")
    for story in review.meters:
        moved = sum(h.deltas.get(story.id, 0) for turn in review.timeline for h in turn.happenings)
        assert story.start + moved == story.end == state.meters[story.id]
        assert story.values[0] == story.start and story.values[-1] == story.end


def test_the_biggest_swings_are_the_largest_changes_with_their_causes(tutorial):
    state = finished(tutorial, 3)
    for story in after_action(state).meters:
        sizes = [abs(c.after - c.before) for c in state.changes if c.target == story.id]
        assert [abs(s.delta) for s in story.swings] == sorted(sizes, reverse=True)[:3]
        assert all(s.cause for s in story.swings)


def test_the_ending_conditions_are_reported_truthfully(tutorial):
    for seed in range(40):
        state = finished(tutorial, seed)
        review = after_action(state)
        reached = tutorial.endings[state.ending]
        if reached.fallback:
            misses = near_misses(state)
            assert misses and all(any(not c.held for c in m.clauses) for m in misses)
        else:
            assert review.conditions and all(c.held for c in review.conditions)


def _follow_by_hand(state, index, choice_id):
    """The what-if line computed directly with the engine, for comparison."""
    game = new_game(state.scenario, state.seed)
    for decision in state.decisions[:index]:
        game = step(game, decision.choice if decision.kind == "event"
                    else (None if decision.kind == "end_turn" else decision.id))
    game = step(game, choice_id)
    for decision in state.decisions[index + 1:]:
        prompt = pending(game)
        move = decision.choice if decision.kind == "event" else (None if decision.kind == "end_turn" else decision.id)
        if prompt is None or (decision.kind == "event") != hasattr(prompt, "event") or (
                decision.kind == "event" and prompt.event.id != decision.id):
            break
        try:
            game = step(game, move, prompt)
        except ValueError:
            break
    for game in play(game, First()):
        pass
    return game


def test_what_ifs_match_direct_replays_with_the_engine(tutorial):
    state = finished(tutorial, 11)
    for index in decision_points(state)[:4]:
        found = what_if(state, index, continuations=5)
        assert sum(b.taken for b in found.branches) == 1
        for branch in found.branches:
            direct = _follow_by_hand(state, index, branch.choice_id)
            assert (branch.meters, tutorial.endings[direct.ending].title) == (dict(direct.meters), branch.ending)
            assert sum(branch.endings.values()) == 5


def test_the_players_own_choice_replays_the_players_own_game(tutorial):
    state = finished(tutorial, 12)
    found = what_if(state, decision_points(state)[0], continuations=0)
    assert found.taken.meters == dict(state.meters) and found.taken.ending == tutorial.endings[state.ending].title


HOSTILE = '''
format = 1
[scenario]
id = "hostile"
title = "<script>alert(1)</script> Title"
summary = "s"
briefing = "b"
start = 2015-05-01
turns = 2
what_happened = "[click](javascript:alert(1)) and <img src=x onerror=alert(1)> ![i](http://evil.example/x.png)"
[meters.m]
label = "<b>Meter</b>"
start = 50
[events.e]
title = "<script>evil()</script>"
text = "t"
debrief = "<iframe src='http://evil.example'></iframe>"
sources = ["<a href='javascript:alert(1)'>x</a>"]
[[events.e.choices]]
id = "a"
label = "[@click=app.quit]Quit[/]"
effects = { m = 5 }
result = "<script>evil()</script> [link](javascript:evil())"
[endings.end]
title = "End <script>"
kind = "draw"
text = "<script>x()</script>"
fallback = true
'''


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("href", "src", "xlink:href") and v]


def test_html_from_hostile_text_is_inert_self_contained_and_its_svg_well_formed():
    scenario = load_scenario_bytes(HOSTILE.encode(), "hostile.toml")
    state = finished(scenario, 1, "first")
    html = report(state, "<script>steal()</script>", "html", continuations=3)
    parsed = _Collect()
    parsed.feed(html)
    assert "script" not in parsed.tags and "iframe" not in parsed.tags and "img" not in parsed.tags
    assert parsed.urls == []  # no link, no image, nothing fetched
    assert "&lt;script&gt;steal()&lt;/script&gt;" in html
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert svgs
    for svg in svgs:
        ET.fromstring(svg)


def test_markdown_from_hostile_text_carries_no_raw_html():
    scenario = load_scenario_bytes(HOSTILE.encode(), "hostile.toml")
    text = report(finished(scenario, 1, "first"), "<script>steal()</script>", "md", continuations=0)
    assert "<script" not in text and "<iframe" not in text and "<img" not in text


class Student(Random):
    """A player of their own: random choices from dice of their own, in a world fixed by the class code."""

    def __init__(self, number: int) -> None:
        self.number = number

    def choice(self, game, event, available):
        return available[int(roll(self.number, game.turn, "student", event.id) * len(available))]

    def action(self, game, available):
        options = [*available, None]
        return options[int(roll(self.number, game.turn, "student", str(len(game.actions_taken))) * len(options))]


CLASS_CODE = 2015


def _save_class(folder: Path, scenario, count: int) -> list[Path]:
    written = []
    for number in range(count):
        state = new_game(scenario, CLASS_CODE)
        for state in play(state, Student(number)):
            pass
        path = folder / f"student{number:02d}.toml"
        saves.write_save(path, state, player=f"Student {number:02d}")
        written.append(path)
    return written


@pytest.fixture(scope="module")
def classroom(tmp_path_factory, tutorial):
    folder = tmp_path_factory.mktemp("class")
    written = _save_class(folder, tutorial, 30)
    tampered = written[5]
    text = tampered.read_text(encoding="utf-8")
    tampered.write_text(re.sub(r'choice = "(\w+)"', 'choice = "not_a_choice"', text, count=1), encoding="utf-8")
    return folder, tampered


def test_a_class_report_counts_every_valid_save_once_and_lists_the_tampered_one(classroom):
    folder, tampered = classroom
    groups, rejected = collect([str(folder)])
    assert [r.file for r in rejected] == [str(tampered)]
    assert "student05.toml:" not in rejected[0].reason  # the file is named once, not twice
    [group] = groups
    summary = summarise(group)
    assert len(summary.players) == 29 and "Student 05" not in [p.name for p in summary.players]
    assert sum(n for _, _, n in summary.endings) == 29
    for event in summary.events:
        answered = sum(1 for p in summary.players for d in p.state.decisions
                       if d.kind == "event" and d.id == next(
                           eid for eid, e in p.state.scenario.events.items() if e.title == event.title))
        assert sum(c.players for c in event.choices) == event.answered == answered
    assert [p.name for p in summary.players] == sorted(p.name for p in summary.players)


def test_the_class_csv_round_trips_with_one_row_per_player(classroom):
    folder, tampered = classroom
    groups, rejected = collect([str(folder)])
    rows = list(csv.DictReader(io.StringIO(class_csv(groups, rejected))))
    verified = [r for r in rows if r["status"] == "finished"]
    assert len(verified) == 29 and len(rows) == 30
    assert {r["file"] for r in rows if r["status"].startswith("rejected")} == {str(tampered)}
    first = next(r for r in verified if r["player"] == "Student 00")
    state = next(p.state for p in groups[0].players if p.name == "Student 00")
    assert int(first["score"]) == summarise(groups[0]).players[0].score
    assert int(first["trust"]) == state.meters["trust"]


def test_class_report_exits_1_and_names_the_left_out_save(classroom, capsys):
    folder, tampered = classroom
    assert main(["class-report", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "left out" in err and tampered.name in err
    assert "29 players" in out


def test_diff_names_the_first_divergence(tutorial):
    a = finished(tutorial, 4, "first")
    b = finished(tutorial, 4, "random")
    found = diff_games(a, b)
    index = next(i for i, (x, y) in enumerate(zip(a.decisions, b.decisions)) if x != y)
    assert found.first_divergence == index and found.divergence_turn == a.decisions[index].turn
    assert diff_games(a, a).first_divergence is None


def test_report_command_writes_html_and_never_overwrites_without_force(tutorial, tmp_path, capsys):
    save = tmp_path / "game.toml"
    saves.write_save(save, finished(tutorial, 2), player="Ann")
    out = tmp_path / "report.html"
    assert main(["report", str(save), "--format", "html", "--continuations", "2", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["report", str(save), "--out", str(out), "--continuations", "0"]) == 2
    assert "exists already" in capsys.readouterr().err


def test_whatif_command_explains_a_turn_without_an_answer(tutorial, tmp_path, capsys):
    save = tmp_path / "game.toml"
    saves.write_save(save, finished(tutorial, 2), player="Ann")
    assert main(["whatif", str(save), "--turn", "99"]) == 2
    assert "no answer to an event on turn 99" in capsys.readouterr().err
    assert main(["whatif", str(save), "--turn", "1", "--continuations", "3"]) == 0
    assert "(yours)" in capsys.readouterr().out


def test_games_of_other_class_codes_and_unfinished_games_are_kept_apart(classroom, tutorial, tmp_path):
    folder, _ = classroom
    other = tmp_path / "other.toml"
    saves.write_save(other, finished(tutorial, 7), player="Visitor")
    half = new_game(tutorial, CLASS_CODE)
    for number, half in enumerate(play(half, Student(99)), start=1):
        if number == 6:
            break
    unfinished = tmp_path / "half.toml"
    saves.write_save(unfinished, half, player="Late")
    groups, _ = collect([str(folder), str(other), str(unfinished)])
    assert sorted(g.class_code for g in groups) == [7, CLASS_CODE]
    main_group = next(g for g in groups if g.class_code == CLASS_CODE)
    summary = summarise(main_group, (7, CLASS_CODE))
    assert summary.other_codes == (7,) and summary.unfinished == 1
    assert sum(n for _, _, n in summary.endings) == 29  # the unfinished game counts in no ending
    late = next(p for p in summary.players if p.name == "Late")
    assert late.final_score is None
    assert all(c.players >= 0 for e in summary.events for c in e.choices)
