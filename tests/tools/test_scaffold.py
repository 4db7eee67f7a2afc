"""`crossroads new NAME`: the scenario it writes validates, lints clean, is
accepted by the schema (and Taplo), reaches each of its endings and meets its
balance targets; it never overwrites a file; a bad name gets a suggestion."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from game.cli import main
from game.engine import load_scenario, new_game
from game.engine.policies import POLICIES, play
from game.tools.lint import lint_file
from game.tools.schema_export import SCHEMA_FILE_NAME, schema_text

TAPLO = Path(__file__).resolve().parents[2] / "tools" / "taplo" / "node_modules" / ".bin" / "taplo"


@pytest.fixture
def written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "suez-1956"]) == 0
    out = capsys.readouterr().out
    assert "Wrote suez-1956.toml" in out
    assert f"Wrote {SCHEMA_FILE_NAME} beside it" in out
    return tmp_path / "suez-1956.toml"


def test_the_scaffold_validates_with_the_name_as_its_id(written):
    scenario = load_scenario(written)
    assert scenario.id == "suez-1956"
    assert scenario.title == "Suez 1956"
    assert written.read_text().startswith("#:schema ./crossroads.schema.json\n")


def test_the_scaffold_uses_the_newer_keys(written):
    scenario = load_scenario(written)
    assert any(m.warn_below is not None for m in scenario.meters.values())
    assert any(c.locked for e in scenario.events.values() for c in e.choices)
    assert scenario.glossary and scenario.what_happened and scenario.balance


def test_the_scaffold_lints_clean(written):
    assert lint_file(written) == []


def test_the_scaffold_reaches_each_of_its_endings(written):
    scenario = load_scenario(written)
    reached = set()
    for seed in range(300):
        state = new_game(scenario, seed)
        for state in play(state, POLICIES["random"], []):
            pass
        reached.add(state.ending)
    assert reached == set(scenario.endings)


def test_the_scaffold_meets_its_balance_targets(written, capsys):
    assert main(["simulate", str(written), "--check"]) == 0, capsys.readouterr().out


def test_the_schema_beside_the_scaffold_is_the_current_one(written):
    assert (written.parent / SCHEMA_FILE_NAME).read_text(encoding="utf-8") == schema_text()


@pytest.mark.skipif(not TAPLO.exists(), reason="the Taplo CLI is not installed: run `npm ci --prefix tools/taplo`")
def test_taplo_accepts_the_scaffold(written):
    result = subprocess.run([str(TAPLO), "check", str(written)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_new_never_overwrites_a_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "mine.toml"
    mine.write_text("my work")
    assert main(["new", "mine"]) == 2
    assert mine.read_text() == "my work"
    err = capsys.readouterr().err
    assert "mine.toml already exists and was left as it is" in err
    assert "Traceback" not in err


def test_new_leaves_an_existing_schema_alone_and_accepts_a_toml_suffix(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / SCHEMA_FILE_NAME).write_text("{}")
    (tmp_path / "sub").mkdir()
    assert main(["new", "sub/crisis_1962.toml"]) == 0
    assert (tmp_path / SCHEMA_FILE_NAME).read_text() == "{}"
    assert load_scenario(tmp_path / "sub" / "crisis_1962.toml").id == "crisis_1962"
    assert (tmp_path / "sub" / SCHEMA_FILE_NAME).exists()


def test_a_name_that_is_not_an_id_gets_a_suggestion(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Suez 1956"]) == 2
    assert "try `crossroads new suez-1956`" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# -- docs/authoring.md walks through the scaffold: its outputs are what the commands print

AUTHORING = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
# The slips that docs/authoring.md §2 shows, one a line, in the order of its first block.
SLIPS = [
    ("start = 2015-05-01", "start = 1956-13-01"),
    ("start = 2015-05-01", 'start = "1956-07-01"'),
    ("start = 2015-05-01", "start = 01/07/1956"),
    ('when = "alliance < 30"', "when = alliance < 30"),
    ("effects = { trust = 15, alliance = -12 }", "effects = { trust = 15,\n  alliance = -12 }"),
    ("[meters.alliance]", "[meters.trust]"),
    ('[[events.washington_asks.choices]]\nid = "explain"', '[events.washington_asks.choices]\nid = "explain"'),
    ('schedule = [{ event = "washington_asks", in = 1 }]', 'schedule = ["washington_asks"]'),
    ('when = "alliance < 30"', 'when = "alliance => 30"'),
    ("effects = { trust = 12, alliance = -8 }", "effects = { trsut = 12, alliance = -8 }"),
]
LINT_SLIPS = [
    ('envoy_sent = "An envoy went to Moscow."\n',
     'envoy_sent = "An envoy went to Moscow."\nsummit_held = "A summit was held."\n'),
    ('when = "final and trust >= 60 and alliance >= 45"', 'when = "turn == 6"'),
]


def _blocks() -> list[tuple[str, str]]:
    """Each `crossroads …` command of the walk-through with the output block after it."""
    import re

    text = AUTHORING.read_text(encoding="utf-8")
    return re.findall(r"```sh\n(crossroads [^\n]+)\n```\n\n(?:(?:(?!```).)*?\n\n)?```\n(.*?)```", text, re.DOTALL)


def _matches(expected: str, printed: str) -> bool:
    """Line by line; a line `…` (indented or not) stands for any lines."""
    import fnmatch

    pattern = "\n".join("*" if line.strip() == "…" else line.replace("[", "[[]") for line in expected.splitlines())
    return fnmatch.fnmatchcase(printed.strip("\n"), pattern.strip("\n"))


def _edited(path: Path, slips: list[tuple[str, str]]) -> Path:
    text = path.read_text(encoding="utf-8")
    for old, new in slips:
        assert old in text, old
        text = text.replace(old, new, 1)
    edited = path.with_name("edited.toml")
    edited.write_text(text, encoding="utf-8")
    return edited


def test_the_walk_through_shows_what_each_command_prints(written, capsys):
    blocks = dict(_blocks())
    assert {"crossroads validate suez-1956.toml", "crossroads lint suez-1956.toml",
            "crossroads simulate suez-1956.toml --check"} <= set(blocks)
    for command, expected in blocks.items():
        if command.startswith("crossroads new"):
            continue  # the fixture has written it; its words are checked below
        args = command.split()[1:]
        if args[0] == "lint":
            args[1] = _edited(written, LINT_SLIPS).name
        main(args)
        printed = capsys.readouterr().out.replace("edited.toml", "suez-1956.toml")
        assert _matches(expected, printed), f"{command}\n--- docs/authoring.md:\n{expected}\n--- printed:\n{printed}"


def test_the_walk_through_shows_what_crossroads_new_prints(tmp_path, monkeypatch, capsys):
    expected = dict(_blocks())["crossroads new suez-1956"]
    monkeypatch.chdir(tmp_path)
    assert main(["new", "suez-1956"]) == 0
    assert capsys.readouterr().out == expected


def test_the_walk_through_shows_the_message_of_each_slip(written, capsys):
    text = AUTHORING.read_text(encoding="utf-8")
    start = text.index("one slip each in `suez-1956.toml`")
    shown = [line for block in text[start:].split("```")[1:4:2] for line in block.strip().splitlines()]
    assert len(shown) == len(SLIPS)
    for slip, line in zip(SLIPS, shown):
        main(["validate", _edited(written, [slip]).name])
        printed = capsys.readouterr().out.splitlines()[0].replace("edited.toml", "suez-1956.toml")
        assert printed == line


# -- docs/scenario-format.md: its example file and the commands shown for it

FORMAT_DOC = AUTHORING.with_name("scenario-format.md")


def _first_steps(tmp_path: Path) -> Path:
    import re

    text = FORMAT_DOC.read_text(encoding="utf-8")
    [example] = re.findall(r"```toml\n(format = 1\n.*?)```", text, re.DOTALL)
    path = tmp_path / "first-steps.toml"
    path.write_text(example, encoding="utf-8")
    return path


def test_every_command_shown_for_the_example_runs(tmp_path, monkeypatch, capsys):
    import re
    import shlex

    monkeypatch.chdir(_first_steps(tmp_path).parent)
    text = FORMAT_DOC.read_text(encoding="utf-8")
    commands = [line for line in re.findall(r"^crossroads [^\n]*first-steps\.toml[^\n]*$", text, re.MULTILINE)]
    assert len(commands) >= 8
    for command in commands:
        args = [re.sub(r"^\d{4,}$", "20", arg) for arg in shlex.split(command)[1:]]  # fewer games, same options
        assert main(args) == 0, f"{command}\n{capsys.readouterr()}"
        capsys.readouterr()


def test_the_balance_check_shown_is_what_it_prints(tmp_path, monkeypatch, capsys):
    import re

    path = _first_steps(tmp_path)
    text = FORMAT_DOC.read_text(encoding="utf-8")
    start = text.index("With these two targets at the end of `first-steps.toml`")
    targets, shown = re.findall(r"```(?:toml)?\n(.*?)```", text[start:], re.DOTALL)[:2]
    path.write_text(path.read_text(encoding="utf-8") + "\n" + targets, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["simulate", "first-steps.toml", "--check"]) == 1
    assert "$ crossroads simulate first-steps.toml --check\n" + capsys.readouterr().out == shown
