"""`crossroads schema`: the committed JSON Schema is current, is draft 4 (what
Taplo reads), describes every key, accepts every shipped scenario and rejects
wrong types, unknown keys and bad enums, both in Python (jsonschema) and in the
real Taplo CLI, which is what an editor with Even Better TOML shows."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import jsonschema
import pytest

from game import paths
from game.cli import main
from game.tools.schema_export import SCHEMA_FILE_NAME, scenario_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "scenarios" / SCHEMA_FILE_NAME
TAPLO = ROOT / "tools" / "taplo" / "node_modules" / ".bin" / "taplo"
SCHEMA_LINE = "#:schema ./crossroads.schema.json"

SHIPPED = paths.shipped_scenario_files()

MINIMAL = """\
#:schema ./crossroads.schema.json
format = 1

[scenario]
id = "mini"
title = "Mini"
summary = "A minimal scenario."
start = 2015-05-01
turns = 3

[meters.trust]
label = "Trust"
start = 50

[events.talk]
title = "Talk"
text = "Talk?"

[[events.talk.choices]]
id = "yes"
label = "Yes"
effects = { trust = 5 }

[endings.done]
title = "Done"
kind = "draw"
fallback = true
text = "Over."
"""

# What a wrong file looks like, and the words the schema's complaint contains.
BROKEN = {
    "wrong_type": (MINIMAL.replace("turns = 3", 'turns = "three"'), "is not of type"),
    "unknown_key": (MINIMAL.replace('text = "Talk?"', 'text = "Talk?"\npriorty = 2'), "priorty"),
    "bad_enum": (MINIMAL.replace('kind = "draw"', 'kind = "tie"'), "tie"),
    "bad_id": (MINIMAL.replace("[meters.trust]", "[meters.Trust]"), "Trust"),
    "float_effect": (MINIMAL.replace("trust = 5 }", "trust = 1.5 }"), "1.5"),
    "missing_key": (MINIMAL.replace("turns = 3\n", ""), "turns"),
    "huge_effect": (MINIMAL.replace("trust = 5 }", "trust = 2_000_000_000_000_000 }"), "2000000000000000"),
}


def _as_json(value):
    """TOML values as Taplo hands them to the schema: dates become ISO strings."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def python_errors(text: str) -> list[str]:
    validator = jsonschema.Draft4Validator(scenario_schema())
    return [error.message for error in validator.iter_errors(_as_json(tomllib.loads(text)))]


# -- the schema itself -----------------------------------------------------------------------------


def test_the_committed_schema_is_current():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "scenarios/crossroads.schema.json is stale: run `crossroads schema > scenarios/crossroads.schema.json`")


def test_the_schema_ships_in_the_wheel_beside_the_scenarios():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "*.json" in package_data["game.scenarios"]  # the scenarios' `#:schema ./…` line finds it when installed


def test_the_schema_command_prints_it(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == scenario_schema()


def test_the_schema_is_valid_draft_4_without_newer_keywords():
    schema = scenario_schema()
    jsonschema.Draft4Validator.check_schema(schema)
    text = json.dumps(schema)
    for newer in ('"$defs"', '"prefixItems"', '"const"', '"propertyNames"', '"type": "null"'):
        assert newer not in text
    for node in _nodes(schema):
        for bound in ("exclusiveMinimum", "exclusiveMaximum"):
            assert not isinstance(node.get(bound), (int, float)) or isinstance(node.get(bound), bool)
        if "$ref" in node:
            assert set(node) == {"$ref"}, "draft 4 ignores keys beside $ref"


def test_every_key_has_a_description():
    schema = scenario_schema()
    tables = [schema, *schema["definitions"].values()]
    missing = [(table.get("title"), key) for table in tables
               for key, value in table.get("properties", {}).items() if not value.get("description")]
    assert missing == []


def test_taplo_starts_a_new_table_with_its_required_keys_and_explains_enum_values():
    definitions = scenario_schema()["definitions"]
    assert definitions["Event"]["x-taplo"]["initKeys"] == ["title", "text", "choices"]
    kind = definitions["Ending"]["properties"]["kind"]
    assert dict(zip(kind["enum"], kind["x-taplo"]["docs"]["enumValues"]))["defeat"] == "The player has lost."


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


# -- in Python ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_starts_with_the_schema_line(path):
    assert path.read_text(encoding="utf-8").split("\n", 1)[0] == SCHEMA_LINE


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_schema_accepts_every_shipped_scenario(path):
    assert python_errors(path.read_text(encoding="utf-8")) == []


def test_the_schema_accepts_a_minimal_scenario():
    assert python_errors(MINIMAL) == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_schema_rejects_mistakes(case):
    text, words = BROKEN[case]
    errors = python_errors(text)
    assert errors and any(words in error for error in errors), errors


# -- in Taplo, as an editor shows it -------------------------------------------------------------

needs_taplo = pytest.mark.skipif(
    not TAPLO.exists(), reason="the Taplo CLI is not installed: run `npm ci --prefix tools/taplo` (needs Node)")


def taplo_check(*files: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(TAPLO), "check", *map(str, files)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@needs_taplo
def test_taplo_accepts_every_shipped_scenario_with_its_schema_line(tmp_path):
    # run from elsewhere: `#:schema ./…` is resolved beside the scenario file, as in an editor
    result = taplo_check(*SHIPPED, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_taplo
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_taplo_rejects_mistakes_where_they_are(tmp_path, case):
    shutil.copy(COMMITTED, tmp_path / SCHEMA_FILE_NAME)
    text, words = BROKEN[case]
    broken = tmp_path / f"{case}.toml"
    broken.write_text(text, encoding="utf-8")
    result = taplo_check(broken, cwd=tmp_path)
    assert result.returncode == 1
    assert words in result.stdout + result.stderr


@needs_taplo
def test_taplo_accepts_the_minimal_scenario_and_points_at_the_line_of_a_mistake(tmp_path):
    shutil.copy(COMMITTED, tmp_path / SCHEMA_FILE_NAME)
    good = tmp_path / "good.toml"
    good.write_text(MINIMAL, encoding="utf-8")
    assert taplo_check(good, cwd=tmp_path).returncode == 0
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN["bad_enum"][0], encoding="utf-8")
    output = taplo_check(bad, cwd=tmp_path).stderr
    line = MINIMAL.split("\n").index('kind = "draw"') + 1
    assert f"bad.toml:{line}:" in output
    assert '"tie" is not one of ["victory","draw","defeat"]' in output


@needs_taplo
def test_taplo_without_the_schema_beside_the_file_reports_it_missing(tmp_path):
    lonely = tmp_path / "lonely.toml"
    lonely.write_text(BROKEN["bad_enum"][0], encoding="utf-8")
    result = taplo_check(lonely, cwd=tmp_path)
    assert result.returncode == 1  # docs/editor.md says to write the schema beside one's own scenario
    assert "failed to load schema" in result.stderr


# docs/scenario-format.md states the bounds an author meets; they are the schema's
FORMAT_DOC = ROOT / "docs" / "scenario-format.md"


@pytest.mark.parametrize("key", ["turns", "months_per_turn", "events_per_turn", "actions_per_turn"])
def test_the_reference_states_the_bounds_of_the_scenario_keys(key):
    import re

    bounds = scenario_schema()["definitions"]["Header"]["properties"][key]
    row = next(line for line in FORMAT_DOC.read_text(encoding="utf-8").splitlines()
               if line.startswith(f"| `{key}` | integer"))
    low, high = re.search(r"integer, (\d+)–(\d+)", row).groups()
    assert (int(low), int(high)) == (bounds["minimum"], bounds["maximum"]), row
