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
