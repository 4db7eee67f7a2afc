"""Save files: what a player notices when saving, loading and losing power mid-save."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import files, saves
from game.engine import ActionPrompt, EventPrompt, act, choose, end_turn, load_scenario, new_game, pending
from game.engine.policies import random as random_policy
from game.engine.policies import step
from game.saves import (
    SAVE_FORMAT,
    LoadedGame,
    SaveError,
    SaveFile,
    autosave_path,
    list_saves,
    load_game,
    read_save,
    save_path,
    state_digest,
    write_save,
)

SCENARIO = '''\
format = 1

[scenario]
id = "save-test"
title = "Save test"
summary = "A small scenario for save tests."
start = 2015-05-01
turns = 8
events_per_turn = 2
actions_per_turn = 1
score = "trust + alliance"

[meters.trust]
label = "Trust"
start = 50

[meters.alliance]
label = "Alliance"
start = 50

[flags]
talks = "Talks have begun."

[[rules]]
id = "drift"
when = "turn > 1"
effects = { trust = -1 }
note = "Trust drifts."

[events.opening]
title = "Opening"
text = "The first move."
when = "turn == 1"
priority = 5

[[events.opening.choices]]
id = "talk"
label = "Talk"
effects = { trust = 5 }
set = ["talks"]
schedule = [{ event = "reply", in = 1 }]

[[events.opening.choices]]
id = "wait"
label = "Wait"
effects = { alliance = 3 }

[events.reply]
title = "Moscow replies"
text = "A reply."
triggered_only = true

[[events.reply.choices]]
id = "accept"
label = "Accept"
effects = { trust = 4, alliance = -2 }

[[events.reply.choices]]
id = "refuse"
label = "Refuse"
effects = { trust = -3 }

[events.summit]
title = "A summit"
text = "Leaders meet."
once = false
chance = 0.6

[[events.summit.choices]]
id = "go"
label = "Go"
effects = { trust = 3 }

[[events.summit.choices.outcomes]]
weight = 2
effects = { alliance = -4 }

[[events.summit.choices.outcomes]]
weight = 1
effects = { alliance = 2 }

[[events.summit.choices]]
id = "skip"
label = "Skip"
requires = "alliance >= 40"
effects = { alliance = 2, trust = -2 }

[events.crisis]
title = "A crisis"
text = "Something happens."
once = false
chance = 0.4
priority = 1

[[events.crisis.choices]]
id = "calm"
label = "Calm"
effects = { trust = "-2 - alliance / 25" }

[[events.crisis.choices]]
id = "firm"
label = "Firm"
effects = { alliance = 4, trust = -4 }

[actions.envoy]
label = "Send an envoy"
cooldown = 2
effects = { trust = 3, alliance = -1 }

[actions.brief]
label = "Brief Washington"
effects = { alliance = 2 }

[endings.collapse]
title = "Collapse"
kind = "defeat"
text = "It fell apart."
when = "trust <= 20"

[endings.done]
title = "Done"
kind = "draw"
text = "Time ran out."
fallback = true
'''

# How the scripted player answers each event, and which action it takes on a turn.
ANSWERS = {"opening": "talk", "reply": "accept", "summit": "go", "crisis": "calm"}
ACTIONS = {2: "envoy", 3: "brief"}
SEED = 7


@pytest.fixture
def scenario_path(tmp_path: Path) -> Path:
    path = tmp_path / "save-test.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


@pytest.fixture
def scenario(scenario_path: Path):
    return load_scenario(scenario_path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "saves"
    folder.mkdir()
    return folder


def play_turns(state, turns: int, answers=ANSWERS, actions=ACTIONS):
    """Play `turns` whole turns as a scripted player would, with choose/act/end_turn."""
    for _ in range(turns):
        if state.over:
            break
        while isinstance(prompt := pending(state), EventPrompt):
            state = choose(state, answers[prompt.event.id])
        if state.over:
            break
        if (action := actions.get(state.turn)) is not None:
            state = act(state, action)
        if not state.over:
            state = end_turn(state)
    return state


def same_game(a, b) -> None:
    """What a player would compare: the turn, the meters, the flags, the decisions, the rest by digest."""
    assert a.turn == b.turn
    assert dict(a.meters) == dict(b.meters)
    assert a.flags == b.flags
    assert a.decisions == b.decisions
    assert a.queue == b.queue
    assert a.ending == b.ending
    assert state_digest(a) == state_digest(b)


def reload(scenario_path: Path):
    return load_scenario(scenario_path)


def unchanged(path: Path):
    """Snapshot of a file to prove that a failed load or save did not touch it."""
    data, stat = path.read_bytes(), path.stat()
    return lambda: path.read_bytes() == data and path.stat().st_mtime_ns == stat.st_mtime_ns


def edit(path: Path, old: str, new: str) -> None:
    """Edit a save by hand, as a curious player would: every occurrence of `old`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in the save"
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- round trips ------------------------------------------------------------------


def test_round_trip_restores_the_game(scenario, folder):
    state = play_turns(new_game(scenario, SEED), 3)
    assert state.turn == 4 and "talks" in state.flags
    path = folder / "game.toml"
    write_save(path, state, player="Aki")

    loaded = load_game(path, scenario)

    assert isinstance(loaded, LoadedGame)
    assert loaded.warnings == []
    same_game(loaded.state, state)
    assert loaded.save.player == "Aki"
    assert loaded.save.scenario_id == "save-test"
    assert loaded.save.scenario_sha256 == scenario.sha256
    assert loaded.save.scenario_path == scenario.path
    assert loaded.save.seed == SEED
    assert loaded.save.format == SAVE_FORMAT
    assert loaded.save.decisions == state.decisions
    assert len(loaded.save.turn_hashes) == 3
    assert loaded.save.summary.turn == 4
    assert dict(loaded.save.summary.meters) == dict(state.meters)
    assert loaded.save.summary.flags == ("talks",)
    assert loaded.save.summary.digest == state_digest(state)
    assert loaded.save.summary.score == state.meters["trust"] + state.meters["alliance"]
    assert loaded.save.created.tzinfo is not None and loaded.save.created.utcoffset() == datetime.timedelta(0)
    # The replayed game keeps its timeline, so the app can show the log after loading.
    assert loaded.state.timeline == state.timeline


def test_the_save_is_readable_toml_with_the_documented_fields(scenario, folder):
    import tomllib

    path = folder / "game.toml"
    write_save(path, play_turns(new_game(scenario, SEED), 2), player="Aki")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == SAVE_FORMAT
    assert isinstance(data["app_version"], str) and data["app_version"]
    assert {"scenario_id", "scenario_sha256", "scenario_path", "seed", "player", "created", "updated",
            "decisions", "turn_hashes", "summary"} <= set(data)
    assert data["decisions"][0] == {"turn": 1, "kind": "event", "id": "opening", "choice": "talk"}
    assert {"turn": 1, "kind": "end_turn", "id": ""} in data["decisions"]
    assert "ending" not in data["summary"]
    assert set(data["summary"]) == {"turn", "score", "meters", "flags", "digest"}


def test_save_in_the_middle_of_a_turn_keeps_the_waiting_events(scenario, folder):
    # Find a seed whose first turn draws two events, and answer only the first.
    for seed in range(100):
        state = new_game(scenario, seed)
        if len(state.queue) == 2:
            break
    else:
        pytest.fail("no seed draws two events on turn 1")
    state = choose(state, ANSWERS[state.queue[0]])
    waiting = state.queue
    assert len(waiting) == 1
    path = folder / "mid-turn.toml"
    write_save(path, state, player="Aki")

    loaded = load_game(path, scenario)

    same_game(loaded.state, state)
    prompt = pending(loaded.state)
    assert isinstance(prompt, EventPrompt) and prompt.event.id == waiting[0]
    # Going on from the loaded game is the same as going on without saving.
    same_game(play_turns(loaded.state, 3), play_turns(state, 3))


def test_save_after_an_action_before_ending_the_turn(scenario, folder):
    state = play_turns(new_game(scenario, SEED), 1)
    while isinstance(prompt := pending(state), EventPrompt):
        state = choose(state, ANSWERS[prompt.event.id])
    state = act(state, "envoy")
    write_save(folder / "a.toml", state, player="Aki")
    loaded = load_game(folder / "a.toml", scenario)
    same_game(loaded.state, state)
    prompt = pending(loaded.state)
    assert isinstance(prompt, ActionPrompt) and prompt.remaining == 0


def test_a_finished_game_round_trips_with_its_ending_and_score(scenario, folder):
    state = play_turns(new_game(scenario, SEED), 20)
    assert state.over and state.final
    write_save(folder / "done.toml", state, player="Aki")
    loaded = load_game(folder / "done.toml", scenario)
    same_game(loaded.state, state)
    assert loaded.save.summary.ending == state.ending
    assert pending(loaded.state) is None


def test_a_new_game_with_no_decisions_round_trips(scenario, folder):
    state = new_game(scenario, SEED)
    write_save(folder / "fresh.toml", state, player="")
    same_game(load_game(folder / "fresh.toml", scenario).state, state)


def test_player_names_keep_unicode_but_lose_control_characters(scenario, folder):
    path = folder / "a.toml"
    write_save(path, new_game(scenario, SEED), player="Åsa 山田\x1b[31m\x07")
    assert read_save(path).player == "Åsa 山田[31m"


def test_saving_again_keeps_the_creation_time(scenario, folder, monkeypatch):
    clock = iter(datetime.datetime(2025, 1, 1, h, tzinfo=datetime.UTC) for h in range(24))
    monkeypatch.setattr(saves, "_now", lambda: next(clock))
    path = folder / "game.toml"
    state = play_turns(new_game(scenario, SEED), 1)
    write_save(path, state, player="Aki")
    write_save(path, play_turns(state, 1), player="Aki")
    again = read_save(path)
    assert again.created == datetime.datetime(2025, 1, 1, 0, tzinfo=datetime.UTC)
    assert again.updated == datetime.datetime(2025, 1, 1, 1, tzinfo=datetime.UTC)
    # Another game saved under the same name is a new game: its own creation time.
    write_save(path, play_turns(new_game(scenario, SEED + 1), 1), player="Aki")
    assert read_save(path).created == datetime.datetime(2025, 1, 1, 2, tzinfo=datetime.UTC)
    # A creation time given by the caller wins, and is stored in UTC.
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    write_save(path, state, player="Aki", created=datetime.datetime(2025, 6, 1, 9, tzinfo=tokyo))
    assert read_save(path).created == datetime.datetime(2025, 6, 1, 0, tzinfo=datetime.UTC)


def test_turn_hashes_given_by_the_caller_are_used(scenario, folder):
    state = play_turns(new_game(scenario, SEED), 3)
    hashes = saves.compute_turn_hashes(state)
    write_save(folder / "a.toml", state, player="Aki", turn_hashes=hashes)
    assert read_save(folder / "a.toml").turn_hashes == hashes
    with pytest.raises(ValueError):
        write_save(folder / "b.toml", state, player="Aki", turn_hashes=hashes[:-1])
    assert not (folder / "b.toml").exists()


def test_state_digest_is_the_same_in_another_process(scenario, scenario_path):
    state = play_turns(new_game(scenario, SEED), 3)
    code = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from tests.test_saves import play_turns, SEED;"
        "from game.engine import load_scenario, new_game; from game.saves import state_digest;"
        "print(state_digest(play_turns(new_game(load_scenario(sys.argv[1]), SEED), 3)))"
    )
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", code, str(scenario_path), str(root)],
                            capture_output=True, text=True, check=True, env=env, cwd=root)
    assert result.stdout.strip() == state_digest(state)
    assert len(state_digest(state)) == 12 and int(state_digest(state), 16) >= 0


def test_state_digest_tells_different_games_apart(scenario):
    talk = choose(new_game(scenario, SEED), "talk")
    wait = choose(new_game(scenario, SEED), "wait")
    assert state_digest(talk) != state_digest(wait)
    assert state_digest(talk) == state_digest(choose(new_game(scenario, SEED), "talk"))


# -- a crash while saving -------------------------------------------------------------


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_crash_while_saving_leaves_the_old_save_intact(scenario, folder, monkeypatch, failing):
    path = folder / "game.toml"
    old_state = play_turns(new_game(scenario, SEED), 1)
    write_save(path, old_state, player="Aki")
    old_bytes = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(SaveError) as caught:
        write_save(path, play_turns(old_state, 2), player="Aki")
    monkeypatch.undo()

    assert str(path) in caught.value.message and "no space left" in caught.value.message
    assert path.read_bytes() == old_bytes
    assert sorted(p.name for p in folder.iterdir()) == ["game.toml"]
    same_game(load_game(path, scenario).state, old_state)


def test_an_interrupt_while_saving_leaves_no_temporary_file(scenario, folder, monkeypatch):
    path = folder / "game.toml"
    write_save(path, new_game(scenario, SEED), player="Aki")
    old_bytes = path.read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_save(path, play_turns(new_game(scenario, SEED), 2), player="Aki")
    monkeypatch.undo()
    assert path.read_bytes() == old_bytes
    assert sorted(p.name for p in folder.iterdir()) == ["game.toml"]


def test_the_first_save_creates_the_folder(scenario, tmp_path):
    path = tmp_path / "new" / "folder" / "game.toml"
    write_save(path, new_game(scenario, SEED), player="Aki")
    assert read_save(path).player == "Aki"


def test_saving_where_a_folder_stands_fails_cleanly(scenario, folder):
    (folder / "game.toml").mkdir()
    with pytest.raises(SaveError, match="could not save"):
        write_save(folder / "game.toml", new_game(scenario, SEED), player="Aki")
    assert (folder / "game.toml").is_dir()
    assert sorted(p.name for p in folder.iterdir()) == ["game.toml"]


def test_saving_under_a_file_fails_cleanly(scenario, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SaveError, match="could not save"):
        write_save(tmp_path / "notes.txt" / "game.toml", new_game(scenario, SEED), player="Aki")
    assert (tmp_path / "notes.txt").read_text() == "mine"


# -- files that are not good saves -------------------------------------------------------


@pytest.fixture
def saved(scenario, folder) -> Path:
    """A save three turns in; the scripted player chose `talk` on turn 1 and `envoy` on turn 2."""
    path = folder / "game.toml"
    write_save(path, play_turns(new_game(scenario, SEED), 3), player="Aki")
    return path


def test_a_missing_file(folder, scenario):
    with pytest.raises(SaveError, match="no such save file") as caught:
        load_game(folder / "nothing.toml", scenario)
    assert "nothing.toml" in caught.value.message


def test_a_folder_is_not_a_save(folder):
    with pytest.raises(SaveError, match="folder"):
        read_save(folder)


def test_an_unreadable_file(saved, monkeypatch):
    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    # chmod 000 does not stop root, so refuse this way; every read goes through game.files
    monkeypatch.setattr(files.os, "open", denied)
    with pytest.raises(SaveError, match="cannot be read") as caught:
        read_save(saved)
    assert str(saved) in caught.value.message


@pytest.mark.parametrize("content", [b"", b"\n  \n"])
def test_an_empty_file(folder, content):
    path = folder / "empty.toml"
    path.write_bytes(content)
    with pytest.raises(SaveError, match="empty") as caught:
        read_save(path)
    assert str(path) in caught.value.message


def test_a_half_written_file(saved, scenario):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    check = unchanged(saved)
    with pytest.raises(SaveError, match="incomplete") as caught:
        load_game(saved, scenario)
    assert str(saved) in caught.value.message and "cut off" in caught.value.message
    assert check()


def test_a_save_cut_anywhere_never_loads_a_wrong_game(saved, scenario):
    data = saved.read_bytes()
    body_end = len(data.rstrip().removesuffix(saves.END_LINE.encode()).rstrip())
    for cut in range(1, body_end):
        saved.write_bytes(data[:cut])
        with pytest.raises(SaveError) as caught:
            load_game(saved, scenario)
        assert "incomplete" in caught.value.message or "not a Crossroads save" in caught.value.message, (
            cut, caught.value.message)
    # Losing only the closing comment loses nothing: the game is verified by replay anyway.
    saved.write_bytes(data[:body_end])
    assert load_game(saved, scenario).state.turn == 4


def test_a_foreign_toml_file(folder):
    path = folder / "pyproject.toml"
    path.write_text('[project]\nname = "something"\nversion = "1.0"\n')
    with pytest.raises(SaveError, match="not a Crossroads save"):
        read_save(path)


def test_a_scenario_file_is_not_a_save(scenario_path):
    with pytest.raises(SaveError, match="scenario file, not a saved game"):
        read_save(scenario_path)


@pytest.mark.parametrize("content", [
    bytes(range(256)),
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    "trust = 5 \u00e9".encode("latin-1"),  # text, but not UTF-8
])
def test_a_binary_file(folder, content):
    path = folder / "picture.toml"
    path.write_bytes(content)
    with pytest.raises(SaveError, match="not a Crossroads save") as caught:
        read_save(path)
    assert str(path) in caught.value.message


def test_a_save_from_a_newer_crossroads(saved, scenario):
    edit(saved, f"format = {SAVE_FORMAT}\n", f"format = {SAVE_FORMAT + 1}\n")
    check = unchanged(saved)
    with pytest.raises(SaveError, match="newer Crossroads") as caught:
        load_game(saved, scenario)
    assert "update" in caught.value.message
    assert check()


@pytest.mark.parametrize(("old", "new", "named"), [
    ("seed = 7\n", 'seed = "seven"\n', "`seed` should be a whole number"),
    ("format = 1\n", 'format = "1"\n', "`format` should be a whole number"),
    ("format = 1\n", "format = 0\n", "`format` should be 1"),
    ('kind = "action"', 'kind = "dance"', "kind` should be one of"),
    ('choice = "talk"', "choice = 3", "choice` should be text"),
    ('player = "Aki"\n', "", "`player` is missing"),
    ('scenario_id = "save-test"\n', 'scenario_id = "../../etc"\n', "`scenario_id` should be a scenario id"),
    ("[summary", "[summery", "`summary` is missing"),
    ('turn_hashes = [\n    "', 'turn_hashes = [\n    "nothex", "',
     "`turn_hashes[0]` should be 12 hex digits"),
])
def test_a_tampered_field_is_named(saved, old, new, named):
    edit(saved, old, new)
    with pytest.raises(SaveError) as caught:
        read_save(saved)
    message = caught.value.message
    assert "damaged or was edited" in message and named in message and str(saved) in message


def test_a_removed_turn_hash_is_noticed(saved):
    text = saved.read_text()
    start = text.index("turn_hashes = [\n") + len("turn_hashes = [\n")
    saved.write_text(text[:start] + text[text.index("\n", start) + 1:])
    with pytest.raises(SaveError, match="`turn_hashes` holds 2 digests but the decisions close 3 turns"):
        read_save(saved)


def test_an_edited_choice_diverges_at_its_turn(saved, scenario):
    edit(saved, 'id = "opening", choice = "talk"', 'id = "opening", choice = "wait"')
    check = unchanged(saved)
    with pytest.raises(SaveError) as caught:
        load_game(saved, scenario)
    message = caught.value.message
    assert "diverges at turn 1" in message and "edited" in message and str(saved) in message
    assert check()


def test_an_edited_choice_that_does_not_exist(saved, scenario):
    edit(saved, 'id = "opening", choice = "talk"', 'id = "opening", choice = "flee"')
    with pytest.raises(SaveError, match="diverges at turn 1.*`flee` is not a choice.*edited"):
        load_game(saved, scenario)


def test_an_edited_action_diverges_at_its_turn(saved, scenario):
    edit(saved, 'kind = "action", id = "envoy"', 'kind = "action", id = "brief"')
    with pytest.raises(SaveError, match="diverges at turn 2.*edited"):
        load_game(saved, scenario)


def test_an_edited_meter_in_the_summary(saved, scenario):
    save = read_save(saved)
    trust = save.summary.meters["trust"]
    edit(saved, f"\ntrust = {trust}\n", "\ntrust = 99\n")
    check = unchanged(saved)
    with pytest.raises(SaveError) as caught:
        load_game(saved, scenario)
    message = caught.value.message
    assert "does not match" in message
    assert f"meter `trust`: the save says 99, the replay gives {trust}" in message
    assert "edited" in message
    assert check()


def test_an_edited_digest_in_the_summary(saved, scenario):
    digest = read_save(saved).summary.digest
    edit(saved, f'digest = "{digest}"', 'digest = "000000000000"')
    with pytest.raises(SaveError, match="digest of the final state differs"):
        load_game(saved, scenario)


def test_an_edited_turn_hash(saved, scenario):
    second = read_save(saved).turn_hashes[1]
    edit(saved, f'"{second}"', '"abcdefabcdef"')
    with pytest.raises(SaveError, match="diverges at turn 2"):
        load_game(saved, scenario)


def test_an_edited_seed_is_caught_even_where_no_roll_differed(saved, scenario):
    seed = read_save(saved).seed
    edit(saved, f"\nseed = {seed}\n", f"\nseed = {seed + 1}\n")
    with pytest.raises(SaveError, match="diverges at turn 1.*edited"):
        load_game(saved, scenario)


def test_extra_decisions_after_the_end_are_refused(scenario, folder):
    state = play_turns(new_game(scenario, SEED), 20)
    path = folder / "done.toml"
    write_save(path, state, player="Aki")
    last = state.turn
    edit(path, f'    {{ turn = {last}, kind = "end_turn", id = "" }},\n',
         f'    {{ turn = {last}, kind = "end_turn", id = "" }},\n'
         f'    {{ turn = {last}, kind = "action", id = "brief" }},\n')
    with pytest.raises(SaveError, match=f"diverges at turn {last}.*already ended"):
        load_game(path, scenario)


# -- the scenario and the save disagree -----------------------------------------------


def test_a_save_for_another_scenario(saved, tmp_path):
    other_path = tmp_path / "other.toml"
    other_path.write_text(SCENARIO.replace('id = "save-test"', 'id = "other"'))
    with pytest.raises(SaveError) as caught:
        load_game(saved, load_scenario(other_path))
    assert "this save is for scenario `save-test`, not `other`" in caught.value.message


def test_a_changed_effect_in_the_scenario_names_the_turn(saved, scenario_path):
    check = unchanged(saved)
    text = scenario_path.read_text()
    scenario_path.write_text(text.replace("effects = { trust = 3, alliance = -1 }",
                                          "effects = { trust = 4, alliance = -1 }"))
    changed = reload(scenario_path)
    with pytest.raises(SaveError) as caught:
        load_game(saved, changed)
    message = caught.value.message
    assert "diverges at turn 2" in message  # the envoy was first sent on turn 2
    assert "scenario file changed" in message
    assert check()


def test_a_removed_choice_in_the_scenario(saved, scenario_path):
    text = scenario_path.read_text()
    start = text.index("[[events.reply.choices]]")
    end = text.index("[[events.reply.choices]]", start + 1)
    scenario_path.write_text(text[:start] + text[end:])  # `accept` is gone
    with pytest.raises(SaveError, match="diverges at turn 2.*`accept`.*scenario file changed"):
        load_game(saved, reload(scenario_path))


def test_a_changed_text_in_the_scenario_loads_with_a_warning(saved, scenario, scenario_path):
    expected = load_game(saved, scenario).state
    scenario_path.write_text(scenario_path.read_text().replace('label = "Send an envoy"',
                                                               'label = "Send a special envoy"'))
    changed = reload(scenario_path)
    assert changed.sha256 != scenario.sha256
    loaded = load_game(saved, changed)
    assert loaded.warnings == ["the scenario file changed since this game was saved"]
    same_game(loaded.state, expected)


# -- names, folders, listing ------------------------------------------------------------


@pytest.mark.parametrize("name", ["../x", "a/b", "", "   ", "..", ".hidden", "a\\b", "/etc/passwd",
                                  "bad\x1b[2Jname", "tab\tname", "x" * 65, "con", "what?", "c:game"])
def test_save_path_rejects_names_that_escape_or_confuse(folder, name):
    with pytest.raises(SaveError) as caught:
        save_path(folder, name)
    assert "try " in caught.value.message


def test_save_path_suggestions_are_themselves_accepted(folder):
    for name in ["../x", "a/b", "..", ".hidden", "x" * 80, "bad\x1bname", "con", ".toml"]:
        with pytest.raises(SaveError) as caught:
            save_path(folder, name)
        suggestion = caught.value.message.rsplit("try ", 1)[1].strip("'\"")
        assert save_path(folder, suggestion).parent == folder


@pytest.mark.parametrize(("name", "file"), [
    ("my game", "my game.toml"),
    ("my game.toml", "my game.toml"),
    ("Spring 2015 (v2)", "Spring 2015 (v2).toml"),
    ("台風", "台風.toml"),
    ("x" * 64, "x" * 64 + ".toml"),
])
def test_save_path_accepts_plain_names(folder, name, file):
    path = save_path(folder, name)
    assert path == folder / file
    assert path.parent == folder


def test_autosave_path(folder):
    assert autosave_path(folder, "crossroads-2015") == folder / "autosave-crossroads-2015.toml"


def test_list_saves_newest_first_and_skips_what_it_cannot_read(scenario, folder, monkeypatch):
    hours = iter(range(24))
    monkeypatch.setattr(saves, "_now",
                        lambda: datetime.datetime(2025, 3, 1, next(hours), tzinfo=datetime.UTC))
    write_save(folder / "old.toml", new_game(scenario, 1), player="A")
    write_save(folder / "newest.toml", new_game(scenario, 3), player="C")  # written at 01:00 ...
    write_save(folder / "middle.toml", new_game(scenario, 2), player="B")  # ... this at 02:00
    write_save(folder / "newest.toml", play_turns(new_game(scenario, 3), 1), player="C")  # 03:00
    (folder / "empty.toml").write_text("")
    (folder / "binary.toml").write_bytes(bytes(range(256)))
    (folder / "foreign.toml").write_text("[tool]\nx = 1\n")
    (folder / "notes.txt").write_text("not a save")
    (folder / "dir.toml").mkdir()

    listed = list_saves(folder)

    assert [s.path.name for s in listed] == ["newest.toml", "middle.toml", "old.toml"]
    assert all(isinstance(s, SaveFile) for s in listed)
    assert listed[0].updated == datetime.datetime(2025, 3, 1, 3, tzinfo=datetime.UTC)
    assert listed[0].summary.turn == 2


def test_list_saves_of_a_missing_folder(tmp_path):
    assert list_saves(tmp_path / "nowhere") == []


# -- save, load, go on: the same game ---------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**63 - 1), steps=st.integers(min_value=0, max_value=40))
def test_save_load_and_go_on_is_the_same_game(scenario, tmp_path, seed, steps):
    uninterrupted = []
    state = new_game(scenario, seed)
    while pending(state) is not None:
        state = step(state, random_policy(state, pending(state)))
        uninterrupted.append(state)
    final = state

    state = uninterrupted[steps - 1] if 0 < steps <= len(uninterrupted) else (
        new_game(scenario, seed) if steps == 0 else final)
    path = tmp_path / f"prop-{seed}-{steps}.toml"
    write_save(path, state, player="hypothesis")
    resumed = load_game(path, scenario).state
    same_game(resumed, state)
    while pending(resumed) is not None:
        resumed = step(resumed, random_policy(resumed, pending(resumed)))
    same_game(resumed, final)


def test_a_save_never_overwrites_a_file_that_is_not_a_save(scenario, folder):
    precious = folder / "notes.toml"
    folder.mkdir(parents=True, exist_ok=True)
    precious.write_text("my = 'notes'\n")
    with pytest.raises(SaveError, match="not a Crossroads save"):
        write_save(precious, new_game(scenario, SEED), player="Aki")
    assert precious.read_text() == "my = 'notes'\n"


def test_a_save_replaces_an_earlier_save(scenario, folder):
    path = folder / "game.toml"
    write_save(path, new_game(scenario, SEED), player="Aki")
    later = play_turns(new_game(scenario, SEED), 2)
    write_save(path, later, player="Aki")
    assert read_save(path).summary.turn == later.turn
